//! The percentile rule: Hyndman and Fan's type 7, in `f64`, on sorted values, on counts of
//! distinct values, or on any k-th-smallest lookup.

/// Type 7 percentile `p` of `n > 0` values (Hyndman and Fan's definition 7, as numpy, R
/// and Excel's PERCENTILE.INC): with `h = (n - 1) p`, the `floor(h)`-th smallest value
/// plus `h - floor(h)` of the way to the next, from `kth(k)`, the k-th smallest value
/// (0-based). The one copy of this arithmetic in `f64` (the budget table's money
/// percentiles are [`crate::money::percentile_type7`], in decimal), so the histograms'
/// percentiles equal [`quantile_sorted`]'s bit for bit.
#[inline]
pub(super) fn type7(n: u64, p: f64, kth: impl Fn(u64) -> f64) -> f64 {
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let k = lo as u64;
    let a = kth(k);
    let b = if k + 1 < n { kth(k + 1) } else { a };
    a + (h - lo) * (b - a)
}

/// Type 7 percentiles of `n > 0` values given as counts of distinct values in increasing
/// order, `value(i)` being the i-th distinct value: one pass over the counts.
pub(super) fn type7_of_counts<const K: usize>(
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
    }
}
