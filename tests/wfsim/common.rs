//! Shared helpers: minimal scenarios built from TOML strings, running the engine directly,
//! and a few statistics.
//!
//! A scenario is written as a TOML *override* of [`QUIET`]: a small, fully specified
//! scenario in which nothing happens unless a test switches it on (no referrals, no
//! turnover, no recruitment, no agency, no bank holidays, no initial cases). Overrides are
//! merged table by table, so `"[workforce]\nturnover = 0.3"` changes one value and keeps
//! the rest; arrays (such as `[[pods]]`) replace the base's arrays wholesale.

#![allow(dead_code)]

use wfsim::error::ScenarioError;
use wfsim::scenario::Scenario;
use wfsim::sim::{Engine, RunRecord, Workspace};

/// A quiet scenario: 10 experienced permanent workers on a Monday start, nothing moving.
pub const QUIET: &str = r#"
name = "quiet"
start = "2021-01-04"          # a Monday
weeks = 52
bank_holidays = "none"

[monte_carlo]
runs = 10
seed = 1

[workforce]
establishment = 10
turnover = 0.0

[agency]
enabled = false

[recruitment]
enabled = false

[demand]
referrals_per_week = 0
to_initial_assessment = 1.0

[costs]
salary_experienced = "30000"
salary_newly_qualified = "25000"
employer_ni = 0.1
employer_pension = 0.2
agency_day_rate = "300"

[[initial.permanent]]
grade = "experienced"
count = 10
tenure_weeks = 104
"#;

/// Deep-merges `over` into `base`: tables merge key by key, anything else is replaced.
pub fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The TOML text of [`QUIET`] with `overrides` merged in.
pub fn toml_with(overrides: &str) -> String {
    toml_over(QUIET, overrides)
}

/// The TOML text of `base` with `overrides` merged in.
pub fn toml_over(base: &str, overrides: &str) -> String {
    let mut b: toml::Table = toml::from_str(base).expect("base TOML parses");
    let o: toml::Table = toml::from_str(overrides).expect("override TOML parses");
    merge(&mut b, o);
    toml::to_string(&b).expect("TOML serialises")
}

/// Validates a TOML text, panicking with every problem listed if it is not valid.
pub fn valid(text: &str) -> Scenario {
    match Scenario::from_toml(text) {
        Ok(s) => s,
        Err(e) => panic!("scenario should be valid, but:\n{e}\n--- text ---\n{text}"),
    }
}

/// [`QUIET`] with `overrides`, validated.
pub fn scenario(overrides: &str) -> Scenario {
    valid(&toml_with(overrides))
}

/// The validation problems of a TOML text as `(path, message)` pairs; panics if the text
/// is valid or does not parse.
pub fn problems(text: &str) -> Vec<(String, String)> {
    match Scenario::from_toml(text) {
        Ok(_) => panic!("scenario should be invalid:\n{text}"),
        Err(ScenarioError::Invalid(list)) => list.into_iter().map(|p| (p.path, p.message)).collect(),
        Err(e) => panic!("expected validation problems, got another error: {e}"),
    }
}

/// The built-in preset.
pub fn preset() -> Scenario {
    wfsim::scenario::presets::load("peterborough-2012").expect("the preset is valid")
}

/// Runs `runs` runs of the engine (runs 0..runs of a Monte Carlo seeded with `seed`) and
/// calls `f` with each run's record. With `check`, every run must pass the engine's
/// conservation check.
pub fn each_run(s: &Scenario, seed: u64, runs: u64, check: bool, mut f: impl FnMut(u64, &RunRecord)) {
    let engine = Engine::new(s);
    let mut ws = Workspace::default();
    let mut rec = RunRecord::default();
    for run in 0..runs {
        if let Err(e) = engine.run(seed, run, &mut ws, &mut rec, check) {
            panic!("scenario {:?}, seed {seed}: {e}", s.name());
        }
        f(run, &rec);
    }
}

/// Number of weeks the engine reports for a scenario.
pub fn n_weeks(s: &Scenario) -> usize {
    Engine::new(s).n_weeks()
}

/// One metric's weekly values in a run record.
pub fn series(rec: &RunRecord, metric: usize, n_weeks: usize) -> &[f64] {
    &rec.weekly[metric * n_weeks..(metric + 1) * n_weeks]
}

/// Sample mean.
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Unbiased sample variance.
pub fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// Asserts `|observed - expected| <= tol`, naming what was measured.
#[track_caller]
pub fn assert_close(what: &str, observed: f64, expected: f64, tol: f64) {
    // Shown with `--nocapture`, to see how close each statistical check came.
    eprintln!("{what}: observed {observed:.5}, expected {expected:.5}, tolerance {tol:.5}");
    assert!(
        (observed - expected).abs() <= tol,
        "{what}: observed {observed}, expected {expected} +/- {tol} (off by {})",
        (observed - expected).abs()
    );
}

/// A fresh directory for one test's files under Cargo's per-target temporary directory.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wfsim-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}
