//! The decision-analysis commands: compare, sensitivity, calibrate, and targets for `run`.

use clap::Args;
use std::path::{Path, PathBuf};
use wfsim::analysis::{self, Outcome, calibrate, compare, sensitivity, targets};
use wfsim::scenario::{Scenario, presets};

/// A scenario file, or the name of a built-in preset.
pub fn load_any(spec: &str) -> Result<Scenario, String> {
    let path = Path::new(spec);
    if path.exists() {
        return super::read_scenario(path);
    }
    if presets::PRESETS.iter().any(|p| p.0 == spec) {
        return presets::load(spec).map_err(|e| e.to_string());
    }
    Err(format!("{spec}: no such file, and no preset of that name (presets: {})", preset_names()))
}

fn preset_names() -> String {
    presets::PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
}

/// Apply `PATH=VALUE` settings (VALUE is JSON: a number, a string, a distribution object).
fn apply_sets(base: &Scenario, sets: &[String]) -> Result<Scenario, String> {
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
    analysis::with_value(s.input(), "name", serde_json::Value::String(name)).map_err(|e| e.to_string())
}

fn write_json(target: &str, json: &str) -> Result<(), String> {
    if target == "-" {
        println!("{json}");
        Ok(())
    } else {
        super::write_file(Path::new(target), json)
    }
}

#[derive(Args)]
pub struct CompareArgs {
    /// The base scenario: a file or a preset name.
    base: String,
    /// Variant scenarios (files or preset names).
    variants: Vec<String>,
    /// A variant made from the base by setting PATH=VALUE (repeat to set several in one variant),
    /// for example --set 'pods[0].social_workers=0'.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    /// Runs (default: the base's monte_carlo.runs).
    #[arg(long)]
    runs: Option<u64>,
    /// Seed (default: the base's monte_carlo.seed).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (results do not depend on it).
    #[arg(long)]
    threads: Option<usize>,
    /// Write the comparison as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
}

pub fn compare_cmd(a: CompareArgs) -> Result<(), String> {
    let base = load_any(&a.base)?;
    let mut variants: Vec<Scenario> = a.variants.iter().map(|v| load_any(v)).collect::<Result<_, _>>()?;
    if !a.sets.is_empty() {
        variants.push(apply_sets(&base, &a.sets)?);
    }
    if variants.is_empty() {
        return Err("compare: give at least one variant (a file, a preset, or --set PATH=VALUE)".into());
    }
    let refs: Vec<&Scenario> = variants.iter().collect();
    let c = compare::compare(
        &base,
        &refs,
        a.runs.unwrap_or(base.default_runs()),
        a.seed.unwrap_or(base.default_seed()),
        a.threads,
    )
    .map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&c).map_err(|e| e.to_string())?;
    match &a.json {
        Some(t) if t == "-" => println!("{json}"),
        Some(t) => {
            write_json(t, &json)?;
            print!("{}", compare::text(&c));
        }
        None => print!("{}", compare::text(&c)),
    }
    Ok(())
}

#[derive(Args)]
pub struct SensitivityArgs {
    /// Scenario file or preset name.
    scenario: String,
    /// The outcome: a weekly metric, spend (all lines) or spend_<line>.
    #[arg(long)]
    metric: String,
    /// A date (YYYY-MM-DD): the metric in the week containing it; or a financial year
    /// (2012-13): a spend metric's total over that year.
    #[arg(long, value_name = "DATE|FY", conflicts_with = "financial_year")]
    at: Option<String>,
    /// The same as --at.
    #[arg(long, value_name = "FY")]
    financial_year: Option<String>,
    /// With --metric spend: the budget line (default: all lines, "total").
    #[arg(long)]
    line: Option<String>,
    /// Paired runs per setting (default 200).
    #[arg(long, default_value_t = 200)]
    runs: u64,
    /// Seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    #[arg(long)]
    threads: Option<usize>,
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

pub fn sensitivity_cmd(a: SensitivityArgs) -> Result<(), String> {
    let s = load_any(&a.scenario)?;
    let when = a.at.as_deref().or(a.financial_year.as_deref()).ok_or("give --at DATE or FY")?;
    let outcome = Outcome::parse(&s, &a.metric, when, a.line.as_deref()).map_err(|e| e.to_string())?;
    let r = sensitivity::sensitivity(&s, &outcome, a.runs, a.seed.unwrap_or(s.default_seed()), a.threads)
        .map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
    if let Some(path) = &a.svg {
        let svg = wfsim::report::tornado::tornado_svg(&r, a.top).map_err(|e| e.to_string())?;
        super::write_file(path, &svg)?;
    }
    match &a.json {
        Some(t) if t == "-" => println!("{json}"),
        Some(t) => {
            write_json(t, &json)?;
            print!("{}", sensitivity::text(&r, a.top));
        }
        None => print!("{}", sensitivity::text(&r, a.top)),
    }
    Ok(())
}

#[derive(Args)]
pub struct CalibrateArgs {
    /// Scenario file or preset name.
    scenario: String,
    /// Observations: a CSV with the columns date,metric,value.
    #[arg(long, value_name = "FILE.csv")]
    observed: PathBuf,
    /// Parameters to fit, by path, comma-separated (for example
    /// assessment.core.transfer_delay_days,casework.hours_per_open_case_week).
    #[arg(long, value_name = "PATH[,PATH...]", value_delimiter = ',')]
    fit: Vec<String>,
    /// Simulated draws from the priors (default 2000).
    #[arg(long, default_value_t = 2000)]
    draws: u64,
    /// Share of draws accepted, the closest (default 0.05).
    #[arg(long, default_value_t = 0.05)]
    accept: f64,
    /// Seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    #[arg(long)]
    threads: Option<usize>,
    /// Write the calibrated scenario (TOML) to PATH.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Write the calibration as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
}

pub fn calibrate_cmd(a: CalibrateArgs) -> Result<(), String> {
    let s = load_any(&a.scenario)?;
    let text = std::fs::read_to_string(&a.observed).map_err(|e| format!("{}: {e}", a.observed.display()))?;
    let obs = calibrate::read_observations(&text).map_err(|e| format!("{}: {e}", a.observed.display()))?;
    let c = calibrate::calibrate(
        &s,
        &obs,
        &a.fit,
        a.draws,
        a.accept,
        a.seed.unwrap_or(s.default_seed()),
        a.threads,
        None,
    )
    .map_err(|e| e.to_string())?;
    if let Some(path) = &a.out {
        super::write_file(path, &c.calibrated_toml)?;
    }
    let json = serde_json::to_string_pretty(&c).map_err(|e| e.to_string())?;
    match &a.json {
        Some(t) if t == "-" => println!("{json}"),
        Some(t) => {
            write_json(t, &json)?;
            print!("{}", calibrate::text(&c));
        }
        None => print!("{}", calibrate::text(&c)),
    }
    Ok(())
}

/// Evaluate `run --target` questions on the same runs and seed, as summary events.
pub fn targets_as_events(
    s: &Scenario,
    texts: &[String],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> Result<Vec<wfsim::sim::summary::EventResult>, String> {
    let parsed: Vec<targets::Target> =
        texts.iter().map(|t| targets::parse(s, t)).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let results = targets::evaluate(s, &parsed, runs, seed, threads).map_err(|e| e.to_string())?;
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
