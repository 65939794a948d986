//! Summaries across runs: per weekly metric the mean and percentiles (Hyndman-Fan type 7,
//! as numpy, R and Excel's PERCENTILE.INC), per budget line and financial year the same
//! plus the probability of overspend, and event probabilities.
//!
//! Whole-number metrics are accumulated as exact histograms (memory grows with the range
//! of values, not with the number of runs, and merging is order-free); real-valued metrics
//! (rates, caseload, money) keep one value per run, in run order.

use super::metrics::{self as m, Kind};
use crate::money::Money;
use crate::scenario::{LINES, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The percentiles reported, as fractions.
pub const PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];
/// Their names in the JSON and CSV.
pub const PERCENTILE_NAMES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// Exact histogram of non-negative whole numbers.
#[derive(Clone, Debug, Default)]
pub struct IntHist {
    counts: Vec<u32>,
    n: u64,
    sum: u128,
}

impl IntHist {
    #[inline]
    pub fn add(&mut self, v: u64) {
        let i = v as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        self.n += 1;
        self.sum += v as u128;
    }
    pub fn merge(&mut self, o: &IntHist) {
        if o.counts.len() > self.counts.len() {
            self.counts.resize(o.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += *b;
        }
        self.n += o.n;
        self.sum += o.sum;
    }
    pub fn n(&self) -> u64 {
        self.n
    }
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }
    /// The k-th smallest value (0-based).
    fn kth(&self, k: u64) -> u64 {
        let mut seen = 0u64;
        for (v, &c) in self.counts.iter().enumerate() {
            seen += c as u64;
            if seen > k {
                return v as u64;
            }
        }
        self.counts.len().saturating_sub(1) as u64
    }
    /// Type 7 percentile.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let h = (self.n - 1) as f64 * p;
        let lo = h.floor();
        let k = lo as u64;
        let a = self.kth(k) as f64;
        let b = if k + 1 < self.n { self.kth(k + 1) as f64 } else { a };
        Some(a + (h - lo) * (b - a))
    }
    /// Share of values for which `pred` holds.
    pub fn share(&self, pred: impl Fn(f64) -> bool) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let hits: u64 =
            self.counts.iter().enumerate().filter(|(v, _)| pred(*v as f64)).map(|(_, &c)| c as u64).sum();
        hits as f64 / self.n as f64
    }
}

/// Type 7 percentile of sorted values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor();
    let k = lo as usize;
    let a = sorted[k];
    let b = if k + 1 < sorted.len() { sorted[k + 1] } else { a };
    Some(a + (h - lo) * (b - a))
}

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
    fn with_weeks(n: usize) -> Self {
        let v = vec![None; n];
        SeriesStats {
            mean: v.clone(),
            p5: v.clone(),
            p10: v.clone(),
            p25: v.clone(),
            p50: v.clone(),
            p75: v.clone(),
            p90: v.clone(),
            p95: v,
        }
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

/// One row of the budget table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BudgetRow {
    pub financial_year: String,
    pub line: String,
    /// The budget compared with spend: for a year only partly simulated, pro rata by
    /// working days unless the scenario says `partial_years = "full"`. Null if none given.
    pub budget: Option<Money>,
    /// The budget for the whole year as written in the scenario.
    pub budget_full_year: Option<Money>,
    pub mean: Money,
    pub p5: Money,
    pub p10: Money,
    pub p25: Money,
    pub p50: Money,
    pub p75: Money,
    pub p90: Money,
    pub p95: Money,
    /// Median spend minus budget.
    pub variance: Option<Money>,
    /// Share of runs whose spend exceeds the budget.
    pub p_overspend: Option<f64>,
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
}

/// Accumulates run records; merged in run order.
#[derive(Clone, Debug)]
pub struct Accum {
    n_weeks: usize,
    n_fy: usize,
    hists: Vec<IntHist>,
    /// Real metrics of each run: `reals[run][real_index * n_weeks + week]`, flattened.
    reals: Vec<f64>,
    budget: Vec<Money>,
    campaign: Vec<u32>,
    n_campaigns: usize,
    runs: u64,
}

/// Indices of the real-valued metrics.
fn real_metrics() -> impl Iterator<Item = usize> {
    (0..m::N).filter(|&i| m::kind(i) == Kind::Real)
}
fn count_metrics() -> impl Iterator<Item = usize> {
    (0..m::N).filter(|&i| m::kind(i) == Kind::Count)
}

impl Accum {
    pub fn new(n_weeks: usize, n_fy: usize, n_campaigns: usize) -> Accum {
        Accum {
            n_weeks,
            n_fy,
            hists: vec![IntHist::default(); count_metrics().count() * n_weeks],
            reals: Vec::new(),
            budget: Vec::new(),
            campaign: Vec::new(),
            n_campaigns,
            runs: 0,
        }
    }

    /// Add one run's record.
    pub fn add(&mut self, r: &super::RunRecord) {
        let nw = self.n_weeks;
        for (ci, metric) in count_metrics().enumerate() {
            for w in 0..nw {
                let v = r.weekly[metric * nw + w];
                self.hists[ci * nw + w].add(if v.is_finite() && v > 0.0 { v as u64 } else { 0 });
            }
        }
        for metric in real_metrics() {
            self.reals.extend_from_slice(&r.weekly[metric * nw..(metric + 1) * nw]);
        }
        self.budget.extend_from_slice(&r.budget);
        self.campaign.extend_from_slice(&r.campaign_hires);
        self.runs += 1;
    }

    /// Append another accumulator whose runs come after this one's.
    pub fn merge(&mut self, o: Accum) {
        for (a, b) in self.hists.iter_mut().zip(&o.hists) {
            a.merge(b);
        }
        self.reals.extend(o.reals);
        self.budget.extend(o.budget);
        self.campaign.extend(o.campaign);
        self.runs += o.runs;
    }

    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// Build the summary.
    pub fn finish(&self, scenario: &Scenario, seed: u64) -> Summary {
        let nw = self.n_weeks;
        let runs = self.runs as usize;
        let cal = scenario.calendar();
        let mut series = BTreeMap::new();
        for (ci, metric) in count_metrics().enumerate() {
            let mut s = SeriesStats::with_weeks(nw);
            for w in 0..nw {
                let h = &self.hists[ci * nw + w];
                s.mean[w] = h.mean().map(round4);
                for (pi, p) in PERCENTILES.iter().enumerate() {
                    s.percentiles_mut()[pi][w] = h.quantile(*p).map(round4);
                }
            }
            series.insert(m::NAMES[metric].to_string(), s);
        }
        let n_real = real_metrics().count();
        let stride = n_real * nw;
        // Each (metric, week) column is summarised on its own: in parallel natively, with
        // the same result whatever the thread count (a column's statistics depend only on
        // its values, gathered in run order).
        let column = |ri: usize, w: usize| -> Option<(f64, [f64; 7])> {
            let mut col: Vec<f64> =
                (0..runs).map(|r| self.reals[r * stride + ri * nw + w]).filter(|v| v.is_finite()).collect();
            if col.is_empty() {
                return None;
            }
            let sum: f64 = col.iter().sum();
            let mean = sum / col.len() as f64;
            col.sort_unstable_by(f64::total_cmp);
            let mut q = [0.0; 7];
            for (pi, p) in PERCENTILES.iter().enumerate() {
                q[pi] = quantile_sorted(&col, *p).unwrap_or(f64::NAN);
            }
            Some((mean, q))
        };
        #[cfg(feature = "parallel")]
        let columns: Vec<Option<(f64, [f64; 7])>> = {
            use rayon::prelude::*;
            (0..n_real * nw).into_par_iter().map(|k| column(k / nw, k % nw)).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Option<(f64, [f64; 7])>> =
            (0..n_real * nw).map(|k| column(k / nw, k % nw)).collect();
        for (ri, metric) in real_metrics().enumerate() {
            let money = metric >= m::SPEND;
            let round = if money { round2 } else { round4 };
            let mut s = SeriesStats::with_weeks(nw);
            for w in 0..nw {
                if let Some((mean, q)) = columns[ri * nw + w] {
                    s.mean[w] = Some(round(mean));
                    for (pi, v) in q.iter().enumerate() {
                        s.percentiles_mut()[pi][w] = Some(round(*v));
                    }
                }
            }
            series.insert(m::NAMES[metric].to_string(), s);
        }

        // Budget table.
        let spec = scenario.spec();
        let width = LINES.len() + 1;
        let fys = cal.financial_years();
        let mut budget = Vec::new();
        let mut vals: Vec<Money> = Vec::with_capacity(runs);
        for (fi, fy) in fys.iter().enumerate().take(self.n_fy) {
            #[allow(clippy::needless_range_loop)] // li also indexes the per-run budget cells
            for li in 0..width {
                vals.clear();
                vals.extend((0..runs).map(|r| self.budget[r * self.n_fy * width + fi * width + li]));
                let (b, bf) = if li < LINES.len() {
                    (spec.budgets[li][fi], spec.budgets_full[li][fi])
                } else {
                    let sum = |which: &Vec<Vec<Option<Money>>>| {
                        let given: Vec<Money> = which.iter().filter_map(|l| l[fi]).collect();
                        (!given.is_empty()).then(|| given.into_iter().fold(Money::ZERO, |a, b| a + b))
                    };
                    (sum(&spec.budgets), sum(&spec.budgets_full))
                };
                let p_over = b.map(|b| vals.iter().filter(|v| **v > b).count() as f64 / runs.max(1) as f64);
                vals.sort_unstable();
                let q = |p: f64| {
                    crate::money::percentile_type7(&vals, Decimal::try_from(p).unwrap_or_default())
                        .unwrap_or(Money::ZERO)
                };
                let p50 = q(0.5);
                budget.push(BudgetRow {
                    financial_year: fy.label.clone(),
                    line: if li < LINES.len() { LINES[li].to_string() } else { "total".to_string() },
                    budget: b,
                    budget_full_year: bf,
                    mean: crate::money::mean(&vals).unwrap_or(Money::ZERO),
                    p5: q(0.05),
                    p10: q(0.10),
                    p25: q(0.25),
                    p50,
                    p75: q(0.75),
                    p90: q(0.90),
                    p95: q(0.95),
                    variance: b.map(|b| p50 - b),
                    p_overspend: p_over.map(round4),
                    days_simulated: fy.n_days,
                    days_in_year: fy.working_days_in_year,
                });
            }
        }

        // Events.
        let events = spec
            .events
            .iter()
            .map(|e| {
                let p = match m::kind(e.metric) {
                    Kind::Count => {
                        let ci = count_metrics().position(|x| x == e.metric).unwrap_or(0);
                        self.hists[ci * nw + e.week].share(|x| e.op.holds(x, e.value))
                    }
                    Kind::Real => {
                        let ri = real_metrics().position(|x| x == e.metric).unwrap_or(0);
                        let hits = (0..runs)
                            .filter(|r| {
                                let x = self.reals[r * stride + ri * nw + e.week];
                                x.is_finite() && e.op.holds(x, e.value)
                            })
                            .count();
                        hits as f64 / runs.max(1) as f64
                    }
                };
                EventResult {
                    label: e.label.clone(),
                    probability: round4(p),
                    standard_error: round4((p * (1.0 - p) / runs.max(1) as f64).sqrt()),
                }
            })
            .collect();

        let campaigns = spec
            .campaigns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let mut h: Vec<f64> =
                    (0..runs).map(|r| self.campaign[r * self.n_campaigns + k] as f64).collect();
                h.sort_unstable_by(f64::total_cmp);
                let met =
                    h.iter().filter(|&&x| x >= c.target_hires as f64).count() as f64 / runs.max(1) as f64;
                CampaignResult {
                    name: c.name.clone(),
                    target_hires: c.target_hires,
                    hires_p50: quantile_sorted(&h, 0.5).unwrap_or(0.0),
                    hires_p5: quantile_sorted(&h, 0.05).unwrap_or(0.0),
                    hires_p95: quantile_sorted(&h, 0.95).unwrap_or(0.0),
                    p_target_met: round4(met),
                }
            })
            .collect();

        Summary {
            schema: "wfsim.summary/1",
            engine_version: crate::VERSION,
            scenario: ScenarioId { name: scenario.name().to_string(), hash: scenario.hash().to_string() },
            runs: self.runs,
            seed,
            weeks: (0..nw).map(|w| cal.week_friday(w).to_string()).collect(),
            series,
            budget,
            events,
            campaigns,
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
fn round2(x: f64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_matches_numpy() {
        // numpy.percentile([1, 2, 3, 4], [5, 50, 95]) == [1.15, 2.5, 3.85]
        let s = [1.0, 2.0, 3.0, 4.0];
        assert!((quantile_sorted(&s, 0.05).unwrap() - 1.15).abs() < 1e-12);
        assert!((quantile_sorted(&s, 0.5).unwrap() - 2.5).abs() < 1e-12);
        assert!((quantile_sorted(&s, 0.95).unwrap() - 3.85).abs() < 1e-12);
        let mut h = IntHist::default();
        for v in [4, 1, 3, 2] {
            h.add(v);
        }
        for p in [0.05, 0.1, 0.5, 0.9, 0.95] {
            assert_eq!(h.quantile(p), quantile_sorted(&s, p));
        }
        assert_eq!(h.mean(), Some(2.5));
    }
}
