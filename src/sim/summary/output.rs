//! The summary's output types, serialised as the JSON summary (`wfsim.summary/1`).

use crate::money::Money;
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

/// The percentiles reported, as fractions.
pub const PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];
/// Their names in the JSON and CSV.
pub const PERCENTILE_NAMES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// A column's mean and its [`PERCENTILES`].
pub(super) type Stats = (f64, [f64; 7]);

/// Mean and percentiles of one metric, one value per week (`None` where undefined).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SeriesStats {
    pub mean: Vec<Option<f64>>,
    pub p5: Vec<Option<f64>>,
    pub p10: Vec<Option<f64>>,
    pub p25: Vec<Option<f64>>,
    pub p50: Vec<Option<f64>>,
    pub p75: Vec<Option<f64>>,
    pub p90: Vec<Option<f64>>,
    pub p95: Vec<Option<f64>>,
}

impl SeriesStats {
    /// A metric's series from each week's statistics (`None`: no value that week), each
    /// number rounded by `round`.
    pub(super) fn from_weeks(weeks: &[Option<Stats>], round: fn(f64) -> f64) -> Self {
        let v = vec![None; weeks.len()];
        let mut s = SeriesStats {
            mean: v.clone(),
            p5: v.clone(),
            p10: v.clone(),
            p25: v.clone(),
            p50: v.clone(),
            p75: v.clone(),
            p90: v.clone(),
            p95: v,
        };
        for (w, &(mean, q)) in weeks.iter().enumerate().filter_map(|(w, x)| Some((w, x.as_ref()?))) {
            s.mean[w] = Some(round(mean));
            for (v, q) in s.percentiles_mut().into_iter().zip(q) {
                v[w] = Some(round(q));
            }
        }
        s
    }
    /// The percentile arrays in [`PERCENTILES`] order.
    pub fn percentiles(&self) -> [&Vec<Option<f64>>; 7] {
        [&self.p5, &self.p10, &self.p25, &self.p50, &self.p75, &self.p90, &self.p95]
    }
    fn percentiles_mut(&mut self) -> [&mut Vec<Option<f64>>; 7] {
        [
            &mut self.p5,
            &mut self.p10,
            &mut self.p25,
            &mut self.p50,
            &mut self.p75,
            &mut self.p90,
            &mut self.p95,
        ]
    }
    /// A statistic by name ("mean", "p5", ...).
    pub fn get(&self, stat: &str) -> Option<&Vec<Option<f64>>> {
        match stat {
            "mean" => Some(&self.mean),
            s => PERCENTILE_NAMES.iter().position(|n| *n == s).map(|i| self.percentiles()[i]),
        }
    }
}

/// One row of the budget table: a line's forecast outturn for a financial year (actual
/// spend to date, if given, plus the simulated spend) against its full-year budget.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BudgetRow {
    pub financial_year: String,
    pub line: String,
    /// The full-year budget as written; null if none is given (spend is then compared
    /// with a budget of zero).
    pub budget: Option<Money>,
    /// Actual spend from 1 April to the day before the start, included in the outturn;
    /// null if not given.
    pub actuals: Option<Money>,
    /// The outturn across runs: its mean (the expected outturn) and percentiles.
    pub mean: Money,
    pub p5: Money,
    pub p10: Money,
    pub p25: Money,
    pub p50: Money,
    pub p75: Money,
    pub p90: Money,
    pub p95: Money,
    /// Median outturn minus the budget (zero if none).
    pub variance: Money,
    /// Expected (mean) outturn minus the budget (zero if none).
    pub expected_variance: Money,
    /// Share of runs whose outturn exceeds the budget (zero if none).
    pub p_overspend: f64,
    /// The outturn covers only part of the year: the horizon starts after 1 April with no
    /// actuals for this line, or ends before 31 March.
    pub partial: bool,
    /// Working days of this year inside the horizon, and in the whole year.
    pub days_simulated: usize,
    pub days_in_year: u32,
}

/// An event's probability across runs, with its Monte Carlo standard error.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventResult {
    pub label: String,
    pub probability: f64,
    pub standard_error: f64,
}

/// A campaign's hires.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CampaignResult {
    pub name: String,
    pub target_hires: u32,
    pub hires_p50: f64,
    pub hires_p5: f64,
    pub hires_p95: f64,
    pub p_target_met: f64,
}

/// A placement type of the scenario: its key in the per-type series
/// (`looked_after.<key>`, `placement_spend.<key>`) and its name as written.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlacementType {
    pub key: String,
    pub name: String,
}

/// Scenario identity for provenance.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScenarioId {
    pub name: String,
    pub hash: String,
}

/// The JSON summary (`"schema": "wfsim.summary/1"`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Summary {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub scenario: ScenarioId,
    pub runs: u64,
    pub seed: u64,
    pub weeks: Vec<String>,
    pub series: BTreeMap<String, SeriesStats>,
    pub budget: Vec<BudgetRow>,
    pub events: Vec<EventResult>,
    pub campaigns: Vec<CampaignResult>,
    /// The placement types, in the scenario's order, of the per-type series.
    pub placement_types: Vec<PlacementType>,
}

/// A statistic as output: to 4 decimals.
pub(super) fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
/// Money as output: to pence.
pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Summary {
    /// Index of the week containing a date.
    pub fn week_index(&self, scenario: &Scenario, date: chrono::NaiveDate) -> Option<usize> {
        scenario.calendar().week_containing(date)
    }
    /// A statistic of a metric in a week.
    pub fn value(&self, metric: &str, stat: &str, week: usize) -> Option<f64> {
        self.series.get(metric)?.get(stat)?.get(week).copied().flatten()
    }
    /// The summary as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
