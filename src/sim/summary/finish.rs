//! Building the summary from an accumulator, one step per part of the output: the weekly
//! series, the budget table, the events and the campaigns.

use super::accum::{Accum, count_metrics, real_metrics};
use super::int_hist::IntHist;
use super::output::{
    BudgetRow, CampaignResult, EventResult, PERCENTILES, PlacementType, ScenarioId, SeriesStats, Stats,
    Summary, round2, round4,
};
use super::real_col::RealCol;
use super::type7::quantile_sorted;
use crate::calendar::{Calendar, FinancialYear};
use crate::metrics::{self as m, Values};
use crate::money::{self, Money};
use crate::scenario::{LINES, Scenario};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl Accum {
    /// Build the summary (counting any pending runs first, in a copy).
    pub fn finish(&self, scenario: &Scenario, seed: u64) -> Summary {
        if self.pending_runs() > 0 {
            let mut flushed = self.clone();
            flushed.flush();
            return flushed.finish(scenario, seed);
        }
        let cal = scenario.calendar();
        Summary {
            schema: "wfsim.summary/1",
            engine_version: crate::VERSION,
            scenario: ScenarioId { name: scenario.name().to_string(), hash: scenario.hash().to_string() },
            runs: self.runs,
            seed,
            weeks: (0..self.n_weeks).map(|w| cal.week_friday(w).to_string()).collect(),
            series: self.series(scenario),
            budget: self.budget_rows(scenario),
            events: self.events(scenario),
            campaigns: self.campaigns(scenario),
            placement_types: (scenario.spec().placements.iter())
                .map(|p| PlacementType { key: p.key.clone(), name: p.name.clone() })
                .collect(),
        }
    }

    /// Every metric's weekly mean and percentiles, the per-placement-type families
    /// included: counts and rates to 4 decimals, money to pence.
    fn series(&self, scenario: &Scenario) -> BTreeMap<String, SeriesStats> {
        let nw = self.n_weeks;
        let keys: Vec<String> = scenario.spec().placements.iter().map(|p| p.key.clone()).collect();
        let nt = self.n_types;
        let mut series = BTreeMap::new();
        for (ci, metric) in count_metrics(nt).enumerate() {
            let weeks: Vec<Option<Stats>> =
                self.hists[ci * nw..(ci + 1) * nw].iter().map(int_stats).collect();
            series.insert(m::name_with(metric, &keys), SeriesStats::from_weeks(&weeks, round4));
        }
        let columns = self.real_stats();
        for (ri, metric) in real_metrics(nt).enumerate() {
            let round = if m::kind_with(metric, nt) == m::Kind::Money { round2 } else { round4 };
            let s = SeriesStats::from_weeks(&columns[ri * nw..(ri + 1) * nw], round);
            series.insert(m::name_with(metric, &keys), s);
        }
        series
    }

    /// Each real (metric, week) column's mean and percentiles, each column on its own: in
    /// parallel natively (a sketched column's percentiles call `exp`), with the same
    /// result whatever the thread count.
    fn real_stats(&self) -> Vec<Option<Stats>> {
        let column = |keys: &mut Vec<i64>, col: &RealCol| col.stats(keys);
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.reals.par_iter().map_init(Vec::new, column).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            let mut keys = Vec::new();
            self.reals.iter().map(|col| column(&mut keys, col)).collect()
        }
    }

    /// The budget table: for each financial year, a row per line and then their total.
    fn budget_rows(&self, scenario: &Scenario) -> Vec<BudgetRow> {
        let width = LINES.len() + 1;
        let runs = self.runs as usize;
        let mut rows = Vec::new();
        let mut spend: Vec<Money> = Vec::with_capacity(runs);
        let actuals = &scenario.spec().actuals;
        let all_actuals = actuals.len() == LINES.len() && actuals.iter().all(Option::is_some);
        for (fi, fy) in scenario.calendar().financial_years().iter().enumerate().take(self.n_fy) {
            // Working days of the year before the horizon (which actuals may cover) and after it.
            let first = scenario.calendar().date(fy.first_day);
            let before = Calendar::weekdays_between(fy.start, first).max(0) as usize;
            let after = (fy.working_days_in_year as usize).saturating_sub(fy.n_days + before);
            for li in 0..width {
                spend.clear();
                spend.extend((0..runs).map(|r| self.budget[r * self.n_fy * width + fi * width + li]));
                let line = LINES.get(li).map_or("total", |l| l).to_string();
                let (budget, actuals) = line_budget(scenario, li, fi);
                let has_actuals = if li < LINES.len() { actuals.is_some() } else { all_actuals };
                let partial = after > 0 || (before > 0 && !has_actuals);
                rows.push(budget_row(fy, line, (budget, actuals), partial, &mut spend));
            }
        }
        rows
    }

    /// Each event's probability across runs: events on counts read from the histograms,
    /// those on real values from the hits counted as runs were added.
    fn events(&self, scenario: &Scenario) -> Vec<EventResult> {
        let runs = self.runs.max(1) as f64;
        let nw = self.n_weeks;
        let events = &scenario.spec().events;
        let result = |(j, e): (usize, &crate::scenario::EventSpec)| {
            let p = match m::values(e.metric) {
                Values::Count => {
                    let ci = count_metrics(self.n_types).position(|x| x == e.metric).unwrap_or(0);
                    self.hists[ci * nw + e.week].share(|x| e.op.holds(x, e.value))
                }
                Values::Real => self.event_hits.get(j).copied().unwrap_or(0) as f64 / runs,
            };
            EventResult {
                label: e.label.clone(),
                probability: round4(p),
                standard_error: round4((p * (1.0 - p) / runs).sqrt()),
            }
        };
        events.iter().enumerate().map(result).collect()
    }

    /// Each campaign's hires across runs: median, 5th and 95th percentiles, and the share
    /// of runs that met its target.
    fn campaigns(&self, scenario: &Scenario) -> Vec<CampaignResult> {
        let runs = self.runs as usize;
        let campaigns = &scenario.spec().campaigns;
        let result = |(k, c): (usize, &crate::scenario::CampaignSpec)| {
            let mut h: Vec<f64> = (0..runs).map(|r| self.campaign[r * self.n_campaigns + k] as f64).collect();
            h.sort_unstable_by(f64::total_cmp);
            let met = h.iter().filter(|&&x| x >= c.target_hires as f64).count() as f64 / runs.max(1) as f64;
            CampaignResult {
                name: c.name.clone(),
                target_hires: c.target_hires,
                hires_p50: quantile_sorted(&h, 0.5).unwrap_or(0.0),
                hires_p5: quantile_sorted(&h, 0.05).unwrap_or(0.0),
                hires_p95: quantile_sorted(&h, 0.95).unwrap_or(0.0),
                p_target_met: round4(met),
            }
        };
        campaigns.iter().enumerate().map(result).collect()
    }
}

/// A count column's mean and percentiles, `None` if it has no value.
fn int_stats(h: &IntHist) -> Option<Stats> {
    h.mean().zip(h.quantiles(&PERCENTILES))
}

/// Line `li`'s full-year budget in financial year `fi` and its actual spend to date (first
/// year only); line `LINES.len()` is the total, the sum of those given (`None` if none is).
fn line_budget(scenario: &Scenario, li: usize, fi: usize) -> (Option<Money>, Option<Money>) {
    let spec = scenario.spec();
    let actual = |l: usize| if fi == 0 { spec.actuals.get(l).copied().flatten() } else { None };
    if li < LINES.len() {
        return (spec.budgets[li][fi], actual(li));
    }
    let sum =
        |given: Vec<Money>| (!given.is_empty()).then(|| given.into_iter().fold(Money::ZERO, |a, b| a + b));
    (
        sum(spec.budgets.iter().filter_map(|l| l[fi]).collect()),
        sum((0..LINES.len()).filter_map(actual).collect()),
    )
}

/// A row of the budget table from each run's simulated spend on the line in the year
/// (sorted here). The outturn is actuals plus simulated spend; `partial` if part of the
/// year is neither simulated nor covered by actuals (the total's actuals cover the start
/// only if every line's do).
fn budget_row(
    fy: &FinancialYear,
    line: String,
    (budget, actuals): (Option<Money>, Option<Money>),
    partial: bool,
    spend: &mut [Money],
) -> BudgetRow {
    let offset = actuals.unwrap_or(Money::ZERO);
    for v in spend.iter_mut() {
        *v += offset;
    }
    let against = budget.unwrap_or(Money::ZERO);
    let p_over = spend.iter().filter(|v| **v > against).count() as f64 / spend.len().max(1) as f64;
    spend.sort_unstable();
    let spend = &*spend;
    let q = |p: f64| {
        money::percentile_type7(spend, Decimal::try_from(p).unwrap_or_default()).unwrap_or(Money::ZERO)
    };
    let (p50, mean) = (q(0.5), money::mean(spend).unwrap_or(Money::ZERO));
    BudgetRow {
        financial_year: fy.label.clone(),
        line,
        budget,
        actuals,
        mean,
        p5: q(0.05),
        p10: q(0.10),
        p25: q(0.25),
        p50,
        p75: q(0.75),
        p90: q(0.90),
        p95: q(0.95),
        variance: p50 - against,
        expected_variance: mean - against,
        p_overspend: round4(p_over),
        partial,
        days_simulated: fy.n_days,
        days_in_year: fy.working_days_in_year,
    }
}
