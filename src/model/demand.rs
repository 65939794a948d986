//! Demand: MODEL.md "Flows, each working day", 1 Referrals, 2 Early help diversion and
//! 3 Screening. Referrals arrive (Poisson, with seasonality and trend); a share goes to
//! the early help team while it runs and has room; of the rest a share is accepted for
//! initial assessment and the others close at contact.

use super::stock::Stock;
use super::whole;
use crate::rng::SimRng;
use crate::sampling::poisson_with_p0;
use crate::sampling::{BinomTables, Lifetime, PoissonTables};
use crate::scenario::Spec;

/// Demand's per-run parameters and state (the trend so far, families in early help).
#[derive(Debug, Default)]
pub struct Demand {
    /// Mean referrals per working day, before seasonality and trend.
    per_day: f64,
    /// Daily factor of the annual trend (1: no trend).
    trend_daily: f64,
    /// The trend's factor today.
    trend: f64,
    /// Referral draws when the mean changes only with the month.
    by_month: PoissonTables,
    /// With a trend the mean changes every day: drawn by inversion, with `exp(-mean)`
    /// computed only when the mean changes (the last mean and its `exp(-mean)`).
    lambda: f64,
    p0: f64,
    to_ia: BinomTables,
    /// Families the early help team can hold (workers x families per worker).
    eh_capacity: u64,
    eh_life: Lifetime,
    eh_share: BinomTables,
    /// Families in early help.
    families: Stock,
}

/// The early help team's flows of one day.
#[derive(Clone, Copy, Debug, Default)]
pub struct Diversion {
    pub diverted: u64,
    /// Families whose time in early help ended.
    pub exits: u64,
}

impl Demand {
    /// Parameters from the run's drawn values `v`, for a run of `n_days` days; no family in
    /// early help. Samplers keep their tables when their parameter is as in the last run.
    pub fn start(&mut self, s: &Spec, v: &[f64], n_days: usize) {
        self.per_day = v[s.referrals_per_week] / 5.0;
        self.trend_daily = libm::pow(1.0 + v[s.annual_trend], 1.0 / 260.0);
        self.trend = 1.0;
        (self.lambda, self.p0) = (f64::NAN, 1.0);
        self.to_ia.set(v[s.to_ia]);
        if let Some(e) = &s.early_help {
            self.eh_capacity = whole(v[e.workers] * v[e.families_per_worker]);
            self.eh_life.set(1.0 / (v[e.mean_weeks] * 5.0), n_days);
            self.eh_share.set(v[e.diversion_share]);
        }
        self.families.reset(n_days);
    }

    /// Flow 1: the referrals of a day in month `month` (0: January).
    #[inline(always)]
    pub fn referrals(&mut self, s: &Spec, month: usize, rng: &mut SimRng) -> u64 {
        let lambda = self.per_day * s.seasonality[month] * self.trend;
        if self.trend_daily == 1.0 {
            self.by_month.sample(rng, lambda)
        } else {
            self.trend *= self.trend_daily;
            if lambda != self.lambda {
                self.lambda = lambda;
                self.p0 = libm::exp(-lambda);
            }
            poisson_with_p0(rng, lambda, self.p0)
        }
    }

    /// Flow 2, early help on day `t`: families whose time is up leave, then, while the team
    /// runs, a share of the `referrals` is diverted, up to the room left.
    #[inline(always)]
    pub fn divert(
        &mut self,
        s: &Spec,
        t: usize,
        referrals: u64,
        rng: &mut SimRng,
        rng_eh: &mut SimRng,
    ) -> Diversion {
        let Some(e) = &s.early_help else { return Diversion::default() };
        let exits = self.families.leave(t);
        let mut diverted = 0;
        if e.start_day <= t && t < e.end_day {
            let room = self.eh_capacity.saturating_sub(self.families.n());
            diverted = self.eh_share.sample(rng, referrals).min(room);
            self.families.join(t as i64, diverted, &self.eh_life, rng_eh);
        }
        Diversion { diverted, exits }
    }

    /// Flow 3, screening: how many of `rest` (referrals not diverted) go to the initial
    /// assessment queue; the others close at contact.
    #[inline(always)]
    pub fn screen(&mut self, rest: u64, rng: &mut SimRng) -> u64 {
        self.to_ia.sample(rng, rest)
    }

    /// Families in early help.
    pub fn families(&self) -> &Stock {
        &self.families
    }
}
