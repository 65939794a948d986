//! # wfsim
//!
//! A workforce-planning and budget simulation engine for children's social care.
//!
//! The pipeline: a scenario (TOML or JSON, [`scenario`]) is validated into a
//! [`scenario::Scenario`]; the engine ([`sim`]) steps each working day of each run through
//! the model ([`model`]: workforce, recruitment, agency and pods, demand and early help,
//! assessments, casework, looked-after children, costs); the Monte Carlo driver runs many
//! independent runs (in parallel natively) and summarises them into percentiles and
//! probabilities; [`report`] writes CSV, JSON and readable tables.
//!
//! Simulated time ([`calendar`]) never touches the wall clock; randomness ([`rng`]) comes
//! from per-run streams derived from `(seed, run)`; money ([`money`]) is exact Decimal.
//! The weekly metrics and budget lines are declared once, in [`metrics`]; every limit on
//! input is in [`limits`]; decision analyses on top of the Monte Carlo are in [`analysis`].

pub mod analysis;
pub mod calendar;
pub mod council;
pub mod error;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod money;
pub mod param;
pub mod report;
pub mod rng;
pub mod sampling;
pub mod scenario;
pub mod sim;
pub mod special;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Problem, Result};

/// The engine version, as in Cargo.toml; part of every result's provenance.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
