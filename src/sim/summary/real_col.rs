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
/// selection ([`select_many`]) and their mean from an [`ExactSum`] of the values, once,
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

    /// Mean and the [`PERCENTILES`], `None` if no value was added. `keys` is scratch
    /// space, kept from one column to the next.
    pub(super) fn stats(&self, keys: &mut Vec<i64>) -> Option<Stats> {
        match self {
            RealCol::Hist(h) => Some((h.mean()?, h.quantiles(&PERCENTILES)?)),
            RealCol::Raw(v) => {
                if v.is_empty() {
                    return None;
                }
                let n = v.len() as u64;
                let mean = ExactSum::of_counts(v.iter().map(|&x| (x, 1))).value() / n as f64;
                // The ranks type 7 reads, the k-th and (k+1)-th smallest for each
                // percentile, put in place among the values' keys (which order as the
                // values).
                let mut ranks: Vec<usize> = PERCENTILES
                    .iter()
                    .flat_map(|p| {
                        let k = ((n - 1) as f64 * p).floor() as usize;
                        [k, k + 1]
                    })
                    .filter(|&r| r < v.len())
                    .collect();
                ranks.sort_unstable();
                ranks.dedup();
                keys.clear();
                keys.extend(v.iter().map(|&x| exact_key(x)));
                select_many(keys, 0, &ranks);
                Some((mean, PERCENTILES.map(|p| type7(n, p, |k| exact_value(keys[k as usize])))))
            }
        }
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
    use crate::rng::SimRng;
    use crate::sampling::uniform01;
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
        let mut rng = SimRng::seed_from_u64(23);
        // Ties, zeros of both signs, subnormals, negatives, extremes, values one unit in the
        // last place apart, and one value far from the others.
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
                let every: Vec<usize> = (0..14).map(|i| i * (n - 1) / 13).collect();
                for mut ranks in [vec![0], vec![n - 1], vec![0, n / 2, n - 1], every] {
                    ranks.dedup();
                    let mut keys: Vec<i64> = v.iter().map(|&x| exact_key(x)).collect();
                    select_many(&mut keys, 0, &ranks);
                    for &r in &ranks {
                        assert_eq!(exact_value(keys[r]).to_bits(), sorted[r].to_bits(), "n = {n}, rank {r}");
                    }
                }
            }
        }
    }
}
