//! Exact histograms of whole-number metrics.

use super::type7::type7_of_counts;

/// Exact histogram of non-negative whole numbers: a count per value, so adding one is a
/// bounds check and an increment. The sum for the mean follows from the counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntHist {
    pub(super) counts: Vec<u32>,
    pub(super) n: u64,
}

impl IntHist {
    #[inline]
    pub fn add(&mut self, v: u64) {
        self.count(v);
        self.n += 1;
    }
    /// Count a value without counting it in `n` (the caller adds to `n` in bulk).
    #[inline]
    pub(super) fn count(&mut self, v: u64) {
        let i = v as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
    }
    /// Count the values but those equal to `skip` (a mark for values counted apart),
    /// without counting them in `n`.
    pub(super) fn count_all_but(&mut self, values: &[u32], skip: u32) {
        if self.counts.len() <= skip as usize {
            // `skip` is beyond the histogram, so the check is only made there.
            for &v in values {
                let i = v as usize;
                if i >= self.counts.len() {
                    if v == skip {
                        continue;
                    }
                    self.counts.resize(i + 1, 0);
                }
                self.counts[i] += 1;
            }
        } else {
            for &v in values.iter().filter(|&&v| v != skip) {
                self.count(v as u64);
            }
        }
    }
    /// Add to `n` values counted with [`Self::count`] or [`Self::count_all_but`].
    pub(super) fn add_to_n(&mut self, k: u64) {
        self.n += k;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::summary::quantile_sorted;

    #[test]
    fn percentiles_and_mean_are_those_of_the_sorted_values() {
        let s = [1.0, 2.0, 3.0, 4.0];
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
