//! Real-valued columns as histograms: exact while a column has at most [`EXACT_CAP`]
//! distinct values, a log-bucketed sketch beyond; and the fixed hasher of their tables.

use super::exact_sum::ExactSum;
use super::type7::type7_of_counts;
use hashbrown::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Most distinct values a real-valued column keeps exactly; beyond it the column becomes
/// a sketch. Memory: an entry is a 16-byte `(i64, u32)` plus a control byte in a
/// `hashbrown` table at most 7/8 full, so a column at the cap holds 8,192 buckets (136 KiB)
/// and the preset's 1,040 real columns at most 145 MB, however many runs. 4,096 keeps every
/// column exact up to 4,096 runs, and at 100,000 runs of the preset all but the weekly
/// `spend` and `spend_placements`.
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
pub(super) fn exact_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ ((((b >> 63) as u64) >> 1) as i64)
}
#[inline]
pub(super) fn exact_value(k: i64) -> f64 {
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
/// read from the sorted histogram, with the same arithmetic
/// ([`type7`](super::type7::type7)) as [`quantile_sorted`](super::quantile_sorted) on the
/// sorted values, so they are equal bit for bit.
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
    pub(super) map: HashMap<i64, u32, KeyHash>,
    pub(super) sketch: bool,
    pub(super) n: u64,
    /// Sketch mode: the exact sum of all values. Exact mode: empty (see the storage note).
    pub(super) sum: ExactSum,
}

/// The hash of a column's keys: a fixed folded multiply (the 128-bit product of the key
/// and the golden-ratio constant, its two halves XORed), as foldhash does, so that the
/// low bits (hashbrown's bucket) and the top bits (its tag) both depend on every bit of
/// the key; keys of whole-number values have their low 40-odd bits zero. No random seed:
/// nothing reads the table's order, and it builds without OS entropy (WebAssembly).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct KeyHasher(u64);

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

pub(super) type KeyHash = BuildHasherDefault<KeyHasher>;

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
    pub(super) fn reserve(&mut self, m: usize) {
        if !self.sketch {
            let want = (self.map.len() + m).min(EXACT_CAP);
            self.map.reserve(want - self.map.len());
        }
    }

    /// Shrink a table four or more times larger than needed (after [`Self::reserve`]
    /// for values that were mostly repeats), to twice its entries.
    pub(super) fn shrink(&mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;
    use crate::sampling::uniform01;
    use crate::sim::summary::testing::{hist_of, lognormal};
    use crate::sim::summary::{PERCENTILES, quantile_sorted};
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
}
