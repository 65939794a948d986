//! Steady state (MODEL.md, "Steady state"): for each stock, the level its flows settle at,
//! beside its initial value, and a warning in a finance officer's words where the two
//! differ by more than [`DRIFT_SHARE`] (and [`DRIFT_MIN`] in absolute terms), with the
//! money or staff time the drift means.
//!
//! Levels follow Little's law, a stock = its inflow x its mean stay, from each
//! parameter's median and the flows that hold when the horizon ends (an early help team or
//! a pod still running then; no marketing campaign, which is temporary). The annual trend
//! and the caseload feedback on turnover are left out: the levels are at today's rates,
//! the question being whether the starting state agrees with its own flows.

use crate::model::daily_hazard;
use crate::scenario::{MoneyP, P, Scenario, Spec};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::Serialize;

/// A stock drifts when its settled level differs from its initial value by more than
/// this share of the initial value (a quarter: well beyond the few per cent a year that
/// published trends move, and beyond the Monte Carlo spread of a two-year run)...
pub const DRIFT_SHARE: f64 = 0.25;
/// ...and by more than this many cases or children (small stocks are noisy).
pub const DRIFT_MIN: f64 = 5.0;

/// Weeks in a year of 260 working days, as costs accrue (MODEL.md, "Time").
const WEEKS_PER_YEAR: i64 = 52;

/// One stock: where it starts and where its flows take it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Level {
    /// A stable key: `open_cases`, `awaiting_transfer`, `lac`, `lac.<placement type key>`,
    /// `permanent`, `agency`.
    pub key: String,
    /// What a reader calls it.
    pub label: String,
    pub now: f64,
    /// The level the flows settle at.
    pub settles: f64,
    /// The flow in per week (for a workforce: starters per week at the settled level).
    pub inflow_per_week: f64,
    /// Mean stay in weeks (for a workforce: mean tenure).
    pub mean_weeks: f64,
    /// Change in annual spend if the stock moves from `now` to `settles`, for a stock
    /// with a weekly price (placements).
    pub annual_spend_change: Option<Decimal>,
}

/// An assessment queue: its backlog now and in steady state, and the hours it needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueLoad {
    /// `ia` or `ca`.
    pub key: String,
    pub label: String,
    /// Outstanding items at the start (waiting and in progress).
    pub now: f64,
    /// Outstanding items in steady state (arrivals x (1 + mean elapsed days), Little's
    /// law), or `None` when demand exceeds the hours: then the backlog grows.
    pub settles: Option<f64>,
    pub arrivals_per_week: f64,
}

/// Hours: what the settled stocks and assessments need against what the settled workforce
/// gives, per week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Capacity {
    /// Holding hours of open cases, cases awaiting transfer and looked-after children.
    pub holding_hours: f64,
    /// Hours of initial and core assessments.
    pub assessment_hours: f64,
    /// Hours of the settled workforce (permanent, agency and pods still running), after
    /// lost time and productivity.
    pub available_hours: f64,
    /// Demand hours / available hours: at 1 or above, the assessment backlogs grow.
    pub utilisation: f64,
}

/// A drift the user did not ask for, in words, with its cost where it has one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    /// The key of the [`Level`] or [`QueueLoad`] it is about.
    pub key: String,
    pub message: String,
    pub annual_spend_change: Option<Decimal>,
}

/// The steady state of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SteadyState {
    pub levels: Vec<Level>,
    pub queues: Vec<QueueLoad>,
    pub capacity: Capacity,
    pub warnings: Vec<Warning>,
    /// [`DRIFT_SHARE`] and [`DRIFT_MIN`], for the reader.
    pub threshold_share: f64,
    pub threshold_min: f64,
}

/// The steady state of `scenario` at its parameters' medians.
pub fn steady_state(scenario: &Scenario) -> SteadyState {
    let s = scenario.spec();
    let v: Vec<f64> = scenario.params().iter().map(|p| p.dist.median()).collect();
    let n_days = scenario.calendar().n_days();
    let at = |p: P| v[p];
    let money = |m: MoneyP| match m {
        MoneyP::Exact(d) => d,
        MoneyP::Drawn(i) => Decimal::from_f64(v[i]).unwrap_or_default().round_dp(2),
    };

    // Demand: referrals at the year's mean seasonality, less diversion, screened.
    let season = s.seasonality.iter().sum::<f64>() / 12.0;
    let referrals = at(s.referrals_per_week) * season;
    let diverted = match &s.early_help {
        Some(e) if e.end_day >= n_days => {
            let room = (at(e.workers) * at(e.families_per_worker)).floor() / at(e.mean_weeks);
            (referrals * at(e.diversion_share)).min(room)
        }
        _ => 0.0,
    };
    let ia_in = (referrals - diverted) * at(s.to_ia);
    let ca_in = ia_in * at(s.to_core);
    let plans = ca_in * at(s.to_plan);

    let mut levels = Vec::new();
    let level = |key: &str, label: &str, now: f64, inflow: f64, weeks: f64| Level {
        key: key.to_string(),
        label: label.to_string(),
        now,
        settles: inflow * weeks,
        inflow_per_week: inflow,
        mean_weeks: weeks,
        annual_spend_change: None,
    };
    let transfer_weeks = at(s.transfer_delay_days) / 5.0;
    levels.push(level(
        "awaiting_transfer",
        "cases awaiting transfer",
        at(s.initial_awaiting).floor(),
        plans,
        transfer_weeks,
    ));
    levels.push(level(
        "open_cases",
        "open cases",
        at(s.initial_open).floor(),
        plans,
        at(s.open_case_mean_weeks),
    ));

    // Looked-after children, by placement type.
    let lac_in = ca_in * at(s.to_lac) + at(s.emergency_lac_per_week);
    let shares: Vec<f64> = s.placements.iter().map(|p| at(p.share).max(0.0)).collect();
    let total_share: f64 = shares.iter().sum();
    let mut lac_now = 0.0;
    let mut lac_settles = 0.0;
    let mut lac_change = Decimal::ZERO;
    for (p, share) in s.placements.iter().zip(&shares) {
        let share = if total_share > 0.0 { share / total_share } else { 0.0 };
        let mut l = level(
            &format!("lac.{}", p.key),
            &format!("{} placements", p.name.replace('_', " ")),
            at(p.initial).floor(),
            lac_in * share,
            at(p.mean_weeks),
        );
        let change = Decimal::from_f64((l.settles - l.now) * WEEKS_PER_YEAR as f64).unwrap_or_default()
            * money(p.weekly_cost);
        l.annual_spend_change = Some(change.round_dp(0));
        lac_now += l.now;
        lac_settles += l.settles;
        lac_change += change;
        levels.push(l);
    }
    let mean_stay = if lac_in > 0.0 { lac_settles / lac_in } else { 0.0 };
    let mut lac = level("lac", "looked-after children", lac_now, lac_in, mean_stay);
    lac.annual_spend_change = Some(lac_change.round_dp(0));
    levels.push(lac);

    // Workforce: permanent staff that recruitment sustains at the given turnover.
    let permanent_now: f64 = s.initial_permanent.iter().map(|c| at(c.count).floor()).sum();
    let hazard = daily_hazard(at(s.turnover));
    let tenure_weeks = if hazard > 0.0 { 1.0 / (5.0 * hazard) } else { f64::INFINITY };
    let establishment = f64::from(s.establishment);
    let permanent = match (s.recruitment_enabled, hazard > 0.0) {
        (true, true) => {
            let vacant_weeks = weeks_to_fill(s, &v);
            establishment * tenure_weeks / (tenure_weeks + vacant_weeks)
        }
        (true, false) => establishment.max(permanent_now),
        (false, true) => 0.0,
        (false, false) => permanent_now,
    };
    let mut perm = level("permanent", "permanent social workers", permanent_now, 0.0, tenure_weeks);
    perm.settles = permanent;
    perm.inflow_per_week = if hazard > 0.0 { permanent / tenure_weeks } else { 0.0 };
    let agency_now = at(s.initial_agency).floor();
    let cap = match s.agency_cap {
        crate::scenario::AgencyCap::Fte(p) => at(p),
        crate::scenario::AgencyCap::ShareOfEstablishment(p) => {
            crate::model::whole(at(p) * establishment) as f64
        }
    };
    let agency = if s.agency_enabled { (establishment - permanent).max(0.0).min(cap) } else { 0.0 };
    let agency_hazard = daily_hazard(at(s.agency_turnover));
    let agency_tenure = if agency_hazard > 0.0 { 1.0 / (5.0 * agency_hazard) } else { f64::INFINITY };
    let mut agy =
        level("agency", "agency social workers", agency_now, agency * 5.0 * agency_hazard, agency_tenure);
    agy.settles = agency;
    levels.push(perm);
    levels.push(agy);

    // Hours per week.
    let find = |key: &str| levels.iter().find(|l| l.key == key).map(|l| l.settles).unwrap_or(0.0);
    let holding = find("open_cases") * at(s.hours_open)
        + find("awaiting_transfer") * at(s.hours_awaiting)
        + lac_settles * at(s.hours_lac);
    let assessing = ia_in * at(s.ia_hours) + ca_in * at(s.ca_hours);
    let pods: f64 = s.pods.iter().filter(|p| p.end_day >= n_days).map(|p| at(p.social_workers).floor()).sum();
    let worker_hours = 5.0 * at(s.hours_per_day) * (1.0 - at(s.lost_time_share));
    let available = worker_hours
        * (permanent * at(s.productivity_permanent)
            + agency * at(s.productivity_agency)
            + pods * at(s.productivity_pod));
    let demand = holding + assessing;
    let utilisation = if available > 0.0 { demand / available } else { f64::INFINITY };
    let capacity = Capacity {
        holding_hours: holding,
        assessment_hours: assessing,
        available_hours: available,
        utilisation,
    };

    let outstanding = |q: &[crate::scenario::QueueSpec]| q.iter().map(|i| at(i.count).floor()).sum::<f64>();
    let queue = |key: &str, label: &str, now: f64, arrivals: f64, elapsed: f64| QueueLoad {
        key: key.to_string(),
        label: label.to_string(),
        now,
        settles: (utilisation < 1.0).then_some(arrivals / 5.0 * (1.0 + elapsed)),
        arrivals_per_week: arrivals,
    };
    let queues = vec![
        queue("ia", "initial assessments", outstanding(&s.initial_ia), ia_in, s.ia_elapsed.mean()),
        queue("ca", "core assessments", outstanding(&s.initial_ca), ca_in, s.ca_elapsed.mean()),
    ];

    let warnings =
        warnings(&levels, &capacity, at(s.hours_open), worker_hours * at(s.productivity_permanent));
    SteadyState { levels, queues, capacity, warnings, threshold_share: DRIFT_SHARE, threshold_min: DRIFT_MIN }
}

/// Expected weeks a permanent post stays without a permanent worker once vacant: rounds of
/// adverts until one yields a hire who does not withdraw, then the notice period.
///
/// A round's advert draws Poisson(`a`) applicants per post; nobody (probability
/// `e^-a`) costs a week, anyone the stages' total length `T` (whole weeks, at least
/// one, as rounds are weekly). Candidates pass the stages before the offer stage
/// (`limited_to_posts`) independently, so those left are Poisson(`a x pre`) and the post
/// is filled with probability `(1 - e^(-a pre)) x post` (`post`: the pass rates from the
/// offer stage on, for the one candidate offered the post). A hire withdraws with
/// probability `w` during a notice of `N` weeks, and the search starts again.
pub fn weeks_to_fill(s: &Spec, v: &[f64]) -> f64 {
    let a = v[s.applicants_per_post];
    let limited = s.stages.iter().position(|st| st.limited_to_posts).unwrap_or(s.stages.len());
    let pre: f64 = s.stages[..limited].iter().map(|st| v[st.pass]).product();
    let post: f64 = s.stages[limited..].iter().map(|st| v[st.pass]).product();
    let stage_weeks: f64 = s.stages.iter().map(|st| (v[st.weeks] * 5.0).round() / 5.0).sum();
    let cycle = stage_weeks.ceil().max(1.0);
    let none = libm::exp(-a);
    let fill = (1.0 - libm::exp(-a * pre)) * post;
    if fill <= 0.0 {
        return f64::INFINITY;
    }
    let search = (none + (1.0 - none) * cycle) / fill;
    let w = v[s.withdrawal].min(0.999);
    (search + s.notice_weeks.mean()) / (1.0 - w)
}

/// The warnings: open cases and looked-after placements that drift beyond the threshold,
/// and assessment demand at or beyond the hours. The assessment team's stocks (queues and
/// cases awaiting transfer) settle within weeks once hours suffice, a backlog clearing
/// rather than a drift; the workforce's level is what recruitment and turnover make of it,
/// a plan the user set. Both are shown, never warned.
fn warnings(levels: &[Level], capacity: &Capacity, hours_open: f64, hours_per_worker: f64) -> Vec<Warning> {
    let mut out = Vec::new();
    for l in levels {
        let warned = l.key == "open_cases" || (l.key.starts_with("lac.") && l.annual_spend_change.is_some());
        if !warned || !drifts(l.now, l.settles) {
            continue;
        }
        let way = if l.settles < l.now { "falls" } else { "rises" };
        let head =
            format!("{}: {:.0} now, the flows sustain about {:.0}", capitalise(&l.label), l.now, l.settles);
        let message = match (l.key.as_str(), l.annual_spend_change) {
            (_, Some(change)) => format!(
                "{head}; spend on this line {way} by about {} a year unless entries or stays change",
                about_pounds(change.abs())
            ),
            ("open_cases", _) => {
                let fte = (l.settles - l.now).abs() * hours_open / hours_per_worker.max(1e-9);
                format!(
                    "{head}; caseload per worker {way} with them, about {fte:.0} social workers' holding \
                     time, unless plans or case durations change"
                )
            }
            _ => head,
        };
        out.push(Warning { key: l.key.clone(), message, annual_spend_change: l.annual_spend_change });
    }
    if capacity.utilisation >= 1.0 {
        out.push(Warning {
            key: "capacity".to_string(),
            message: format!(
                "Assessments: cases and assessments need about {:.0} hours a week and the settled \
                 workforce gives about {:.0} ({:.0}% used); the assessment backlogs grow unless \
                 demand falls or staff rise",
                capacity.holding_hours + capacity.assessment_hours,
                capacity.available_hours,
                capacity.utilisation * 100.0
            ),
            annual_spend_change: None,
        });
    }
    out
}

/// Whether a stock drifts: beyond [`DRIFT_SHARE`] of where it starts and [`DRIFT_MIN`].
pub fn drifts(now: f64, settles: f64) -> bool {
    let gap = (settles - now).abs();
    gap > DRIFT_MIN && gap > DRIFT_SHARE * now.abs()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Pounds to two significant figures in a reader's words: £2.6m, £340k, £900.
fn about_pounds(x: Decimal) -> String {
    let f = x.to_string().parse::<f64>().unwrap_or(0.0);
    if f >= 1e6 {
        format!("£{:.1}m", f / 1e6)
    } else if f >= 1e4 {
        format!("£{:.0}k", f / 1e3)
    } else if f >= 1e3 {
        format!("£{:.1}k", f / 1e3)
    } else {
        format!("£{f:.0}")
    }
}

impl SteadyState {
    /// A plain-text panel: each stock now and settled, each queue's load, then the
    /// warnings (or that there are none).
    pub fn to_text(&self) -> String {
        let mut out =
            String::from("Steady state: where each stock's flows take it (at the parameters' medians)\n");
        let w = self.levels.iter().map(|l| l.label.chars().count()).max().unwrap_or(0).max(36);
        out.push_str(&format!(
            "  {:<w$} {:>8} {:>9} {:>11} {:>10}\n",
            "stock", "now", "settles", "in/week", "stay (wk)"
        ));
        for l in &self.levels {
            out.push_str(&format!(
                "  {:<w$} {:>8.0} {:>9.0} {:>11.1} {:>10.1}\n",
                l.label, l.now, l.settles, l.inflow_per_week, l.mean_weeks
            ));
        }
        for q in &self.queues {
            let settles = q.settles.map(|x| format!("{x:.0}")).unwrap_or_else(|| "grows".to_string());
            out.push_str(&format!(
                "  {:<w$} {:>8.0} {:>9} {:>11.1}\n",
                format!("{} outstanding", q.label),
                q.now,
                settles,
                q.arrivals_per_week
            ));
        }
        let c = &self.capacity;
        out.push_str(&format!(
            "  hours a week: holding {:.0} + assessments {:.0} of {:.0} available ({:.0}% used)\n",
            c.holding_hours,
            c.assessment_hours,
            c.available_hours,
            c.utilisation * 100.0
        ));
        if self.warnings.is_empty() {
            out.push_str(&format!(
                "No drift: open cases and each placement type start within {:.0}% (or {:.0}) of the level \
                 their flows sustain. Backlogs and staff are shown, not warned: a backlog clears once \
                 hours suffice, and staffing follows the recruitment plan.\n",
                self.threshold_share * 100.0,
                self.threshold_min
            ));
        } else {
            for w in &self.warnings {
                out.push_str(&format!("warning: {}\n", w.message));
            }
        }
        out
    }
}
