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
    // Each section writes its part of the spec, in this order (the order of the problems).
    let mut s = Spec::default();
    workforce::workforce(&mut c, &input.workforce, &mut s);
    workforce::agency(&mut c, &input.agency, &mut s);
    s.pods = workforce::pods(&mut c, &input.pods, &cal);
    recruitment::recruitment(&mut c, &input.recruitment, &cal, &mut s);
    demand::demand(&mut c, &input.demand, &mut s);
    s.early_help = demand::early_help(&mut c, input.early_help.as_ref(), &cal);
    assessment::assessment(&mut c, &input.assessment, &mut s);
    casework::casework(&mut c, &input.casework, &mut s);
    looked_after::looked_after(&mut c, &input.looked_after, &mut s);
    costs::costs(&mut c, &input.costs, &cal, &mut s);
    costs::budget(&mut c, &input.budget, &cal, &mut s);
    initial::initial(&mut c, &input.initial, &cal, &mut s);
    s.events = events::events(&mut c, &input.events, &cal);
    (Some(s), Some(cal), c.params, c.problems)
}
