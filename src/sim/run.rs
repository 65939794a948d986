//! One run: the working day of MODEL.md, applied from day 0 to the horizon.
//!
//! The [`Engine`] holds what is the same for every run (calendar lookups, priced items);
//! a [`Workspace`] holds one run's state, one part per concept of [`crate::model`], and is
//! reused from run to run on a thread, so the per-day loop never allocates and never
//! touches Decimal: money is priced from integer counts once per run.
//!
//! Within a day, the concepts' steps in MODEL.md's order: the morning's arrivals
//! (permanent starters, agency workers), referrals, early help diversion, screening,
//! capacity and allocation of assessments, completions, transfers, open-case closures,
//! looked-after children, departures, agency requests, recruitment (on the week's first
//! day), costs. The week's stocks are read at the end of its last day.

use crate::metrics as m;
use crate::model::assessment::{self, Assessment, Workers};
use crate::model::casework::Casework;
use crate::model::costs::{Costs, Items, Paid};
use crate::model::demand::Demand;
use crate::model::looked_after::LookedAfter;
use crate::model::recruitment::Recruitment;
use crate::model::workforce::Workforce;
use crate::model::{pence, real};
use crate::money::Money;
use crate::rng::{Stream, stream};
use crate::scenario::Scenario;
use chrono::Datelike;

/// Per-scenario constants shared by all runs.
#[derive(Debug)]
pub struct Engine<'a> {
    pub scenario: &'a Scenario,
    pub items: Items,
    n_days: usize,
    n_weeks: usize,
    n_fy: usize,
    /// What the day loop needs to know of each day, in one place.
    day: Vec<Day>,
    /// The starting state's initial and core assessment items, oldest first (indices).
    initial_order: [Vec<usize>; 2],
}

/// A working day of the calendar, as the day loop sees it.
#[derive(Clone, Copy, Debug, Default)]
struct Day {
    week: u32,
    /// Financial year and pay period (indices).
    fy: u32,
    pp: u32,
    /// Month of the year, 0 for January.
    month: u8,
    holiday: bool,
    week_start: bool,
    week_end: bool,
    /// Last day of a run of days with the same week, financial year and pay period: the
    /// day its priced units are counted and priced.
    segment_end: bool,
}

/// One run's results, reused between runs.
#[derive(Clone, Debug, Default)]
pub struct RunRecord {
    /// `weekly[metric * n_weeks + week]`; NaN where undefined (a rate with no completions).
    pub weekly: Vec<f64>,
    /// Spend per financial year and line, with the total last:
    /// `budget[fy * (LINES.len() + 1) + line]`.
    pub budget: Vec<Money>,
    /// Hires made while each campaign ran.
    pub campaign_hires: Vec<u32>,
    /// The parameter values drawn for this run, in [`Scenario::params`] order.
    pub values: Vec<f64>,
}

/// Cumulative flows, for the conservation check.
#[derive(Clone, Debug, Default)]
struct Ledger {
    referrals: u64,
    diverted: u64,
    closed_at_contact: u64,
    to_ia: u64,
    ia_completed: u64,
    to_ca: u64,
    ia_closed: u64,
    ca_completed: u64,
    to_plan: u64,
    ca_to_lac: u64,
    ca_closed: u64,
    transferred: u64,
    open_closed: u64,
    lac_emergency: u64,
    lac_exits: u64,
    eh_exits: u64,
    starters: u64,
    leavers: u64,
    agency_arrived: u64,
    agency_left: u64,
    agency_released: u64,
    agency_requested: u64,
    agency_resolved: u64,
    applicants: u64,
    rejected: u64,
    hired: u64,
    notice_ended: u64,
    init_ia: u64,
    init_ca: u64,
    init_awaiting: u64,
    init_open: u64,
    init_lac: u64,
    init_perm: u64,
    init_agency: u64,
    init_notice: u64,
}

/// One thread's reusable state of a run: each concept's parameters and state, and the
/// ledger of the conservation check.
#[derive(Debug, Default)]
pub struct Workspace {
    demand: Demand,
    assessment: Assessment,
    casework: Casework,
    looked_after: LookedAfter,
    workforce: Workforce,
    recruitment: Recruitment,
    costs: Costs,
    ledger: Ledger,
}

/// Weekly flow totals.
#[derive(Clone, Copy, Debug, Default)]
struct Week {
    starters: u64,
    leavers: u64,
    referrals: u64,
    diverted: u64,
    ia_started: u64,
    ia_completed: u64,
    ia_on_time: u64,
    ca_completed: u64,
    ca_on_time: u64,
}

impl<'a> Engine<'a> {
    pub fn new(scenario: &'a Scenario) -> Engine<'a> {
        let cal = scenario.calendar();
        let spec = scenario.spec();
        let n_days = cal.n_days();
        let n_weeks = cal.n_weeks();
        let mut day = Vec::with_capacity(n_days);
        let mut pp = 0usize;
        for d in 0..n_days {
            while pp + 1 < spec.pay_periods.len() && spec.pay_periods[pp + 1] <= d {
                pp += 1;
            }
            day.push(Day {
                week: cal.week_of(d) as u32,
                fy: cal.fy_of(d) as u32,
                pp: pp as u32,
                month: cal.date(d).month0() as u8,
                holiday: cal.is_bank_holiday(d),
                ..Day::default()
            });
        }
        for d in 0..n_days {
            let next = day.get(d + 1).copied();
            day[d].week_start = d == 0 || day[d].week != day[d - 1].week;
            day[d].week_end = next.is_none_or(|x| x.week != day[d].week);
            day[d].segment_end =
                next.is_none_or(|x| (x.week, x.fy, x.pp) != (day[d].week, day[d].fy, day[d].pp));
        }
        Engine {
            scenario,
            items: Items::new(spec),
            n_days,
            n_weeks,
            n_fy: cal.financial_years().len(),
            day,
            initial_order: assessment::initial_order(spec),
        }
    }

    pub fn n_weeks(&self) -> usize {
        self.n_weeks
    }
    pub fn n_fy(&self) -> usize {
        self.n_fy
    }

    /// Simulate run `run` of a Monte Carlo seeded with `seed` into `out`. With `check`,
    /// the conservation of every stock is verified at the end of every day and the first
    /// failure is returned as an error.
    pub fn run(
        &self,
        seed: u64,
        run: u64,
        ws: &mut Workspace,
        out: &mut RunRecord,
        check: bool,
    ) -> Result<(), crate::error::SimError> {
        self.scenario.draw_into(seed, run, &mut out.values);
        self.run_with_values(seed, run, ws, out, check)
    }

    /// As [`Engine::run`], with the parameter values already in `out.values` (used to
    /// override parameters, for example in sensitivity analysis).
    pub fn run_with_values(
        &self,
        seed: u64,
        run: u64,
        ws: &mut Workspace,
        out: &mut RunRecord,
        check: bool,
    ) -> Result<(), crate::error::SimError> {
        if check { self.days::<true>(seed, run, ws, out) } else { self.days::<false>(seed, run, ws, out) }
    }

    /// The initial state and the days of one run (see [`Engine::run_with_values`]). The
    /// ledger of cumulative flows is kept only with `CHECK` (the conservation check reads
    /// it), so that a run without the check does none of its additions.
    fn days<const CHECK: bool>(
        &self,
        seed: u64,
        run: u64,
        ws: &mut Workspace,
        out: &mut RunRecord,
    ) -> Result<(), crate::error::SimError> {
        // Add to the ledger's cumulative flows (only with the check).
        macro_rules! tally {
            ($field:ident += $v:expr) => {
                if CHECK {
                    ws.ledger.$field += $v;
                }
            };
        }
        let spec = self.scenario.spec();
        let v = &out.values;
        let n = self.n_days;
        // One stream per part of the model (common random numbers across scenarios).
        let mut rng_demand = stream(seed, run, Stream::Demand);
        let mut rng_assess = stream(seed, run, Stream::Assessment);
        let mut rng_cases = stream(seed, run, Stream::Cases);
        let mut rng_work = stream(seed, run, Stream::Workforce);
        let mut rng_elapsed = stream(seed, run, Stream::Elapsed);
        let mut rng_picks = stream(seed, run, Stream::Picks);
        let mut rng_recruit = stream(seed, run, Stream::Recruitment);
        let mut rng_transfer = stream(seed, run, Stream::Transfers);
        let mut rng_open = stream(seed, run, Stream::OpenCases);
        let mut rng_lac = stream(seed, run, Stream::LookedAfter);
        let mut rng_eh = stream(seed, run, Stream::EarlyHelp);

        // Each concept's parameters from the drawn values, and the initial state.
        let l = &mut ws.ledger;
        *l = Ledger::default();
        ws.demand.start(spec, v, n);
        [l.init_ia, l.init_ca] = ws.assessment.start(spec, v, n, &self.initial_order, &mut rng_elapsed);
        (l.init_awaiting, l.init_open) = ws.casework.start(spec, v, n, &mut rng_transfer, &mut rng_open);
        l.init_lac = ws.looked_after.start(spec, v, n, &mut rng_lac);
        (l.init_perm, l.init_agency) = ws.workforce.start(spec, v, n);
        l.init_notice = ws.recruitment.start(spec, v, n);
        ws.costs.start(spec, &self.items, v, self.n_fy);
        out.weekly.clear();
        out.weekly.resize(m::with_types(spec.placements.len()) * self.n_weeks, f64::NAN);
        out.campaign_hires.clear();
        out.campaign_hires.resize(spec.campaigns.len(), 0);

        let mut wk = Week::default();
        for t in 0..n {
            let day = self.day[t];

            // Morning: hires whose notice ends start, agency workers arrive.
            let notice = ws.recruitment.notice_ends(t);
            tally!(notice_ended += notice.ended);
            let arrivals = ws.workforce.arrive(spec, t, day.week_start, notice.starters);
            tally!(starters += arrivals.starters);
            wk.starters += arrivals.starters;
            tally!(agency_arrived += arrivals.agency_arrived);
            tally!(agency_resolved += arrivals.agency_resolved);
            tally!(agency_released += arrivals.agency_released);
            // The day's priced units are the morning's workers and children.
            let perm = ws.workforce.permanent();
            let paid = Paid {
                permanent: perm.total() as u64,
                newly_qualified: perm.newly_qualified() as u64,
                agency: ws.workforce.agency(),
                hires: arrivals.starters,
            };
            ws.costs.count(&self.items, &paid, ws.looked_after.by_type());

            // 1-3. Referrals, early help diversion, screening.
            let referrals = ws.demand.referrals(spec, day.month as usize, &mut rng_demand);
            tally!(referrals += referrals);
            wk.referrals += referrals;
            let eh = ws.demand.divert(spec, t, referrals, &mut rng_demand, &mut rng_eh);
            tally!(eh_exits += eh.exits);
            tally!(diverted += eh.diverted);
            wk.diverted += eh.diverted;
            let rest = referrals - eh.diverted;
            let to_ia = ws.demand.screen(rest, &mut rng_demand);
            tally!(to_ia += to_ia);
            tally!(closed_at_contact += rest - to_ia);
            ws.assessment.refer(t, to_ia);

            // 4-6. Capacity and allocation, oldest first (nothing on a bank holiday), then
            // the completions at the end of the day.
            let pods = ws.workforce.pods(spec, t);
            let lac_total = ws.looked_after.total();
            if !day.holiday {
                let workers = Workers {
                    permanent: ws.workforce.permanent().effective(),
                    agency: ws.workforce.agency(),
                    pods: pods.workers,
                    pods_assessing: pods.assessing,
                };
                let hours = ws.assessment.capacity(&workers, ws.casework.holding_hours(lac_total));
                wk.ia_started += ws.assessment.allocate(spec, t, hours, &mut rng_elapsed);
            }
            let done = ws.assessment.complete(t, &mut rng_assess);
            tally!(ia_completed += done.ia);
            tally!(to_ca += done.to_core);
            tally!(ia_closed += done.ia - done.to_core);
            wk.ia_completed += done.ia;
            wk.ia_on_time += done.ia_on_time;
            tally!(ca_completed += done.ca);
            tally!(to_plan += done.to_plan);
            tally!(ca_to_lac += done.to_lac);
            tally!(ca_closed += done.ca - done.to_plan - done.to_lac);
            wk.ca_completed += done.ca;
            wk.ca_on_time += done.ca_on_time;

            // 6-7. Transfers to long-term teams, then open cases close.
            let transferred = ws.casework.transfer(t, done.to_plan, &mut rng_transfer);
            tally!(transferred += transferred);
            let open_closed = ws.casework.close(t, transferred, &mut rng_open);
            tally!(open_closed += open_closed);

            // 8. Looked-after children.
            let lac = ws.looked_after.day(t, done.to_lac, &mut rng_cases, &mut rng_lac);
            tally!(lac_exits += lac.exits);
            tally!(lac_emergency += lac.emergency);
            let lac_total = lac_total - lac.exits + done.to_lac + lac.emergency;

            // 9. Departures, with the caseload feedback (cases held per case-holding
            // worker), then agency requests.
            let cases = ws.assessment.backlog() + ws.casework.held() + lac_total;
            let caseload = (cases, ws.workforce.case_holders(pods.workers));
            let gone = ws.workforce.depart(caseload.0, caseload.1, &mut rng_work, &mut rng_picks);
            tally!(leavers += gone.permanent);
            wk.leavers += gone.permanent;
            tally!(agency_left += gone.agency);
            let requested = ws.workforce.request_agency(spec, t, &mut rng_work);
            tally!(agency_requested += requested);

            // 10. Recruitment, weekly on the week's first working day.
            if day.week_start && spec.recruitment_enabled {
                let perm = ws.workforce.permanent().total() as u64;
                let round = ws.recruitment.round(spec, t, perm, &mut rng_recruit, &mut out.campaign_hires);
                tally!(applicants += round.applicants);
                tally!(rejected += round.rejected);
                tally!(hired += round.hired);
            }

            // 11. Costs: the units counted this morning, priced at the end of a segment of
            // days with the same week, financial year and pay period.
            if day.segment_end {
                ws.costs.end_segment(spec, &self.items, t, day.fy as usize, day.pp as usize);
            }

            if CHECK {
                self.check(t, ws)
                    .map_err(|e| format!("run {run}, day {t} ({}): {e}", self.scenario.calendar().date(t)))?;
            }
            if day.week_end {
                self.record_week(t, day.week as usize, ws, &wk, caseload, out);
                wk = Week::default();
            }
        }

        ws.costs.spend_by_year(&self.items, self.n_fy, spec, &mut out.budget);
        Ok(())
    }

    /// The weekly metrics at the end of day `t`, the last of week `week`: stocks as they
    /// stand, flows from `wk`, the `caseload` as (cases, case-holding workers) when
    /// departures were decided; clears the week's spend.
    fn record_week(
        &self,
        t: usize,
        week: usize,
        ws: &mut Workspace,
        wk: &Week,
        caseload: (u64, u64),
        out: &mut RunRecord,
    ) {
        let nw = self.n_weeks;
        let spec = self.scenario.spec();
        let est = u64::from(spec.establishment);
        let pod_workers = ws.workforce.pods(spec, t).workers;
        let lac = ws.looked_after.total();
        let (ia, ca) = (ws.assessment.ia(), ws.assessment.ca());
        let (awaiting, open) = (ws.casework.awaiting().n(), ws.casework.open().n());
        let perm = ws.workforce.permanent().total() as u64;
        let pipeline = ws.recruitment.candidates() + ws.recruitment.in_notice();
        let mut rec = |metric: usize, value: f64| out.weekly[metric * nw + week] = value;
        rec(m::PERMANENT_FTE, real(perm));
        rec(m::AGENCY_FTE, real(ws.workforce.agency()));
        rec(m::POD_FTE, real(pod_workers));
        rec(m::ESTABLISHMENT, real(est));
        rec(m::VACANCIES, real(est.saturating_sub(perm)));
        rec(m::STARTERS, real(wk.starters));
        rec(m::LEAVERS, real(wk.leavers));
        rec(m::PIPELINE, real(pipeline));
        rec(m::REFERRALS, real(wk.referrals));
        rec(m::DIVERTED, real(wk.diverted));
        rec(m::IA_STARTED, real(wk.ia_started));
        rec(m::IA_COMPLETED, real(wk.ia_completed));
        rec(m::IA_BACKLOG, real(ia.backlog()));
        rec(m::IA_IN_PROGRESS, real(ia.in_progress()));
        rec(m::IA_OVERDUE, real(ia.overdue(t)));
        let rate = |ok: u64, all: u64| if all > 0 { real(ok) / real(all) } else { f64::NAN };
        rec(m::IA_ON_TIME, rate(wk.ia_on_time, wk.ia_completed));
        rec(m::CA_COMPLETED, real(wk.ca_completed));
        rec(m::CA_BACKLOG, real(ca.backlog()));
        rec(m::CA_IN_PROGRESS, real(ca.in_progress()));
        rec(m::CA_OVERDUE, real(ca.overdue(t)));
        rec(m::CA_ON_TIME, rate(wk.ca_on_time, wk.ca_completed));
        rec(m::AWAITING, real(awaiting));
        rec(m::TEAM_CASES, real(ia.backlog() + ca.backlog() + awaiting));
        rec(m::OPEN_CASES, real(open));
        let (cases, workers) = caseload;
        rec(m::CASELOAD, if workers > 0 { real(cases) / real(workers) } else { f64::NAN });
        rec(m::LAC, real(lac));
        let nt = spec.placements.len();
        for (j, stock) in ws.looked_after.by_type().iter().enumerate() {
            rec(m::member(m::LOOKED_AFTER_BY_TYPE, j, nt), real(stock.n()));
        }
        let (by_line, by_type) = ws.costs.week_spend();
        let mut total = 0.0;
        for (li, s) in by_line.iter_mut().enumerate() {
            let pounds = pence(*s);
            rec(m::SPEND_LINE0 + li, pounds);
            total += pounds;
            *s = 0.0;
        }
        rec(m::SPEND, pence(total));
        for (j, s) in by_type.iter_mut().enumerate() {
            rec(m::member(m::SPEND_BY_TYPE, j, nt), pence(*s));
            *s = 0.0;
        }
    }

    /// The conservation check: every stock equals its initial value plus inflows minus
    /// outflows, and each structure's parts add up to its total.
    fn check(&self, t: usize, ws: &Workspace) -> Result<(), String> {
        let l = &ws.ledger;
        let eq =
            |name: &str, a: u64, b: u64| if a == b { Ok(()) } else { Err(format!("{name}: {a} != {b}")) };
        let (ia, ca) = (ws.assessment.ia(), ws.assessment.ca());
        let (awaiting, open) = (ws.casework.awaiting(), ws.casework.open());
        let families = ws.demand.families();
        eq("referrals", l.referrals, l.diverted + l.closed_at_contact + l.to_ia)?;
        eq("initial assessments", ia.backlog() + l.ia_completed, l.init_ia + l.to_ia)?;
        eq("initial assessment outcomes", l.ia_completed, l.to_ca + l.ia_closed)?;
        eq("core assessments", ca.backlog() + l.ca_completed, l.init_ca + l.to_ca)?;
        eq("core assessment outcomes", l.ca_completed, l.to_plan + l.ca_to_lac + l.ca_closed)?;
        eq("awaiting transfer", awaiting.n() + l.transferred, l.init_awaiting + l.to_plan)?;
        eq("open cases", open.n() + l.open_closed, l.init_open + l.transferred)?;
        let lac = ws.looked_after.total();
        eq("looked after", lac + l.lac_exits, l.init_lac + l.ca_to_lac + l.lac_emergency)?;
        eq("early help families", families.n() + l.eh_exits, l.diverted)?;
        awaiting.check(t).map_err(|e| format!("awaiting transfer: {e}"))?;
        open.check(t).map_err(|e| format!("open cases: {e}"))?;
        for (j, s) in ws.looked_after.by_type().iter().enumerate() {
            s.check(t).map_err(|e| format!("looked after, placement type {j}: {e}"))?;
        }
        families.check(t).map_err(|e| format!("early help families: {e}"))?;
        let w = &ws.workforce;
        eq("permanent", w.permanent().total() as u64 + l.leavers, l.init_perm + l.starters)?;
        eq("agency", w.agency() + l.agency_left + l.agency_released, l.init_agency + l.agency_arrived)?;
        eq("agency requests", w.agency_pending() + l.agency_resolved, l.agency_requested)?;
        let r = &ws.recruitment;
        eq("recruitment pipeline", r.candidates() + l.rejected + l.hired, l.applicants)?;
        eq("in notice", r.in_notice() + l.notice_ended, l.init_notice + l.hired)?;
        r.check(t)?;
        ia.check(t).map_err(|e| format!("initial assessments: {e}"))?;
        ca.check(t).map_err(|e| format!("core assessments: {e}"))?;
        w.check(t)?;
        Ok(())
    }
}
