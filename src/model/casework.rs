//! Casework: MODEL.md "Flows, each working day", 6 (a case with a plan waits in the
//! assessment team until a long-term team takes it) and 7 Open cases (closing with a
//! daily hazard); and the holding hours that held cases take from capacity (4), set in
//! the scenario's casework section.

use super::stock::Stock;
use super::{real, whole};
use crate::rng::SimRng;
use crate::sampling::Lifetime;
use crate::scenario::Spec;

/// Casework's per-run parameters and state: cases awaiting transfer, open cases.
#[derive(Debug, Default)]
pub struct Casework {
    transfer_life: Lifetime,
    open_life: Lifetime,
    /// Holding hours a working day of an open case, of a case awaiting transfer and of a
    /// looked-after child.
    hold_open: f64,
    hold_awaiting: f64,
    hold_lac: f64,
    awaiting: Stock,
    open: Stock,
}

impl Casework {
    /// Parameters from the run's drawn values `v`, and the held cases of the starting
    /// state (joined "at the end of day -1"), for a run of `n_days` days. Returns the
    /// cases awaiting transfer and the open cases of the starting state.
    pub fn start(
        &mut self,
        s: &Spec,
        v: &[f64],
        n_days: usize,
        rng_transfer: &mut SimRng,
        rng_open: &mut SimRng,
    ) -> (u64, u64) {
        self.transfer_life.set(1.0 / v[s.transfer_delay_days], n_days);
        self.open_life.set(1.0 / (v[s.open_case_mean_weeks] * 5.0), n_days);
        self.hold_open = v[s.hours_open] / 5.0;
        self.hold_awaiting = v[s.hours_awaiting] / 5.0;
        self.hold_lac = v[s.hours_lac] / 5.0;
        self.awaiting.reset(n_days);
        self.open.reset(n_days);
        let awaiting = whole(v[s.initial_awaiting]);
        self.awaiting.join(-1, awaiting, &self.transfer_life, rng_transfer);
        let open = whole(v[s.initial_open]);
        self.open.join(-1, open, &self.open_life, rng_open);
        (awaiting, open)
    }

    /// Flow 4, holding hours: what held cases take from a day's capacity (open cases,
    /// cases awaiting transfer and `lac` looked-after children).
    #[inline(always)]
    pub fn holding_hours(&self, lac: u64) -> f64 {
        real(self.open.n()) * self.hold_open
            + real(self.awaiting.n()) * self.hold_awaiting
            + real(lac) * self.hold_lac
    }

    /// Flow 6, transfers on day `t`: cases whose wait is over go to long-term teams
    /// (returned), and `plans` new cases with a plan start waiting.
    #[inline(always)]
    pub fn transfer(&mut self, t: usize, plans: u64, rng: &mut SimRng) -> u64 {
        let transferred = self.awaiting.leave(t);
        self.awaiting.join(t as i64, plans, &self.transfer_life, rng);
        transferred
    }

    /// Flow 7, open cases on day `t`: those whose time is up close (returned), then the
    /// `transferred` cases open (closing from the next working day).
    #[inline(always)]
    pub fn close(&mut self, t: usize, transferred: u64, rng: &mut SimRng) -> u64 {
        let closed = self.open.leave(t);
        self.open.join(t as i64, transferred, &self.open_life, rng);
        closed
    }

    /// Cases held: awaiting transfer and open.
    #[inline(always)]
    pub fn held(&self) -> u64 {
        self.awaiting.n() + self.open.n()
    }
    /// Cases with a plan awaiting transfer.
    pub fn awaiting(&self) -> &Stock {
        &self.awaiting
    }
    /// Open cases of long-term teams.
    pub fn open(&self) -> &Stock {
        &self.open
    }
}
