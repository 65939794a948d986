//! A real-valued column of the accumulator: its raw values while few, then a
//! [`RealHist`]; and the selection that reads percentiles from the raw values.

use super::exact_sum::ExactSum;
use super::output::{PERCENTILES, Stats};
use super::real_hist::{EXACT_CAP, RealHist, exact_key, exact_value};
use super::type7::type7;

/// Most values a real column of an [`Accum`](super::Accum) keeps as they came
/// ([`RealCol::Raw`]) before it becomes a [`RealHist`]: [`EXACT_CAP`], so that a raw
/// column never has more distinct values than an exact histogram holds, and its
/// percentiles and mean, read from the values themselves, equal the histogram's bit for
/// bit. Memory: 8 bytes a value, at most 1,040 x 4,096 x 8 B = 34 MB for the preset's real
/// columns, whatever the run count.
pub const RAW_CAP: usize = EXACT_CAP;

/// A real-valued column (a metric in a week) of an [`Accum`](super::Accum): its finite
/// values as they came while there are at most [`RAW_CAP`] of them, then a [`RealHist`].
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
pub(super) enum RealCol {
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
    pub(super) fn n(&self) -> u64 {
        match self {
            RealCol::Raw(v) => v.len() as u64,
            RealCol::Hist(h) => h.n(),
        }
    }

    /// The histogram, made from the raw values if the column has not become one yet.
    pub(super) fn hist_mut(&mut self) -> &mut RealHist {
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
    pub(super) fn room_for(&mut self, m: usize, expected: usize) -> bool {
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
    pub(super) fn merge(&mut self, o: &RealCol) {
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
    pub(super) fn stats(&self, scratch: &mut SelectScratch) -> Option<Stats> {
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
pub(super) struct SelectScratch {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::uniform01;
    use crate::rng::SimRng;
    use crate::sim::summary::testing::{col_stats, hist_of, hist_stats, lognormal};
    use rand::SeedableRng;

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
}
