//! Cumulative spend within each financial year, for the "spend against budget" charts.
//!
//! Percentiles of a cumulative sum cannot be derived from the percentiles of its terms (the
//! sum of weekly medians is not the median of the sums), and the summary keeps only weekly
//! percentiles. So the exact curves re-simulate the same runs (run `i` depends on
//! `(seed, i)` only, so they are the very runs the summary describes), cumulate each run's
//! weekly spend within each financial year and take percentiles across runs at each point.
//!
//! A week that straddles 1 April is split exactly: the curve of year `f` at the Friday of
//! week `w` is the run's spend from the start to that Friday minus its exact totals of the
//! earlier years, and the curve ends on the year's last simulated day at the run's exact
//! total for the year (the figure in the budget table).
//!
//! With actual spend to date (the scenario's `[actuals]`), the first year's curve starts at
//! the actuals on the first simulated day, so that it ends at the forecast outturn of the
//! budget table; without them a part year's curve starts at zero and is marked partial.
//!
//! Above [`EXACT_MAX_RUNS`] runs (memory grows with runs x weeks) the curves fall back to
//! [`CumulativeSpend::approximate`]: weekly medians cumulated, drawn and labelled as
//! approximate, with the exact year-end interval from the budget table beside them.

use crate::error::ReportError;
use crate::metrics::{self, LINES};
use crate::money::Money;
use crate::scenario::Scenario;
use crate::sim::summary::quantile_sorted;
use crate::sim::{Engine, RunRecord, Summary, Workspace};
use chrono::NaiveDate;

/// Most runs for which the exact curves are computed (about 110 values a run are kept).
pub const EXACT_MAX_RUNS: u64 = 50_000;

/// The curves of one financial year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearCurve {
    /// The label, such as `"2012-13"`.
    pub financial_year: String,
    /// The points' dates: the year's first simulated day (spend 0), each Friday in the year,
    /// and its last simulated day.
    pub dates: Vec<NaiveDate>,
    /// Percentiles across runs of the cumulative spend at each date, in pounds
    /// (`None` for the approximate curves, which have a median only).
    pub p5: Option<Vec<f64>>,
    pub p25: Option<Vec<f64>>,
    pub p50: Vec<f64>,
    pub p75: Option<Vec<f64>>,
    pub p95: Option<Vec<f64>>,
    /// The full-year total budget compared with spend, if any line has one.
    pub budget: Option<Money>,
    /// Actual spend to date on all lines (the curve's starting value) and the last day it
    /// covers, if the scenario gives actuals for this year.
    pub actuals: Option<(Money, NaiveDate)>,
    /// The exact year-end figures from the budget table: (p5, p50, p95) of total spend.
    pub year_end: (Money, Money, Money),
    /// Whether part of the year is neither simulated nor covered by actuals (the budget
    /// table's `partial`): the curve then leaves that part out.
    pub part_year: bool,
}

/// Cumulative spend curves for every financial year of the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct CumulativeSpend {
    /// True: percentiles of each run's cumulative spend. False: cumulated weekly medians.
    pub exact: bool,
    pub years: Vec<YearCurve>,
}

/// One financial year's points: dates, and for each date the weeks summed (0..=w) or a
/// year-end marker.
struct Plan {
    fy: usize,
    dates: Vec<NaiveDate>,
    /// `Some(w)`: cumulative spend to the end of week `w`; `None` with index 0: zero; `None`
    /// after that: the year's exact total.
    points: Vec<Point>,
}

#[derive(Clone, Copy)]
enum Point {
    Zero,
    ToWeek(usize),
    YearTotal,
}

fn plans(scenario: &Scenario) -> Vec<Plan> {
    let cal = scenario.calendar();
    let fridays = cal.week_fridays();
    let mut out = Vec::new();
    for (fi, fy) in cal.financial_years().iter().enumerate() {
        if fy.n_days == 0 {
            continue;
        }
        let first = cal.date(fy.first_day);
        let last = cal.date(fy.first_day + fy.n_days - 1);
        let mut dates = vec![first];
        let mut points = vec![Point::Zero];
        for (w, f) in fridays.iter().enumerate() {
            if *f >= first && *f <= last && *f > first {
                dates.push(*f);
                points.push(Point::ToWeek(w));
            }
        }
        if dates.last() == Some(&last) {
            // The year ends on a Friday: use the exact total there.
            if let Some(p) = points.last_mut() {
                *p = Point::YearTotal;
            }
        } else {
            dates.push(last);
            points.push(Point::YearTotal);
        }
        out.push(Plan { fy: fi, dates, points });
    }
    out
}

/// The actual spend to date the year's curve starts from (zero without actuals).
fn start_value(summary: &Summary, fy_label: &str) -> f64 {
    total_row(summary, fy_label).and_then(|r| r.actuals).map_or(0.0, |a| a.to_f64())
}

fn total_row<'a>(summary: &'a Summary, fy_label: &str) -> Option<&'a crate::sim::summary::BudgetRow> {
    summary.budget.iter().find(|r| r.financial_year == fy_label && r.line == "total")
}

fn check_matches(scenario: &Scenario, summary: &Summary) -> Result<(), ReportError> {
    if summary.scenario.hash != scenario.hash() {
        return Err(ReportError::Format(format!(
            "the summary is of scenario {} (hash {}), not of {} (hash {})",
            summary.scenario.name,
            summary.scenario.hash,
            scenario.name(),
            scenario.hash()
        )));
    }
    Ok(())
}

impl CumulativeSpend {
    /// Exact curves if `summary.runs <= EXACT_MAX_RUNS`, else the approximate ones.
    pub fn compute(scenario: &Scenario, summary: &Summary) -> Result<CumulativeSpend, ReportError> {
        if summary.runs <= EXACT_MAX_RUNS {
            Self::exact(scenario, summary)
        } else {
            Self::approximate(scenario, summary)
        }
    }

    /// Percentiles of each run's cumulative spend, by re-simulating the summary's runs.
    pub fn exact(scenario: &Scenario, summary: &Summary) -> Result<CumulativeSpend, ReportError> {
        check_matches(scenario, summary)?;
        if summary.runs > EXACT_MAX_RUNS {
            return Err(ReportError::Format(format!(
                "runs: {} is too many for exact cumulative spend; at most {EXACT_MAX_RUNS}",
                summary.runs
            )));
        }
        let engine = Engine::new(scenario);
        let nw = engine.n_weeks();
        let n_fy = engine.n_fy();
        let width = LINES.len() + 1;
        let plans = plans(scenario);
        let runs = summary.runs as usize;
        // values[plan][point][run]
        let mut values: Vec<Vec<Vec<f64>>> =
            plans.iter().map(|p| vec![Vec::with_capacity(runs); p.points.len()]).collect();
        let mut ws = Workspace::default();
        let mut rec = RunRecord::default();
        let mut running = vec![0.0f64; nw];
        let fys = scenario.calendar().financial_years();
        let starts: Vec<f64> = plans.iter().map(|p| start_value(summary, &fys[p.fy].label)).collect();
        for run in 0..summary.runs {
            engine.run(summary.seed, run, &mut ws, &mut rec, false)?;
            let spend = &rec.weekly[metrics::SPEND * nw..(metrics::SPEND + 1) * nw];
            let mut acc = 0.0;
            for (w, s) in spend.iter().enumerate() {
                if s.is_finite() {
                    acc += s;
                }
                running[w] = acc;
            }
            let totals: Vec<f64> = (0..n_fy).map(|f| rec.budget[f * width + LINES.len()].to_f64()).collect();
            for (pi, plan) in plans.iter().enumerate() {
                let before: f64 = totals[..plan.fy].iter().sum();
                for (k, point) in plan.points.iter().enumerate() {
                    let v = starts[pi]
                        + match *point {
                            Point::Zero => 0.0,
                            Point::ToWeek(w) => running[w] - before,
                            Point::YearTotal => totals[plan.fy],
                        };
                    values[pi][k].push(v);
                }
            }
        }
        let mut years = Vec::new();
        for (plan, mut vals) in plans.iter().zip(values) {
            let label = fys[plan.fy].label.clone();
            let mut q = |p: f64| -> Vec<f64> {
                vals.iter_mut()
                    .map(|col| {
                        col.sort_unstable_by(f64::total_cmp);
                        quantile_sorted(col, p).map(|x| (x * 100.0).round() / 100.0).unwrap_or(0.0)
                    })
                    .collect()
            };
            let (p5, p25, p50, p75, p95) = (q(0.05), q(0.25), q(0.5), q(0.75), q(0.95));
            years.push(year_curve(
                scenario,
                summary,
                plan,
                label,
                Some(p5),
                Some(p25),
                p50,
                Some(p75),
                Some(p95),
            ));
        }
        Ok(CumulativeSpend { exact: true, years })
    }

    /// Weekly medians of spend cumulated within each year (weeks by their Friday): an
    /// approximation, since a sum of medians is not the median of sums. No bands.
    pub fn approximate(scenario: &Scenario, summary: &Summary) -> Result<CumulativeSpend, ReportError> {
        check_matches(scenario, summary)?;
        let median = summary.series.get("spend").map(|s| s.p50.clone()).unwrap_or_default();
        let cal = scenario.calendar();
        let fridays = cal.week_fridays();
        let fys = cal.financial_years();
        let mut years = Vec::new();
        for plan in plans(scenario) {
            let first = plan.dates[0];
            let start = start_value(summary, &fys[plan.fy].label);
            let p50 = plan
                .dates
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    if k == 0 {
                        return start;
                    }
                    start
                        + (0..fridays.len())
                            .filter(|&w| fridays[w] >= first && fridays[w] <= *d)
                            .map(|w| median.get(w).copied().flatten().unwrap_or(0.0))
                            .sum::<f64>()
                })
                .collect();
            let label = fys[plan.fy].label.clone();
            years.push(year_curve(scenario, summary, &plan, label, None, None, p50, None, None));
        }
        Ok(CumulativeSpend { exact: false, years })
    }
}

#[allow(clippy::too_many_arguments)]
fn year_curve(
    scenario: &Scenario,
    summary: &Summary,
    plan: &Plan,
    label: String,
    p5: Option<Vec<f64>>,
    p25: Option<Vec<f64>>,
    p50: Vec<f64>,
    p75: Option<Vec<f64>>,
    p95: Option<Vec<f64>>,
) -> YearCurve {
    let row = total_row(summary, &label);
    let actuals_to = scenario.spec().actuals_to;
    YearCurve {
        financial_year: label,
        dates: plan.dates.clone(),
        p5,
        p25,
        p50,
        p75,
        p95,
        budget: row.and_then(|r| r.budget),
        actuals: row.and_then(|r| r.actuals).zip(actuals_to),
        year_end: row.map(|r| (r.p5, r.p50, r.p95)).unwrap_or_default(),
        part_year: row.is_some_and(|r| r.partial),
    }
}
