//! The simulation: one working day's step and one run ([`run`]), many runs in parallel
//! ([`montecarlo`]), and their summary into percentiles and probabilities ([`summary`]).

pub mod montecarlo;
pub mod run;
pub mod summary;

pub use montecarlo::{Options, simulate};
pub use run::{Engine, RunRecord, Workspace};
pub use summary::Summary;
