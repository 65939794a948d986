//! The question as data: the `[optimise]` block (decision variables by parameter path,
//! chance constraints on metrics over a period, an objective over financial years), read
//! from TOML or JSON and checked against a scenario into a [`Plan`] the search can run.
//! Every problem is reported with its field (`optimise.variables[0].step`) and value.

use crate::analysis::with_value;
use crate::error::{AnalysisError, Problem, Problems};
use crate::metrics::{self, Kind, LINES, METRICS};
use crate::money::Money;
use crate::scenario::{Op, Scenario};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most candidate plans one search may consider (the product of the variables' values).
pub const MAX_CANDIDATES: usize = 10_000;
/// Runs per candidate in the first round, by default.
pub const DEFAULT_FIRST_RUNS: u64 = 50;
/// Runs per candidate at the end (the precision of the answer), by default.
pub const DEFAULT_RUNS: u64 = 800;

/// A file holding only the block: `[optimise] ...`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    pub optimise: OptimiseSpec,
}

/// The `[optimise]` block as written.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OptimiseSpec {
    /// Runs per candidate at the end: the precision every reported figure has.
    #[serde(default)]
    pub runs: Option<u64>,
    /// Runs per candidate in the first round; doubled each round up to `runs`.
    #[serde(default)]
    pub first_runs: Option<u64>,
    /// One-sided confidence at which a candidate is dropped as infeasible or dominated.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Trace the cost-service frontier (costs extra runs on its points).
    #[serde(default = "yes")]
    pub frontier: bool,
    #[serde(default)]
    pub variables: Vec<Variable>,
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    pub objective: Objective,
}

fn default_confidence() -> f64 {
    0.95
}
fn yes() -> bool {
    true
}

/// A decision variable: a parameter path and the values it may take, as a range
/// (`min`, `max`, `step`) or a list (`values`: numbers, dates, money as text).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub path: String,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub step: Option<f64>,
    #[serde(default)]
    pub values: Option<Vec<serde_json::Value>>,
}

/// How a constraint reads a metric over its weeks.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// The comparison holds in every week of the period (a week where a rate is absent,
    /// having no completions, is skipped; an absent ratio, no workers, fails).
    EveryWeek,
    /// The comparison holds for the mean over the period (on-time rates weighted by
    /// completions, so it is the share of the period's completions on time).
    Mean,
    /// The comparison holds for the sum over the period (flows and spend).
    Total,
}

/// A chance constraint: `metric op value` over a period, with at least `probability`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    #[serde(default)]
    pub name: Option<String>,
    pub metric: String,
    pub op: String,
    pub value: f64,
    pub aggregate: Aggregate,
    /// First date of the period (its week counts), default the first week.
    #[serde(default)]
    pub from: Option<String>,
    /// Last date of the period, default the last week.
    #[serde(default)]
    pub to: Option<String>,
    /// A financial year as the period (`2012-13`), instead of from/to.
    #[serde(default)]
    pub over: Option<String>,
    pub probability: f64,
}

/// What to minimise.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Minimise {
    /// Expected spend over the years and lines.
    ExpectedSpend,
    /// The chance that spend over the years and lines exceeds their budget.
    OverspendProbability,
    /// Expected spend plus `overspend_weight` pounds times the chance of overspend.
    Weighted,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub minimise: Minimise,
    /// Financial years whose spend counts (`["2012-13", "2013-14"]`).
    pub years: Vec<String>,
    /// Budget lines whose spend counts; default all (`total`).
    #[serde(default)]
    pub lines: Vec<String>,
    /// Pounds per unit of overspend probability (`weighted` only), as text: `"1000000"`.
    #[serde(default)]
    pub overspend_weight: Option<Money>,
}

/// One variable, checked: its path and values.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanVariable {
    pub path: String,
    pub values: Vec<serde_json::Value>,
}

/// One constraint, checked: what to read in each run.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanConstraint {
    pub text: String,
    pub metric: usize,
    pub op: Op,
    pub value: f64,
    pub aggregate: Aggregate,
    pub weeks: std::ops::Range<usize>,
    pub probability: f64,
}

/// The objective, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanObjective {
    pub text: String,
    pub minimise: Minimise,
    /// Financial-year indices.
    pub years: Vec<usize>,
    /// Budget-line indices; `LINES.len()` is the all-lines total.
    pub lines: Vec<usize>,
    pub overspend_weight: f64,
}

/// The question, checked against a scenario.
#[derive(Clone, Debug)]
pub struct Plan {
    pub runs: u64,
    pub first_runs: u64,
    pub confidence: f64,
    pub frontier: bool,
    pub variables: Vec<PlanVariable>,
    pub constraints: Vec<PlanConstraint>,
    pub objective: PlanObjective,
}

impl OptimiseSpec {
    /// Read a spec file: a TOML (or, if it starts with `{`, JSON) document whose
    /// `optimise` table is the block; a scenario file with an `[optimise]` table reads too.
    pub fn from_text(text: &str) -> Result<OptimiseSpec, AnalysisError> {
        let value: serde_json::Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| spec_error("", e.to_string()))?
        } else {
            let t: toml::Table = toml::from_str(text).map_err(|e| spec_error("", e.to_string()))?;
            serde_json::to_value(t).map_err(|e| spec_error("", e.to_string()))?
        };
        let block =
            value.get("optimise").cloned().ok_or_else(|| spec_error("optimise", "no [optimise] table"))?;
        serde_path_to_error::deserialize(block)
            .map_err(|e| spec_error(&format!("optimise.{}", e.path()), e.inner().to_string()))
    }
}

fn spec_error(path: &str, message: impl Into<String>) -> AnalysisError {
    AnalysisError::Spec(vec![Problem::new(path, message)])
}

/// Split a scenario file's text into the scenario (without its `[optimise]` table) and
/// the block, if it has one (TOML only).
pub fn split_scenario_text(text: &str) -> Result<(String, Option<OptimiseSpec>), AnalysisError> {
    let Ok(mut table) = toml::from_str::<toml::Table>(text) else {
        return Ok((text.to_string(), None));
    };
    if !table.contains_key("optimise") {
        return Ok((text.to_string(), None));
    }
    let spec = OptimiseSpec::from_text(text)?;
    table.remove("optimise");
    let rest = toml::to_string(&table).map_err(|e| spec_error("", e.to_string()))?;
    Ok((rest, Some(spec)))
}

fn op(s: &str) -> Option<Op> {
    Some(match s {
        "<=" => Op::Le,
        "<" => Op::Lt,
        ">=" => Op::Ge,
        ">" => Op::Gt,
        _ => return None,
    })
}

/// A number as JSON: an integer if it is whole (counts such as an establishment are).
pub(crate) fn number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Value::from(x)
    }
}

impl OptimiseSpec {
    /// Check the block against `scenario`: every field, with its path and value.
    pub fn plan(&self, scenario: &Scenario) -> Result<Plan, AnalysisError> {
        let mut p = Problems::new();
        let runs = self.runs.unwrap_or(DEFAULT_RUNS);
        if let Err(e) = crate::limits::runs(runs, 2) {
            p.push("optimise.runs", e.to_string());
        }
        let first_runs = self.first_runs.unwrap_or(DEFAULT_FIRST_RUNS.min(runs));
        if first_runs < 2 || first_runs > runs {
            p.push("optimise.first_runs", format!("{first_runs} is not allowed; use 2 to runs ({runs})"));
        }
        if !(self.confidence > 0.5 && self.confidence < 1.0) {
            p.push(
                "optimise.confidence",
                format!("{} is not a confidence; use above 0.5 and below 1", self.confidence),
            );
        }
        let variables = self.check_variables(scenario, &mut p);
        let constraints = self.check_constraints(scenario, &mut p);
        let objective = self.check_objective(scenario, &mut p);
        if !p.is_empty() {
            return Err(AnalysisError::Spec(p.into_vec()));
        }
        Ok(Plan {
            runs,
            first_runs,
            confidence: self.confidence,
            frontier: self.frontier,
            variables,
            constraints,
            objective: objective.expect("checked"),
        })
    }

    fn check_variables(&self, scenario: &Scenario, p: &mut Problems) -> Vec<PlanVariable> {
        if self.variables.is_empty() {
            p.push(
                "optimise.variables",
                "name at least one decision variable (path and min/max/step or values)",
            );
        }
        let mut out = Vec::new();
        let mut count: usize = 1;
        for (i, v) in self.variables.iter().enumerate() {
            let at = format!("optimise.variables[{i}]");
            if self.variables[..i].iter().any(|w| w.path == v.path) {
                p.push(format!("{at}.path"), format!("{:?} is already a variable", v.path));
                continue;
            }
            let values: Vec<serde_json::Value> = match (&v.values, v.min, v.max, v.step) {
                (Some(list), None, None, None) => {
                    if list.is_empty() {
                        p.push(format!("{at}.values"), "an empty list; give at least one value");
                        continue;
                    }
                    list.clone()
                }
                (None, Some(min), Some(max), step) => {
                    let step = step.unwrap_or(1.0);
                    if !(min.is_finite() && max.is_finite()) || min > max {
                        p.push(format!("{at}.max"), format!("{max} is below min {min}"));
                        continue;
                    }
                    if !(step.is_finite() && step > 0.0) {
                        p.push(format!("{at}.step"), format!("{step} is not a positive step"));
                        continue;
                    }
                    let n = ((max - min) / step + 1e-9).floor() + 1.0;
                    if n > MAX_CANDIDATES as f64 {
                        p.push(
                            format!("{at}.step"),
                            format!("{step} gives {n} values; at most {MAX_CANDIDATES}"),
                        );
                        continue;
                    }
                    (0..n as usize).map(|k| number(min + step * k as f64)).collect()
                }
                _ => {
                    p.push(at.clone(), "give either min, max (and step, default 1) or values, not both");
                    continue;
                }
            };
            // Each value on its own must give a valid scenario; the message names it.
            let mut ok = true;
            for (k, value) in values.iter().enumerate() {
                if let Err(e) = with_value(scenario.input(), &v.path, value.clone()) {
                    let field =
                        if v.values.is_some() { format!("{at}.values[{k}]") } else { format!("{at}.path") };
                    p.push(field, format!("{} = {value}: {e}", v.path));
                    ok = false;
                    break;
                }
            }
            count = count.saturating_mul(values.len());
            if ok {
                out.push(PlanVariable { path: v.path.clone(), values });
            }
        }
        if count > MAX_CANDIDATES {
            p.push(
                "optimise.variables",
                format!("{count} candidate plans is too many; at most {MAX_CANDIDATES}"),
            );
        }
        out
    }

    fn check_constraints(&self, scenario: &Scenario, p: &mut Problems) -> Vec<PlanConstraint> {
        let cal = scenario.calendar();
        let nw = cal.n_weeks();
        let mut out = Vec::new();
        for (i, c) in self.constraints.iter().enumerate() {
            let at = format!("optimise.constraints[{i}]");
            let before = p.len();
            let metric = metrics::index_of(&c.metric);
            if metric.is_none() {
                p.push(
                    format!("{at}.metric"),
                    format!(
                        "{:?} is not a weekly metric; use one of {}",
                        c.metric,
                        metrics::NAMES.join(", ")
                    ),
                );
            }
            let o = op(&c.op);
            if o.is_none() {
                p.push(format!("{at}.op"), format!("{:?} is not a comparison; use <=, <, >= or >", c.op));
            }
            if !c.value.is_finite() {
                p.push(format!("{at}.value"), format!("{} is not a finite number", c.value));
            }
            if !(c.probability > 0.0 && c.probability < 1.0) {
                p.push(
                    format!("{at}.probability"),
                    format!("{} is not a probability above 0 and below 1", c.probability),
                );
            }
            if let (Some(m), Aggregate::Total) = (metric, c.aggregate)
                && !matches!(METRICS[m].kind, Kind::Flow | Kind::Money)
            {
                p.push(
                    format!("{at}.aggregate"),
                    format!(
                        "total of {} (a {}) means nothing; use every_week or mean",
                        c.metric,
                        METRICS[m].kind.name()
                    ),
                );
            }
            let weeks = match (&c.over, &c.from, &c.to) {
                (Some(fy), None, None) => {
                    let years = cal.financial_years();
                    match years.iter().find(|f| &f.label == fy) {
                        Some(f) if f.n_days > 0 => {
                            let days = f.days();
                            Some(cal.week_of(days.start)..cal.week_of(days.end - 1) + 1)
                        }
                        _ => {
                            let known: Vec<&str> = years.iter().map(|f| f.label.as_str()).collect();
                            p.push(
                                format!("{at}.over"),
                                format!(
                                    "{fy:?} is not a simulated financial year; use one of {}",
                                    known.join(", ")
                                ),
                            );
                            None
                        }
                    }
                }
                (None, from, to) => {
                    let week = |field: &str, d: &Option<String>, default: usize, p: &mut Problems| match d {
                        None => Some(default),
                        Some(text) => match text.parse::<NaiveDate>() {
                            Err(_) => {
                                p.push(
                                    format!("{at}.{field}"),
                                    format!("{text:?} is not a date (YYYY-MM-DD)"),
                                );
                                None
                            }
                            Ok(date) => cal.week_containing(date).or_else(|| {
                                p.push(
                                    format!("{at}.{field}"),
                                    format!(
                                        "{date} is outside the simulated weeks ({} to {})",
                                        cal.first_date().map(|d| d.to_string()).unwrap_or_default(),
                                        cal.last_date().map(|d| d.to_string()).unwrap_or_default()
                                    ),
                                );
                                None
                            }),
                        },
                    };
                    let a = week("from", from, 0, p);
                    let b = week("to", to, nw.saturating_sub(1), p);
                    match (a, b) {
                        (Some(a), Some(b)) if a <= b => Some(a..b + 1),
                        (Some(_), Some(_)) => {
                            p.push(
                                format!("{at}.to"),
                                format!("{} is before from", to.as_deref().unwrap_or("")),
                            );
                            None
                        }
                        _ => None,
                    }
                }
                _ => {
                    p.push(
                        format!("{at}.over"),
                        "give either over (a financial year) or from/to dates, not both",
                    );
                    None
                }
            };
            if p.len() > before {
                continue;
            }
            let (metric, o, weeks) = (metric.expect("checked"), o.expect("checked"), weeks.expect("checked"));
            let period = match &c.over {
                Some(fy) => format!("over {fy}"),
                None => {
                    format!("from {} to {}", cal.week_friday(weeks.start), cal.week_friday(weeks.end - 1))
                }
            };
            let how = match c.aggregate {
                Aggregate::EveryWeek => "in every week",
                Aggregate::Mean => "on average",
                Aggregate::Total => "in total",
            };
            let text = c.name.clone().unwrap_or_else(|| {
                format!("{} {} {} {how} {period}, P >= {}", c.metric, c.op, c.value, c.probability)
            });
            out.push(PlanConstraint {
                text,
                metric,
                op: o,
                value: c.value,
                aggregate: c.aggregate,
                weeks,
                probability: c.probability,
            });
        }
        out
    }

    fn check_objective(&self, scenario: &Scenario, p: &mut Problems) -> Option<PlanObjective> {
        let o = &self.objective;
        let before = p.len();
        let years = scenario.calendar().financial_years();
        if o.years.is_empty() {
            p.push("optimise.objective.years", "name at least one financial year (2012-13)");
        }
        let mut fys = Vec::new();
        for (k, y) in o.years.iter().enumerate() {
            match years.iter().position(|f| &f.label == y) {
                Some(i) => fys.push(i),
                None => {
                    let known: Vec<&str> = years.iter().map(|f| f.label.as_str()).collect();
                    p.push(
                        format!("optimise.objective.years[{k}]"),
                        format!("{y:?} is not a simulated financial year; use one of {}", known.join(", ")),
                    );
                }
            }
        }
        let mut lines = Vec::new();
        for (k, l) in o.lines.iter().enumerate() {
            if l == metrics::TOTAL.name {
                lines.push(LINES.len());
            } else if let Some(i) = metrics::line_index(l) {
                lines.push(i);
            } else {
                p.push(
                    format!("optimise.objective.lines[{k}]"),
                    format!("{l:?} is not a budget line; use one of {} or total", LINES.join(", ")),
                );
            }
        }
        if lines.is_empty() {
            lines.push(LINES.len());
        }
        let weight = match (o.minimise, o.overspend_weight) {
            (Minimise::Weighted, Some(w)) if !w.is_negative() => w.to_f64(),
            (Minimise::Weighted, w) => {
                p.push(
                    "optimise.objective.overspend_weight",
                    format!(
                        "{} is not a weight; give pounds per unit of probability, 0 or more (\"1000000\")",
                        w.map(|w| w.to_string()).unwrap_or_else(|| "nothing".into())
                    ),
                );
                0.0
            }
            (_, Some(w)) => {
                p.push(
                    "optimise.objective.overspend_weight",
                    format!("{w} is only for minimise = \"weighted\""),
                );
                0.0
            }
            (_, None) => 0.0,
        };
        if p.len() > before {
            return None;
        }
        let what = match o.minimise {
            Minimise::ExpectedSpend => "expected spend".to_string(),
            Minimise::OverspendProbability => "chance of overspending the budget".to_string(),
            Minimise::Weighted => format!(
                "expected spend + {} x chance of overspend",
                Money::from_f64(weight).map(|m| m.format_gbp()).unwrap_or_default()
            ),
        };
        let line_names: Vec<&str> =
            lines.iter().map(|&l| if l == LINES.len() { "all lines" } else { LINES[l] }).collect();
        let text = format!("minimise {what} ({}, {})", line_names.join(" + "), o.years.join(" + "));
        Some(PlanObjective { text, minimise: o.minimise, years: fys, lines, overspend_weight: weight })
    }
}
