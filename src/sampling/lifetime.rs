//! Lifetimes in a stock with a constant daily hazard: geometric, from one alias table.

use super::alias::{Alias, Vose};
use crate::rng::SimRng;

/// The number of whole working days until an item leaves a stock with a constant daily
/// hazard `h` (a geometric distribution on `1, 2, ...`), from one alias table over
/// `1..=horizon` and a last column for "later than the horizon" (probability
/// `(1 - h)^horizon`). The table is built when the hazard or the horizon changes, in
/// `O(horizon)`: once per thread for a hazard fixed in the scenario, once per run for an
/// uncertain one.
#[derive(Clone, Debug, Default)]
pub struct Lifetime {
    key: Option<(u64, usize)>,
    table: Alias,
    horizon: u32,
    vose: Vose,
    probs: Vec<f64>,
}

impl Lifetime {
    /// Set the hazard and the horizon in days (the table is kept if both are unchanged).
    /// `h <= 0` or NaN never leaves; `h >= 1` leaves after one day.
    pub fn set(&mut self, h: f64, horizon: usize) {
        if self.key == Some((h.to_bits(), horizon)) {
            return;
        }
        self.key = Some((h.to_bits(), horizon));
        self.horizon = horizon as u32;
        let h = if h.is_nan() || h <= 0.0 { 0.0 } else { h.min(1.0) };
        let q = 1.0 - h;
        self.probs.clear();
        let mut survive = 1.0;
        for _ in 0..horizon {
            self.probs.push(survive * h);
            survive *= q;
        }
        self.probs.push(survive);
        let total: f64 = self.probs.iter().sum();
        self.probs.iter_mut().for_each(|p| *p /= total);
        self.vose.build(&self.probs, &mut self.table);
    }

    /// Days until the item leaves (at least 1), or `None` when that is later than the
    /// horizon. One random number.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> Option<usize> {
        let k = self.sample_index(rng);
        (k < self.horizon).then_some(k as usize + 1)
    }

    /// The same draw as [`Lifetime::sample`] as a column index: `k` in `0..horizon` for
    /// "leaves after `k + 1` days", `horizon` for "later than the horizon".
    #[inline]
    pub fn sample_index(&self, rng: &mut SimRng) -> u32 {
        self.table.sample(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::check::assert_fits;

    #[test]
    fn lifetimes_are_geometric() {
        let mut rng = run_rng(9, 0);
        for (h, horizon) in [(1.0 / 35.0, 520usize), (1.0 / 700.0, 520), (0.5, 100), (1.0 / 225.0, 1300)] {
            let mut l = Lifetime::default();
            l.set(h, horizon);
            let draws = 200_000u64;
            // Cells: days 1..=horizon, and "beyond" (more than horizon days or None).
            let mut counts = vec![0u64; horizon + 1];
            for _ in 0..draws {
                match l.sample(&mut rng) {
                    Some(d) if d <= horizon => counts[d - 1] += 1,
                    _ => counts[horizon] += 1,
                }
            }
            let q = 1.0 - h;
            let mut probs: Vec<f64> = (0..horizon).map(|k| libm::pow(q, k as f64) * h).collect();
            probs.push(libm::pow(q, horizon as f64));
            assert_fits(&counts, &probs, draws, &format!("Geometric({h})"));
        }
        let mut never = Lifetime::default();
        never.set(0.0, 520);
        let mut rng = run_rng(1, 1);
        assert!((0..100).all(|_| never.sample(&mut rng).is_none()));
        let mut now = Lifetime::default();
        now.set(1.0, 520);
        assert!((0..100).all(|_| now.sample(&mut rng) == Some(1)));
    }
}
