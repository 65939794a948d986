//! Looked-after children: MODEL.md "Flows, each working day", 8. Children enter care
//! from core assessments and from a background stream of emergency entries, take a
//! placement type by shares, and leave with a daily hazard by type.

use super::stock::Stock;
use super::whole;
use crate::rng::SimRng;
use crate::sampling::{Alias, Lifetime, PoissonTables, Vose};
use crate::scenario::Spec;

/// Looked-after children's per-run parameters and state: the children by placement type.
#[derive(Debug, Default)]
pub struct LookedAfter {
    /// Mean emergency entries per working day, and their draws.
    emergency_day: f64,
    emergency: PoissonTables,
    /// The placement type of a child coming into care, by shares.
    pick: Alias,
    vose: Vose,
    shares: Vec<f64>,
    /// Time in care by placement type.
    life: Vec<Lifetime>,
    /// Children by placement type.
    by_type: Vec<Stock>,
}

/// Children leaving and entering care in one day (besides those from core assessments).
#[derive(Clone, Copy, Debug)]
pub struct Movements {
    pub exits: u64,
    pub emergency: u64,
}

impl LookedAfter {
    /// Parameters from the run's drawn values `v`, and the children of the starting state,
    /// for a run of `n_days` days. Returns the children of the starting state.
    pub fn start(&mut self, s: &Spec, v: &[f64], n_days: usize, rng: &mut SimRng) -> u64 {
        self.emergency_day = v[s.emergency_lac_per_week] / 5.0;
        // Placement types by shares (all to the first type if the shares are all zero).
        self.shares.clear();
        self.shares.extend(s.placements.iter().map(|p| v[p.share].max(0.0)));
        let total: f64 = self.shares.iter().sum();
        if total > 0.0 {
            self.shares.iter_mut().for_each(|sh| *sh /= total);
        } else if let Some(first) = self.shares.first_mut() {
            *first = 1.0;
        }
        self.vose.build(&self.shares, &mut self.pick);
        self.life.resize_with(s.placements.len(), Lifetime::default);
        for (life, p) in self.life.iter_mut().zip(&s.placements) {
            life.set(1.0 / (v[p.mean_weeks] * 5.0), n_days);
        }
        self.by_type.resize_with(s.placements.len(), Stock::default);
        let mut initial = 0;
        for ((stock, p), life) in self.by_type.iter_mut().zip(&s.placements).zip(&self.life) {
            stock.reset(n_days);
            let k = whole(v[p.initial]);
            stock.join(-1, k, life, rng);
            initial += k;
        }
        initial
    }

    /// Flow 8, day `t`: children leave care by type, then `from_ca` children from core
    /// assessments and the day's emergency entries come in, each placed by shares.
    #[inline(always)]
    pub fn day(&mut self, t: usize, from_ca: u64, rng_cases: &mut SimRng, rng: &mut SimRng) -> Movements {
        let mut exits = 0;
        for stock in &mut self.by_type {
            exits += stock.leave(t);
        }
        let emergency = self.emergency.sample(rng_cases, self.emergency_day);
        for _ in 0..from_ca + emergency {
            let j = self.pick.sample(rng) as usize;
            self.by_type[j].join_one(t as i64, &self.life[j], rng);
        }
        Movements { exits, emergency }
    }

    /// Looked-after children, all placement types.
    #[inline(always)]
    pub fn total(&self) -> u64 {
        self.by_type.iter().map(Stock::n).sum()
    }

    /// Looked-after children by placement type.
    pub fn by_type(&self) -> &[Stock] {
        &self.by_type
    }
}
