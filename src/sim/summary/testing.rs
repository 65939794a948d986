//! Helpers shared by the summary's tests.

use super::real_col::RealCol;
use super::real_hist::RealHist;
use crate::rng::SimRng;
use crate::sampling::uniform01;

/// A column's count, mean and percentiles, as bits (so NaN-free equality is exact).
pub(super) fn col_stats(c: &RealCol) -> (u64, Option<[u64; 8]>) {
    let s = c.stats(&mut Vec::new()).map(|(mean, q)| {
        let mut b = [mean.to_bits(); 8];
        for (x, y) in b[1..].iter_mut().zip(q) {
            *x = y.to_bits();
        }
        b
    });
    (c.n(), s)
}
pub(super) fn hist_stats(h: &RealHist) -> (u64, Option<[u64; 8]>) {
    col_stats(&RealCol::Hist(h.clone()))
}
pub(super) fn hist_of(values: &[f64]) -> RealHist {
    let mut h = RealHist::default();
    for &v in values {
        h.add(v);
    }
    h
}
/// A lognormal draw (Box-Muller; the test needs spread, not a particular sampler).
pub(super) fn lognormal(rng: &mut SimRng, mu: f64, sigma: f64) -> f64 {
    let (u, v) = (1.0 - uniform01(rng), uniform01(rng));
    let z = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
    (mu + sigma * z).exp()
}
