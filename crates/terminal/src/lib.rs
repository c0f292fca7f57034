//! The learner's simulated machine and terminal.
