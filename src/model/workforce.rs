//! Workforce: MODEL.md "Flows, each working day", 9. Permanent starters and agency
//! workers arrive in the morning (an agency worker who starts on a day works that day);
//! pods supply social workers between their contract dates; permanent and agency workers
//! leave with daily hazards, the permanent one raised by the caseload feedback; agency
//! workers are requested for uncovered vacancies, up to a cap, and arrive after a lead
//! time if the request is filled.

use super::permanent::{Permanent, Tenure};
use super::{daily_hazard, real, whole};
use crate::rng::SimRng;
use crate::sampling::BinomTables;
use crate::sampling::binomial;
use crate::scenario::{AgencyCap, Spec};

/// The workforce's per-run parameters and state: permanent and agency workers, and
/// agency requests on their way.
#[derive(Debug, Default)]
pub struct Workforce {
    tenure: Tenure,
    /// Daily leaving hazard of a permanent worker, and its draws without the feedback.
    h_permanent: f64,
    permanent_leavers: BinomTables,
    /// The caseload feedback: `h x (1 + k x max(0, caseload / threshold - 1))`.
    feedback_k: f64,
    feedback_threshold: f64,
    agency_cap: u64,
    agency_lead: usize,
    agency_fill: BinomTables,
    agency_leavers: BinomTables,
    /// Social workers of each pod.
    pod_workers: Vec<u64>,
    permanent: Permanent,
    agency: u64,
    /// Agency workers requested and not yet arrived (or found unfilled).
    agency_pending: u64,
    /// By day: agency workers who arrive, and requests resolved (arrived or unfilled).
    agency_arrive: Vec<u32>,
    agency_resolve: Vec<u32>,
}

/// The morning's arrivals.
#[derive(Clone, Copy, Debug)]
pub struct Arrivals {
    pub starters: u64,
    pub agency_arrived: u64,
    pub agency_resolved: u64,
    /// Agency workers released because permanent starters took their posts.
    pub agency_released: u64,
}

/// Pod social workers on contract on a day.
#[derive(Clone, Copy, Debug)]
pub struct Pods {
    pub workers: u64,
    /// Of those, the ones kept to assessment work.
    pub assessing: u64,
}

/// The day's leavers.
#[derive(Clone, Copy, Debug)]
pub struct Departures {
    pub permanent: u64,
    pub agency: u64,
}

impl Workforce {
    /// Parameters from the run's drawn values `v`, and the workforce of the starting
    /// state, for a run of `n_days` days. Returns the permanent and agency workers of the
    /// starting state.
    pub fn start(&mut self, s: &Spec, v: &[f64], n_days: usize) -> (u64, u64) {
        self.tenure = Tenure::new(s, v);
        self.h_permanent = daily_hazard(v[s.turnover]);
        self.permanent_leavers.set(self.h_permanent);
        self.feedback_k = v[s.feedback_k];
        self.feedback_threshold = v[s.feedback_threshold].max(1e-9);
        self.agency_cap = match s.agency_cap {
            _ if !s.agency_enabled => 0,
            AgencyCap::Fte(p) => whole(v[p]),
            AgencyCap::ShareOfEstablishment(p) => whole(v[p] * f64::from(s.establishment)),
        };
        self.agency_lead = whole(v[s.agency_lead_days]).max(1) as usize;
        self.agency_fill.set(v[s.agency_fill]);
        self.agency_leavers.set(daily_hazard(v[s.agency_turnover]));
        self.pod_workers.clear();
        self.pod_workers.extend(s.pods.iter().map(|p| whole(v[p.social_workers])));

        self.permanent.reset();
        let mut permanent = 0;
        for co in &s.initial_permanent {
            let k = whole(v[co.count]);
            self.permanent.add(co.start_day, co.newly_qualified, k as u32);
            permanent += k;
        }
        self.agency = whole(v[s.initial_agency]);
        self.agency_pending = 0;
        // A request made on the last day arrives at most a lead time later.
        for ring in [&mut self.agency_arrive, &mut self.agency_resolve] {
            ring.clear();
            ring.resize(n_days + self.agency_lead + 1, 0);
        }
        (permanent, self.agency)
    }

    /// Flow 9, morning of day `t`: permanent `starters` ([experienced, newly qualified])
    /// and agency workers arrive; with the release policy, agency workers above
    /// establishment leave as permanent starters take their posts. The permanent
    /// workforce's productivity is refreshed at the start of a week and after a change.
    #[inline(always)]
    pub fn arrive(&mut self, s: &Spec, t: usize, week_start: bool, starters: [u32; 2]) -> Arrivals {
        let [experienced, nq] = starters;
        self.permanent.add(t as i64, false, experienced);
        self.permanent.add(t as i64, true, nq);
        let starters = u64::from(experienced + nq);
        let agency_arrived = u64::from(self.agency_arrive[t]);
        self.agency += agency_arrived;
        let agency_resolved = u64::from(self.agency_resolve[t]);
        self.agency_pending -= agency_resolved;
        let mut agency_released = 0;
        if s.agency_release && starters > 0 {
            let excess = (self.agency + self.permanent.total() as u64).saturating_sub(s.establishment as u64);
            agency_released = excess.min(starters).min(self.agency);
            self.agency -= agency_released;
        }
        if week_start || self.permanent.dirty() {
            self.permanent.refresh(&self.tenure, t as i64);
        }
        Arrivals { starters, agency_arrived, agency_resolved, agency_released }
    }

    /// Flow 9, pods: social workers on contract on day `t`.
    #[inline(always)]
    pub fn pods(&self, s: &Spec, t: usize) -> Pods {
        let mut pods = Pods { workers: 0, assessing: 0 };
        for (pod, &n) in s.pods.iter().zip(&self.pod_workers) {
            if pod.start_day <= t && t < pod.end_day {
                pods.workers += n;
                if pod.assessment_only {
                    pods.assessing += n;
                }
            }
        }
        pods
    }

    /// Case-holding workers (permanent, agency and `pod_workers`; managers excluded): the
    /// denominator of the caseload.
    #[inline(always)]
    pub fn case_holders(&self, pod_workers: u64) -> u64 {
        self.permanent.total() as u64 + self.agency + pod_workers
    }

    /// Flow 9, departures: leavers, with the caseload feedback on permanent turnover at
    /// `cases` per `workers` case-holding workers. Which permanent workers leave is drawn
    /// from `rng_picks`.
    #[inline(always)]
    pub fn depart(
        &mut self,
        cases: u64,
        workers: u64,
        rng: &mut SimRng,
        rng_picks: &mut SimRng,
    ) -> Departures {
        // The feedback is zero while the caseload is below its threshold: that is known
        // without dividing when cases < workers x threshold by a margin far above the
        // round-off of either side (and dividing would then decide the same).
        let below = workers > 0 && real(cases) < real(workers) * self.feedback_threshold * (1.0 - 1e-12);
        let feedback = if below {
            0.0
        } else {
            let caseload = if workers > 0 { real(cases) / real(workers) } else { f64::NAN };
            let ratio = if workers > 0 { (caseload / self.feedback_threshold).min(100.0) } else { 100.0 };
            self.feedback_k * (ratio - 1.0).max(0.0)
        };
        let n = self.permanent.total() as u64;
        let permanent = if feedback > 0.0 {
            binomial(rng, n, (self.h_permanent * (1.0 + feedback)).min(1.0))
        } else {
            self.permanent_leavers.sample(rng, n)
        };
        self.permanent.remove_random(permanent as u32, rng_picks);
        let agency = self.agency_leavers.sample(rng, self.agency);
        self.agency -= agency;
        Departures { permanent, agency }
    }

    /// Flow 9, agency requests on day `t` for vacancies not covered by a permanent or
    /// agency worker or a pending request, up to the cap; returns the requests made.
    #[inline(always)]
    pub fn request_agency(&mut self, s: &Spec, t: usize, rng: &mut SimRng) -> u64 {
        if !s.agency_enabled {
            return 0;
        }
        let on_hand = self.agency + self.agency_pending;
        let uncovered = (s.establishment as u64).saturating_sub(self.permanent.total() as u64 + on_hand);
        let req = uncovered.min(self.agency_cap.saturating_sub(on_hand));
        let filled = self.agency_fill.sample(rng, req);
        if req > 0 {
            let d = t + self.agency_lead;
            self.agency_arrive[d] += filled as u32;
            self.agency_resolve[d] += req as u32;
            self.agency_pending += req;
        }
        req
    }

    /// The permanent workforce.
    pub fn permanent(&self) -> &Permanent {
        &self.permanent
    }
    /// Agency workers.
    pub fn agency(&self) -> u64 {
        self.agency
    }
    /// Agency workers requested and not yet resolved.
    pub fn agency_pending(&self) -> u64 {
        self.agency_pending
    }

    /// Checks at the end of day `t` that the pending requests are those still to resolve
    /// and the permanent cohorts add up.
    pub fn check(&self, t: usize) -> Result<(), String> {
        let to_resolve: u64 = self.agency_resolve[t + 1..].iter().map(|&x| u64::from(x)).sum();
        if to_resolve != self.agency_pending {
            return Err(format!("agency pending: {} != {to_resolve}", self.agency_pending));
        }
        self.permanent.check()
    }
}
