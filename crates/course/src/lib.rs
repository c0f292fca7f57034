//! CloudLab chapters, checks and progress.
