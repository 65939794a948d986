//! The simulation: one working day's step and one run ([`run`]), many runs in parallel
//! ([`montecarlo`]), and their summary into percentiles and probabilities ([`summary`]).

pub mod montecarlo;
pub mod run;
pub mod summary;

pub use montecarlo::{Options, simulate};
pub use run::{Engine, RunRecord, Workspace};
pub use summary::Summary;

/// The metric table moved to [`crate::metrics`]; this path keeps the day loop and the
/// summary compiling unchanged while they move (they name the summary's value types
/// `Kind::{Count, Real}` and `kind(i)`). Remove once they import `crate::metrics`.
pub mod metrics {
    pub use crate::metrics::*;
    pub use crate::metrics::{Values as Kind, values as kind};
}
