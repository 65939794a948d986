//! Validation of a [`ScenarioInput`] into a [`Spec`], section by section, in the order of
//! the scenario format: every problem is collected with its field path, and each numeric
//! parameter is registered (in that order) for the per-run draws.

mod assessment;
mod casework;
mod correlations;
mod costs;
mod demand;
mod events;
mod horizon;
mod initial;
mod looked_after;
mod recruitment;
mod workforce;

pub(super) use correlations::correlations;

use crate::calendar::Calendar;
use crate::error::Problems;
use crate::limits;
use crate::param::{Domain, Param, ParamDist};
use crate::sampling::DiscreteTable;
use crate::scenario::{MoneyP, MoneyParam, NamedParam, P, ScenarioInput, Spec};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What the sections build up: the parameters registered so far and the problems found.
struct Ctx {
    params: Vec<NamedParam>,
    problems: Problems,
}

impl Ctx {
    /// Validates a numeric parameter and registers it; its index in the drawn values.
    fn p(&mut self, param: &Param, path: &str, domain: Domain) -> P {
        let dist = param.compile(path, domain, &mut self.problems).unwrap_or_else(|| ParamDist::fixed(0.0));
        self.params.push(NamedParam { path: path.to_string(), dist, key: crate::rng::key_of(path), domain });
        self.params.len() - 1
    }
    /// Validates an amount of money, registering it as a parameter when it is uncertain.
    fn money(&mut self, m: &MoneyParam, path: &str) -> MoneyP {
        match m {
            MoneyParam::Exact(v) => {
                if v.as_decimal().is_sign_negative() {
                    self.problems.push(path, format!("{} is negative; a price must be 0 or more", v));
                } else if v.as_decimal() > Decimal::from(limits::MAX_MONEY) {
                    self.problems
                        .push(path, format!("{v} is too large; at most {} pounds", limits::MAX_MONEY));
                }
                MoneyP::Exact(v.as_decimal())
            }
            MoneyParam::Uncertain(d) => MoneyP::Drawn(self.p(
                &Param::Dist(d.clone()),
                path,
                Domain::Range(0.0, limits::MAX_MONEY as f64),
            )),
        }
    }
    /// Validates a duration drawn per item, tabulated in whole days `0..=max`.
    fn table(&mut self, param: &Param, path: &str, max: u32) -> DiscreteTable {
        let dist = param
            .compile(path, Domain::NonNegative, &mut self.problems)
            .unwrap_or_else(|| ParamDist::fixed(0.0));
        dist.table(max)
    }
    fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.problems.push(path, msg);
    }
    fn list_len(&mut self, path: &str, n: usize) {
        if let Err(e) = limits::list(n) {
            self.push(path, e.to_string());
        }
    }
}

/// A count of people, cases or children.
const COUNT: Domain = Domain::Range(0.0, limits::MAX_COUNT);

/// The first working day on or after `d`, as a day index in `0..=n_days` (`n_days`:
/// past the horizon).
fn day_on_or_after(cal: &Calendar, d: NaiveDate) -> usize {
    cal.day_index_on_or_after(d).unwrap_or(cal.n_days())
}

/// The first working day after `d`, as a day index in `0..=n_days`: the exclusive end of
/// something whose last day is `d`.
fn day_after(cal: &Calendar, d: NaiveDate) -> usize {
    cal.day_index_on_or_after(d + chrono::Duration::days(1)).unwrap_or(cal.n_days())
}

/// Validates every section but the correlations (see [`correlations`]). The spec and
/// calendar are `None` only when the start date is outside the supported years, which
/// stops validation after the first section.
pub(super) fn compile(input: &ScenarioInput) -> (Option<Spec>, Option<Calendar>, Vec<NamedParam>, Problems) {
    let mut c = Ctx { params: Vec::new(), problems: Problems::new() };
    let Some(cal) = horizon::horizon(&mut c, input) else {
        return (None, None, c.params, c.problems);
    };
    let w = workforce::workforce(&mut c, &input.workforce);
    let a = workforce::agency(&mut c, &input.agency);
    let pods = workforce::pods(&mut c, &input.pods, &cal);
    let r = recruitment::recruitment(&mut c, &input.recruitment, &cal);
    let d = demand::demand(&mut c, &input.demand);
    let early_help = demand::early_help(&mut c, input.early_help.as_ref(), &cal);
    let asm = assessment::assessment(&mut c, &input.assessment);
    let cw = casework::casework(&mut c, &input.casework);
    let la = looked_after::looked_after(&mut c, &input.looked_after);
    let co = costs::costs(&mut c, &input.costs, &cal);
    let b = costs::budget(&mut c, &input.budget, &cal);
    let init = initial::initial(&mut c, &input.initial, &cal);
    let events = events::events(&mut c, &input.events, &cal);

    let spec = Spec {
        establishment: w.establishment,
        hours_per_day: w.hours_per_day,
        lost_time_share: w.lost_time_share,
        productivity_permanent: w.productivity_permanent,
        productivity_agency: w.productivity_agency,
        productivity_pod: w.productivity_pod,
        ramp_up_weeks: w.ramp_up_weeks,
        ramp_up_start: w.ramp_up_start,
        newly_qualified_factor: w.newly_qualified_factor,
        turnover: w.turnover,
        feedback_k: w.feedback_k,
        feedback_threshold: w.feedback_threshold,
        agency_enabled: a.enabled,
        agency_cap: a.cap,
        agency_lead_days: a.lead_days,
        agency_fill: a.fill,
        agency_turnover: a.turnover,
        agency_release: a.release,
        pods,
        recruitment_enabled: r.enabled,
        applicants_per_post: r.applicants_per_post,
        stages: r.stages,
        notice_weeks: r.notice_weeks,
        withdrawal: r.withdrawal,
        nq_share: r.nq_share,
        cost_per_hire: r.cost_per_hire,
        campaigns: r.campaigns,
        referrals_per_week: d.referrals_per_week,
        seasonality: d.seasonality,
        annual_trend: d.annual_trend,
        to_ia: d.to_ia,
        early_help,
        oldest_first: asm.oldest_first,
        ia_hours: asm.ia_hours,
        ia_elapsed: asm.ia_elapsed,
        ia_target: asm.ia_target,
        to_core: asm.to_core,
        ca_hours: asm.ca_hours,
        ca_elapsed: asm.ca_elapsed,
        ca_target: asm.ca_target,
        to_plan: asm.to_plan,
        to_lac: asm.to_lac,
        transfer_delay_days: asm.transfer_delay_days,
        open_case_mean_weeks: cw.open_case_mean_weeks,
        hours_open: cw.hours_open,
        hours_awaiting: cw.hours_awaiting,
        hours_lac: cw.hours_lac,
        emergency_lac_per_week: la.emergency_lac_per_week,
        placements: la.placements,
        salary_experienced: co.salary_experienced,
        salary_nq: co.salary_nq,
        employer_ni: co.employer_ni,
        employer_pension: co.employer_pension,
        pay_award: co.pay_award,
        pay_periods: co.pay_periods,
        agency_day_rate: co.agency_day_rate,
        budgets: b.budgets,
        budgets_full: b.budgets_full,
        initial_permanent: init.permanent,
        initial_agency: init.agency,
        initial_ia: init.ia,
        initial_ca: init.ca,
        initial_awaiting: init.awaiting,
        initial_open: init.open,
        initial_notice: init.notice,
        events,
    };
    (Some(spec), Some(cal), c.params, c.problems)
}
