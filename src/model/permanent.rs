//! The permanent workforce (a container of MODEL.md's "Stocks"): workers grouped in
//! cohorts by start day and grade, and how a worker's productivity depends on tenure
//! (MODEL.md 4 Capacity: ramp-up, the newly qualified year).
//!
//! Only cohorts whose productivity or grade still depends on tenure (in ramp-up, or newly
//! qualified in their first year) are kept one by one; the rest are merged into one count
//! of fully productive experienced workers, so the list stays short.

use crate::rng::SimRng;
use crate::sampling::uniform01;
use crate::scenario::Spec;

/// Working days in a year of tenure: the newly qualified (protected) year.
pub const NQ_DAYS: i64 = 260;

#[derive(Clone, Copy, Debug)]
struct Cohort {
    start: i64,
    newly_qualified: bool,
    count: u32,
}

/// How productivity depends on tenure: per-run parameters.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tenure {
    /// Working days of ramp-up (0: none).
    pub ramp_days: f64,
    /// Productivity share on day one of the ramp.
    pub ramp_start: f64,
    /// Productivity factor of a newly qualified worker in their first year.
    pub nq_factor: f64,
}

impl Tenure {
    /// The parameters from the run's drawn values `v`.
    pub fn new(s: &Spec, v: &[f64]) -> Tenure {
        Tenure {
            ramp_days: v[s.ramp_up_weeks] * 5.0,
            ramp_start: v[s.ramp_up_start],
            nq_factor: v[s.newly_qualified_factor],
        }
    }

    /// Productivity factor (0..=1) of a worker on day `t` who started on `start`.
    #[inline]
    pub fn factor(&self, start: i64, newly_qualified: bool, t: i64) -> f64 {
        let tenure = (t - start) as f64;
        let ramp = if self.ramp_days > 0.0 && tenure < self.ramp_days {
            self.ramp_start + (1.0 - self.ramp_start) * (tenure.max(0.0) / self.ramp_days)
        } else {
            1.0
        };
        let nq = if newly_qualified && (t - start) < NQ_DAYS { self.nq_factor } else { 1.0 };
        ramp * nq
    }

    fn matured(&self, start: i64, newly_qualified: bool, t: i64) -> bool {
        let tenure = t - start;
        (tenure as f64) >= self.ramp_days && (!newly_qualified || tenure >= NQ_DAYS)
    }

    /// The first day on which a worker who started on `start` is matured.
    fn matures_on(&self, start: i64, newly_qualified: bool) -> i64 {
        let ramp = if self.ramp_days > 0.0 { libm::ceil(self.ramp_days) as i64 } else { 0 };
        start + if newly_qualified { ramp.max(NQ_DAYS) } else { ramp }
    }
}

/// The permanent workforce of one run.
#[derive(Clone, Debug, Default)]
pub struct Permanent {
    steady: u32,
    cohorts: Vec<Cohort>,
    total: u32,
    /// Cached on the last [`Permanent::refresh`]: sum of productivity factors.
    effective: f64,
    /// Cached: workers still in their newly qualified year.
    nq: u32,
    dirty: bool,
    /// No cohort matures before this day (so refreshes before it need not look).
    next_maturity: i64,
}

impl Permanent {
    pub fn reset(&mut self) {
        self.steady = 0;
        self.cohorts.clear();
        self.total = 0;
        self.effective = 0.0;
        self.nq = 0;
        self.dirty = true;
        self.next_maturity = i64::MIN;
    }

    /// Add `n` workers who started on day `start` (negative: before day 0).
    pub fn add(&mut self, start: i64, newly_qualified: bool, n: u32) {
        if n == 0 {
            return;
        }
        self.total += n;
        self.dirty = true;
        self.next_maturity = i64::MIN;
        match self.cohorts.iter_mut().find(|c| c.start == start && c.newly_qualified == newly_qualified) {
            Some(c) => c.count += n,
            None => self.cohorts.push(Cohort { start, newly_qualified, count: n }),
        }
    }

    pub fn total(&self) -> u32 {
        self.total
    }

    /// Recompute the cached productivity sum and newly qualified count for day `t`, and
    /// merge matured cohorts. Called at the start of each week and after any change.
    pub fn refresh(&mut self, p: &Tenure, t: i64) {
        if t >= self.next_maturity {
            let mut steady_add = 0;
            self.cohorts.retain(|c| {
                if p.matured(c.start, c.newly_qualified, t) {
                    steady_add += c.count;
                    false
                } else {
                    true
                }
            });
            self.steady += steady_add;
            self.next_maturity = self
                .cohorts
                .iter()
                .map(|c| p.matures_on(c.start, c.newly_qualified))
                .min()
                .unwrap_or(i64::MAX);
        }
        let mut eff = self.steady as f64;
        let mut nq = 0;
        for c in &self.cohorts {
            eff += c.count as f64 * p.factor(c.start, c.newly_qualified, t);
            if c.newly_qualified && t - c.start < NQ_DAYS {
                nq += c.count;
            }
        }
        self.effective = eff;
        self.nq = nq;
        self.dirty = false;
    }

    /// Whether a change since the last refresh needs one.
    pub fn dirty(&self) -> bool {
        self.dirty
    }
    /// Sum of productivity factors (full-productivity equivalents), as of the last refresh.
    pub fn effective(&self) -> f64 {
        self.effective
    }
    /// Newly qualified workers in their first year, as of the last refresh.
    pub fn newly_qualified(&self) -> u32 {
        self.nq
    }

    /// Remove `n` workers chosen uniformly at random (leavers).
    pub fn remove_random(&mut self, n: u32, rng: &mut SimRng) {
        for _ in 0..n.min(self.total) {
            let mut pick = ((uniform01(rng) * self.total as f64) as u32).min(self.total - 1);
            self.total -= 1;
            self.dirty = true;
            if pick < self.steady {
                self.steady -= 1;
                continue;
            }
            pick -= self.steady;
            let mut idx = 0;
            for (i, c) in self.cohorts.iter().enumerate() {
                if pick < c.count {
                    idx = i;
                    break;
                }
                pick -= c.count;
            }
            self.cohorts[idx].count -= 1;
            if self.cohorts[idx].count == 0 {
                self.cohorts.remove(idx);
            }
        }
    }

    /// Checks that the cohorts add up to the total.
    pub fn check(&self) -> Result<(), String> {
        let sum: u32 = self.steady + self.cohorts.iter().map(|c| c.count).sum::<u32>();
        if sum != self.total {
            return Err(format!("permanent cohorts {sum} != total {}", self.total));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_and_protection() {
        let p = Tenure { ramp_days: 40.0, ramp_start: 0.5, nq_factor: 0.8 };
        assert_eq!(p.factor(0, false, 0), 0.5);
        assert!((p.factor(0, false, 20) - 0.75).abs() < 1e-12);
        assert_eq!(p.factor(0, false, 40), 1.0);
        assert!((p.factor(0, true, 100) - 0.8).abs() < 1e-12);
        assert_eq!(p.factor(0, true, 260), 1.0);
    }

    #[test]
    fn remove_keeps_totals() {
        let mut w = Permanent::default();
        w.reset();
        w.add(-1000, false, 10);
        w.add(0, true, 5);
        let p = Tenure { ramp_days: 40.0, ramp_start: 0.5, nq_factor: 0.8 };
        w.refresh(&p, 0);
        assert_eq!(w.newly_qualified(), 5);
        assert!((w.effective() - (10.0 + 5.0 * 0.4)).abs() < 1e-12);
        let mut rng = crate::rng::run_rng(1, 0);
        w.remove_random(7, &mut rng);
        assert_eq!(w.total(), 8);
        w.check().unwrap();
        w.remove_random(100, &mut rng);
        assert_eq!(w.total(), 0);
        w.check().unwrap();
    }
}
