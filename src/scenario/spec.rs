//! The compiled scenario the model reads: structural values directly, numeric parameters
//! as indices ([`P`]) into the values drawn for each run.

use crate::money::Money;
use crate::param::{Domain, ParamDist};
use crate::sampling::DiscreteTable;
use rust_decimal::Decimal;

/// Index of a numeric parameter in [`Scenario::params`](super::Scenario::params); its
/// value for a run is `values[index]` in the vector drawn by
/// [`Scenario::draw_into`](super::Scenario::draw_into).
pub type P = usize;

/// A money amount: exact, or drawn per run (pounds, rounded to pence).
#[derive(Clone, Copy, Debug)]
pub enum MoneyP {
    Exact(Decimal),
    Drawn(P),
}

impl Default for MoneyP {
    fn default() -> Self {
        MoneyP::Exact(Decimal::ZERO)
    }
}

/// The budget lines, in report order, and the index of each (declared in [`crate::metrics`]).
pub use crate::metrics::{LINES, line};

/// One uncertain-or-fixed parameter with the field path it came from.
#[derive(Clone, Debug)]
pub struct NamedParam {
    pub path: String,
    pub dist: ParamDist,
    /// Key of its own random stream ([`crate::rng::param_uniform`]), from the path.
    pub key: u64,
    /// The values allowed.
    pub domain: Domain,
}

/// The most agency workers at once: a number of FTE, or a share of the establishment (its
/// parameter's index either way).
#[derive(Clone, Copy, Debug)]
pub enum AgencyCap {
    Fte(P),
    ShareOfEstablishment(P),
}

impl Default for AgencyCap {
    fn default() -> Self {
        AgencyCap::Fte(0)
    }
}

/// A validated pod; days are simulated day indices, `end` exclusive, clipped to the horizon.
#[derive(Clone, Debug)]
pub struct PodSpec {
    pub name: String,
    pub start_day: usize,
    pub end_day: usize,
    pub social_workers: P,
    pub managers: P,
    pub weekly_price: MoneyP,
    pub assessment_only: bool,
}

#[derive(Clone, Debug)]
pub struct StageSpec {
    pub name: String,
    pub pass: P,
    pub weeks: P,
    pub limited_to_posts: bool,
}

#[derive(Clone, Debug)]
pub struct CampaignSpec {
    pub name: String,
    pub start_day: usize,
    pub end_day: usize,
    /// All working days of the campaign, inside the horizon or not (its cost is spread over them).
    pub total_days: u32,
    pub attraction: P,
    pub target_hires: u32,
    pub cost: MoneyP,
}

#[derive(Clone, Debug)]
pub struct EarlyHelpSpec {
    pub start_day: usize,
    pub end_day: usize,
    pub workers: P,
    pub families_per_worker: P,
    pub mean_weeks: P,
    pub diversion_share: P,
    pub annual_cost: MoneyP,
}

#[derive(Clone, Debug)]
pub struct PlacementSpec {
    pub name: String,
    /// The type's key in metric names (`looked_after.<key>`), unique in the scenario.
    pub key: String,
    pub share: P,
    pub mean_weeks: P,
    pub weekly_cost: MoneyP,
    pub initial: P,
}

#[derive(Clone, Debug)]
pub struct CohortSpec {
    pub newly_qualified: bool,
    pub count: P,
    /// Start day relative to day 0 (negative: before the start).
    pub start_day: i64,
}

#[derive(Clone, Debug)]
pub struct QueueSpec {
    pub count: P,
    /// Key day relative to day 0 (negative: before the start).
    pub key_day: i64,
    pub in_progress: bool,
}

#[derive(Clone, Debug)]
pub struct NoticeSpec {
    pub count: u32,
    pub start_day: usize,
    pub newly_qualified: bool,
}

/// Comparison in an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

impl Op {
    pub fn holds(self, x: f64, v: f64) -> bool {
        match self {
            Op::Le => x <= v,
            Op::Lt => x < v,
            Op::Ge => x >= v,
            Op::Gt => x > v,
            Op::Eq => x == v,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Eq => "==",
        }
    }
}

#[derive(Clone, Debug)]
pub struct EventSpec {
    pub metric: usize,
    pub op: Op,
    pub value: f64,
    pub week: usize,
    pub label: String,
}

/// The model's validated settings: structural values directly, numeric parameters as
/// indices into the per-run drawn values. Validation fills it section by section from a
/// default (the default itself is never simulated).
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub establishment: u32,
    pub hours_per_day: P,
    pub lost_time_share: P,
    pub productivity_permanent: P,
    pub productivity_agency: P,
    pub productivity_pod: P,
    pub ramp_up_weeks: P,
    pub ramp_up_start: P,
    pub newly_qualified_factor: P,
    pub turnover: P,
    pub feedback_k: P,
    pub feedback_threshold: P,

    pub agency_enabled: bool,
    pub agency_cap: AgencyCap,
    pub agency_lead_days: P,
    pub agency_fill: P,
    pub agency_turnover: P,
    pub agency_release: bool,

    pub pods: Vec<PodSpec>,

    pub recruitment_enabled: bool,
    pub applicants_per_post: P,
    pub stages: Vec<StageSpec>,
    pub notice_weeks: DiscreteTable,
    pub withdrawal: P,
    pub nq_share: P,
    pub cost_per_hire: MoneyP,
    pub campaigns: Vec<CampaignSpec>,

    pub referrals_per_week: P,
    pub seasonality: [f64; 12],
    pub annual_trend: P,
    pub to_ia: P,
    pub early_help: Option<EarlyHelpSpec>,

    pub oldest_first: bool,
    pub ia_hours: P,
    pub ia_elapsed: DiscreteTable,
    pub ia_target: u32,
    pub to_core: P,
    pub ca_hours: P,
    pub ca_elapsed: DiscreteTable,
    pub ca_target: u32,
    pub to_plan: P,
    pub to_lac: P,
    pub transfer_delay_days: P,

    pub open_case_mean_weeks: P,
    pub hours_open: P,
    pub hours_awaiting: P,
    pub hours_lac: P,

    pub emergency_lac_per_week: P,
    pub placements: Vec<PlacementSpec>,

    pub salary_experienced: MoneyP,
    pub salary_nq: MoneyP,
    pub employer_ni: P,
    pub employer_pension: P,
    pub pay_award: P,
    /// Day index from which each pay period starts (period 0 starts at day 0).
    pub pay_periods: Vec<usize>,
    pub agency_day_rate: MoneyP,

    /// `budgets[line][fy]`: the full-year budget, if given.
    pub budgets: Vec<Vec<Option<Money>>>,
    /// `actuals[line]`: spend from 1 April of the first financial year to the day before
    /// the start, if given (empty if the scenario gives no actuals).
    pub actuals: Vec<Option<Money>>,
    /// The last day the actuals cover.
    pub actuals_to: Option<chrono::NaiveDate>,

    pub initial_permanent: Vec<CohortSpec>,
    pub initial_agency: P,
    pub initial_ia: Vec<QueueSpec>,
    pub initial_ca: Vec<QueueSpec>,
    pub initial_awaiting: P,
    pub initial_open: P,
    pub initial_notice: Vec<NoticeSpec>,

    pub events: Vec<EventSpec>,
}
