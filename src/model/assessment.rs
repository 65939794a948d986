//! Assessment: MODEL.md "Flows, each working day", 4 Capacity, 5 Initial assessments and
//! 6 Core assessments. Workers' hours, less the holding hours of held cases, go to the
//! oldest assessments first; an allocated assessment is in progress for a drawn elapsed
//! time, then completes with an outcome: initial ones move on to core assessment or close;
//! core ones lead to a plan (see [`super::casework`]), to care, or close.

use super::queue::AssessQueue;
use super::{real, whole};
use crate::rng::SimRng;
use crate::sampling::BinomTables;
use crate::sampling::DiscreteTable;
use crate::scenario::Spec;

/// Assessment's per-run parameters and state: the two queues and the hours carried over.
#[derive(Debug, Default)]
pub struct Assessment {
    /// Hours a day of a fully productive worker, less the share lost to leave, sickness
    /// and training.
    hours_unit: f64,
    /// Productivity by kind of worker.
    prod_permanent: f64,
    prod_agency: f64,
    prod_pod: f64,
    /// Hours charged when an initial or a core assessment is allocated.
    ia_hours: f64,
    ca_hours: f64,
    to_core: BinomTables,
    to_plan: BinomTables,
    /// Into care, of the core assessments that do not lead to a plan.
    to_lac_given_no_plan: BinomTables,
    ia: AssessQueue,
    ca: AssessQueue,
    /// Fractional hours carried over to the next day.
    carry: f64,
}

/// The case-holding workers of a day, as capacity counts them.
#[derive(Clone, Copy, Debug)]
pub struct Workers {
    /// Permanent workers as full-productivity equivalents (ramp-up, newly qualified).
    pub permanent: f64,
    pub agency: u64,
    /// Pod social workers on contract, and of those the ones kept to assessment work.
    pub pods: u64,
    pub pods_assessing: u64,
}

/// The assessments that complete at the end of a day, and their outcomes.
#[derive(Clone, Copy, Debug)]
pub struct Completions {
    pub ia: u64,
    pub ia_on_time: u64,
    /// Initial assessments moved on to core assessment (the rest close).
    pub to_core: u64,
    pub ca: u64,
    pub ca_on_time: u64,
    /// Core assessments that lead to a plan, and into care (the rest close).
    pub to_plan: u64,
    pub to_lac: u64,
}

/// The initial and core assessment items of the starting state, oldest first (indices into
/// [`Spec::initial_ia`] and [`Spec::initial_ca`]): the order their elapsed times are drawn.
pub fn initial_order(s: &Spec) -> [Vec<usize>; 2] {
    [&s.initial_ia, &s.initial_ca].map(|items| {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].key_day);
        order
    })
}

impl Assessment {
    /// Parameters from the run's drawn values `v`, and the queues of the starting state
    /// (items in `order`, from [`initial_order`]) for a run of `n_days` days. Returns the
    /// initial and core assessments of the starting state.
    pub fn start(
        &mut self,
        s: &Spec,
        v: &[f64],
        n_days: usize,
        order: &[Vec<usize>; 2],
        rng_elapsed: &mut SimRng,
    ) -> [u64; 2] {
        self.hours_unit = v[s.hours_per_day] * (1.0 - v[s.lost_time_share]);
        self.prod_permanent = v[s.productivity_permanent];
        self.prod_agency = v[s.productivity_agency];
        self.prod_pod = v[s.productivity_pod];
        self.ia_hours = v[s.ia_hours];
        self.to_core.set(v[s.to_core]);
        self.ca_hours = v[s.ca_hours];
        let plan = v[s.to_plan];
        self.to_plan.set(plan);
        self.to_lac_given_no_plan.set(if plan >= 1.0 { 0.0 } else { (v[s.to_lac] / (1.0 - plan)).min(1.0) });
        self.carry = 0.0;
        self.ia.reset(n_days, s.ia_target, s.ia_elapsed.max());
        self.ca.reset(n_days, s.ca_target, s.ca_elapsed.max());
        let queues =
            [(&mut self.ia, &s.initial_ia, &s.ia_elapsed), (&mut self.ca, &s.initial_ca, &s.ca_elapsed)];
        let mut initial = [0; 2];
        for (((q, items, table), order), init) in queues.into_iter().zip(order).zip(&mut initial) {
            for it in order.iter().map(|&i| &items[i]) {
                let k = whole(v[it.count]);
                *init += k;
                if it.in_progress {
                    for _ in 0..k {
                        let e = table.sample(rng_elapsed) as usize;
                        q.start(it.key_day, 0, e);
                    }
                } else {
                    q.push(it.key_day, k as u32);
                }
            }
        }
        initial
    }

    /// Flow 3, the end of screening: `n` referrals screened in on day `t` join the initial
    /// assessment queue.
    #[inline(always)]
    pub fn refer(&mut self, t: usize, n: u64) {
        self.ia.push(t as i64, n as u32);
    }

    /// Flow 4, capacity: the hours for assessments today. Workers' hours go to held cases
    /// first (`holding` hours); pod workers kept to assessment and yesterday's carried
    /// fraction add to what is left.
    #[inline(always)]
    pub fn capacity(&self, w: &Workers, holding: f64) -> f64 {
        let shared = self.hours_unit
            * (w.permanent * self.prod_permanent
                + real(w.agency) * self.prod_agency
                + real(w.pods - w.pods_assessing) * self.prod_pod);
        (shared - holding).max(0.0) + self.hours_unit * real(w.pods_assessing) * self.prod_pod + self.carry
    }

    /// Flows 5-6, allocation on day `t` with `hours`: the oldest eligible item first across
    /// the two queues (or initial assessments first, as the scenario's policy says),
    /// strictly in order, while the hours pay for the next. Keeps the fraction left for
    /// tomorrow when an item costs more than it. Returns the initial assessments started.
    #[inline(always)]
    pub fn allocate(&mut self, s: &Spec, t: usize, mut hours: f64, rng_elapsed: &mut SimRng) -> u64 {
        let (ia_el, ca_el): (&DiscreteTable, &DiscreteTable) = (&s.ia_elapsed, &s.ca_elapsed);
        let mut ia_started = 0;
        self.carry = 0.0;
        let today = t as i64;
        loop {
            let ia_k = self.ia.front_eligible(today);
            let ca_k = self.ca.front_eligible(today);
            let (take_ia, front) = match (ia_k, ca_k) {
                (None, None) => break,
                (Some((_, n)), None) => (true, n),
                (None, Some((_, n))) => (false, n),
                (Some((a, na)), Some((b, nb))) => {
                    if !s.oldest_first || a <= b {
                        (true, na)
                    } else {
                        (false, nb)
                    }
                }
            };
            let cost = if take_ia { self.ia_hours } else { self.ca_hours };
            if hours < cost {
                self.carry = hours; // fractional hours carry over to the next day
                break;
            }
            // The front bucket's items share a key day: as many as the hours pay for. When
            // they pay for the whole bucket by a margin far above round-off, that is known
            // without dividing, and dividing would give the same count.
            let all = cost > 0.0 && hours >= real(front) * cost * (1.0 + 1e-12);
            let afford = if all || cost <= 0.0 || cost.is_nan() { u64::MAX } else { (hours / cost) as u64 };
            let k = if take_ia {
                let k = self.ia.allocate_front(t, afford, ia_el, rng_elapsed);
                ia_started += k;
                k
            } else {
                self.ca.allocate_front(t, afford, ca_el, rng_elapsed)
            };
            hours = (hours - real(k) * cost).max(0.0);
        }
        ia_started
    }

    /// Flows 5-6, completions: the assessments that complete at the end of day `t`, and
    /// their outcomes: initial ones moved on join the core assessment queue.
    #[inline(always)]
    pub fn complete(&mut self, t: usize, rng: &mut SimRng) -> Completions {
        let (ia, ia_on_time) = self.ia.end_day(t);
        let ia = u64::from(ia);
        let to_core = self.to_core.sample(rng, ia);
        self.ca.push(t as i64, to_core as u32);
        let (ca, ca_on_time) = self.ca.end_day(t);
        let ca = u64::from(ca);
        let to_plan = self.to_plan.sample(rng, ca);
        let to_lac = self.to_lac_given_no_plan.sample(rng, ca - to_plan);
        Completions {
            ia,
            ia_on_time: u64::from(ia_on_time),
            to_core,
            ca,
            ca_on_time: u64::from(ca_on_time),
            to_plan,
            to_lac,
        }
    }

    /// Assessments outstanding: initial and core, waiting or in progress.
    #[inline(always)]
    pub fn backlog(&self) -> u64 {
        self.ia.backlog() + self.ca.backlog()
    }
    /// The initial assessment queue.
    pub fn ia(&self) -> &AssessQueue {
        &self.ia
    }
    /// The core assessment queue.
    pub fn ca(&self) -> &AssessQueue {
        &self.ca
    }
}
