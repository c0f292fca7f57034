//! The simulated AWS account.
