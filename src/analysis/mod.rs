//! Decision analysis on top of the Monte Carlo: paired comparison of scenarios
//! ([`compare`]), sensitivity ([`sensitivity`]), targets answered as probabilities
//! ([`targets`]) and calibration to observed figures ([`calibrate`]).
//!
//! All of them work run by run: run `i` of every scenario uses the same random streams
//! (per part of the model, and per parameter keyed by its path), so differences between
//! scenarios are paired (common random numbers) and far less noisy than differences
//! between independent Monte Carlos.

pub mod calibrate;
pub mod compare;
pub mod sensitivity;
pub mod targets;

use crate::error::ScenarioError;
use crate::money::Money;
use crate::scenario::{LINES, Scenario, ScenarioInput};
use crate::sim::metrics;
use crate::sim::run::{RunRecord, Workspace};
use chrono::NaiveDate;

/// A per-run quantity to analyse.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A weekly metric in one week.
    Metric { metric: usize, week: usize, label: String },
    /// Spend of a budget line (or the total, `line == LINES.len()`) in a financial year.
    Spend { fy: usize, line: usize, label: String },
}

impl Outcome {
    /// A weekly metric in the week containing `date`.
    pub fn metric(scenario: &Scenario, name: &str, date: NaiveDate) -> Result<Outcome, String> {
        let metric = metrics::index_of(name).ok_or_else(|| format!("{name:?} is not a weekly metric"))?;
        let week = scenario
            .calendar()
            .week_containing(date)
            .ok_or_else(|| format!("{date} is outside the simulated weeks"))?;
        Ok(Outcome::Metric { metric, week, label: format!("{name} on {date}") })
    }

    /// Spend of a line ("agency_staffing", or "total") in a financial year ("2012-13").
    pub fn spend(scenario: &Scenario, line: &str, fy: &str) -> Result<Outcome, String> {
        let li = if line == "total" {
            LINES.len()
        } else {
            LINES.iter().position(|l| *l == line).ok_or_else(|| {
                format!("{line:?} is not a budget line; use one of {} or total", LINES.join(", "))
            })?
        };
        let fi = scenario
            .calendar()
            .financial_years()
            .iter()
            .position(|f| f.label == fy)
            .ok_or_else(|| format!("{fy:?} is not a simulated financial year"))?;
        Ok(Outcome::Spend { fy: fi, line: li, label: format!("{line} spend {fy}") })
    }

    pub fn label(&self) -> &str {
        match self {
            Outcome::Metric { label, .. } | Outcome::Spend { label, .. } => label,
        }
    }

    /// The outcome's value in a run (money in pounds; NaN where undefined).
    pub fn read(&self, rec: &RunRecord, n_weeks: usize) -> f64 {
        match *self {
            Outcome::Metric { metric, week, .. } => rec.weekly[metric * n_weeks + week],
            Outcome::Spend { fy, line, .. } => money_f64(rec.budget[fy * (LINES.len() + 1) + line]),
        }
    }

    /// The budget this outcome is compared with, if it is a spend with a budget.
    pub fn budget(&self, scenario: &Scenario) -> Option<Money> {
        match *self {
            Outcome::Spend { fy, line, .. } if line < LINES.len() => scenario.spec().budgets[line][fy],
            Outcome::Spend { fy, .. } => {
                let given: Vec<Money> = scenario.spec().budgets.iter().filter_map(|l| l[fy]).collect();
                (!given.is_empty()).then(|| given.into_iter().sum())
            }
            Outcome::Metric { .. } => None,
        }
    }
}

fn money_f64(m: Money) -> f64 {
    m.to_f64()
}

/// Run `f` on runs `0..runs` in parallel (natively), each with its own engine workspace,
/// returning the results in run order (so they do not depend on the thread count).
pub(crate) fn map_runs<T: Send>(
    runs: u64,
    threads: Option<usize>,
    f: impl Fn(u64, &mut Workspace, &mut RunRecord) -> T + Sync + Send,
) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let work = || {
            (0..runs)
                .into_par_iter()
                .map_init(|| (Workspace::default(), RunRecord::default()), |(ws, rec), r| f(r, ws, rec))
                .collect()
        };
        let t = crate::sim::montecarlo::effective_threads(threads);
        if t == 1 {
            let (mut ws, mut rec) = (Workspace::default(), RunRecord::default());
            return (0..runs).map(|r| f(r, &mut ws, &mut rec)).collect();
        }
        match crate::sim::montecarlo::pool(t) {
            Some(p) => p.install(work),
            None => work(),
        }
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = threads;
        let (mut ws, mut rec) = (Workspace::default(), RunRecord::default());
        (0..runs).map(|r| f(r, &mut ws, &mut rec)).collect()
    }
}

/// Set the value at a parameter path (`workforce.turnover`, `pods[0].social_workers`) of a
/// scenario input to `value` (any JSON value: a number, a distribution object, a string),
/// returning the changed scenario, validated.
pub fn with_value(input: &ScenarioInput, path: &str, value: serde_json::Value) -> Result<Scenario, String> {
    let mut json = serde_json::to_value(input).map_err(|e| e.to_string())?;
    let mut node = &mut json;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (name, index) = match part.find('[') {
            Some(b) => {
                let idx: usize = part[b + 1..part.len().saturating_sub(1)]
                    .parse()
                    .map_err(|_| format!("{path}: {part:?} is not a field or list element"))?;
                (&part[..b], Some(idx))
            }
            None => (*part, None),
        };
        let last = i + 1 == parts.len() && index.is_none();
        let obj = node.as_object_mut().ok_or_else(|| format!("{path}: {name:?} is not inside a table"))?;
        if last {
            obj.insert(name.to_string(), value);
            let input: ScenarioInput = serde_json::from_value(json).map_err(|e| format!("{path}: {e}"))?;
            return Scenario::from_input(input).map_err(|e: ScenarioError| e.to_string());
        }
        let child =
            obj.entry(name.to_string()).or_insert_with(|| serde_json::Value::Object(Default::default()));
        node = match index {
            Some(k) => {
                let arr = child.as_array_mut().ok_or_else(|| format!("{path}: {name:?} is not a list"))?;
                let len = arr.len();
                let elem =
                    arr.get_mut(k).ok_or_else(|| format!("{path}: {name} has {len} entries, no [{k}]"))?;
                if i + 1 == parts.len() {
                    *elem = value;
                    let input: ScenarioInput =
                        serde_json::from_value(json).map_err(|e| format!("{path}: {e}"))?;
                    return Scenario::from_input(input).map_err(|e: ScenarioError| e.to_string());
                }
                elem
            }
            None => child,
        };
    }
    Err(format!("{path}: empty path"))
}

/// Percentiles (type 7) and mean of values, ignoring NaN; `None` if none is defined.
pub fn describe(values: &[f64]) -> Option<Stats> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let q = |p| crate::sim::summary::quantile_sorted(&v, p).unwrap_or(f64::NAN);
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let sd = if v.len() > 1 {
        (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some(Stats { mean, sd, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), n: v.len() })
}

/// Mean, standard deviation and percentiles of a sample.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub n: usize,
}

/// Spearman rank correlation (ties get their mean rank).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let rx = ranks(x);
    let ry = ranks(y);
    pearson(&rx, &ry)
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = mean_rank;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 { f64::NAN } else { sxy / (sxx * syy).sqrt() }
}
