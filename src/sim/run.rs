//! One run: the working-day step of MODEL.md, applied from day 0 to the horizon.
//!
//! The [`Engine`] holds what is the same for every run (calendar lookups, priced items);
//! a [`Workspace`] holds one run's state and is reused from run to run on a thread, so the
//! per-day loop never allocates and never touches Decimal: money is priced from integer
//! counts once per run ([`crate::model::budget`]).
//!
//! Within a day: arrivals (permanent starters and agency workers start in the morning),
//! referrals, early help diversion, screening, capacity and allocation of assessments,
//! completions, transfers, open-case closures, looked-after children, departures
//! (leavers, agency leavers), agency requests, recruitment (on the week's first day),
//! costs. The week's stocks are read at the end of its last day.

use super::metrics as m;
use crate::dist::{DiscreteTable, bernoulli, binomial, poisson, poisson_with_p0};
use crate::model::budget::{self, Items, Prices};
use crate::model::queue::AssessQueue;
use crate::model::stock::Stock;
use crate::model::workforce::{Permanent, WorkforceParams};
use crate::money::Money;
use crate::rng::{SimRng, Stream, stream};
use crate::sampling::{Alias, BinomTables, Lifetime, PoissonTables, Vose};
use crate::scenario::{LINES, Scenario, Spec};
use chrono::Datelike;

/// Per-scenario constants shared by all runs.
#[derive(Debug)]
pub struct Engine<'a> {
    pub scenario: &'a Scenario,
    pub items: Items,
    n_days: usize,
    n_weeks: usize,
    n_fy: usize,
    n_pp: usize,
    /// What the day loop needs to know of each day, in one place.
    day: Vec<Day>,
    /// Longest agency lead time in days, to size the arrivals ring.
    max_lead: usize,
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

/// Days of `[from, to)` within `[start, end)`.
fn overlap(from: usize, to: usize, start: usize, end: usize) -> u64 {
    to.min(end).saturating_sub(from.max(start)) as u64
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

#[derive(Clone, Copy, Debug)]
struct RecCohort {
    posts: u32,
    candidates: u32,
    stage: usize,
    next_day: usize,
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

/// Per-run values derived from the drawn parameters.
#[derive(Clone, Debug, Default)]
struct Consts {
    hours_unit: f64,
    prod_perm: f64,
    prod_agency: f64,
    prod_pod: f64,
    wp: WorkforceParams,
    h_perm: f64,
    b_perm: BinomTables,
    fb_k: f64,
    fb_threshold: f64,
    agency_cap: u64,
    agency_lead: usize,
    agency_fill: BinomTables,
    h_agency: BinomTables,
    pod_sw: Vec<u64>,
    app_per_post: f64,
    stage_pass: Vec<BinomTables>,
    stage_days: Vec<usize>,
    any_limited: bool,
    withdrawal: f64,
    nq_share: f64,
    attraction: Vec<f64>,
    ref_day: f64,
    trend_daily: f64,
    /// Referrals, when the mean changes only with the month.
    referral_tables: PoissonTables,
    to_ia: BinomTables,
    eh_capacity: u64,
    eh_life: Lifetime,
    eh_share: BinomTables,
    ia_hours: f64,
    to_core: BinomTables,
    ca_hours: f64,
    to_plan: BinomTables,
    to_lac_given_no_plan: BinomTables,
    transfer_life: Lifetime,
    open_life: Lifetime,
    hold_open: f64,
    hold_awaiting: f64,
    hold_lac: f64,
    emergency_day: f64,
    emergency_table: PoissonTables,
    /// The placement type of a child coming into care, by shares.
    place_pick: Alias,
    place_life: Vec<Lifetime>,
    vose: Vose,
}

/// Daily hazard from an annual rate: `1 - (1 - r)^(1/260)` (MODEL.md, Time).
fn daily_hazard(r: f64) -> f64 {
    if r <= 0.0 { 0.0 } else { 1.0 - libm::pow(1.0 - r.min(0.999_999), 1.0 / 260.0) }
}

/// A count as `f64`, converted through `i64`: x86-64 converts a signed integer in one
/// instruction but needs a sequence of about six for an unsigned one, and the day loop
/// converts counts a dozen times a day. The value is the same for every count below 2^63
/// (the same number rounded the same way), which every count of a run is, by far.
#[inline(always)]
fn real(n: u64) -> f64 {
    debug_assert!(n < 1 << 63);
    n as i64 as f64
}

/// Round a drawn count to a whole number.
fn whole(v: f64) -> u64 {
    if v.is_finite() && v > 0.0 { libm::round(v) as u64 } else { 0 }
}

impl Consts {
    /// Per-run values from the drawn parameters `v`, for a run of `n_days` days. Samplers
    /// keep their tables when their parameter is the same as in the previous run.
    fn fill(&mut self, s: &Spec, v: &[f64], n_days: usize) {
        self.hours_unit = v[s.hours_per_day] * (1.0 - v[s.lost_time_share]);
        self.prod_perm = v[s.productivity_permanent];
        self.prod_agency = v[s.productivity_agency];
        self.prod_pod = v[s.productivity_pod];
        self.wp = WorkforceParams {
            ramp_days: v[s.ramp_up_weeks] * 5.0,
            ramp_start: v[s.ramp_up_start],
            nq_factor: v[s.newly_qualified_factor],
        };
        self.h_perm = daily_hazard(v[s.turnover]);
        self.b_perm.set(self.h_perm);
        self.fb_k = v[s.feedback_k];
        self.fb_threshold = v[s.feedback_threshold].max(1e-9);
        self.agency_cap = if s.agency_enabled { whole(v[s.agency_cap]) } else { 0 };
        self.agency_lead = whole(v[s.agency_lead_days]).max(1) as usize;
        self.agency_fill.set(v[s.agency_fill]);
        self.h_agency.set(daily_hazard(v[s.agency_turnover]));
        self.pod_sw.clear();
        self.pod_sw.extend(s.pods.iter().map(|p| whole(v[p.social_workers])));
        self.app_per_post = v[s.applicants_per_post];
        self.stage_pass.resize_with(s.stages.len(), BinomTables::default);
        for (b, st) in self.stage_pass.iter_mut().zip(&s.stages) {
            b.set(v[st.pass]);
        }
        self.stage_days.clear();
        self.stage_days.extend(s.stages.iter().map(|st| whole(v[st.weeks] * 5.0) as usize));
        self.any_limited = s.stages.iter().any(|st| st.limited_to_posts);
        self.withdrawal = v[s.withdrawal];
        self.nq_share = v[s.nq_share];
        self.attraction.clear();
        self.attraction.extend(s.campaigns.iter().map(|c| v[c.attraction]));
        self.ref_day = v[s.referrals_per_week] / 5.0;
        self.trend_daily = libm::pow(1.0 + v[s.annual_trend], 1.0 / 260.0);
        self.to_ia.set(v[s.to_ia]);
        if let Some(e) = &s.early_help {
            self.eh_capacity = whole(v[e.workers] * v[e.families_per_worker]);
            self.eh_life.set(1.0 / (v[e.mean_weeks] * 5.0), n_days);
            self.eh_share.set(v[e.diversion_share]);
        }
        self.ia_hours = v[s.ia_hours];
        self.to_core.set(v[s.to_core]);
        self.ca_hours = v[s.ca_hours];
        let plan = v[s.to_plan];
        self.to_plan.set(plan);
        self.to_lac_given_no_plan.set(if plan >= 1.0 { 0.0 } else { (v[s.to_lac] / (1.0 - plan)).min(1.0) });
        self.transfer_life.set(1.0 / v[s.transfer_delay_days], n_days);
        self.open_life.set(1.0 / (v[s.open_case_mean_weeks] * 5.0), n_days);
        self.hold_open = v[s.hours_open] / 5.0;
        self.hold_awaiting = v[s.hours_awaiting] / 5.0;
        self.hold_lac = v[s.hours_lac] / 5.0;
        self.emergency_day = v[s.emergency_lac_per_week] / 5.0;
        // Placement types by shares (all to the first type if the shares are all zero).
        let mut shares: Vec<f64> = s.placements.iter().map(|p| v[p.share].max(0.0)).collect();
        let total: f64 = shares.iter().sum();
        if total > 0.0 {
            shares.iter_mut().for_each(|sh| *sh /= total);
        } else if let Some(first) = shares.first_mut() {
            *first = 1.0;
        }
        self.vose.build(&shares, &mut self.place_pick);
        self.place_life.resize_with(s.placements.len(), Lifetime::default);
        for (life, p) in self.place_life.iter_mut().zip(&s.placements) {
            life.set(1.0 / (v[p.mean_weeks] * 5.0), n_days);
        }
    }
}

/// One thread's reusable state: the run's constants and its state.
#[derive(Debug, Default)]
pub struct Workspace {
    c: Consts,
    s: State,
}

/// The state of one run.
#[derive(Debug, Default)]
struct State {
    ia: AssessQueue,
    ca: AssessQueue,
    perm: Permanent,
    agency: u64,
    agency_pending: u64,
    agency_arrive: Vec<u32>,
    agency_resolve: Vec<u32>,
    starters_at: Vec<[u32; 2]>,
    withdraw_at: Vec<u32>,
    notice_beyond: u64,
    covered_notice: u64,
    rec: Vec<RecCohort>,
    eh_families: Stock,
    awaiting: Stock,
    open: Stock,
    lac: Vec<Stock>,
    counts: Vec<u64>,
    week_spend: Vec<f64>,
    /// Priced units per item since the last segment end (see [`Day::segment_end`]).
    segment: Vec<u64>,
    ledger: Ledger,
    prices: Prices,
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
        let max_lead = scenario
            .params()
            .get(spec.agency_lead_days)
            .map(|p| p.dist.quantile(1.0).clamp(1.0, 260.0).round() as usize)
            .unwrap_or(260)
            .max(261);
        Engine {
            scenario,
            items: Items::new(spec),
            n_days,
            n_weeks,
            n_fy: cal.financial_years().len(),
            n_pp: spec.pay_periods.len(),
            day,
            max_lead,
            initial_order: [&spec.initial_ia, &spec.initial_ca].map(|items| {
                let mut order: Vec<usize> = (0..items.len()).collect();
                order.sort_by_key(|&i| items[i].key_day);
                order
            }),
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
        let spec = self.scenario.spec();
        let v = &out.values;
        ws.c.fill(spec, v, self.n_days);
        ws.s.prices = Prices::new(spec, &self.items, v);
        if check {
            self.days::<true>(seed, run, &mut ws.s, out, &mut ws.c)
        } else {
            self.days::<false>(seed, run, &mut ws.s, out, &mut ws.c)
        }
    }

    /// The initial state and the days of one run (see [`Engine::run_with_values`]). The
    /// ledger of cumulative flows is kept only with `CHECK` (the conservation check reads
    /// it), so that a run without the check does none of its additions.
    fn days<const CHECK: bool>(
        &self,
        seed: u64,
        run: u64,
        ws: &mut State,
        out: &mut RunRecord,
        c: &mut Consts,
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
        let nw = self.n_weeks;
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

        // Reset state.
        ws.ledger = Ledger::default();
        ws.ia.reset(n, spec.ia_target, spec.ia_elapsed.max());
        ws.ca.reset(n, spec.ca_target, spec.ca_elapsed.max());
        ws.perm.reset();
        let ring = n + self.max_lead + 2;
        for r in [&mut ws.agency_arrive, &mut ws.agency_resolve, &mut ws.withdraw_at] {
            r.clear();
            r.resize(ring, 0);
        }
        ws.starters_at.clear();
        ws.starters_at.resize(n, [0, 0]);
        ws.notice_beyond = 0;
        ws.covered_notice = 0;
        ws.rec.clear();
        ws.eh_families.reset(n);
        ws.awaiting.reset(n);
        ws.open.reset(n);
        ws.lac.resize_with(spec.placements.len(), Stock::default);
        ws.lac.iter_mut().for_each(|s| s.reset(n));
        ws.counts.clear();
        ws.counts.resize(self.n_fy * self.n_pp * self.items.n, 0);
        ws.week_spend.clear();
        ws.week_spend.resize(LINES.len(), 0.0);
        ws.segment.clear();
        ws.segment.resize(self.items.n, 0);
        out.weekly.clear();
        out.weekly.resize(m::N * nw, f64::NAN);
        out.campaign_hires.clear();
        out.campaign_hires.resize(spec.campaigns.len(), 0);

        // Initial state.
        let l = &mut ws.ledger;
        for co in &spec.initial_permanent {
            let k = whole(v[co.count]);
            ws.perm.add(co.start_day, co.newly_qualified, k as u32);
            l.init_perm += k;
        }
        ws.agency = whole(v[spec.initial_agency]);
        l.init_agency = ws.agency;
        ws.agency_pending = 0;
        let queues: [(&mut AssessQueue, &Vec<_>, &mut u64, &DiscreteTable); 2] = [
            (&mut ws.ia, &spec.initial_ia, &mut l.init_ia, &spec.ia_elapsed),
            (&mut ws.ca, &spec.initial_ca, &mut l.init_ca, &spec.ca_elapsed),
        ];
        for ((q, items, init, table), order) in queues.into_iter().zip(&self.initial_order) {
            for it in order.iter().map(|&i| &items[i]) {
                let k = whole(v[it.count]);
                *init += k;
                if it.in_progress {
                    for _ in 0..k {
                        let e = table.sample(&mut rng_elapsed) as usize;
                        q.start(it.key_day, 0, e);
                    }
                } else {
                    q.push(it.key_day, k as u32);
                }
            }
        }
        // Held cases of the starting state joined "at the end of day -1".
        l.init_awaiting = whole(v[spec.initial_awaiting]);
        ws.awaiting.join(-1, l.init_awaiting, &c.transfer_life, &mut rng_transfer);
        l.init_open = whole(v[spec.initial_open]);
        ws.open.join(-1, l.init_open, &c.open_life, &mut rng_open);
        for ((stock, p), life) in ws.lac.iter_mut().zip(&spec.placements).zip(&c.place_life) {
            let k = whole(v[p.initial]);
            stock.join(-1, k, life, &mut rng_lac);
            l.init_lac += k;
        }
        for nt in &spec.initial_notice {
            ws.covered_notice += nt.count as u64;
            l.init_notice += nt.count as u64;
            if nt.start_day < n {
                ws.starters_at[nt.start_day][nt.newly_qualified as usize] += nt.count;
            } else {
                ws.notice_beyond += nt.count as u64;
            }
        }

        let est = spec.establishment as u64;
        let ia_el = &spec.ia_elapsed;
        let ca_el = &spec.ca_elapsed;
        let mut carry = 0.0f64;
        let mut trend = 1.0f64;
        let mut wk = Week::default();
        let mut segment_from = 0;
        // With a trend the referral mean changes every day: drawn by inversion, with
        // exp(-lambda) computed only when the mean changes. Without, by month from tables.
        let ref_by_month = c.trend_daily == 1.0;
        let (mut ref_lambda, mut ref_p0) = (f64::NAN, 1.0);

        for t in 0..n {
            let day = self.day[t];
            let week = day.week as usize;

            // Morning arrivals: permanent starters, agency workers.
            let [st_exp, st_nq] = ws.starters_at[t];
            let starters = (st_exp + st_nq) as u64;
            ws.perm.add(t as i64, false, st_exp);
            ws.perm.add(t as i64, true, st_nq);
            ws.covered_notice -= starters + ws.withdraw_at[t] as u64;
            tally!(notice_ended += starters + ws.withdraw_at[t] as u64);
            tally!(starters += starters);
            wk.starters += starters;
            let arrived = ws.agency_arrive[t] as u64;
            ws.agency += arrived;
            tally!(agency_arrived += arrived);
            let resolved = ws.agency_resolve[t] as u64;
            ws.agency_pending -= resolved;
            tally!(agency_resolved += resolved);
            if spec.agency_release && starters > 0 {
                let excess = (ws.agency + ws.perm.total() as u64).saturating_sub(est);
                let rel = excess.min(starters).min(ws.agency);
                ws.agency -= rel;
                tally!(agency_released += rel);
            }
            if day.week_start || ws.perm.dirty() {
                ws.perm.refresh(&c.wp, t as i64);
            }
            let perm_paid = ws.perm.total() as u64;
            let nq_paid = ws.perm.newly_qualified() as u64;
            let agency_paid = ws.agency;

            // 1. Referrals.
            let month = day.month as usize;
            let lambda = c.ref_day * spec.seasonality[month] * trend;
            let referrals = if ref_by_month {
                c.referral_tables.sample(&mut rng_demand, lambda)
            } else {
                trend *= c.trend_daily;
                if lambda != ref_lambda {
                    ref_lambda = lambda;
                    ref_p0 = libm::exp(-lambda);
                }
                poisson_with_p0(&mut rng_demand, lambda, ref_p0)
            };
            tally!(referrals += referrals);
            wk.referrals += referrals;

            // 2. Early help diversion.
            let mut diverted = 0;
            let eh_active = spec.early_help.as_ref().is_some_and(|e| e.start_day <= t && t < e.end_day);
            if spec.early_help.is_some() {
                let eh_exits = ws.eh_families.leave(t);
                tally!(eh_exits += eh_exits);
            }
            if eh_active {
                let room = c.eh_capacity.saturating_sub(ws.eh_families.n());
                diverted = c.eh_share.sample(&mut rng_demand, referrals).min(room);
                ws.eh_families.join(t as i64, diverted, &c.eh_life, &mut rng_eh);
            }
            tally!(diverted += diverted);
            wk.diverted += diverted;

            // 3. Screening.
            let rest = referrals - diverted;
            let to_ia = c.to_ia.sample(&mut rng_demand, rest);
            tally!(to_ia += to_ia);
            tally!(closed_at_contact += rest - to_ia);
            ws.ia.push(t as i64, to_ia as u32);

            // 4-6. Capacity and allocation, oldest first.
            let mut pod_sw_total = 0u64;
            let mut pod_sw_assess = 0u64;
            for (i, pod) in spec.pods.iter().enumerate() {
                if pod.start_day <= t && t < pod.end_day {
                    pod_sw_total += c.pod_sw[i];
                    if pod.assessment_only {
                        pod_sw_assess += c.pod_sw[i];
                    }
                }
            }
            let lac_total: u64 = ws.lac.iter().map(Stock::n).sum();
            if !day.holiday {
                let shared = c.hours_unit
                    * (ws.perm.effective() * c.prod_perm
                        + real(agency_paid) * c.prod_agency
                        + real(pod_sw_total - pod_sw_assess) * c.prod_pod);
                let hold = real(ws.open.n()) * c.hold_open
                    + real(ws.awaiting.n()) * c.hold_awaiting
                    + real(lac_total) * c.hold_lac;
                let mut hours =
                    (shared - hold).max(0.0) + c.hours_unit * real(pod_sw_assess) * c.prod_pod + carry;
                carry = 0.0;
                let today = t as i64;
                loop {
                    let ia_k = ws.ia.front_eligible(today);
                    let ca_k = ws.ca.front_eligible(today);
                    let (take_ia, front) = match (ia_k, ca_k) {
                        (None, None) => break,
                        (Some((_, n)), None) => (true, n),
                        (None, Some((_, n))) => (false, n),
                        (Some((a, na)), Some((b, nb))) => {
                            if !spec.oldest_first || a <= b {
                                (true, na)
                            } else {
                                (false, nb)
                            }
                        }
                    };
                    let cost = if take_ia { c.ia_hours } else { c.ca_hours };
                    if hours < cost {
                        carry = hours; // fractional hours carry over to the next day
                        break;
                    }
                    // The front bucket's items share a key day: as many as the hours pay for,
                    // known without dividing when they pay for the whole bucket by a margin
                    // far above round-off (the division, when made, decides as before).
                    let whole = cost > 0.0 && hours >= real(front) * cost * (1.0 + 1e-12);
                    let afford =
                        if whole || cost <= 0.0 || cost.is_nan() { u64::MAX } else { (hours / cost) as u64 };
                    let k = if take_ia {
                        let k = ws.ia.allocate_front(t, afford, ia_el, &mut rng_elapsed);
                        wk.ia_started += k;
                        k
                    } else {
                        ws.ca.allocate_front(t, afford, ca_el, &mut rng_elapsed)
                    };
                    hours = (hours - real(k) * cost).max(0.0);
                }
            }

            // Completions at the end of the day.
            let (ia_done, ia_ot) = ws.ia.end_day(t);
            let ia_done = ia_done as u64;
            let to_ca = c.to_core.sample(&mut rng_assess, ia_done);
            ws.ca.push(t as i64, to_ca as u32);
            tally!(ia_completed += ia_done);
            tally!(to_ca += to_ca);
            tally!(ia_closed += ia_done - to_ca);
            wk.ia_completed += ia_done;
            wk.ia_on_time += ia_ot as u64;
            let (ca_done, ca_ot) = ws.ca.end_day(t);
            let ca_done = ca_done as u64;
            let plan = c.to_plan.sample(&mut rng_assess, ca_done);
            let lac_new = c.to_lac_given_no_plan.sample(&mut rng_assess, ca_done - plan);
            tally!(ca_completed += ca_done);
            tally!(to_plan += plan);
            tally!(ca_to_lac += lac_new);
            tally!(ca_closed += ca_done - plan - lac_new);
            wk.ca_completed += ca_done;
            wk.ca_on_time += ca_ot as u64;

            // Transfer to long-term teams, then open cases close.
            let transferred = ws.awaiting.leave(t);
            ws.awaiting.join(t as i64, plan, &c.transfer_life, &mut rng_transfer);
            tally!(transferred += transferred);
            let open_closed = ws.open.leave(t);
            tally!(open_closed += open_closed);
            ws.open.join(t as i64, transferred, &c.open_life, &mut rng_open);

            // Looked-after children: leave by type, then enter, each child's placement type
            // drawn by shares.
            let mut lac_exits = 0;
            for (sg, lac) in ws.segment[self.items.placement0..].iter_mut().zip(ws.lac.iter_mut()) {
                *sg += lac.n(); // placement-days priced at the start of the day's stock
                lac_exits += lac.leave(t);
            }
            tally!(lac_exits += lac_exits);
            let emergency = c.emergency_table.sample(&mut rng_cases, c.emergency_day);
            tally!(lac_emergency += emergency);
            for _ in 0..lac_new + emergency {
                let j = c.place_pick.sample(&mut rng_lac) as usize;
                ws.lac[j].join_one(t as i64, &c.place_life[j], &mut rng_lac);
            }
            let lac_total = lac_total - lac_exits + lac_new + emergency;

            // Departures, with the caseload feedback on permanent turnover.
            let workers = ws.perm.total() as u64 + ws.agency + pod_sw_total;
            let cases = ws.ia.backlog() + ws.ca.backlog() + ws.awaiting.n() + ws.open.n() + lac_total;
            // Cases and case-holding workers when departures are decided (the caseload).
            let caseload_of = (cases, workers);
            // The feedback is zero while the caseload is below its threshold: that is known
            // without dividing when cases < workers x threshold by a margin far above the
            // round-off of either side (so the divisions below, when made, decide exactly
            // as before).
            let below = workers > 0 && real(cases) < real(workers) * c.fb_threshold * (1.0 - 1e-12);
            let feedback = if below {
                0.0
            } else {
                let caseload = if workers > 0 { real(cases) / real(workers) } else { f64::NAN };
                let ratio = if workers > 0 { (caseload / c.fb_threshold).min(100.0) } else { 100.0 };
                c.fb_k * (ratio - 1.0).max(0.0)
            };
            let leavers = if feedback > 0.0 {
                binomial(&mut rng_work, ws.perm.total() as u64, (c.h_perm * (1.0 + feedback)).min(1.0))
            } else {
                c.b_perm.sample(&mut rng_work, ws.perm.total() as u64)
            };
            ws.perm.remove_random(leavers as u32, &mut rng_picks);
            tally!(leavers += leavers);
            wk.leavers += leavers;
            let ag_left = c.h_agency.sample(&mut rng_work, ws.agency);
            ws.agency -= ag_left;
            tally!(agency_left += ag_left);

            // Agency requests for uncovered vacancies, up to the cap.
            if spec.agency_enabled {
                let uncovered = est.saturating_sub(ws.perm.total() as u64 + ws.agency + ws.agency_pending);
                let room = c.agency_cap.saturating_sub(ws.agency + ws.agency_pending);
                let req = uncovered.min(room);
                let filled = c.agency_fill.sample(&mut rng_work, req);
                if req > 0 {
                    let d = t + c.agency_lead;
                    ws.agency_arrive[d] += filled as u32;
                    ws.agency_resolve[d] += req as u32;
                    ws.agency_pending += req;
                    tally!(agency_requested += req);
                }
            }

            // Recruitment, weekly on the week's first working day.
            if day.week_start && spec.recruitment_enabled {
                let r = RecState {
                    perm_total: ws.perm.total() as u64,
                    c,
                    rec: &mut ws.rec,
                    ledger: &mut ws.ledger,
                    covered_notice: &mut ws.covered_notice,
                    notice_beyond: &mut ws.notice_beyond,
                    withdraw_at: &mut ws.withdraw_at,
                    starters_at: &mut ws.starters_at,
                };
                self.recruit(t, r, &mut rng_recruit, &mut out.campaign_hires);
            }

            // Costs: integer units per item, summed over a segment of days with the same
            // week, financial year and pay period, then counted by year and pay period and
            // priced for the week's spend. Items that follow the scenario's dates alone
            // (early help team, pods, campaigns) are counted at the segment's end.
            let sg = &mut ws.segment;
            sg[budget::PERM_EXPERIENCED] += perm_paid - nq_paid;
            sg[budget::PERM_NQ] += nq_paid;
            sg[budget::AGENCY] += agency_paid;
            sg[budget::HIRE] += starters;
            if day.segment_end {
                let (from, to) = (segment_from, t + 1);
                segment_from = to;
                if let Some(e) = &spec.early_help {
                    sg[budget::EARLY_HELP] += overlap(from, to, e.start_day, e.end_day);
                }
                for (i, pod) in spec.pods.iter().enumerate() {
                    sg[self.items.pod0 + i] += overlap(from, to, pod.start_day, pod.end_day);
                }
                for (i, camp) in spec.campaigns.iter().enumerate() {
                    sg[self.items.campaign0 + i] += overlap(from, to, camp.start_day, camp.end_day);
                }
                let (fy, pp) = (day.fy as usize, day.pp as usize);
                let base = (fy * self.n_pp + pp) * self.items.n;
                let pbase = pp * self.items.n;
                for (i, sg) in ws.segment.iter_mut().enumerate() {
                    if *sg != 0 {
                        ws.counts[base + i] += *sg;
                        ws.week_spend[self.items.line_of[i]] += real(*sg) * ws.prices.f[pbase + i];
                        *sg = 0;
                    }
                }
            }

            if CHECK {
                self.check(t, ws)
                    .map_err(|e| format!("run {run}, day {t} ({}): {e}", self.scenario.calendar().date(t)))?;
            }

            // End of week: record the metrics.
            if day.week_end {
                let ia_backlog = ws.ia.backlog();
                let ca_backlog = ws.ca.backlog();
                let lac = lac_total;
                let pipeline: u64 =
                    ws.rec.iter().map(|r| r.candidates as u64).sum::<u64>() + ws.covered_notice;
                let perm = ws.perm.total() as u64;
                let mut rec = |metric: usize, value: f64| out.weekly[metric * nw + week] = value;
                rec(m::PERMANENT_FTE, real(perm));
                rec(m::AGENCY_FTE, real(ws.agency));
                rec(m::POD_FTE, real(pod_sw_total));
                rec(m::ESTABLISHMENT, real(est));
                rec(m::VACANCIES, real(est.saturating_sub(perm)));
                rec(m::STARTERS, real(wk.starters));
                rec(m::LEAVERS, real(wk.leavers));
                rec(m::PIPELINE, real(pipeline));
                rec(m::REFERRALS, real(wk.referrals));
                rec(m::DIVERTED, real(wk.diverted));
                rec(m::IA_STARTED, real(wk.ia_started));
                rec(m::IA_COMPLETED, real(wk.ia_completed));
                rec(m::IA_BACKLOG, real(ia_backlog));
                rec(m::IA_IN_PROGRESS, real(ws.ia.in_progress()));
                rec(m::IA_OVERDUE, real(ws.ia.overdue(t)));
                let rate = |ok: u64, all: u64| if all > 0 { real(ok) / real(all) } else { f64::NAN };
                rec(m::IA_ON_TIME, rate(wk.ia_on_time, wk.ia_completed));
                rec(m::CA_COMPLETED, real(wk.ca_completed));
                rec(m::CA_BACKLOG, real(ca_backlog));
                rec(m::CA_IN_PROGRESS, real(ws.ca.in_progress()));
                rec(m::CA_OVERDUE, real(ws.ca.overdue(t)));
                rec(m::CA_ON_TIME, rate(wk.ca_on_time, wk.ca_completed));
                rec(m::AWAITING, real(ws.awaiting.n()));
                rec(m::TEAM_CASES, real(ia_backlog + ca_backlog + ws.awaiting.n()));
                rec(m::OPEN_CASES, real(ws.open.n()));
                let (cases, workers) = caseload_of;
                rec(m::CASELOAD, if workers > 0 { real(cases) / real(workers) } else { f64::NAN });
                rec(m::LAC, real(lac));
                let mut total = 0.0;
                for (li, s) in ws.week_spend.iter_mut().enumerate() {
                    let pounds = (*s * 100.0).round() / 100.0;
                    rec(m::SPEND_LINE0 + li, pounds);
                    total += pounds;
                    *s = 0.0;
                }
                rec(m::SPEND, (total * 100.0).round() / 100.0);
                wk = Week::default();
            }
        }

        budget::spend_by_year(&ws.counts, &ws.prices, &self.items, self.n_fy, self.n_pp, &mut out.budget);
        Ok(())
    }

    fn recruit(&self, t: usize, r: RecState<'_>, rng: &mut SimRng, campaign_hires: &mut [u32]) {
        let spec = self.scenario.spec();
        let c = r.c;
        let n_stages = c.stage_pass.len();
        let mut i = 0;
        while i < r.rec.len() {
            let mut co = r.rec[i];
            while co.stage < n_stages && co.next_day <= t {
                if self.scenario.spec().stages[co.stage].limited_to_posts && co.candidates > co.posts {
                    r.ledger.rejected += (co.candidates - co.posts) as u64;
                    co.candidates = co.posts;
                }
                let pass = c.stage_pass[co.stage].sample(rng, co.candidates as u64) as u32;
                r.ledger.rejected += (co.candidates - pass) as u64;
                co.candidates = pass;
                co.stage += 1;
                if co.stage < n_stages {
                    co.next_day += c.stage_days[co.stage];
                }
                if co.candidates == 0 {
                    co.stage = n_stages;
                }
            }
            if co.stage < n_stages {
                r.rec[i] = co;
                i += 1;
                continue;
            }
            // Finished: hires start after their notice, unless they withdraw.
            let hires = if c.any_limited { co.candidates } else { co.candidates.min(co.posts) };
            r.ledger.rejected += (co.candidates - hires) as u64;
            r.ledger.hired += hires as u64;
            for _ in 0..hires {
                let weeks = spec.notice_weeks.sample(rng) as usize;
                let start = t + (weeks * 5).max(1);
                *r.covered_notice += 1;
                let withdraws = bernoulli(rng, c.withdrawal);
                if start >= self.n_days {
                    *r.notice_beyond += 1;
                } else if withdraws {
                    r.withdraw_at[start] += 1;
                } else {
                    let nq = bernoulli(rng, c.nq_share);
                    r.starters_at[start][nq as usize] += 1;
                }
                if !withdraws {
                    for (k, camp) in spec.campaigns.iter().enumerate() {
                        if camp.start_day <= t && t < camp.end_day {
                            campaign_hires[k] += 1;
                        }
                    }
                }
            }
            r.rec.swap_remove(i);
        }
        // Advertise open posts not already covered by the pipeline.
        let covered: u64 = r.rec.iter().map(|co| co.posts as u64).sum::<u64>() + *r.covered_notice;
        let open = (spec.establishment as u64).saturating_sub(r.perm_total + covered);
        if open > 0 {
            let mut attraction = 1.0;
            for (k, camp) in spec.campaigns.iter().enumerate() {
                if camp.start_day <= t && t < camp.end_day {
                    attraction *= c.attraction[k];
                }
            }
            let applicants = poisson(rng, real(open) * c.app_per_post * attraction);
            if applicants > 0 {
                r.ledger.applicants += applicants;
                let first = c.stage_days.first().copied().unwrap_or(0).max(1);
                r.rec.push(RecCohort {
                    posts: open as u32,
                    candidates: applicants.min(u32::MAX as u64) as u32,
                    stage: 0,
                    next_day: t + first,
                });
            }
        }
    }

    /// The conservation check: every stock equals its initial value plus inflows minus
    /// outflows, and each structure's parts add up to its total.
    fn check(&self, t: usize, ws: &State) -> Result<(), String> {
        let l = &ws.ledger;
        let eq =
            |name: &str, a: u64, b: u64| if a == b { Ok(()) } else { Err(format!("{name}: {a} != {b}")) };
        eq("referrals", l.referrals, l.diverted + l.closed_at_contact + l.to_ia)?;
        eq("initial assessments", ws.ia.backlog() + l.ia_completed, l.init_ia + l.to_ia)?;
        eq("initial assessment outcomes", l.ia_completed, l.to_ca + l.ia_closed)?;
        eq("core assessments", ws.ca.backlog() + l.ca_completed, l.init_ca + l.to_ca)?;
        eq("core assessment outcomes", l.ca_completed, l.to_plan + l.ca_to_lac + l.ca_closed)?;
        eq("awaiting transfer", ws.awaiting.n() + l.transferred, l.init_awaiting + l.to_plan)?;
        eq("open cases", ws.open.n() + l.open_closed, l.init_open + l.transferred)?;
        let lac: u64 = ws.lac.iter().map(Stock::n).sum();
        eq("looked after", lac + l.lac_exits, l.init_lac + l.ca_to_lac + l.lac_emergency)?;
        eq("early help families", ws.eh_families.n() + l.eh_exits, l.diverted)?;
        ws.awaiting.check(t).map_err(|e| format!("awaiting transfer: {e}"))?;
        ws.open.check(t).map_err(|e| format!("open cases: {e}"))?;
        for (j, s) in ws.lac.iter().enumerate() {
            s.check(t).map_err(|e| format!("looked after, placement type {j}: {e}"))?;
        }
        ws.eh_families.check(t).map_err(|e| format!("early help families: {e}"))?;
        eq("permanent", ws.perm.total() as u64 + l.leavers, l.init_perm + l.starters)?;
        eq("agency", ws.agency + l.agency_left + l.agency_released, l.init_agency + l.agency_arrived)?;
        eq("agency requests", ws.agency_pending + l.agency_resolved, l.agency_requested)?;
        let pending_ring: u64 = ws.agency_resolve[t + 1..].iter().map(|&x| x as u64).sum();
        eq("agency pending", ws.agency_pending, pending_ring)?;
        let pipeline: u64 = ws.rec.iter().map(|r| r.candidates as u64).sum();
        eq("recruitment pipeline", pipeline + l.rejected + l.hired, l.applicants)?;
        eq("in notice", ws.covered_notice + l.notice_ended, l.init_notice + l.hired)?;
        let to_come: u64 = ws.starters_at[t + 1..].iter().map(|s| (s[0] + s[1]) as u64).sum::<u64>()
            + ws.withdraw_at[t + 1..].iter().map(|&x| x as u64).sum::<u64>()
            + ws.notice_beyond;
        eq("notice arrivals to come", ws.covered_notice, to_come)?;
        ws.ia.check(t).map_err(|e| format!("initial assessments: {e}"))?;
        ws.ca.check(t).map_err(|e| format!("core assessments: {e}"))?;
        ws.perm.check()?;
        Ok(())
    }
}

/// The parts of the workspace that recruitment changes (split borrows).
struct RecState<'w> {
    c: &'w mut Consts,
    rec: &'w mut Vec<RecCohort>,
    ledger: &'w mut Ledger,
    covered_notice: &'w mut u64,
    notice_beyond: &'w mut u64,
    withdraw_at: &'w mut [u32],
    starters_at: &'w mut [[u32; 2]],
    perm_total: u64,
}
