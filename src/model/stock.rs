//! A stock whose items leave with a constant daily hazard (cases awaiting transfer, open
//! cases, looked-after children by placement type, families in early help).
//!
//! Each item's leaving day is drawn when it joins ([`Lifetime`]: geometric, as a constant
//! hazard has no memory) and counted in a per-day array, so a day's leavers are read, not
//! drawn: the same process as a daily Binomial(stock, hazard), at one random number per
//! item joining instead of a Binomial draw per stock per day.

use crate::rng::SimRng;
use crate::sampling::Lifetime;

#[derive(Clone, Debug, Default)]
pub struct Stock {
    n: u64,
    /// Items that leave on day `d`: the run's days, then room for every value a
    /// [`Lifetime`] over the run's horizon gives (including its "later than the horizon"),
    /// so that a join never needs a bounds test. Days past the run are never read.
    leave_on: Vec<u32>,
}

impl Stock {
    /// Empty, for a run of `n_days` days, with lifetimes over a horizon of `n_days`.
    pub fn reset(&mut self, n_days: usize) {
        self.n = 0;
        self.leave_on.clear();
        self.leave_on.resize(2 * n_days + 2, 0);
    }

    /// Items in the stock.
    #[inline]
    pub fn n(&self) -> u64 {
        self.n
    }

    /// `k` items join at the end of day `day` (`-1`: the starting state) and leave at the
    /// earliest the next day.
    #[inline]
    pub fn join(&mut self, day: i64, k: u64, life: &Lifetime, rng: &mut SimRng) {
        for _ in 0..k {
            self.join_one(day, life, rng);
        }
    }

    #[inline]
    pub fn join_one(&mut self, day: i64, life: &Lifetime, rng: &mut SimRng) {
        self.n += 1;
        // Leaves on day + 1 + k, where k = horizon stands for "after the horizon".
        self.leave_on[(day + 1) as usize + life.sample_index(rng) as usize] += 1;
    }

    /// The items leaving on day `t`, removed from the stock.
    #[inline]
    pub fn leave(&mut self, t: usize) -> u64 {
        let k = u64::from(self.leave_on[t]);
        self.n -= k;
        k
    }

    /// Checks at the end of day `t` that the items in the stock are those still to leave.
    pub fn check(&self, t: usize) -> Result<(), String> {
        let to_come: u64 = self.leave_on[t + 1..].iter().map(|&c| u64::from(c)).sum();
        if to_come != self.n {
            return Err(format!("{} items but {to_come} still to leave", self.n));
        }
        Ok(())
    }
}
