//! Targets: questions such as `ia_backlog <= 10 on 2012-03-14` or
//! `agency_staffing 2012-13 spend <= budget`, answered as a probability across runs with
//! its Monte Carlo standard error `sqrt(p (1 - p) / runs)`.

use super::{Outcome, Provenance, map_runs};
use crate::error::{AnalysisError, SimError};
use crate::limits;
use crate::scenario::{Op, Scenario};
use crate::sim::run::Engine;
use chrono::NaiveDate;
use serde::Serialize;

/// What a target compares with.
#[derive(Clone, Debug, PartialEq)]
pub enum Threshold {
    Value(f64),
    /// The outcome's budget (spend targets only).
    Budget(f64),
}

/// A parsed target.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub text: String,
    pub outcome: Outcome,
    pub op: Op,
    pub threshold: Threshold,
}

/// One target's answer.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TargetResult {
    pub target: String,
    pub probability: f64,
    pub standard_error: f64,
}

/// The targets' answers (`"schema": "wfsim.targets/1"`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Targets {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub targets: Vec<TargetResult>,
}

fn op(s: &str) -> Option<Op> {
    Some(match s {
        "<=" => Op::Le,
        "<" => Op::Lt,
        ">=" => Op::Ge,
        ">" => Op::Gt,
        "==" => Op::Eq,
        _ => return None,
    })
}

/// Parse `METRIC OP VALUE on DATE` or `LINE YEAR spend OP budget|VALUE` (line may be
/// `total`).
pub fn parse(scenario: &Scenario, text: &str) -> Result<Target, AnalysisError> {
    parse_parts(scenario, text)
        .map_err(|e| AnalysisError::Target { text: text.to_string(), source: Box::new(e) })
}

fn parse_parts(scenario: &Scenario, text: &str) -> Result<Target, AnalysisError> {
    let t: Vec<&str> = text.split_whitespace().collect();
    match t.as_slice() {
        [metric, o, value, "on", date] => {
            let op = op(o).ok_or(AnalysisError::TargetSyntax)?;
            let value: f64 = value.parse().map_err(|_| AnalysisError::NotANumber(value.to_string()))?;
            if !value.is_finite() {
                return Err(AnalysisError::NotFinite(value));
            }
            let date: NaiveDate = date.parse().map_err(|_| AnalysisError::NotADate(date.to_string()))?;
            let outcome = Outcome::metric(scenario, metric, date)?;
            Ok(Target { text: text.to_string(), outcome, op, threshold: Threshold::Value(value) })
        }
        [line, fy, "spend", o, value] => {
            let op = op(o).ok_or(AnalysisError::TargetSyntax)?;
            let outcome = Outcome::spend(scenario, line, fy)?;
            let threshold = if *value == "budget" {
                let b = outcome.budget(scenario).ok_or_else(|| AnalysisError::NoBudget {
                    line: line.to_string(),
                    year: fy.to_string(),
                })?;
                Threshold::Budget(b.to_f64())
            } else {
                let v: f64 = value.parse().map_err(|_| AnalysisError::NotAThreshold(value.to_string()))?;
                Threshold::Value(v)
            };
            Ok(Target { text: text.to_string(), outcome, op, threshold })
        }
        _ => Err(AnalysisError::TargetSyntax),
    }
}

/// The probability of each target across `runs` runs.
pub fn evaluate(
    scenario: &Scenario,
    targets: &[Target],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> Result<Targets, AnalysisError> {
    limits::runs(runs, limits::MIN_RUNS).map_err(AnalysisError::limit("runs"))?;
    limits::seed(seed).map_err(AnalysisError::limit("seed"))?;
    let engine = Engine::new(scenario);
    let nw = engine.n_weeks();
    let per_run = map_runs(runs, threads, |r, ws, rec| -> Result<Vec<bool>, SimError> {
        engine.run(seed, r, ws, rec, false)?;
        Ok(targets
            .iter()
            .map(|t| {
                let x = t.outcome.read(rec, nw);
                let v = match t.threshold {
                    Threshold::Value(v) | Threshold::Budget(v) => v,
                };
                x.is_finite() && t.op.holds(x, v)
            })
            .collect())
    });
    let per_run: Vec<Vec<bool>> = per_run.into_iter().collect::<Result<_, _>>()?;
    let n = runs as f64;
    let results = targets
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let p = per_run.iter().filter(|r| r[k]).count() as f64 / n;
            TargetResult {
                target: t.text.clone(),
                probability: p,
                standard_error: (p * (1.0 - p) / n).sqrt(),
            }
        })
        .collect();
    Ok(Targets { provenance: Provenance::new("wfsim.targets/1", scenario, runs, seed), targets: results })
}
