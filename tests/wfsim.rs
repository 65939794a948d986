//! Integration tests of wfsim, in one binary, one module per behaviour.
//!
//! Statistical tests use a fixed seed and tolerances derived from theory (written next to
//! each assertion as `k * sd` with the standard deviation worked out), never tuned by trial.
//! Run them in release mode: `cargo test --release --test wfsim`.

#[path = "wfsim/common.rs"]
mod common;

#[path = "wfsim/validation.rs"]
mod validation;

#[path = "wfsim/determinism.rs"]
mod determinism;

#[path = "wfsim/conservation.rs"]
mod conservation;

#[path = "wfsim/money.rs"]
mod money;

#[path = "wfsim/closed_forms.rs"]
mod closed_forms;

#[path = "wfsim/steady.rs"]
mod steady;

#[path = "wfsim/placement_types.rs"]
mod placement_types;

#[path = "wfsim/properties.rs"]
mod properties;

#[path = "wfsim/limits.rs"]
mod limits;

#[path = "wfsim/cli.rs"]
mod cli;

#[path = "wfsim/backtest.rs"]
mod backtest;

#[path = "wfsim/analysis.rs"]
mod analysis;

#[path = "wfsim/agency.rs"]
mod agency;

#[path = "wfsim/generated.rs"]
mod generated;

#[path = "wfsim/fuzz_text.rs"]
mod fuzz_text;

#[path = "wfsim/outturn.rs"]
mod outturn;

#[path = "wfsim/council.rs"]
mod council;

#[path = "wfsim/layout.rs"]
mod layout;

#[path = "wfsim/optimise.rs"]
mod optimise;
