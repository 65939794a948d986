//! Decision analysis on top of the Monte Carlo: paired comparison of scenarios
//! ([`compare`]), sensitivity ([`sensitivity`]), targets answered as probabilities
//! ([`targets`]), calibration to observed figures ([`calibrate`]), the steady state each
//! stock's flows settle at ([`steady`]) and the cheapest plan meeting chance constraints
//! ([`optimise`]). Each JSON output
//! opens with the same [`Provenance`] header as the summary.
//!
//! All of them work run by run: run `i` of every scenario uses the same random streams
//! (per part of the model, and per parameter keyed by its path), so differences between
//! scenarios are paired (common random numbers) and far less noisy than differences
//! between independent Monte Carlos.

pub mod calibrate;
pub mod compare;
pub mod optimise;
pub mod provenance;
pub mod rows;
pub mod sensitivity;
pub mod steady;
pub mod targets;

pub use provenance::Provenance;

use crate::error::{AnalysisError, PathProblem, SimError};
use crate::metrics::{self, LINES};
use crate::money::Money;
use crate::scenario::{Scenario, ScenarioInput};
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
    /// The one reading of an outcome, shared by the CLI and the WebAssembly edge. `name` is
    /// a weekly metric ([`metrics::NAMES`], `spend` and `spend_<line>` included); `line`, if
    /// given, turns `spend` into `spend_<line>` (`total`: all lines). With `when` a date
    /// (`2012-03-14`) the outcome is the metric in the week containing it; with `when` a
    /// financial year (`2012-13`), a spend metric's total over that year.
    pub fn parse(
        scenario: &Scenario,
        name: &str,
        when: &str,
        line: Option<&str>,
    ) -> Result<Outcome, AnalysisError> {
        let name = match line {
            None => name.to_string(),
            Some(l) if name == "spend" => {
                if l == metrics::TOTAL.name {
                    name.to_string()
                } else {
                    format!("spend_{l}")
                }
            }
            Some(l) if name.strip_prefix("spend_") == Some(l) => name.to_string(),
            Some(l) => {
                return Err(AnalysisError::LineMismatch { metric: name.to_string(), line: l.to_string() });
            }
        };
        let index = metrics::index_of(&name).ok_or_else(|| match name.strip_prefix("spend_") {
            Some(l) if line.is_some() => AnalysisError::UnknownLine(l.to_string()),
            _ => AnalysisError::UnknownMetric(name.clone()),
        })?;
        if let Ok(date) = when.parse::<NaiveDate>() {
            return Outcome::metric(scenario, &name, date);
        }
        let year_like = when.len() == 7 && when.as_bytes()[4] == b'-';
        if !year_like {
            return Err(AnalysisError::NotWhen(when.to_string()));
        }
        match index {
            metrics::SPEND => Outcome::spend(scenario, metrics::TOTAL.name, when),
            i if i >= metrics::SPEND_LINE0 => Outcome::spend(scenario, LINES[i - metrics::SPEND_LINE0], when),
            _ => Err(AnalysisError::NotSpend(name)),
        }
    }

    /// A weekly metric in the week containing `date`.
    pub fn metric(scenario: &Scenario, name: &str, date: NaiveDate) -> Result<Outcome, AnalysisError> {
        let metric = metrics::index_of(name).ok_or_else(|| AnalysisError::UnknownMetric(name.to_string()))?;
        let cal = scenario.calendar();
        let week = cal.week_containing(date).ok_or_else(|| AnalysisError::DateOutside {
            date,
            first: cal.first_date().map(|d| d.to_string()).unwrap_or_default(),
            last: cal.last_date().map(|d| d.to_string()).unwrap_or_default(),
        })?;
        Ok(Outcome::Metric { metric, week, label: format!("{name} on {date}") })
    }

    /// Spend of a line ("agency_staffing", or "total") in a financial year ("2012-13").
    pub fn spend(scenario: &Scenario, line: &str, fy: &str) -> Result<Outcome, AnalysisError> {
        let li = if line == metrics::TOTAL.name {
            LINES.len()
        } else {
            metrics::line_index(line).ok_or_else(|| AnalysisError::UnknownLine(line.to_string()))?
        };
        let years = scenario.calendar().financial_years();
        let fi = years.iter().position(|f| f.label == fy).ok_or_else(|| AnalysisError::UnknownYear {
            year: fy.to_string(),
            known: years.iter().map(|f| f.label.as_str()).collect::<Vec<_>>().join(", "),
        })?;
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

/// Run `f` on runs `first..last` (as [`map_runs`], in run order), in chunks of `chunk` runs
/// when there is a `progress(done, last - first)` to tell between them; it cancels the work
/// when it returns false.
pub(crate) fn map_range<T: Send>(
    first: u64,
    last: u64,
    chunk: u64,
    threads: Option<usize>,
    progress: Option<&(dyn Fn(u64, u64) -> bool + Sync)>,
    f: impl Fn(u64, &mut Workspace, &mut RunRecord) -> Result<T, SimError> + Sync + Send,
) -> Result<Vec<T>, AnalysisError> {
    let total = last.saturating_sub(first);
    let chunk = if progress.is_some() { chunk.max(1) } else { total.max(1) };
    let mut out = Vec::with_capacity(total as usize);
    let mut done = 0u64;
    while done < total {
        let n = chunk.min(total - done);
        let from = first + done;
        for r in map_runs(n, threads, |k, ws, rec| f(from + k, ws, rec)) {
            out.push(r?);
        }
        done += n;
        if let Some(p) = progress
            && !p(done, total)
        {
            return Err(AnalysisError::Cancelled);
        }
    }
    Ok(out)
}

/// Set the value at a parameter path (`workforce.turnover`, `pods[0].social_workers`) of a
/// scenario input to `value` (any JSON value: a number, a distribution object, a string),
/// returning the changed scenario, validated.
pub fn with_value(
    input: &ScenarioInput,
    path: &str,
    value: serde_json::Value,
) -> Result<Scenario, AnalysisError> {
    let bad = |problem| AnalysisError::Path { path: path.to_string(), problem };
    let mut json = serde_json::to_value(input).map_err(|e| bad(PathProblem::Value(e.to_string())))?;
    let mut node = &mut json;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (name, index) = match part.find('[') {
            Some(b) => {
                let idx: usize = part[b + 1..part.len().saturating_sub(1)]
                    .parse()
                    .map_err(|_| bad(PathProblem::NotAField(part.to_string())))?;
                (&part[..b], Some(idx))
            }
            None => (*part, None),
        };
        let last = i + 1 == parts.len() && index.is_none();
        let obj = node.as_object_mut().ok_or_else(|| bad(PathProblem::NotInATable(name.to_string())))?;
        if last {
            obj.insert(name.to_string(), value);
            return validated(json, path);
        }
        let child =
            obj.entry(name.to_string()).or_insert_with(|| serde_json::Value::Object(Default::default()));
        node = match index {
            Some(k) => {
                let arr = child.as_array_mut().ok_or_else(|| bad(PathProblem::NotAList(name.to_string())))?;
                let len = arr.len();
                let elem = arr
                    .get_mut(k)
                    .ok_or_else(|| bad(PathProblem::NoEntry { name: name.to_string(), len, index: k }))?;
                if i + 1 == parts.len() {
                    *elem = value;
                    return validated(json, path);
                }
                elem
            }
            None => child,
        };
    }
    Err(bad(PathProblem::Empty))
}

/// The scenario of an input changed at `path`, read back and validated.
fn validated(json: serde_json::Value, path: &str) -> Result<Scenario, AnalysisError> {
    let input: ScenarioInput = serde_json::from_value(json).map_err(|e| AnalysisError::Path {
        path: path.to_string(),
        problem: PathProblem::Value(e.to_string()),
    })?;
    Ok(Scenario::from_input(input)?)
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
