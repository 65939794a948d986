//! Summaries across runs: per weekly metric the mean and percentiles (Hyndman-Fan type 7,
//! as numpy, R and Excel's PERCENTILE.INC), per budget line and financial year the same
//! plus the probability of overspend, and event probabilities.
//!
//! Memory does not grow with the number of runs except for the budget table:
//!
//! - Whole-number metrics are accumulated as exact histograms ([`IntHist`]: memory grows
//!   with the range of values, merging is order-free).
//! - Real-valued metrics (rates, caseload, money) are accumulated per (metric, week)
//!   column in a [`RealHist`]: an exact histogram of the distinct values while there are
//!   at most [`EXACT_CAP`] (4,096) of them, so percentiles equal those of the sorted
//!   values bit for bit; beyond, a log-bucketed sketch (as DDSketch) whose percentiles
//!   are within a relative [`SKETCH_ACCURACY`] (0.01 %) of the exact ones. The mean comes
//!   from an exact sum in both cases. A column's state depends only on the multiset of its
//!   values, so the summary is the same whatever the order and grouping of merges (the
//!   thread count). At most 1,040 columns x 4,096 entries x 16 bytes = 68 MB for the
//!   preset's 10 real metrics x 104 weeks, however many runs; in practice (preset,
//!   100,000 runs) about 1 million entries, 16 MB, with only `spend` and
//!   `spend_placements` sketched.
//! - Events on real metrics are counted as runs are added.
//! - Budget spend (per run, financial year and line) and campaign hires (per run and
//!   campaign) are kept per run, in run order, for exact money percentiles and the
//!   probability of overspend: 16 bytes x 3 years x 7 lines = 336 bytes a run for the
//!   preset, 34 MB at 100,000 runs (336 MB at the limit of 1,000,000 runs).

use super::metrics::{self as m, Kind};
use crate::money::Money;
use crate::scenario::{EventSpec, LINES, Op, Scenario};
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

/// Most distinct values a real-valued column keeps exactly. Beyond it the column becomes a
/// sketch. Memory: an entry is a 16-byte `(i64, u32)` (padded), so a column at the cap
/// holds 64 KiB, and the preset's 10 real metrics x 104 weeks = 1,040 columns hold at
/// most 1,040 x 4,096 x 16 B = 68 MB however many runs (a block of 128 runs at most 128
/// entries a column, 2.1 MB). 4,096 rather than 2,048: every column stays exact up to
/// 4,096 runs (the preset's default is 1,000; 2,000 is common), and at 100,000 runs of
/// the preset most columns still are (rates and caseload take at most about 3,000
/// distinct values a week, permanent staffing spend about 4,070); only weekly `spend`
/// and `spend_placements` are sketched, about 1,000 to 4,000 buckets a week.
pub const EXACT_CAP: usize = 4096;

/// Relative accuracy `a` of a sketched column: 1e-4 (0.01 %), so a sketched money
/// percentile is within 37 pounds of the exact one for a weekly spend of 370,000 pounds
/// (it is printed to the penny, but no longer exact to it). Weekly spend varies across
/// the preset's runs by about 5 % (standard deviation over median), so the Monte Carlo
/// standard error of its median at 100,000 runs, about 1.25 x 5 % / sqrt(100,000) =
/// 0.02 %, is already twice `a`. A smaller `a` costs buckets in proportion: 1e-5 would
/// make each sketched column about ten times larger.
pub const SKETCH_ACCURACY: f64 = 1e-4;

/// `ln(gamma)` with `gamma = (1 + a) / (1 - a)`, `a =` [`SKETCH_ACCURACY`]: that is
/// `2 atanh(a) = 2 (a + a^3/3 + a^5/5 + ...)`, correctly rounded (computing the ratio first
/// would round it). Bucket `i` holds `(gamma^(i-1), gamma^i]`.
const LN_GAMMA: f64 = 2.000_000_006_666_666_8e-4;

/// Key of a value in an exact column: its bits, mapped so that the keys' order is
/// [`f64::total_cmp`]'s order (the order the values were sorted in before). The map is its
/// own inverse.
#[inline]
fn exact_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ ((((b >> 63) as u64) >> 1) as i64)
}
#[inline]
fn exact_value(k: i64) -> f64 {
    f64::from_bits((k ^ ((((k >> 63) as u64) >> 1) as i64)) as u64)
}

/// Offset of the bucket keys of non-zero values from zero's key (0), so that the keys of
/// negative values are negative, of positive ones positive, and ordered as the values.
const BUCKET_OFFSET: i64 = 1 << 32;

/// Key of a finite value's bucket in a sketched column: 0 for zero (both signs), else
/// `±(BUCKET_OFFSET + ceil(ln|x| / ln(gamma)))`. Uses the `libm` crate's `log`, the same
/// on every platform, so that a value falls in the same bucket natively and in
/// WebAssembly.
#[inline]
fn bucket_key(x: f64) -> i64 {
    if x == 0.0 {
        return 0;
    }
    // |ln x| <= 745 for finite non-zero x, so the index is within +-3.8e6 (a = 1e-4).
    let i = (libm::log(x.abs()) / LN_GAMMA).ceil() as i64 + BUCKET_OFFSET;
    if x < 0.0 { -i } else { i }
}

/// The representative value of a bucket: `2 gamma^i / (gamma + 1)`, the point of
/// `(gamma^(i-1), gamma^i]` equally far, relatively, from both ends (as DDSketch).
fn bucket_value(k: i64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    let i = (k.abs() - BUCKET_OFFSET) as f64;
    // 2 gamma^i / (gamma + 1) = exp(i ln(gamma) - ln((1 + gamma) / 2)).
    let half_sum = libm::log((1.0 + libm::exp(LN_GAMMA)) / 2.0);
    let v = libm::exp(i * LN_GAMMA - half_sum).min(f64::MAX);
    if k < 0 { -v } else { v }
}

/// Exact sum of finite `f64` values, whatever their order: each value is an integer
/// mantissa `m < 2^53` times `2^(s - 1074)` with `0 <= s < 2046`; `m << (s % 32)` is added
/// into the `i128` of its group of 32 exponents `s / 32`. An addition of integers is
/// exact and order-free as long as no group overflows, which takes 2^43 values. Only the
/// groups used are stored (one or two for a column of similar values), sorted.
#[derive(Clone, Debug, Default, PartialEq)]
struct ExactSum {
    groups: Vec<(u16, i128)>,
}

impl ExactSum {
    fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as u32;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, s) = if e == 0 { (frac, 0) } else { (frac | (1u64 << 52), e - 1) };
        if m == 0 {
            return;
        }
        let v = (m as i128) << (s % 32);
        self.add_group((s / 32) as u16, if bits >> 63 == 1 { -v } else { v });
    }
    fn add_group(&mut self, g: u16, v: i128) {
        match self.groups.binary_search_by_key(&g, |p| p.0) {
            Ok(i) => self.groups[i].1 = self.groups[i].1.wrapping_add(v),
            Err(i) => self.groups.insert(i, (g, v)),
        }
    }
    fn merge(&mut self, o: &ExactSum) {
        for &(g, v) in &o.groups {
            self.add_group(g, v);
        }
    }
    /// The sum as an `f64`: each group's integer converted (correctly rounded) and scaled
    /// exactly, added from the smallest group up. A fixed procedure on an order-free
    /// state, so deterministic; within a few units in the last place of the exact sum.
    fn value(&self) -> f64 {
        self.groups.iter().fold(0.0, |acc, &(g, v)| acc + libm::scalbn(v as f64, 32 * g as i32 - 1074))
    }
}

/// One real-valued column (a metric in a week) across runs: count, exact sum, and an
/// exact histogram of its distinct values or, past [`EXACT_CAP`] distinct values, a
/// log-bucketed sketch. Non-finite values (NaN: undefined) are skipped.
///
/// **Order-free.** The state depends only on the multiset of values added, whatever the
/// order and grouping of `add` and `merge`: the histogram is a multiset; the column is a
/// sketch exactly when the values had more than [`EXACT_CAP`] distinct values (a sketch
/// merged with anything stays one, since it had); and a sketch's counts are those of
/// each value's bucket, whether the value was added to the sketch or first kept exactly
/// and converted (conversion re-keys each distinct value to its bucket and adds counts).
/// The mean is the [`ExactSum`] divided by the count, the same in both modes.
///
/// **Exact mode.** Percentiles interpolate between the k-th and (k+1)-th smallest values
/// read from the histogram, with the same arithmetic as [`quantile_sorted`] on the sorted
/// values, so they are equal bit for bit.
///
/// **Sketch mode and its error bound.** With `gamma = (1 + a) / (1 - a)`, `a =`
/// [`SKETCH_ACCURACY`], a value `x > 0` falls in bucket `i = ceil(log_gamma(x))`, so
/// `gamma^(i-1) < x <= gamma^i`, and is represented by `r = 2 gamma^i / (gamma + 1)`
/// (negative values mirror this, zero is kept exactly). Then
/// `r / x` lies in `[2 / (gamma + 1), 2 gamma / (gamma + 1))`, and since
/// `(gamma - 1) / (gamma + 1) = a`, `|r - x| <= a |x|`. Percentiles are type 7 on the
/// representatives: `q' = (1 - f) r_(k) + f r_(k+1)` where `r_(j)` is the j-th smallest
/// representative. The j-th smallest representative is within `a |x_(j)|` of the j-th
/// smallest value (at least j representatives are at most `x_(j) + a |x_(j)|`, those of
/// the j smallest values, and at most j - 1 are below `x_(j) - a |x_(j)|`), so
/// `|q' - q| <= a ((1 - f) |x_(k)| + f |x_(k+1)|)`, which is `a |q|` when both order
/// statistics have the same sign (always here: money and caseload are never negative,
/// rates lie in [0, 1]). Floating-point rounding in `log`, `exp` and the division adds
/// a relative error below 1e-12 (`|ln x| <= 745` times a few units of 2^-52), so the
/// bound is `|q' - q| <= (a + 1e-12) |q|`, before the output's rounding to pence or to 4
/// decimals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RealHist {
    /// `(key, count)`, sorted by key, keys distinct: [`exact_key`]s, or [`bucket_key`]s
    /// when `sketch`. Counts fit in `u32`: a column has at most one value a run, and runs
    /// are limited to [`crate::limits::MAX_RUNS`].
    entries: Vec<(i64, u32)>,
    sketch: bool,
    n: u64,
    sum: ExactSum,
}

impl RealHist {
    /// Add a value (skipped unless finite). For many values at once, merging
    /// [`RealHist::from_values`] is quicker.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.n += 1;
        self.sum.add(x);
        let k = if self.sketch { bucket_key(x) } else { exact_key(x) };
        match self.entries.binary_search_by_key(&k, |e| e.0) {
            Ok(i) => self.entries[i].1 += 1,
            Err(i) => {
                self.entries.insert(i, (k, 1));
                if !self.sketch && self.entries.len() > EXACT_CAP {
                    self.become_sketch();
                }
            }
        }
    }

    /// A column of the given values: sorted once, which is quicker than adding them one
    /// by one (no search, no insertion).
    pub fn from_values(values: &[f64]) -> RealHist {
        let mut h = RealHist::default();
        let mut keys: Vec<i64> = Vec::with_capacity(values.len());
        for &x in values.iter().filter(|x| x.is_finite()) {
            h.n += 1;
            h.sum.add(x);
            keys.push(exact_key(x));
        }
        keys.sort_unstable();
        for k in keys {
            match h.entries.last_mut() {
                Some(last) if last.0 == k => last.1 += 1,
                _ => h.entries.push((k, 1)),
            }
        }
        if h.entries.len() > EXACT_CAP {
            h.become_sketch();
        }
        h
    }

    /// Add another column's values.
    pub fn merge(&mut self, o: &RealHist) {
        if self.n == 0 && !self.sketch {
            *self = o.clone();
            return;
        }
        self.n += o.n;
        self.sum.merge(&o.sum);
        if o.sketch && !self.sketch {
            self.become_sketch();
        }
        let converted;
        let from: &[(i64, u32)] = if self.sketch && !o.sketch {
            converted = to_buckets(&o.entries);
            &converted
        } else {
            &o.entries
        };
        // One pass over both sorted lists, streaming through memory: quicker here than
        // looking up each of `from`'s keys (bisecting or galloping), as measured with the
        // preset, where a block's 128 values meet columns of up to a few thousand entries.
        self.entries = merge_sorted(&self.entries, from);
        if !self.sketch && self.entries.len() > EXACT_CAP {
            self.become_sketch();
        }
    }

    fn become_sketch(&mut self) {
        self.entries = to_buckets(&self.entries);
        self.sketch = true;
    }

    /// Values added (finite ones).
    pub fn n(&self) -> u64 {
        self.n
    }
    /// Whether the column is a sketch (more than [`EXACT_CAP`] distinct values).
    pub fn is_sketch(&self) -> bool {
        self.sketch
    }
    /// Entries stored (distinct values, or non-empty buckets).
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The exact sum divided by the count.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum.value() / self.n as f64)
    }

    fn value_of(&self, key: i64) -> f64 {
        if self.sketch { bucket_value(key) } else { exact_value(key) }
    }

    /// The k-th smallest value (0-based), or its bucket's representative.
    fn kth(&self, k: u64) -> f64 {
        let mut seen = 0u64;
        for &(key, c) in &self.entries {
            seen += c as u64;
            if seen > k {
                return self.value_of(key);
            }
        }
        self.entries.last().map_or(f64::NAN, |e| self.value_of(e.0))
    }

    /// Type 7 percentile: exact in exact mode, within `(a + 1e-12) |q|` in sketch mode.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let h = (self.n - 1) as f64 * p;
        let lo = h.floor();
        let k = lo as u64;
        let a = self.kth(k);
        let b = if k + 1 < self.n { self.kth(k + 1) } else { a };
        Some(a + (h - lo) * (b - a))
    }
}

/// Exact entries re-keyed by bucket, sorted and with equal buckets' counts added (sorted
/// again rather than trusting `log` to be monotone to the last bit).
fn to_buckets(exact: &[(i64, u32)]) -> Vec<(i64, u32)> {
    let mut v: Vec<(i64, u32)> = exact.iter().map(|&(k, c)| (bucket_key(exact_value(k)), c)).collect();
    v.sort_unstable_by_key(|e| e.0);
    let mut out: Vec<(i64, u32)> = Vec::with_capacity(v.len());
    for (k, c) in v {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += c,
            _ => out.push((k, c)),
        }
    }
    out
}

/// Merge two lists of `(key, count)`, each sorted with distinct keys, adding the counts of
/// keys in both.
fn merge_sorted(a: &[(i64, u32)], b: &[(i64, u32)]) -> Vec<(i64, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
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
    /// One column per real metric and week: `reals[real_index * n_weeks + week]`.
    reals: Vec<RealHist>,
    /// The real metrics of the runs added since `reals` was last updated, run by run
    /// (`[run][real_index * n_weeks + week]`, flattened): at most [`PENDING_RUNS`] runs,
    /// then each column sorts its values once ([`RealHist::from_values`]) and merges them.
    pending: Vec<f64>,
    /// Events on real metrics, counted as runs are added: `(index into weekly, op, value)`
    /// for each of the scenario's events (`None` for events on counts, read from `hists`).
    real_events: Vec<Option<(usize, Op, f64)>>,
    /// Runs in which each event held (0 for events on counts).
    event_hits: Vec<u64>,
    budget: Vec<Money>,
    campaign: Vec<u32>,
    n_campaigns: usize,
    runs: u64,
}

/// Runs whose real metrics an [`Accum`] keeps as they came before adding them to the
/// columns: one block of `simulate`, so a block's values are sorted in its own thread.
const PENDING_RUNS: usize = super::montecarlo::BLOCK as usize;

/// Add pending runs' values (`[run][column]`, flattened) to the columns.
fn flush_into(reals: &mut [RealHist], pending: &[f64]) {
    let width = reals.len();
    if width == 0 || pending.is_empty() {
        return;
    }
    let mut values = Vec::with_capacity(pending.len() / width);
    for (k, col) in reals.iter_mut().enumerate() {
        values.clear();
        values.extend(pending.iter().skip(k).step_by(width));
        let block = RealHist::from_values(&values);
        if col.n == 0 && !col.sketch {
            *col = block; // the first values of a column: no merge, no copy
        } else {
            col.merge(&block);
        }
    }
}

/// Indices of the real-valued metrics.
fn real_metrics() -> impl Iterator<Item = usize> {
    (0..m::N).filter(|&i| m::kind(i) == Kind::Real)
}
fn count_metrics() -> impl Iterator<Item = usize> {
    (0..m::N).filter(|&i| m::kind(i) == Kind::Count)
}

impl Accum {
    /// An empty accumulator for runs of `n_weeks` weeks, `n_fy` financial years and
    /// `n_campaigns` campaigns, counting the given events (the scenario's, in its order).
    pub fn new(n_weeks: usize, n_fy: usize, n_campaigns: usize, events: &[EventSpec]) -> Accum {
        let real_events: Vec<Option<(usize, Op, f64)>> = events
            .iter()
            .map(|e| {
                (m::kind(e.metric) == Kind::Real && e.week < n_weeks).then_some((
                    e.metric * n_weeks + e.week,
                    e.op,
                    e.value,
                ))
            })
            .collect();
        Accum {
            n_weeks,
            n_fy,
            hists: vec![IntHist::default(); count_metrics().count() * n_weeks],
            reals: vec![RealHist::default(); real_metrics().count() * n_weeks],
            pending: Vec::new(),
            event_hits: vec![0; real_events.len()],
            real_events,
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
            self.pending.extend_from_slice(&r.weekly[metric * nw..(metric + 1) * nw]);
        }
        if self.pending.len() >= PENDING_RUNS * self.reals.len() {
            self.flush();
        }
        for (hits, e) in self.event_hits.iter_mut().zip(&self.real_events) {
            if let Some((i, op, value)) = *e
                && let Some(&x) = r.weekly.get(i)
                && x.is_finite()
                && op.holds(x, value)
            {
                *hits += 1;
            }
        }
        self.budget.extend_from_slice(&r.budget);
        self.campaign.extend_from_slice(&r.campaign_hires);
        self.runs += 1;
    }

    /// Append another accumulator whose runs come after this one's. Everything but the
    /// per-run budget and campaign lists is order-free.
    pub fn merge(&mut self, mut o: Accum) {
        for (a, b) in self.hists.iter_mut().zip(&o.hists) {
            a.merge(b);
        }
        self.flush();
        o.flush();
        for (a, b) in self.reals.iter_mut().zip(&o.reals) {
            a.merge(b);
        }
        for (a, b) in self.event_hits.iter_mut().zip(&o.event_hits) {
            *a += b;
        }
        self.budget.extend(o.budget);
        self.campaign.extend(o.campaign);
        self.runs += o.runs;
    }

    /// Move the pending runs' real metrics into their columns.
    fn flush(&mut self) {
        flush_into(&mut self.reals, &self.pending);
        self.pending.clear();
    }

    /// The real-valued columns with the pending runs' values in.
    fn columns(&self) -> std::borrow::Cow<'_, [RealHist]> {
        if self.pending.is_empty() {
            return std::borrow::Cow::Borrowed(&self.reals);
        }
        let mut reals = self.reals.clone();
        flush_into(&mut reals, &self.pending);
        std::borrow::Cow::Owned(reals)
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
        // Each (metric, week) column is summarised on its own: in parallel natively (a
        // sketched column's percentiles call `exp`), with the same result whatever the
        // thread count.
        let reals = self.columns();
        let column = |k: usize| -> Option<(f64, [f64; 7])> {
            let h = &reals[k];
            let mean = h.mean()?;
            let mut q = [0.0; 7];
            for (pi, p) in PERCENTILES.iter().enumerate() {
                q[pi] = h.quantile(*p).unwrap_or(f64::NAN);
            }
            Some((mean, q))
        };
        #[cfg(feature = "parallel")]
        let columns: Vec<Option<(f64, [f64; 7])>> = {
            use rayon::prelude::*;
            (0..n_real * nw).into_par_iter().map(column).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Option<(f64, [f64; 7])>> = (0..n_real * nw).map(column).collect();
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
            .enumerate()
            .map(|(j, e)| {
                let p = match m::kind(e.metric) {
                    Kind::Count => {
                        let ci = count_metrics().position(|x| x == e.metric).unwrap_or(0);
                        self.hists[ci * nw + e.week].share(|x| e.op.holds(x, e.value))
                    }
                    Kind::Real => self.event_hits.get(j).copied().unwrap_or(0) as f64 / runs.max(1) as f64,
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

    use crate::dist::uniform01;
    use crate::rng::SimRng;
    use rand::SeedableRng;

    /// Type 7 percentiles of the finite values, sorted as before (by `total_cmp`).
    fn sorted_percentiles(values: &[f64]) -> Vec<Option<f64>> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_unstable_by(f64::total_cmp);
        PERCENTILES.iter().chain(&[0.0, 0.37, 1.0]).map(|p| quantile_sorted(&v, *p)).collect()
    }
    fn hist_percentiles(h: &RealHist) -> Vec<Option<f64>> {
        PERCENTILES.iter().chain(&[0.0, 0.37, 1.0]).map(|p| h.quantile(*p)).collect()
    }
    fn hist_of(values: &[f64]) -> RealHist {
        let mut h = RealHist::default();
        for &v in values {
            h.add(v);
        }
        h
    }
    /// A lognormal draw (Box-Muller; the test needs spread, not a particular sampler).
    fn lognormal(rng: &mut SimRng, mu: f64, sigma: f64) -> f64 {
        let (u, v) = (1.0 - uniform01(rng), uniform01(rng));
        let z = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        (mu + sigma * z).exp()
    }

    #[test]
    fn exact_keys_order_as_total_cmp_and_round_trip() {
        let xs = [f64::NEG_INFINITY, -1e300, -2.5, -1e-310, -0.0, 0.0, 1e-310, 0.1, 1.0, 3.0, 1e300];
        for w in xs.windows(2) {
            assert!(exact_key(w[0]) < exact_key(w[1]), "{} {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(exact_value(exact_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn ln_gamma_is_that_of_the_accuracy() {
        // ln((1 + a) / (1 - a)) = ln(1 + a) - ln(1 - a), without rounding the ratio.
        let direct = libm::log1p(SKETCH_ACCURACY) - libm::log1p(-SKETCH_ACCURACY);
        assert!((LN_GAMMA - direct).abs() <= 2.0 * f64::EPSILON * LN_GAMMA, "{LN_GAMMA} vs {direct}");
    }

    #[test]
    fn exact_mode_percentiles_equal_the_sorted_values_bit_for_bit() {
        let mut rng = SimRng::seed_from_u64(7);
        for n in [1usize, 2, 3, 10, 128, 1000, EXACT_CAP] {
            // Ties (a few repeated rates and integers), zeros, continuous values and NaN,
            // as the rate, caseload and money metrics give.
            let values: Vec<f64> = (0..n)
                .map(|_| match (uniform01(&mut rng) * 5.0) as u32 {
                    0 => (uniform01(&mut rng) * 8.0).floor() / 7.0,
                    1 => 0.0,
                    2 => f64::NAN,
                    3 => (uniform01(&mut rng) * 1e7).round() / 100.0,
                    _ => lognormal(&mut rng, 3.0, 0.4),
                })
                .collect();
            let h = hist_of(&values);
            assert!(!h.is_sketch(), "n = {n}");
            let (a, b) = (hist_percentiles(&h), sorted_percentiles(&values));
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.map(f64::to_bits), y.map(f64::to_bits), "n = {n}: {x:?} vs {y:?}");
            }
            let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
            assert_eq!(h.n(), finite.len() as u64);
            if let Some(mean) = h.mean() {
                let naive = finite.iter().sum::<f64>() / finite.len() as f64;
                assert!((mean - naive).abs() <= 1e-12 * naive.abs(), "n = {n}: {mean} vs {naive}");
            }
        }
        assert_eq!(RealHist::default().quantile(0.5), None);
        assert_eq!(RealHist::default().mean(), None);
    }

    #[test]
    fn the_exact_sum_is_exact_and_order_free() {
        let mut s = ExactSum::default();
        for x in [1e16, 1.0, -1e16, 0.1, 5e-324, -0.1] {
            s.add(x);
        }
        // 1 + 5e-324 rounds to 1: the sum is exact before the final conversion.
        assert_eq!(s.value(), 1.0);
        let mut t = ExactSum::default();
        t.add(0.1);
        t.add(0.2);
        // 0.1 + 0.2 in binary is 0.3000000000000000166..., correctly rounded to the
        // double above 0.3, as `0.1 + 0.2` itself is.
        assert_eq!(t.value(), 0.1 + 0.2);
        let mut u = ExactSum::default();
        u.add(0.2);
        u.merge(&{
            let mut v = ExactSum::default();
            v.add(0.1);
            v
        });
        assert_eq!(t, u);
    }

    #[test]
    fn sketch_percentiles_are_within_the_documented_relative_error() {
        let mut rng = SimRng::seed_from_u64(11);
        // 50,000 lognormal values (spread as money across runs, sigma 0.3, and a long tail,
        // sigma 1.5), one in ten zero: far more distinct values than the cap.
        for sigma in [0.3, 1.5] {
            let values: Vec<f64> = (0..50_000)
                .map(|i| if i % 10 == 3 { 0.0 } else { lognormal(&mut rng, 11.0, sigma) })
                .collect();
            let h = hist_of(&values);
            assert!(h.is_sketch());
            let exact = sorted_percentiles(&values);
            for (x, y) in hist_percentiles(&h).iter().zip(&exact) {
                let (x, y) = (x.unwrap(), y.unwrap());
                // The bound of `RealHist`'s documentation: |q' - q| <= (a + 1e-12) |q|.
                assert!((x - y).abs() <= (SKETCH_ACCURACY + 1e-12) * y.abs(), "sigma {sigma}: {x} vs {y}");
            }
            // Zero is kept exactly (p0 is a zero), the mean is exact whatever the mode.
            assert_eq!(h.quantile(0.0), Some(0.0));
            let naive = values.iter().sum::<f64>() / values.len() as f64;
            assert!((h.mean().unwrap() - naive).abs() <= 1e-12 * naive);
            // Buckets: at most ln(max / min) / ln(gamma) + 1 non-zero ones, plus zero's.
            let pos: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
            let (lo, hi) = pos.iter().fold((f64::MAX, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
            assert!(h.len() as f64 <= (hi / lo).ln() / LN_GAMMA + 2.0);
        }
    }

    #[test]
    fn negative_values_mirror_the_positive_ones_in_a_sketch() {
        let mut rng = SimRng::seed_from_u64(5);
        let values: Vec<f64> = (0..10_000).map(|_| lognormal(&mut rng, 0.0, 2.0) - 1.0).collect();
        let h = hist_of(&values);
        assert!(h.is_sketch());
        let mut sorted = values.clone();
        sorted.sort_unstable_by(f64::total_cmp);
        for p in PERCENTILES {
            let q = quantile_sorted(&sorted, p).unwrap();
            let h_lo = (sorted.len() - 1) as f64 * p;
            let (a, b) = (sorted[h_lo.floor() as usize], sorted[h_lo.ceil() as usize]);
            let f = h_lo - h_lo.floor();
            // The general bound: a ((1 - f) |x_(k)| + f |x_(k+1)|), with the rounding slack.
            let bound = (SKETCH_ACCURACY + 1e-12) * ((1.0 - f) * a.abs() + f * b.abs());
            assert!((h.quantile(p).unwrap() - q).abs() <= bound, "p {p}");
        }
    }

    /// Values crossing the cap part-way, for the tests of order.
    fn crossing_values() -> Vec<f64> {
        let mut rng = SimRng::seed_from_u64(3);
        (0..3 * EXACT_CAP)
            .map(|i| match i % 7 {
                0 => f64::NAN,
                1 => 0.0,
                2 => (uniform01(&mut rng) * 20.0).floor() / 19.0,
                _ => (lognormal(&mut rng, 12.0, 0.2) * 100.0).round() / 100.0,
            })
            .collect()
    }

    #[test]
    fn merging_gives_the_same_column_whatever_the_grouping() {
        let values = crossing_values();
        let one = hist_of(&values);
        assert!(one.is_sketch());
        for block in [1usize, 7, 128, 1000, EXACT_CAP + 1, values.len()] {
            let blocks: Vec<RealHist> = values.chunks(block).map(hist_of).collect();
            // Left to right, as `simulate` merges blocks...
            let mut left = RealHist::default();
            for b in &blocks {
                left.merge(b);
            }
            // ... right to left, and as a tree of pairs.
            let mut right = RealHist::default();
            for b in blocks.iter().rev() {
                right.merge(b);
            }
            let mut level = blocks.clone();
            while level.len() > 1 {
                level = level
                    .chunks(2)
                    .map(|p| {
                        let mut a = p[0].clone();
                        if let Some(b) = p.get(1) {
                            a.merge(b);
                        }
                        a
                    })
                    .collect();
            }
            for (name, h) in [("left", &left), ("right", &right), ("tree", &level[0])] {
                assert_eq!(h, &one, "blocks of {block}, merged {name}");
                assert_eq!(hist_percentiles(h), hist_percentiles(&one));
                assert_eq!(h.mean().map(f64::to_bits), one.mean().map(f64::to_bits));
            }
        }
        // And in exact mode (fewer distinct values than the cap).
        let few = &values[..EXACT_CAP / 2];
        let whole = hist_of(few);
        assert!(!whole.is_sketch());
        let mut merged = RealHist::default();
        for b in few.chunks(128).rev() {
            merged.merge(&hist_of(b));
        }
        assert_eq!(merged, whole);
    }

    #[test]
    fn switching_to_a_sketch_midway_equals_sketching_from_the_start() {
        let values = crossing_values();
        let switched = hist_of(&values);
        assert!(switched.is_sketch());
        let mut direct = RealHist { sketch: true, ..RealHist::default() };
        for &v in &values {
            direct.add(v);
        }
        assert_eq!(switched, direct);
        // The switch happens when the distinct values exceed the cap, not before.
        let distinct = |vals: &[f64]| {
            let mut k: Vec<i64> = vals.iter().filter(|v| v.is_finite()).map(|v| exact_key(*v)).collect();
            k.sort_unstable();
            k.dedup();
            k.len()
        };
        let mut h = RealHist::default();
        for (i, &v) in values.iter().enumerate() {
            h.add(v);
            assert_eq!(h.is_sketch(), distinct(&values[..=i]) > EXACT_CAP, "after {} values", i + 1);
            if h.is_sketch() {
                break;
            }
        }
    }

    #[test]
    fn events_on_real_metrics_are_counted_as_runs_are_added() {
        use crate::scenario::Op;
        let nw = 3;
        let week = 2;
        let ev =
            |metric: usize, op: Op, value: f64| EventSpec { metric, op, value, week, label: String::new() };
        let events = [
            ev(m::CASELOAD, Op::Ge, 15.0),
            ev(m::IA_ON_TIME, Op::Lt, 0.5),
            ev(m::SPEND, Op::Le, 1000.0),
            ev(m::LAC, Op::Ge, 1.0),
        ];
        let mut rng = SimRng::seed_from_u64(9);
        let records: Vec<super::super::RunRecord> = (0..500)
            .map(|_| {
                let mut r = super::super::RunRecord {
                    weekly: (0..m::N * nw).map(|_| uniform01(&mut rng) * 30.0).collect(),
                    ..Default::default()
                };
                r.weekly[m::IA_ON_TIME * nw + week] =
                    if uniform01(&mut rng) < 0.2 { f64::NAN } else { uniform01(&mut rng) };
                r.weekly[m::SPEND * nw + week] = (uniform01(&mut rng) * 2000.0).round();
                r
            })
            .collect();
        let mut acc = Accum::new(nw, 0, 0, &events);
        let mut blocks = Accum::new(nw, 0, 0, &events);
        for chunk in records.chunks(128) {
            let mut b = Accum::new(nw, 0, 0, &events);
            for r in chunk {
                acc.add(r);
                b.add(r);
            }
            blocks.merge(b);
        }
        for (j, e) in events.iter().enumerate() {
            let expected = if m::kind(e.metric) == Kind::Real {
                records
                    .iter()
                    .filter(|r| {
                        let x = r.weekly[e.metric * nw + e.week];
                        x.is_finite() && e.op.holds(x, e.value)
                    })
                    .count() as u64
            } else {
                0
            };
            assert_eq!(acc.event_hits[j], expected, "event {j}");
            assert_eq!(blocks.event_hits[j], expected, "event {j}, merged");
            assert!(m::kind(e.metric) == Kind::Count || expected > 0);
        }
    }

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
