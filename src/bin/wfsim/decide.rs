//! The decision-analysis commands: compare, sensitivity, calibrate, and targets for `run`.

use crate::args::{Common, load_any};
use crate::{CliResult, write_file};
use clap::Args;
use std::path::{Path, PathBuf};
use wfsim::analysis::{self, Outcome, calibrate, compare, sensitivity, targets};
use wfsim::scenario::Scenario;

/// Apply `PATH=VALUE` settings (VALUE is JSON: a number, a string, a distribution object).
fn apply_sets(base: &Scenario, sets: &[String]) -> CliResult<Scenario> {
    let mut s = base.clone();
    for set in sets {
        let (path, value) = set.split_once('=').ok_or_else(|| {
            format!("--set {set:?}: write PATH=VALUE, for example pods[0].social_workers=0")
        })?;
        let value: serde_json::Value = serde_json::from_str(value.trim())
            .unwrap_or_else(|_| serde_json::Value::String(value.trim().to_string()));
        s = analysis::with_value(s.input(), path.trim(), value).map_err(|e| format!("--set {set:?}: {e}"))?;
    }
    let name = format!("{} with {}", base.name(), sets.join(", "));
    Ok(analysis::with_value(s.input(), "name", serde_json::Value::String(name))?)
}

/// Writes `json` to `target` ("-": standard output), and the readable `text` to standard
/// output unless the JSON went there or `quiet`.
pub fn output(
    json_target: Option<&str>,
    json: impl FnOnce() -> CliResult<String>,
    text: &str,
    quiet: bool,
) -> CliResult {
    match json_target {
        Some("-") => println!("{}", json()?),
        Some(path) => write_file(Path::new(path), &json()?)?,
        None => {}
    }
    if !quiet && json_target != Some("-") {
        print!("{text}");
    }
    Ok(())
}

#[derive(Args)]
pub struct CompareArgs {
    /// The base (first positional) and the run settings.
    #[command(flatten)]
    common: Common,
    /// Variant scenarios (files or preset names).
    variants: Vec<String>,
    /// A variant made from the base by setting PATH=VALUE (repeat to set several in one variant),
    /// for example --set 'pods[0].social_workers=0'.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    /// Write the comparison as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
}

pub fn compare_cmd(a: CompareArgs) -> CliResult {
    let base = a.common.load()?.scenario;
    let mut variants: Vec<Scenario> =
        a.variants.iter().map(|v| load_any(v).map(|l| l.scenario)).collect::<Result<_, _>>()?;
    if !a.sets.is_empty() {
        variants.push(apply_sets(&base, &a.sets)?);
    }
    if variants.is_empty() {
        return Err("compare: give at least one variant (a file, a preset, or --set PATH=VALUE)".into());
    }
    let refs: Vec<&Scenario> = variants.iter().collect();
    let runs = a.common.runs_or(base.default_runs());
    let c = compare::compare(&base, &refs, runs, a.common.seed_for(&base), a.common.threads()?)?;
    output(a.json.as_deref(), || Ok(serde_json::to_string_pretty(&c)?), &compare::text(&c), a.common.quiet)
}

#[derive(Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    common: Common,
    /// The outcome: a weekly metric, spend (all lines) or spend_<line>.
    #[arg(long)]
    metric: String,
    /// A date (YYYY-MM-DD): the metric in the week containing it; or a financial year
    /// (2012-13): a spend metric's total over that year.
    #[arg(long, visible_alias = "financial-year", value_name = "DATE|FY")]
    at: String,
    /// With --metric spend: the budget line (default: all lines, "total").
    #[arg(long)]
    line: Option<String>,
    /// Rows of the tornado to print and draw.
    #[arg(long, default_value_t = 15)]
    top: usize,
    /// Write the analysis as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
    /// Write the tornado chart as SVG to PATH.
    #[arg(long, value_name = "PATH")]
    svg: Option<PathBuf>,
}

/// Paired runs per setting by default: the tornado reruns them twice per parameter.
const SENSITIVITY_RUNS: u64 = 200;

pub fn sensitivity_cmd(a: SensitivityArgs) -> CliResult {
    let s = a.common.load()?.scenario;
    let outcome = Outcome::parse(&s, &a.metric, &a.at, a.line.as_deref())?;
    let runs = a.common.runs_or(SENSITIVITY_RUNS);
    let r = sensitivity::sensitivity(&s, &outcome, runs, a.common.seed_for(&s), a.common.threads()?)?;
    if let Some(path) = &a.svg {
        write_file(path, &wfsim::report::tornado::tornado_svg(&r, a.top)?)?;
    }
    output(
        a.json.as_deref(),
        || Ok(serde_json::to_string_pretty(&r)?),
        &sensitivity::text(&r, a.top),
        a.common.quiet,
    )
}

#[derive(Args)]
pub struct CalibrateArgs {
    /// The scenario and the run settings (--runs: draws from the priors, default 2000).
    #[command(flatten)]
    common: Common,
    /// Observations: a CSV with the columns date,metric,value.
    #[arg(long, value_name = "FILE.csv")]
    observed: PathBuf,
    /// Parameters to fit, by path, comma-separated (for example
    /// assessment.core.transfer_delay_days,casework.hours_per_open_case_week).
    #[arg(long, value_name = "PATH[,PATH...]", value_delimiter = ',')]
    fit: Vec<String>,
    /// The former name of --runs here.
    #[arg(long, hide = true, conflicts_with = "runs")]
    draws: Option<u64>,
    /// Share of draws accepted, the closest (default 0.05).
    #[arg(long, default_value_t = 0.05)]
    accept: f64,
    /// Write the calibrated scenario (TOML) to PATH.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Write the calibration as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
}

/// Draws from the priors by default.
const CALIBRATION_DRAWS: u64 = 2000;

pub fn calibrate_cmd(a: CalibrateArgs) -> CliResult {
    let s = a.common.load()?.scenario;
    let where_ = a.observed.display();
    let text = std::fs::read_to_string(&a.observed).map_err(|e| format!("{where_}: {e}"))?;
    let obs = calibrate::read_observations(&text).map_err(|e| format!("{where_}: {e}"))?;
    let draws = a.draws.unwrap_or(a.common.runs_or(CALIBRATION_DRAWS));
    let seed = a.common.seed_for(&s);
    let c = calibrate::calibrate(&s, &obs, &a.fit, draws, a.accept, seed, a.common.threads()?, None)?;
    if let Some(path) = &a.out {
        write_file(path, &c.calibrated_toml)?;
    }
    output(a.json.as_deref(), || Ok(serde_json::to_string_pretty(&c)?), &calibrate::text(&c), a.common.quiet)
}

/// Evaluate `run --target` questions on the same runs and seed, as summary events.
pub fn targets_as_events(
    s: &Scenario,
    texts: &[String],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> CliResult<Vec<wfsim::sim::summary::EventResult>> {
    let parsed: Vec<targets::Target> =
        texts.iter().map(|t| targets::parse(s, t)).collect::<Result<_, _>>()?;
    let results = targets::evaluate(s, &parsed, runs, seed, threads)?;
    Ok(results
        .targets
        .into_iter()
        .map(|r| wfsim::sim::summary::EventResult {
            label: r.target,
            probability: (r.probability * 1e4).round() / 1e4,
            standard_error: (r.standard_error * 1e4).round() / 1e4,
        })
        .collect())
}
