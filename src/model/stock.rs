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
    /// Items that leave on day `d`.
    leave_on: Vec<u32>,
    /// Items that leave after the horizon.
    beyond: u64,
}

impl Stock {
    /// Empty, for a run of `n_days` days.
    pub fn reset(&mut self, n_days: usize) {
        self.n = 0;
        self.leave_on.clear();
        self.leave_on.resize(n_days, 0);
        self.beyond = 0;
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
        match life.sample(rng).map(|l| day + l as i64) {
            Some(d) if (d as usize) < self.leave_on.len() => self.leave_on[d as usize] += 1,
            _ => self.beyond += 1,
        }
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
        let to_come: u64 = self.leave_on[t + 1..].iter().map(|&c| u64::from(c)).sum::<u64>() + self.beyond;
        if to_come != self.n {
            return Err(format!("{} items but {to_come} still to leave", self.n));
        }
        Ok(())
    }
}
