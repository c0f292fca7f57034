//! AWS Lambda: functions whose code really runs (see [`runtime`]).

pub mod runtime;
