//! Summaries across runs: per weekly metric the mean and percentiles (Hyndman-Fan type 7,
//! as numpy, R and Excel's PERCENTILE.INC), per budget line and financial year the same
//! plus the probability of overspend, and event probabilities.
//!
//! Memory does not grow with the number of runs except for the budget table:
//!
//! - Whole-number metrics are accumulated as exact histograms ([`IntHist`]: memory grows
//!   with the range of values, merging is order-free).
//! - Real-valued metrics (rates, caseload, money) are accumulated per (metric, week)
//!   column, first as the values themselves while a column has at most [`RAW_CAP`]
//!   (4,096) of them (a `RealCol`: 8 bytes a value, at most 34 MB for the preset; the
//!   percentiles are then read by selection and the mean from an exact sum when the
//!   summary is built, equal bit for bit to what the histogram below would give), then
//!   in a [`RealHist`]: an exact histogram of the distinct values while there are
//!   at most [`EXACT_CAP`] (4,096) of them, so percentiles equal those of the sorted
//!   values bit for bit; beyond, a log-bucketed sketch (as DDSketch) whose percentiles
//!   are within a relative [`SKETCH_ACCURACY`] (0.01 %) of the exact ones. The mean comes
//!   from an exact sum in both cases. A column's state depends only on the multiset of its
//!   values, so the summary is the same whatever the order and grouping of merges (the
//!   thread count). A column is a `hashbrown` table of 16-byte entries and a control byte
//!   each, at most 8,192 buckets for an exact column: at most 1,040 columns x 8,192 x
//!   17 bytes = 145 MB for the preset's 10 real metrics x 104 weeks, however many runs;
//!   in practice (preset, 100,000 runs) about 1 million entries in a few tens of MB, with
//!   only `spend` and `spend_placements` sketched.
//! - Runs not yet counted into the histograms are kept as they came, at most
//!   [`FLUSH_RUNS`] runs in an [`Accum`] (and a wave's runs in `simulate`): 17 KiB a run
//!   for the preset, 18 MB for 1,024 runs.
//! - Events on real metrics are counted as runs are added.
//! - Budget spend (per run, financial year and line) and campaign hires (per run and
//!   campaign) are kept per run, in run order, for exact money percentiles and the
//!   probability of overspend: 16 bytes x 3 years x 7 lines = 336 bytes a run for the
//!   preset, 34 MB at 100,000 runs (336 MB at the limit of 1,000,000 runs).

use super::metrics::{self as m, Kind};
use crate::money::Money;
use crate::scenario::{EventSpec, LINES, Op, Scenario};
use hashbrown::HashMap;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The percentiles reported, as fractions.
pub const PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];
/// Their names in the JSON and CSV.
pub const PERCENTILE_NAMES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// Exact histogram of non-negative whole numbers: a count per value, so adding one is a
/// bounds check and an increment. The sum for the mean follows from the counts.
#[derive(Clone, Debug, Default)]
pub struct IntHist {
    counts: Vec<u32>,
    n: u64,
}

impl IntHist {
    #[inline]
    pub fn add(&mut self, v: u64) {
        self.count(v);
        self.n += 1;
    }
    /// Count a value without counting it in `n` (the caller adds to `n` in bulk).
    #[inline]
    fn count(&mut self, v: u64) {
        let i = v as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
    }
    pub fn merge(&mut self, o: &IntHist) {
        if o.counts.len() > self.counts.len() {
            self.counts.resize(o.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += *b;
        }
        self.n += o.n;
    }
    pub fn n(&self) -> u64 {
        self.n
    }
    /// The exact sum of the values.
    fn sum(&self) -> u128 {
        self.counts.iter().enumerate().map(|(v, &c)| v as u128 * c as u128).sum()
    }
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum() as f64 / self.n as f64)
    }
    /// Type 7 percentile.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        self.quantiles(&[p]).map(|q| q[0])
    }
    /// Type 7 percentiles of the given fractions, from one pass over the counts.
    pub fn quantiles<const K: usize>(&self, ps: &[f64; K]) -> Option<[f64; K]> {
        (self.n > 0).then(|| type7_of_counts(self.n, self.counts.iter().copied(), |v| v as f64, ps))
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

/// Type 7 percentile `p` of `n > 0` values (Hyndman and Fan's definition 7, as numpy, R
/// and Excel's PERCENTILE.INC): with `h = (n - 1) p`, the `floor(h)`-th smallest value
/// plus `h - floor(h)` of the way to the next, from `kth(k)`, the k-th smallest value
/// (0-based). The one copy of this arithmetic in `f64` (the budget table's money
/// percentiles are [`crate::money::percentile_type7`], in decimal), so the histograms'
/// percentiles equal [`quantile_sorted`]'s bit for bit.
#[inline]
fn type7(n: u64, p: f64, kth: impl Fn(u64) -> f64) -> f64 {
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let k = lo as u64;
    let a = kth(k);
    let b = if k + 1 < n { kth(k + 1) } else { a };
    a + (h - lo) * (b - a)
}

/// Type 7 percentiles of `n > 0` values given as counts of distinct values in increasing
/// order, `value(i)` being the i-th distinct value: one pass over the counts.
fn type7_of_counts<const K: usize>(
    n: u64,
    counts: impl Iterator<Item = u32>,
    value: impl Fn(usize) -> f64,
    ps: &[f64; K],
) -> [f64; K] {
    // Values up to and including each distinct one; the k-th smallest value (0-based) is
    // the first with more than k values up to it.
    let mut seen = 0u64;
    let cum: Vec<u64> = counts
        .map(|c| {
            seen += c as u64;
            seen
        })
        .collect();
    let kth = |k: u64| value(cum.partition_point(|&c| c <= k).min(cum.len().saturating_sub(1)));
    ps.map(|p| type7(n, p, kth))
}

/// Type 7 percentile of sorted values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    (!sorted.is_empty()).then(|| type7(sorted.len() as u64, p, |k| sorted[k as usize]))
}

/// Most distinct values a real-valued column keeps exactly. Beyond it the column becomes
/// a sketch. Memory: an entry is a 16-byte `(i64, u32)` (padded) plus a control byte in a
/// `hashbrown` table (at most 7/8 full, buckets a power of two), so a column at the cap
/// holds 8,192 buckets, 136 KiB, and the preset's 10 real metrics x 104 weeks = 1,040
/// columns hold at most 1,040 x 8,192 x 17 B = 145 MB however many runs (at 100,000 runs
/// of the preset, peak memory of the whole program is about 110 MB). 4,096 rather than
/// 2,048: every column stays exact up to 4,096 runs (the preset's default is 1,000; 2,000
/// is common), and at 100,000 runs of the preset most columns still are (rates and
/// caseload take at most about 3,000 distinct values a week, permanent staffing spend
/// about 4,070); only weekly `spend` and `spend_placements` are sketched, about 1,000 to
/// 4,000 buckets a week.
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
        self.add_times(x, 1);
    }
    /// Add `x` `c` times: `c (m << (s % 32))` into its group, the same integer as `c`
    /// additions (below 2^116 for `c < 2^32`, so no overflow).
    #[inline]
    fn add_times(&mut self, x: f64, c: u32) {
        if let Some((g, v)) = Self::term(x, c) {
            self.add_group(g, v);
        }
    }
    /// `x` as its group and the signed integer it adds into it (0 for a zero), without a
    /// branch: `m << (s % 32)` in group `s / 32`, where `m` is the significand (with its
    /// implicit bit) and `s` the biased exponent less one (0 for subnormals).
    #[inline(always)]
    fn split(x: f64) -> (usize, i128) {
        let bits = x.to_bits();
        let e = (bits >> 52) & 0x7ff;
        let normal = u64::from(e != 0);
        let m = (bits & ((1u64 << 52) - 1)) | (normal << 52);
        let s = e - normal;
        let v = (m as i128) << (s % 32);
        // 0 or -1: v, or -v for a negative value.
        let neg = -((bits >> 63) as i128);
        ((s / 32) as usize, (v ^ neg).wrapping_sub(neg))
    }
    /// `c` times `x` as its group and the integer added into it (None for zero).
    #[inline]
    fn term(x: f64, c: u32) -> Option<(u16, i128)> {
        let (g, v) = Self::split(x);
        (v != 0).then(|| (g as u16, v * c as i128))
    }
    /// The sum of values each added `c` times: the same groups and integers as
    /// [`ExactSum::add_times`] one by one, added in a dense array of the 64 groups.
    fn of_counts(values: impl Iterator<Item = (f64, u32)>) -> ExactSum {
        let mut dense = [0i128; 64];
        let mut used = 0u64;
        for (g, v) in values.filter_map(|(x, c)| Self::term(x, c)) {
            let g = g as usize;
            dense[g] = dense[g].wrapping_add(v);
            used |= 1 << g;
        }
        let groups = (0..64u16).filter(|&g| used >> g & 1 == 1).map(|g| (g, dense[g as usize])).collect();
        ExactSum { groups }
    }
    /// `ExactSum` of the values `xs`, each added once, then [`ExactSum::value`]: the same
    /// integers in the same groups, converted the same way ([`ExactSum::sum_groups`]). A
    /// group whose integer is zero adds `+0.0` to a sum that is never `-0.0`, so leaving
    /// out the groups no value fell in changes nothing.
    ///
    /// Values of one sign and biased exponent (one `top`, the bits above the significand
    /// field) have the same shift, group and sign in [`ExactSum::split`], so their terms
    /// add up to that shift of the sum of their significands, which is the sum of their
    /// significand fields plus the implicit bit times their count: a value costs a mask and
    /// an add into its binade's running sum, kept in one of 16 slots by the exponent's low
    /// bits (a column's values span a few binades, so a slot rarely changes hands; when it
    /// does, its binade is moved into the groups first). The values are taken 4,096 at a
    /// time, so that a binade's sum of fields (each below 2^52) fits a `u64`. The integers
    /// are exact (below 2^127 for fewer than 2^43 values), so the groups' integers are
    /// those of adding the values one by one.
    fn value_of(xs: &[f64]) -> f64 {
        /// A binade's values so far: the sum of their significand fields, and how many.
        #[derive(Clone, Copy, Default)]
        struct Binade {
            top: u64,
            fields: u64,
            count: u64,
        }
        /// Add a binade's values into their group.
        fn settle(dense: &mut [i128; 64], b: &Binade) {
            let e = b.top & 0x7ff;
            let normal = u64::from(e != 0);
            let s = e - normal;
            let m = u128::from(b.fields) + (u128::from(b.count * normal) << 52);
            let v = (m as i128) << (s % 32);
            let g = (s / 32) as usize;
            dense[g] = if b.top >> 11 == 1 { dense[g].wrapping_sub(v) } else { dense[g].wrapping_add(v) };
        }
        const FIELD: u64 = (1 << 52) - 1;
        let mut dense = [0i128; 64];
        for part in xs.chunks(1 << 12) {
            let mut slots = [Binade::default(); 16];
            for &x in part {
                let bits = x.to_bits();
                let top = bits >> 52;
                let b = &mut slots[(top & 15) as usize];
                if b.top != top {
                    settle(&mut dense, b);
                    *b = Binade { top, ..Binade::default() };
                }
                b.fields += bits & FIELD;
                b.count += 1;
            }
            for b in &slots {
                settle(&mut dense, b);
            }
        }
        Self::sum_groups(dense.iter().enumerate().filter(|(_, v)| **v != 0).map(|(g, &v)| (g, v)))
    }
    /// Groups' integers, smallest group first, converted (correctly rounded), scaled
    /// exactly and added up.
    fn sum_groups(groups: impl Iterator<Item = (usize, i128)>) -> f64 {
        groups.fold(0.0, |acc, (g, v)| acc + libm::scalbn(v as f64, 32 * g as i32 - 1074))
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
        Self::sum_groups(self.groups.iter().map(|&(g, v)| (g as usize, v)))
    }
}

/// One real-valued column (a metric in a week) across runs: count, exact sum, and an
/// exact histogram of its distinct values or, past [`EXACT_CAP`] distinct values, a
/// log-bucketed sketch. Non-finite values (NaN: undefined) are skipped.
///
/// **Storage.** The histogram is a `hashbrown` map from key to count (with a fixed
/// hasher, [`KeyHasher`]), so adding a value is a hash and a probe or two, whatever the
/// column's size; the entries are sorted only when the percentiles are read. In exact
/// mode the sum is not kept apart: it follows exactly from the distinct values and their
/// counts ([`ExactSum`] of each value times its count, the same integers as adding the
/// values one by one). In sketch mode, where the buckets have lost the values, the
/// [`ExactSum`] of every value is kept as values come.
///
/// **Order-free.** The state depends only on the multiset of values added, whatever the
/// order and grouping of `add` and `merge`: the histogram is a multiset (the table's
/// layout differs, but nothing reads it except through the sorted entries; equality
/// compares those); the column is a sketch exactly when the values had more than
/// [`EXACT_CAP`] distinct values (a sketch merged with anything stays one, since it had);
/// and a sketch's counts are those of each value's bucket, whether the value was added to
/// the sketch or first kept exactly and converted (conversion re-keys each distinct value
/// to its bucket and adds counts). The mean is the [`ExactSum`] divided by the count, the
/// same in both modes.
///
/// **Exact mode.** Percentiles interpolate between the k-th and (k+1)-th smallest values
/// read from the sorted histogram, with the same arithmetic ([`type7`]) as
/// [`quantile_sorted`] on the sorted values, so they are equal bit for bit.
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
#[derive(Clone, Debug, Default)]
pub struct RealHist {
    /// The histogram: count by key; keys are [`exact_key`]s, or [`bucket_key`]s when
    /// `sketch`. Counts fit in `u32`: a column has at most one value a run, and runs are
    /// limited to [`crate::limits::MAX_RUNS`]. Its iteration order is never read except
    /// through [`Self::sorted_entries`] (or for order-free sums and merges).
    map: HashMap<i64, u32, KeyHash>,
    sketch: bool,
    n: u64,
    /// Sketch mode: the exact sum of all values. Exact mode: empty (see the storage note).
    sum: ExactSum,
}

/// The hash of a column's keys: a fixed folded multiply (the 128-bit product of the key
/// and the golden-ratio constant, its two halves XORed), as foldhash does, so that the
/// low bits (hashbrown's bucket) and the top bits (its tag) both depend on every bit of
/// the key; keys of whole-number values have their low 40-odd bits zero. No random seed:
/// nothing reads the table's order, and it builds without OS entropy (WebAssembly).
#[derive(Clone, Copy, Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn write_i64(&mut self, k: i64) {
        let p = (k as u64 as u128) * 0x9E37_79B9_7F4A_7C15;
        self.0 = (p as u64) ^ ((p >> 64) as u64);
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not used by `i64` keys; a correct fallback all the same.
        for &b in bytes {
            self.write_i64(self.0 as i64 ^ b as i64);
        }
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type KeyHash = BuildHasherDefault<KeyHasher>;

/// The capacity below which [`RealHist::shrink`] leaves a table alone.
const MIN_CAPACITY: usize = 8;

impl PartialEq for RealHist {
    /// Same values: count, mode, sorted entries and sum (not the table's layout).
    fn eq(&self, o: &RealHist) -> bool {
        self.n == o.n
            && self.sketch == o.sketch
            && self.len() == o.len()
            && self.sum == o.sum
            && self.sorted_entries() == o.sorted_entries()
    }
}

impl RealHist {
    /// Add a value (skipped unless finite).
    #[inline]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.n += 1;
        if self.sketch {
            self.sum.add(x);
            self.insert(bucket_key(x), 1);
        } else {
            self.insert(exact_key(x), 1);
        }
    }

    /// Add `c` to `k`'s count (a key of the current mode), turning the column into a
    /// sketch when it passes the cap.
    #[inline]
    fn insert(&mut self, k: i64, c: u32) {
        *self.map.entry(k).or_insert(0) += c;
        if !self.sketch && self.map.len() > EXACT_CAP {
            self.become_sketch();
        }
    }

    /// Make room for `m` more distinct values (in exact mode, up to the cap) before adding
    /// many values, so that the table grows once rather than doubling step by step.
    fn reserve(&mut self, m: usize) {
        if !self.sketch {
            let want = (self.map.len() + m).min(EXACT_CAP);
            self.map.reserve(want - self.map.len());
        }
    }

    /// Shrink a table four or more times larger than needed (after [`Self::reserve`]
    /// for values that were mostly repeats), to twice its entries.
    fn shrink(&mut self) {
        let want = (2 * self.map.len()).max(MIN_CAPACITY);
        if self.map.capacity() > 2 * want {
            self.map.shrink_to(want);
        }
    }

    /// The `(key, count)` entries, in the table's order.
    fn entries(&self) -> impl Iterator<Item = (i64, u32)> + '_ {
        self.map.iter().map(|(&k, &c)| (k, c))
    }

    /// The entries sorted by key (so by value).
    fn sorted_entries(&self) -> Vec<(i64, u32)> {
        let mut v: Vec<(i64, u32)> = self.entries().collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// The exact sum of the values added.
    fn exact_sum(&self) -> ExactSum {
        if self.sketch {
            return self.sum.clone();
        }
        ExactSum::of_counts(self.entries().map(|(k, c)| (exact_value(k), c)))
    }

    /// Add another column's values.
    pub fn merge(&mut self, o: &RealHist) {
        if self.n == 0 && !self.sketch {
            *self = o.clone();
            return;
        }
        self.n += o.n;
        if o.sketch && !self.sketch {
            self.become_sketch();
        }
        if o.sketch {
            self.sum.merge(&o.sum);
            for (k, c) in o.entries() {
                self.insert(k, c);
            }
            return;
        }
        // `o` is exact; `self` may turn into a sketch part-way.
        for (k, c) in o.entries() {
            if self.sketch {
                let x = exact_value(k);
                self.sum.add_times(x, c);
                self.insert(bucket_key(x), c);
            } else {
                self.insert(k, c);
            }
        }
    }

    /// Re-key the distinct values by bucket (adding the counts of values in the same
    /// bucket), keeping their exact sum.
    fn become_sketch(&mut self) {
        self.sum = self.exact_sum();
        self.sketch = true;
        // As many buckets as distinct values at most.
        let n = self.map.len();
        let exact =
            std::mem::replace(&mut self.map, HashMap::with_capacity_and_hasher(n, KeyHash::default()));
        for (k, c) in exact {
            *self.map.entry(bucket_key(exact_value(k))).or_insert(0) += c;
        }
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
        self.map.len()
    }
    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The exact sum divided by the count.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.exact_sum().value() / self.n as f64)
    }

    fn value_of(&self, key: i64) -> f64 {
        if self.sketch { bucket_value(key) } else { exact_value(key) }
    }

    /// Type 7 percentiles of the given fractions, from one sort of the entries: exact in
    /// exact mode, within `(a + 1e-12) |q|` in sketch mode. `None` if no value was added.
    pub fn quantiles<const K: usize>(&self, ps: &[f64; K]) -> Option<[f64; K]> {
        if self.n == 0 {
            return None;
        }
        let sorted = self.sorted_entries();
        Some(type7_of_counts(self.n, sorted.iter().map(|e| e.1), |i| self.value_of(sorted[i].0), ps))
    }

    /// Type 7 percentile: exact in exact mode, within `(a + 1e-12) |q|` in sketch mode.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        self.quantiles(&[p]).map(|q| q[0])
    }
}

/// Most values a real column of an [`Accum`] keeps as they came ([`RealCol::Raw`]) before
/// it becomes a [`RealHist`]: [`EXACT_CAP`], so that a raw column never has more distinct
/// values than an exact histogram holds, and its percentiles and mean, read from the
/// values themselves, equal the histogram's bit for bit. Memory: 8 bytes a value, at most
/// 1,040 x 4,096 x 8 B = 34 MB for the preset's real columns, whatever the run count.
pub const RAW_CAP: usize = EXACT_CAP;

/// A real-valued column (a metric in a week) of an [`Accum`]: its finite values as they
/// came while there are at most [`RAW_CAP`] of them, then a [`RealHist`].
///
/// Keeping the values is cheaper than counting them into a hash table as they come (a
/// store, against a hash and a probe): their type 7 percentiles are then read by
/// selection ([`select_ranks`]) and their mean from an [`ExactSum`] of the values, once,
/// when the summary is built. Both depend only on the multiset of values, and with at
/// most [`EXACT_CAP`] values a [`RealHist`] of the same values would be exact, with the
/// same percentiles (the k-th smallest values, through [`type7`]) and the same exact sum
/// (the same integers in the same groups), so the summary does not depend on when, or
/// whether, a column turned into a histogram: that happens when a flush or merge would
/// take it past [`RAW_CAP`] values, and the histogram then holds the same multiset.
#[derive(Clone, Debug)]
enum RealCol {
    /// The finite values, in no particular order.
    Raw(Vec<f64>),
    Hist(RealHist),
}

impl Default for RealCol {
    fn default() -> Self {
        RealCol::Raw(Vec::new())
    }
}

impl RealCol {
    /// Values added (finite ones).
    #[cfg(test)]
    fn n(&self) -> u64 {
        match self {
            RealCol::Raw(v) => v.len() as u64,
            RealCol::Hist(h) => h.n(),
        }
    }

    /// The histogram, made from the raw values if the column has not become one yet.
    fn hist_mut(&mut self) -> &mut RealHist {
        if let RealCol::Raw(v) = self {
            let mut h = RealHist::default();
            h.reserve(v.len());
            for &x in v.iter() {
                h.add(x);
            }
            h.shrink();
            *self = RealCol::Hist(h);
        }
        match self {
            RealCol::Hist(h) => h,
            RealCol::Raw(_) => unreachable!("made a histogram above"),
        }
    }

    /// Room for `m` more values: `true` if they can be kept raw (the column is raw and
    /// would hold at most [`RAW_CAP`] values), else the column is (now) a histogram. A raw
    /// column that must grow is given room for `expected` values (at most [`RAW_CAP`])
    /// if that is more: memory only, the values and so the output are the same.
    fn room_for(&mut self, m: usize, expected: usize) -> bool {
        if let RealCol::Raw(v) = self
            && v.len() + m <= RAW_CAP
        {
            if v.capacity() < v.len() + m {
                let want = (v.len() + m).max(expected.min(RAW_CAP));
                v.reserve_exact(want - v.len());
            }
            return true;
        }
        self.hist_mut().reserve(m);
        false
    }

    /// Add another column's values.
    fn merge(&mut self, o: &RealCol) {
        match o {
            RealCol::Raw(w) => {
                if self.room_for(w.len(), 0)
                    && let RealCol::Raw(v) = self
                {
                    v.extend_from_slice(w);
                } else {
                    let h = self.hist_mut();
                    for &x in w {
                        h.add(x);
                    }
                }
            }
            RealCol::Hist(oh) => self.hist_mut().merge(oh),
        }
    }

    /// Mean and the [`PERCENTILES`], `None` if no value was added.
    fn stats(&self, scratch: &mut SelectScratch) -> Option<(f64, [f64; 7])> {
        match self {
            RealCol::Hist(h) => Some((h.mean()?, h.quantiles(&PERCENTILES)?)),
            RealCol::Raw(v) => {
                if v.is_empty() {
                    return None;
                }
                let n = v.len() as u64;
                let mean = ExactSum::value_of(v) / n as f64;
                // The ranks type 7 reads, the k-th and (k+1)-th smallest for each
                // percentile: increasing, since k does not decrease with p, and distinct.
                let mut ranks = [0usize; RANKS];
                let mut m = 0;
                for p in PERCENTILES {
                    let k = ((n - 1) as f64 * p).floor() as usize;
                    for r in [k, k + 1] {
                        if r < v.len() && (m == 0 || ranks[m - 1] < r) {
                            ranks[m] = r;
                            m += 1;
                        }
                    }
                }
                let ranks = &ranks[..m];
                let mut at = [0.0; RANKS];
                select_ranks(v, ranks, 0, &mut at[..m], scratch);
                let q = PERCENTILES.map(|p| type7(n, p, |k| at[ranks.partition_point(|&r| (r as u64) < k)]));
                Some((mean, q))
            }
        }
    }
}

/// Most ranks [`select_ranks`] is asked for: two for each percentile.
const RANKS: usize = 2 * PERCENTILES.len();

/// Sets of at most this many values [`select_ranks`] sorts rather than buckets.
const SELECT_SORT: usize = 16;

/// Scratch space for [`select_ranks`], kept from one column to the next.
#[derive(Debug, Default)]
struct SelectScratch {
    /// Each value's bucket.
    buckets: Vec<u8>,
    /// The values of the buckets that hold a wanted rank, bucket after bucket.
    picked: Vec<f64>,
}

/// The values of the given ranks among `values` (finite, in no particular order) in the
/// order of [`exact_key`] (so of [`f64::total_cmp`]): `out[i]` is the `(ranks[i] -
/// base)`-th smallest (0-based), for at most [`RANKS`] increasing, distinct ranks.
///
/// One pass counts the values into up to 256 buckets of equal width between the least and
/// the greatest value (`(x - lo) * scale`, rounded), a walk of the counts finds the
/// bucket of each rank and how many values lie below it, and a second pass picks the
/// values of those buckets, in which the ranks are then found the same way (a bucket of
/// at most [`SELECT_SORT`] values is sorted). Each step of that arithmetic is correctly
/// rounded, so monotone: a value's bucket never decreases as the value grows, and values
/// that compare equal (`-0.0` and `0.0`) share one; so every value of a bucket comes after
/// those of the buckets below, in key order as in value order. The least value is in the
/// first bucket and the greatest in the last (`scale` maps the range to `nb - 1`), so a
/// bucket holds fewer values than the set and the recursion ends. About 30 instructions a
/// value for the preset's columns, against about 70 for [`select_many`] on their keys
/// (whose `select_nth_unstable`s partition a range once for each level of ranks), which
/// remains for a range the arithmetic cannot spread, whose width overflows or whose
/// inverse does. A set of values all equal is read without buckets: equal values have
/// the same bits, but for zeros of both signs.
fn select_ranks(values: &[f64], ranks: &[usize], base: usize, out: &mut [f64], scratch: &mut SelectScratch) {
    let n = values.len();
    if n <= SELECT_SORT {
        let mut keys = [0i64; SELECT_SORT];
        let keys = &mut keys[..n];
        for (k, &x) in keys.iter_mut().zip(values) {
            *k = exact_key(x);
        }
        keys.sort_unstable();
        for (o, &r) in out.iter_mut().zip(ranks) {
            *o = exact_value(keys[r - base]);
        }
        return;
    }
    let (mut lo, mut hi) = (values[0], values[0]);
    for &x in values {
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
    }
    if lo == hi {
        // All equal in value, so of the same bits but for zeros, where -0.0 comes first.
        let negative = values.iter().filter(|x| x.is_sign_negative()).count();
        for (o, &r) in out.iter_mut().zip(ranks) {
            *o = if r - base < negative { -lo.abs() } else { lo.abs() };
        }
        return;
    }
    // Buckets: about half as many as values, from 16 to 256.
    let nb = 1usize << n.ilog2().saturating_sub(1).clamp(4, 8);
    let scale = (nb - 1) as f64 / (hi - lo);
    if !(scale.is_finite() && scale > 0.0) {
        let mut keys: Vec<i64> = values.iter().map(|&x| exact_key(x)).collect();
        let ranks: Vec<usize> = ranks.iter().map(|&r| r - base).collect();
        select_many(&mut keys, 0, &ranks);
        for (o, &r) in out.iter_mut().zip(&ranks) {
            *o = exact_value(keys[r]);
        }
        return;
    }
    // Adding 2^52 to a number from 0 to 2^52 rounds it to an integer, its bits' low ones.
    const ROUND: f64 = (1u64 << 52) as f64;
    let mut counts = [0u32; 256];
    scratch.buckets.clear();
    scratch.buckets.extend(values.iter().map(|&x| {
        let b = (((x - lo) * scale + ROUND).to_bits() - ROUND.to_bits()) as usize;
        let b = b.min(nb - 1);
        counts[b] += 1;
        b as u8
    }));
    // The buckets holding ranks ("slots", numbered from 1 in `slot`), each with the
    // values below it and (while picking) the end of its values in `picked`.
    let mut slot = [0u8; 256];
    let (mut below, mut end) = ([0usize; RANKS], [0usize; RANKS]);
    let (mut slots, mut b, mut seen, mut total) = (0, 0, base, 0);
    for &r in ranks {
        while seen + counts[b] as usize <= r {
            seen += counts[b] as usize;
            b += 1;
        }
        if slot[b] == 0 {
            (below[slots], end[slots]) = (seen, total);
            total += counts[b] as usize;
            slots += 1;
            slot[b] = slots as u8;
        }
    }
    let picked = &mut scratch.picked;
    picked.clear();
    picked.resize(total, 0.0);
    for (&x, &b) in values.iter().zip(&scratch.buckets) {
        if let Some(s) = (slot[b as usize] as usize).checked_sub(1) {
            picked[end[s]] = x;
            end[s] += 1;
        }
    }
    let mut inner = SelectScratch::default();
    let (mut i, mut start) = (0, 0);
    for s in 0..slots {
        let j = i + ranks[i..].iter().take_while(|&&r| r < below[s] + end[s] - start).count();
        select_ranks(&picked[start..end[s]], &ranks[i..j], below[s], &mut out[i..j], &mut inner);
        (i, start) = (j, end[s]);
    }
}

/// Put the elements of the given ranks (sorted, distinct, offsets from `base`, the rank
/// of `v[0]`) where a sort would: `select_nth_unstable` at the middle rank, then the same
/// on each side for the ranks there. About `n log2(ranks)` comparisons rather than a
/// sort's `n log2(n)`.
fn select_many(v: &mut [i64], base: usize, ranks: &[usize]) {
    if ranks.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let r = ranks[mid] - base;
    let (left, _, right) = v.select_nth_unstable(r);
    select_many(left, base, &ranks[..mid]);
    select_many(right, base + r + 1, &ranks[mid + 1..]);
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
///
/// A run's weekly values are first kept as they came, in chunks of [`CHUNK_RUNS`] runs
/// (`pending`): adding a run copies its real values and converts its counts to `u32`,
/// and merging accumulators of runs not yet counted (as `simulate`'s blocks and waves)
/// only moves chunks. [`Accum::flush`] then counts the pending values into the
/// histograms column by column (in parallel natively), each column's values together,
/// so its table stays in cache. Whatever the chunks and the moment of the flush, each
/// column ends with the same multiset of values, so the same state.
#[derive(Clone, Debug)]
pub struct Accum {
    n_weeks: usize,
    n_fy: usize,
    hists: Vec<IntHist>,
    /// One column per real metric and week: `reals[real_index * n_weeks + week]`.
    reals: Vec<RealCol>,
    /// Runs added or merged in but not yet in `hists` and `reals`.
    pending: Vec<Chunk>,
    /// Chunks already counted, kept to be filled again (see [`Accum::spawn`]): a fresh
    /// chunk is 280 KB of new pages for the preset, and the kernel's page faults to zero
    /// them cost more than filling them.
    spare: Spare,
    /// Runs this accumulator expects in all ([`Accum::expect_runs`]), so that a raw real
    /// column is given its final capacity at once rather than grown by copying.
    expected_runs: usize,
    /// Runs in `pending`.
    pending_runs: usize,
    /// Runs counted in `hists` and `reals`.
    counted_runs: u64,
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

/// Chunks already counted, kept to be filled again: a cache of memory, not state, so a
/// copy of an accumulator starts without them (they are up to 64 chunks of some 300 KB
/// each for the preset, and [`Accum::finish`] copies an accumulator with runs pending).
#[derive(Debug, Default)]
struct Spare(Vec<Chunk>);

impl Clone for Spare {
    fn clone(&self) -> Spare {
        Spare(Vec::new())
    }
}

/// Runs a chunk of pending values holds. Small, so that the chunk being filled stays in
/// the core's cache while its runs are added (a run writes one value into each of its
/// ~3,600 columns, so each write lands on a different cache line of the chunk): 16 runs
/// of the preset make a chunk of 300 KB, a cache line holds 16 runs of a count column or
/// 8 of a real one, and the flush still reads each column in 64-byte pieces.
const CHUNK_RUNS: usize = 16;

/// Pending runs at which [`Accum::merge`] and [`Accum::add`] flush them into the columns:
/// about 18 MB of pending values for the preset (8 KiB of real values and 9 KiB of counts
/// a run), enough runs for each column's table to be read into cache once for many
/// values.
pub const FLUSH_RUNS: usize = 1024;

/// A count too large for a `u32` in [`Chunk::counts`]: the value is in [`Chunk::big`].
const BIG: u32 = u32::MAX;

/// Pending runs' weekly values.
#[derive(Clone, Debug, Default)]
struct Chunk {
    runs: usize,
    /// `[count column][run]`, [`CHUNK_RUNS`] runs a column: each count metric's value as
    /// `Accum` counts it (the whole part of a finite positive value, else 0), or [`BIG`]
    /// if it is at least that.
    counts: Vec<u32>,
    /// `[real column][run]`, [`CHUNK_RUNS`] runs a column, as the runs gave them.
    reals: Vec<f64>,
    /// `(count column, value)` of the counts marked [`BIG`].
    big: Vec<(usize, u64)>,
}

/// Count the chunks' values of count column `c` into `h`.
fn absorb_counts(c: usize, h: &mut IntHist, chunks: &[Chunk]) {
    for ch in chunks {
        let values = &ch.counts[c * CHUNK_RUNS..c * CHUNK_RUNS + ch.runs];
        if h.counts.len() <= BIG as usize {
            // A `BIG` mark is beyond the histogram, so the check is only made there.
            for &v in values {
                let i = v as usize;
                if i >= h.counts.len() {
                    if v == BIG {
                        continue;
                    }
                    h.counts.resize(i + 1, 0);
                }
                h.counts[i] += 1;
            }
        } else {
            for &v in values.iter().filter(|&&v| v != BIG) {
                h.count(v as u64);
            }
        }
        for &(bc, v) in &ch.big {
            if bc == c {
                h.count(v);
            }
        }
        h.n += ch.runs as u64;
    }
}

/// Add the chunks' values of real column `k` to `col`.
fn absorb_reals(k: usize, col: &mut RealCol, chunks: &[Chunk], expected: usize) {
    let m = chunks.iter().map(|ch| ch.runs).sum();
    fn values(ch: &Chunk, k: usize) -> &[f64] {
        &ch.reals[k * CHUNK_RUNS..k * CHUNK_RUNS + ch.runs]
    }
    if col.room_for(m, expected)
        && let RealCol::Raw(v) = col
    {
        for ch in chunks {
            // Mostly all finite: then one copy, rather than a check and a push a value
            // (the test is a fold, not `all`, so that it runs without a branch a value).
            let w = values(ch, k);
            if w.iter().fold(true, |all, x| all & x.is_finite()) {
                v.extend_from_slice(w);
            } else {
                v.extend(w.iter().copied().filter(|x| x.is_finite()));
            }
        }
        return;
    }
    let h = col.hist_mut();
    for ch in chunks {
        for &x in values(ch, k) {
            h.add(x);
        }
    }
    h.shrink();
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
            reals: vec![RealCol::default(); real_metrics().count() * n_weeks],
            pending: Vec::new(),
            spare: Spare::default(),
            expected_runs: 0,
            pending_runs: 0,
            counted_runs: 0,
            event_hits: vec![0; real_events.len()],
            real_events,
            budget: Vec::new(),
            campaign: Vec::new(),
            n_campaigns,
            runs: 0,
        }
    }

    /// Add one run's record (kept pending; flushed every [`FLUSH_RUNS`] runs).
    pub fn add(&mut self, r: &super::RunRecord) {
        let nw = self.n_weeks;
        let (cw, rw) = (self.hists.len(), self.reals.len());
        if self.pending.last().is_none_or(|c| c.runs == CHUNK_RUNS) {
            let chunk = self.spare.0.pop().unwrap_or_else(|| Chunk {
                counts: vec![0; CHUNK_RUNS * cw],
                reals: vec![0.0; CHUNK_RUNS * rw],
                ..Chunk::default()
            });
            self.pending.push(chunk);
        }
        let Some(chunk) = self.pending.last_mut() else { return };
        let run = chunk.runs;
        assert!(run < CHUNK_RUNS);
        let mut most = 0;
        for (ci, metric) in count_metrics().enumerate() {
            let cols =
                chunk.counts[ci * nw * CHUNK_RUNS..(ci + 1) * nw * CHUNK_RUNS].chunks_exact_mut(CHUNK_RUNS);
            for (col, &v) in cols.zip(&r.weekly[metric * nw..(metric + 1) * nw]) {
                // Saturating: NaN and values below 1 give 0, values from u32::MAX (and
                // infinity) give BIG, checked below.
                let u = v as u32;
                most = most.max(u);
                col[run] = u;
            }
        }
        if most == BIG {
            for (c, metric) in count_metrics().flat_map(|mt| (0..nw).map(move |w| mt * nw + w)).enumerate() {
                let v = r.weekly[metric];
                if v == f64::INFINITY {
                    chunk.counts[c * CHUNK_RUNS + run] = 0; // not finite: counted as 0
                } else if chunk.counts[c * CHUNK_RUNS + run] == BIG {
                    chunk.big.push((c, v as u64));
                }
            }
        }
        for (ri, metric) in real_metrics().enumerate() {
            let cols =
                chunk.reals[ri * nw * CHUNK_RUNS..(ri + 1) * nw * CHUNK_RUNS].chunks_exact_mut(CHUNK_RUNS);
            for (col, &v) in cols.zip(&r.weekly[metric * nw..(metric + 1) * nw]) {
                col[run] = v;
            }
        }
        chunk.runs += 1;
        self.pending_runs += 1;
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
        if self.pending_runs >= FLUSH_RUNS {
            self.flush();
        }
    }

    /// Append another accumulator whose runs come after this one's, flushing the pending
    /// runs if there are [`FLUSH_RUNS`] or more. Everything but the per-run budget and
    /// campaign lists is order-free.
    pub fn merge(&mut self, o: Accum) {
        self.append(o);
        if self.pending_runs >= FLUSH_RUNS {
            self.flush();
        }
    }

    /// Append another accumulator whose runs come after this one's, keeping its pending
    /// runs pending (the caller flushes).
    pub(crate) fn append(&mut self, o: Accum) {
        if o.counted_runs > 0 {
            for (a, b) in self.hists.iter_mut().zip(&o.hists) {
                a.merge(b);
            }
            for (a, b) in self.reals.iter_mut().zip(&o.reals) {
                a.merge(b);
            }
            self.counted_runs += o.counted_runs;
        }
        self.pending.extend(o.pending);
        self.keep_spare(o.spare.0);
        self.pending_runs += o.pending_runs;
        for (a, b) in self.event_hits.iter_mut().zip(&o.event_hits) {
            *a += b;
        }
        self.budget.extend(o.budget);
        self.campaign.extend(o.campaign);
        self.runs += o.runs;
    }

    /// Runs added or merged in but not yet counted into the columns.
    pub(crate) fn pending_runs(&self) -> usize {
        self.pending_runs
    }

    /// Say how many runs this accumulator will count in all, so that its raw real columns
    /// are given their final capacity at their first flush (at most [`RAW_CAP`] values).
    /// A hint for memory only: the summary does not depend on it.
    pub fn expect_runs(&mut self, runs: u64) {
        self.expected_runs = usize::try_from(runs).unwrap_or(usize::MAX);
    }

    /// An empty accumulator of the same shape for `runs` runs to come, lent enough of this
    /// one's spare chunks for them (chunks come back to this one when the new one is
    /// appended to it and flushed). Only memory is reused: the new accumulator's runs
    /// overwrite a chunk's values before anything reads them.
    pub fn spawn(&mut self, runs: usize) -> Accum {
        let take = runs.div_ceil(CHUNK_RUNS).min(self.spare.0.len());
        let spare = Spare(self.spare.0.split_off(self.spare.0.len() - take));
        Accum {
            hists: vec![IntHist::default(); self.hists.len()],
            reals: vec![RealCol::default(); self.reals.len()],
            pending: Vec::new(),
            spare,
            expected_runs: 0,
            pending_runs: 0,
            counted_runs: 0,
            event_hits: vec![0; self.event_hits.len()],
            real_events: self.real_events.clone(),
            budget: Vec::new(),
            campaign: Vec::new(),
            runs: 0,
            ..*self
        }
    }

    /// Keep counted chunks for reuse, up to a flush's worth ([`FLUSH_RUNS`] runs).
    fn keep_spare(&mut self, chunks: Vec<Chunk>) {
        let room = (FLUSH_RUNS / CHUNK_RUNS).saturating_sub(self.spare.0.len());
        self.spare.0.extend(chunks.into_iter().take(room));
    }

    /// Count the pending runs' values into their columns, each column on its own (in
    /// parallel natively, on the current rayon pool).
    pub fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut chunks = std::mem::take(&mut self.pending);
        let expected = self.expected_runs;
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.hists
                .par_iter_mut()
                .enumerate()
                .with_min_len(64)
                .for_each(|(c, h)| absorb_counts(c, h, &chunks));
            self.reals
                .par_iter_mut()
                .enumerate()
                .with_min_len(16)
                .for_each(|(k, col)| absorb_reals(k, col, &chunks, expected));
        }
        #[cfg(not(feature = "parallel"))]
        {
            for (c, h) in self.hists.iter_mut().enumerate() {
                absorb_counts(c, h, &chunks);
            }
            for (k, col) in self.reals.iter_mut().enumerate() {
                absorb_reals(k, col, &chunks, expected);
            }
        }
        for ch in &mut chunks {
            ch.runs = 0;
            ch.big.clear();
        }
        self.keep_spare(chunks);
        self.counted_runs += self.pending_runs as u64;
        self.pending_runs = 0;
    }

    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// Build the summary.
    pub fn finish(&self, scenario: &Scenario, seed: u64) -> Summary {
        if !self.pending.is_empty() {
            let mut flushed = self.clone();
            flushed.flush();
            return flushed.finish(scenario, seed);
        }
        let nw = self.n_weeks;
        let runs = self.runs as usize;
        let cal = scenario.calendar();
        let mut series = BTreeMap::new();
        for (ci, metric) in count_metrics().enumerate() {
            let mut s = SeriesStats::with_weeks(nw);
            for w in 0..nw {
                let h = &self.hists[ci * nw + w];
                s.mean[w] = h.mean().map(round4);
                let q = h.quantiles(&PERCENTILES);
                for (pi, v) in s.percentiles_mut().into_iter().enumerate() {
                    v[w] = q.map(|q| round4(q[pi]));
                }
            }
            series.insert(m::NAMES[metric].to_string(), s);
        }
        let n_real = real_metrics().count();
        // Each (metric, week) column is summarised on its own: in parallel natively (a
        // sketched column's percentiles call `exp`), with the same result whatever the
        // thread count.
        let reals = &self.reals;
        let column = |scratch: &mut SelectScratch, k: usize| reals[k].stats(scratch);
        #[cfg(feature = "parallel")]
        let columns: Vec<Option<(f64, [f64; 7])>> = {
            use rayon::prelude::*;
            (0..n_real * nw).into_par_iter().map_init(SelectScratch::default, column).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Option<(f64, [f64; 7])>> = {
            let mut scratch = SelectScratch::default();
            (0..n_real * nw).map(|k| column(&mut scratch, k)).collect()
        };
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

    use crate::rng::SimRng;
    use crate::sampling::uniform01;
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
    /// A column's count, mean and percentiles, as bits (so NaN-free equality is exact).
    fn col_stats(c: &RealCol) -> (u64, Option<[u64; 8]>) {
        let s = c.stats(&mut SelectScratch::default()).map(|(mean, q)| {
            let mut b = [mean.to_bits(); 8];
            for (x, y) in b[1..].iter_mut().zip(q) {
                *x = y.to_bits();
            }
            b
        });
        (c.n(), s)
    }
    fn hist_stats(h: &RealHist) -> (u64, Option<[u64; 8]>) {
        col_stats(&RealCol::Hist(h.clone()))
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
    fn raw_columns_give_the_exact_histograms_statistics_bit_for_bit() {
        let mut rng = SimRng::seed_from_u64(17);
        for n in [1usize, 2, 3, 7, 100, 1000, RAW_CAP - 1, RAW_CAP] {
            let values: Vec<f64> = (0..n)
                .map(|_| match (uniform01(&mut rng) * 6.0) as u32 {
                    0 => (uniform01(&mut rng) * 8.0).floor() / 7.0,
                    1 => 0.0,
                    2 => -0.0,
                    3 => -(uniform01(&mut rng) * 1e7).round() / 100.0,
                    4 => (uniform01(&mut rng) * 1e7).round() / 100.0,
                    _ => lognormal(&mut rng, 3.0, 0.4),
                })
                .collect();
            let h = hist_of(&values);
            assert!(!h.is_sketch());
            // In one piece, and merged from pieces in any order: still raw, same statistics.
            let raw = RealCol::Raw(values.clone());
            assert_eq!(col_stats(&raw), hist_stats(&h), "n = {n}");
            let mut merged = RealCol::default();
            for piece in values.chunks(37).rev() {
                merged.merge(&RealCol::Raw(piece.to_vec()));
            }
            assert!(matches!(merged, RealCol::Raw(_)));
            assert_eq!(col_stats(&merged), hist_stats(&h), "n = {n}, merged");
            // Past the cap, the column becomes the histogram of the same values.
            let extra: Vec<f64> = values.iter().cycle().take(RAW_CAP + 1 - n).copied().collect();
            let mut over = raw.clone();
            over.merge(&RealCol::Raw(extra.clone()));
            let mut both = h.clone();
            both.merge(&hist_of(&extra));
            assert!(matches!(&over, RealCol::Hist(x) if *x == both), "n = {n}, over the cap");
        }
        assert_eq!(col_stats(&RealCol::default()), (0, None));
    }

    #[test]
    fn select_many_places_the_ranks_as_a_sort_would() {
        let mut rng = SimRng::seed_from_u64(19);
        for n in [1usize, 2, 5, 64, 999] {
            let v: Vec<i64> = (0..n).map(|_| (uniform01(&mut rng) * 50.0) as i64 - 10).collect();
            let mut sorted = v.clone();
            sorted.sort_unstable();
            for ranks in [vec![0], vec![n - 1], (0..n).step_by(3).collect::<Vec<_>>(), vec![0, n / 2, n - 1]]
            {
                let (mut ranks, mut w) = (ranks, v.clone());
                ranks.dedup();
                select_many(&mut w, 0, &ranks);
                for &r in &ranks {
                    assert_eq!(w[r], sorted[r], "n = {n}, rank {r}");
                }
            }
        }
    }

    #[test]
    fn select_ranks_finds_the_ranks_a_sort_would() {
        let mut rng = SimRng::seed_from_u64(23);
        // Ties, zeros of both signs, subnormals, negatives, ranges too wide for a bucket
        // width and too narrow for its inverse, and one value far from the others.
        let kinds: [fn(&mut SimRng) -> f64; 8] = [
            |r| (uniform01(r) * 1e7).round() / 100.0,
            |r| (uniform01(r) * 20.0).floor() / 19.0,
            |r| if uniform01(r) < 0.5 { 0.0 } else { -0.0 },
            |r| [0.0, -0.0, 1e-310, -1e-310, 5e-324][(uniform01(r) * 5.0) as usize],
            |r| if uniform01(r) < 0.5 { -f64::MAX } else { f64::MAX * uniform01(r) },
            |r| 1.0 + (uniform01(r) * 4.0).floor() * f64::EPSILON,
            |r| if uniform01(r) < 0.01 { 1e300 } else { lognormal(r, 3.0, 0.4) },
            |r| -lognormal(r, 0.0, 2.0),
        ];
        for kind in kinds {
            for n in [1usize, 2, 3, 16, 17, 33, 400, 1000, RAW_CAP] {
                let v: Vec<f64> = (0..n).map(|_| kind(&mut rng)).collect();
                let mut sorted = v.clone();
                sorted.sort_unstable_by(f64::total_cmp);
                let every: Vec<usize> = (0..RANKS).map(|i| i * (n - 1) / (RANKS - 1)).collect();
                for mut ranks in [vec![0], vec![n - 1], vec![0, n / 2, n - 1], every] {
                    ranks.dedup();
                    let mut out = vec![f64::NAN; ranks.len()];
                    select_ranks(&v, &ranks, 0, &mut out, &mut SelectScratch::default());
                    for (&r, x) in ranks.iter().zip(&out) {
                        assert_eq!(x.to_bits(), sorted[r].to_bits(), "n = {n}, rank {r}");
                    }
                }
            }
        }
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
        // `value_of` is the value of the same sum, zeros, negatives and subnormals too.
        let xs = [1e16, 1.0, -1e16, 0.1, 5e-324, -0.1, 0.0, -0.0, 3.5e300, -2.5e-310, 7.0];
        for k in 0..=xs.len() {
            let of = ExactSum::of_counts(xs[..k].iter().map(|&x| (x, 1)));
            assert_eq!(ExactSum::value_of(&xs[..k]).to_bits(), of.value().to_bits(), "{k}");
        }
        // Binades sharing `value_of`'s slots (exponents 16 apart, and both signs) in turn.
        let ys: Vec<f64> = (0..10_000)
            .map(|i| [1.5, -1.25, 65536.0 * 1.75, -1.0 / 65536.0, 3.0][i % 5] * (1.0 + i as f64))
            .collect();
        let of = ExactSum::of_counts(ys.iter().map(|&x| (x, 1)));
        assert_eq!(ExactSum::value_of(&ys).to_bits(), of.value().to_bits());
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
    fn pending_runs_give_the_same_columns_whatever_the_grouping_and_flushes() {
        let nw = 3;
        let mut rng = SimRng::seed_from_u64(13);
        // Counts with the edge cases of the conversion (fractions, negatives, NaN,
        // infinity; not values from u32::MAX up, whose histogram would take 16 GB), real
        // values with ties and NaN.
        let odd = [0.5, -3.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 2.9, 1e3 + 0.25];
        // More runs than RAW_CAP, so that the real columns become histograms (and, with
        // about 4,500 distinct values, sketches) part-way.
        let records: Vec<super::super::RunRecord> = (0..RAW_CAP + 900)
            .map(|i| super::super::RunRecord {
                weekly: (0..m::N * nw)
                    .map(|j| {
                        let u = uniform01(&mut rng);
                        if m::kind(j / nw) == Kind::Count {
                            if (i + j) % 97 == 0 { odd[(i + j) % odd.len()] } else { (u * 40.0).floor() }
                        } else if u < 0.1 {
                            f64::NAN
                        } else {
                            (u * 1e5).round() / 100.0
                        }
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        // The histograms as `IntHist::add` on the old conversion would make them.
        let count_of = |v: f64| if v.is_finite() && v > 0.0 { v as u64 } else { 0 };
        let mut direct = Accum::new(nw, 0, 0, &[]);
        let mut direct_reals = vec![RealHist::default(); direct.reals.len()];
        for r in &records {
            for (ci, metric) in count_metrics().enumerate() {
                for w in 0..nw {
                    direct.hists[ci * nw + w].add(count_of(r.weekly[metric * nw + w]));
                }
            }
            for (ri, metric) in real_metrics().enumerate() {
                for w in 0..nw {
                    direct_reals[ri * nw + w].add(r.weekly[metric * nw + w]);
                }
            }
        }
        let same = |a: &Accum, what: &str| {
            assert_eq!(a.pending_runs, 0, "{what}");
            for (x, y) in a.hists.iter().zip(&direct.hists) {
                assert_eq!((&x.counts, x.n), (&y.counts, y.n), "{what}");
            }
            assert_eq!(a.reals.len(), direct_reals.len());
            for (x, y) in a.reals.iter().zip(&direct_reals) {
                assert_eq!(col_stats(x), hist_stats(y), "{what}");
                if let RealCol::Hist(h) = x {
                    assert_eq!(h, y, "{what}");
                }
            }
        };
        // One accumulator, flushed every FLUSH_RUNS runs and at the end.
        let mut one = Accum::new(nw, 0, 0, &[]);
        for r in &records {
            one.add(r);
        }
        one.flush();
        same(&one, "one");
        // Blocks of various sizes appended (pending), flushed at various points, merged
        // in any order.
        for (block, flush_every) in [(1usize, 3usize), (128, 1), (128, 4), (300, 2)] {
            let blocks: Vec<Accum> = records
                .chunks(block)
                .map(|c| {
                    let mut a = Accum::new(nw, 0, 0, &[]);
                    for r in c {
                        a.add(r);
                    }
                    a
                })
                .collect();
            let mut acc = Accum::new(nw, 0, 0, &[]);
            for (i, b) in blocks.into_iter().rev().enumerate() {
                acc.append(b);
                if i % flush_every == 0 {
                    acc.flush();
                }
            }
            acc.flush();
            same(&acc, &format!("blocks of {block}, flushed every {flush_every}"));
        }
        // Blocks spawned from the accumulator, reusing its counted chunks (whose old
        // values, and `BIG` overflows, must not leak into the new runs), as `simulate`.
        for (block, wave) in [(128usize, 4usize), (100, 3), (1, 1000)] {
            let mut acc = Accum::new(nw, 0, 0, &[]);
            acc.expect_runs(records.len() as u64);
            for w in records.chunks(block * wave) {
                let blocks: Vec<Accum> = w.chunks(block).map(|c| acc.spawn(c.len())).collect();
                for (c, mut b) in w.chunks(block).zip(blocks) {
                    for r in c {
                        b.add(r);
                    }
                    acc.append(b);
                }
                if acc.pending_runs() >= FLUSH_RUNS {
                    acc.flush();
                }
            }
            // A copy with runs pending (as `finish` makes) has the state but not the spare
            // chunks, a cache of memory.
            let mut copy = acc.clone();
            assert!(copy.spare.0.is_empty());
            copy.flush();
            same(&copy, &format!("a copy, spawned blocks of {block}, waves of {wave}"));
            acc.flush();
            assert!(!acc.spare.0.is_empty());
            same(&acc, &format!("spawned blocks of {block}, waves of {wave}"));
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
