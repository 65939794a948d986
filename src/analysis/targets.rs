//! Targets: questions such as `ia_backlog <= 10 on 2012-03-14` or
//! `agency_staffing 2012-13 spend <= budget`, answered as a probability across runs with
//! its Monte Carlo standard error `sqrt(p (1 - p) / runs)`.

use super::{Outcome, map_runs};
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

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TargetResult {
    pub target: String,
    pub probability: f64,
    pub standard_error: f64,
    pub runs: u64,
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
pub fn parse(scenario: &Scenario, text: &str) -> Result<Target, String> {
    let t: Vec<&str> = text.split_whitespace().collect();
    let bad = || {
        format!(
            "target {text:?}: write METRIC OP VALUE on DATE (ia_backlog <= 10 on 2012-03-14) or LINE YEAR spend OP budget|VALUE (agency_staffing 2012-13 spend <= budget)"
        )
    };
    match t.as_slice() {
        [metric, o, value, "on", date] => {
            let op = op(o).ok_or_else(bad)?;
            let value: f64 =
                value.parse().map_err(|_| format!("target {text:?}: {value:?} is not a number"))?;
            if !value.is_finite() {
                return Err(format!("target {text:?}: {value} is not a finite number"));
            }
            let date: NaiveDate =
                date.parse().map_err(|_| format!("target {text:?}: {date:?} is not a date (YYYY-MM-DD)"))?;
            let outcome =
                Outcome::metric(scenario, metric, date).map_err(|e| format!("target {text:?}: {e}"))?;
            Ok(Target { text: text.to_string(), outcome, op, threshold: Threshold::Value(value) })
        }
        [line, fy, "spend", o, value] => {
            let op = op(o).ok_or_else(bad)?;
            let outcome = Outcome::spend(scenario, line, fy).map_err(|e| format!("target {text:?}: {e}"))?;
            let threshold = if *value == "budget" {
                let b = outcome.budget(scenario).ok_or_else(|| {
                    format!("target {text:?}: the scenario gives no budget for {line} in {fy}")
                })?;
                Threshold::Budget(b.to_f64())
            } else {
                let v: f64 = value
                    .parse()
                    .map_err(|_| format!("target {text:?}: {value:?} is not a number or \"budget\""))?;
                Threshold::Value(v)
            };
            Ok(Target { text: text.to_string(), outcome, op, threshold })
        }
        _ => Err(bad()),
    }
}

/// The probability of each target across `runs` runs.
pub fn evaluate(
    scenario: &Scenario,
    targets: &[Target],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> Result<Vec<TargetResult>, String> {
    if runs == 0 || runs > crate::limits::MAX_RUNS {
        return Err(format!("runs: {runs} is not allowed; use 1 to {}", crate::limits::MAX_RUNS));
    }
    let engine = Engine::new(scenario);
    let nw = engine.n_weeks();
    let per_run = map_runs(runs, threads, |r, ws, rec| -> Result<Vec<bool>, String> {
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
    Ok(targets
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let p = per_run.iter().filter(|r| r[k]).count() as f64 / n;
            TargetResult {
                target: t.text.clone(),
                probability: p,
                standard_error: (p * (1.0 - p) / n).sqrt(),
                runs,
            }
        })
        .collect())
}
