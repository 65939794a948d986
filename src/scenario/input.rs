//! The raw scenario as written by a user (TOML or JSON): serde types with defaults,
//! unknown fields rejected. [`super::compile`] validates it into a [`super::Scenario`].
//!
//! Units are in each field's documentation (and so in the JSON Schema). Every numeric
//! parameter marked `Param` may be a plain number or a distribution drawn once per run
//! (see [`crate::dist::Param`]).

use crate::dist::Param;
use crate::money::Money;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn p(v: f64) -> Param {
    Param::from(v)
}

/// A whole scenario: the service on its start date and everything that drives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    /// Short name, used in reports.
    pub name: String,
    /// What the scenario represents (free text).
    #[serde(default)]
    pub description: String,
    /// First simulated day (ISO date, "2011-11-28"). A weekend start begins on the next Monday.
    pub start: NaiveDate,
    /// Horizon in weeks (1 to 1040).
    pub weeks: u32,
    /// Bank holidays: "england-and-wales" (computed, with the one-off changes), "none",
    /// or a list of ISO dates. Bank holidays have no capacity but still cost money.
    #[serde(default)]
    pub bank_holidays: BankHolidays,
    /// Default Monte Carlo settings (the command line overrides them).
    #[serde(default)]
    pub monte_carlo: MonteCarloInput,
    /// Social-worker establishment, capacity and turnover.
    pub workforce: WorkforceInput,
    /// Agency (locum) cover for vacant posts.
    #[serde(default)]
    pub agency: AgencyInput,
    /// Contracted peripatetic teams ("pods").
    #[serde(default)]
    pub pods: Vec<PodInput>,
    /// Permanent recruitment pipeline and campaigns.
    #[serde(default)]
    pub recruitment: RecruitmentInput,
    /// Referrals arriving at the front door.
    pub demand: DemandInput,
    /// The early help team that diverts families from statutory assessment.
    #[serde(default)]
    pub early_help: Option<EarlyHelpInput>,
    /// Initial and core assessments.
    #[serde(default)]
    pub assessment: AssessmentInput,
    /// Cases held by long-term teams and their holding time.
    #[serde(default)]
    pub casework: CaseworkInput,
    /// Looked-after children by placement type.
    #[serde(default)]
    pub looked_after: LookedAfterInput,
    /// Prices and pay.
    pub costs: CostsInput,
    /// Budgets per line and financial year.
    #[serde(default)]
    pub budget: BudgetInput,
    /// The service as it stands on the start date.
    #[serde(default)]
    pub initial: InitialInput,
    /// Questions answered as probabilities, such as "IA backlog at or below 10 on 2012-03-14".
    #[serde(default)]
    pub events: Vec<EventInput>,
    /// Rank correlations between uncertain parameters (a Gaussian copula: each parameter
    /// keeps its own distribution).
    #[serde(default)]
    pub correlations: Vec<CorrelationInput>,
}

/// A rank (Spearman) correlation between two uncertain parameters, named by their paths
/// as in validation messages, for example "workforce.turnover" and "agency.fill_probability".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrelationInput {
    /// Path of the first parameter.
    pub a: String,
    /// Path of the second parameter.
    pub b: String,
    /// Rank correlation, strictly between -1 and 1.
    pub rank: f64,
}

/// Which bank holidays apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum BankHolidays {
    /// "england-and-wales" or "none".
    Named(String),
    /// Explicit ISO dates.
    Dates(Vec<NaiveDate>),
}

impl Default for BankHolidays {
    fn default() -> Self {
        BankHolidays::Named("england-and-wales".into())
    }
}

/// Default runs and seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MonteCarloInput {
    /// Number of independent runs (1 to 1,000,000).
    pub runs: u64,
    /// Seed of the random streams (0 to 2^53 - 1, so it survives JavaScript).
    pub seed: u64,
}

impl Default for MonteCarloInput {
    fn default() -> Self {
        MonteCarloInput { runs: 1000, seed: 1 }
    }
}

/// Establishment, capacity and turnover of social workers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkforceInput {
    /// Funded social-worker posts (FTE). Vacancies are posts without a permanent worker.
    pub establishment: u32,
    /// Contracted hours per working day per worker.
    #[serde(default = "default_hours")]
    pub hours_per_day: Param,
    /// Share of hours lost to leave, sickness and training (0 to 1).
    #[serde(default = "default_lost")]
    pub lost_time_share: Param,
    /// Share of remaining hours that is direct casework, by kind of worker (0 to 1).
    #[serde(default)]
    pub productivity: ProductivityInput,
    /// Weeks for a new starter to reach full productivity (linear ramp).
    #[serde(default = "default_ramp")]
    pub ramp_up_weeks: Param,
    /// Productivity of a new starter on day one, as a share of full (0 to 1).
    #[serde(default = "default_ramp_start")]
    pub ramp_up_start: Param,
    /// Productivity of a newly qualified worker in their first year (protected caseload),
    /// as a share of an experienced worker's (0 to 1).
    #[serde(default = "default_nq")]
    pub newly_qualified_factor: Param,
    /// Annual turnover of permanent workers (leavers / FTE in post, 0 to 1).
    pub turnover: Param,
    /// Caseload feedback on turnover: the permanent hazard is multiplied by
    /// `1 + k * max(0, caseload_per_worker / threshold - 1)`. 0 switches it off.
    #[serde(default = "default_zero")]
    pub caseload_feedback_k: Param,
    /// Caseload per worker above which turnover rises (cases per case-holding worker).
    #[serde(default = "default_threshold")]
    pub caseload_feedback_threshold: Param,
}

fn default_hours() -> Param {
    p(7.4)
}
fn default_lost() -> Param {
    p(0.2)
}
fn default_ramp() -> Param {
    p(8.0)
}
fn default_ramp_start() -> Param {
    p(0.5)
}
fn default_nq() -> Param {
    p(0.75)
}
fn default_zero() -> Param {
    p(0.0)
}
#[allow(dead_code)]
fn default_one() -> Param {
    p(1.0)
}
fn default_threshold() -> Param {
    p(18.0)
}

/// Productivity by kind of worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ProductivityInput {
    /// Permanent workers (0 to 1).
    pub permanent: Param,
    /// Agency workers (0 to 1).
    pub agency: Param,
    /// Pod social workers (0 to 1).
    pub pod: Param,
}

impl Default for ProductivityInput {
    fn default() -> Self {
        ProductivityInput { permanent: p(0.6), agency: p(0.55), pod: p(0.7) }
    }
}

/// Agency cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AgencyInput {
    /// Whether vacancies are covered by agency workers at all.
    pub enabled: bool,
    /// Most agency workers at once (FTE).
    pub cap: Param,
    /// Working days from request to first day.
    pub lead_time_days: Param,
    /// Probability that a request is filled (0 to 1); unfilled requests are made again.
    pub fill_probability: Param,
    /// Annual turnover of agency workers (0 to 1).
    pub turnover: Param,
    /// Release agency workers as permanent starters arrive (agency above the vacancies).
    pub release_on_permanent_start: bool,
}

impl Default for AgencyInput {
    fn default() -> Self {
        AgencyInput {
            enabled: true,
            cap: p(30.0),
            lead_time_days: p(10.0),
            fill_probability: p(0.8),
            turnover: p(0.5),
            release_on_permanent_start: true,
        }
    }
}

/// A contracted peripatetic team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PodInput {
    /// Name for reports.
    #[serde(default)]
    pub name: String,
    /// First working day (ISO date).
    pub start: NaiveDate,
    /// Last working day (ISO date, inclusive).
    pub end: NaiveDate,
    /// Case-holding social workers in the pod.
    pub social_workers: Param,
    /// Managers in the pod (paid in the price, not case-holding).
    #[serde(default = "default_zero")]
    pub managers: Param,
    /// Contract price per week for the whole pod (GBP; a number or a distribution).
    pub weekly_price: MoneyParam,
    /// Pod hours go only to assessments (not to holding cases).
    #[serde(default = "yes")]
    pub assessment_only: bool,
}

fn yes() -> bool {
    true
}

/// Money that may be uncertain: an exact amount (a string such as "1234.56" or an
/// integer), or a distribution of pounds drawn once per run and rounded to pence.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a few per scenario; boxing would only add noise
pub enum MoneyParam {
    /// An exact amount.
    Exact(Money),
    /// A distribution in GBP.
    Uncertain(crate::dist::DistInput),
}

impl From<Money> for MoneyParam {
    fn from(m: Money) -> Self {
        MoneyParam::Exact(m)
    }
}

/// The recruitment pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RecruitmentInput {
    /// Whether open permanent posts are advertised.
    pub enabled: bool,
    /// Mean applicants per advertised post per advert (Poisson).
    pub applicants_per_post: Param,
    /// Stages from application to accepted, cleared candidate, in order.
    pub stages: Vec<StageInput>,
    /// Notice period of an accepted candidate, in weeks (drawn per candidate).
    pub notice_weeks: Param,
    /// Probability that a candidate withdraws during the notice period (0 to 1).
    pub withdrawal_probability: Param,
    /// Share of hires who are newly qualified (0 to 1).
    pub newly_qualified_share: Param,
    /// Cost per hire (GBP), charged on the first day.
    pub cost_per_hire: MoneyParam,
    /// Marketing and attraction campaigns.
    pub campaigns: Vec<CampaignInput>,
}

impl Default for RecruitmentInput {
    fn default() -> Self {
        RecruitmentInput {
            enabled: true,
            applicants_per_post: p(1.5),
            stages: vec![
                StageInput { name: "shortlist".into(), pass: p(0.6), weeks: p(2.0), limited_to_posts: false },
                StageInput { name: "interview".into(), pass: p(0.5), weeks: p(1.0), limited_to_posts: false },
                StageInput {
                    name: "offer accepted".into(),
                    pass: p(0.8),
                    weeks: p(1.0),
                    limited_to_posts: true,
                },
                StageInput {
                    name: "checks cleared".into(),
                    pass: p(0.95),
                    weeks: p(4.0),
                    limited_to_posts: false,
                },
            ],
            notice_weeks: p(8.0),
            withdrawal_probability: p(0.1),
            newly_qualified_share: p(0.3),
            cost_per_hire: MoneyParam::Exact(Money::from_pence(0)),
            campaigns: Vec::new(),
        }
    }
}

/// One stage of the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// Name (shortlist, interview, offer accepted, checks cleared...).
    pub name: String,
    /// Share of candidates passing this stage (0 to 1).
    pub pass: Param,
    /// Weeks the stage takes.
    pub weeks: Param,
    /// Offers are made at this stage: candidates entering it are limited to the posts
    /// advertised. If no stage says so, hires are limited to posts after the last stage.
    #[serde(default)]
    pub limited_to_posts: bool,
}

/// A marketing and attraction campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    /// Name for reports.
    #[serde(default)]
    pub name: String,
    /// First day (ISO date).
    pub start: NaiveDate,
    /// Last day (ISO date, inclusive).
    pub end: NaiveDate,
    /// Multiplier on applicants per post while the campaign runs (1 = no effect).
    pub attraction: Param,
    /// Hires the campaign aims for (reported as the probability of reaching it).
    #[serde(default)]
    pub target_hires: u32,
    /// Cost of the campaign (GBP), spread evenly over its working days.
    pub cost: MoneyParam,
}

/// Referrals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandInput {
    /// Mean referrals per week (Poisson), before seasonality and trend.
    pub referrals_per_week: Param,
    /// Twelve month-of-year multipliers, January first (default all 1).
    #[serde(default)]
    pub seasonality: Option<Vec<f64>>,
    /// Annual growth of referrals (0.03 = 3% a year; negative for decline).
    #[serde(default = "default_zero")]
    pub annual_trend: Param,
    /// Share of (non-diverted) referrals accepted for initial assessment (0 to 1).
    pub to_initial_assessment: Param,
}

/// The early help team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlyHelpInput {
    /// First day the team takes families (ISO date).
    pub start: NaiveDate,
    /// Last day (ISO date, inclusive); absent: to the end of the horizon.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Workers in the team (not social workers).
    pub workers: Param,
    /// Families each worker supports at once.
    pub families_per_worker: Param,
    /// Mean weeks a family stays with the team.
    pub mean_weeks: Param,
    /// Share of referrals that early help would suit (0 to 1); diverted while capacity lasts.
    pub diversion_share: Param,
    /// Annual cost of the team including its manager (GBP).
    pub annual_cost: MoneyParam,
}

/// Which assessments are allocated first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AllocationPolicy {
    /// Oldest item first across both queues (IA by referral day, CA by the day it began).
    #[default]
    OldestFirst,
    /// All waiting initial assessments before any core assessment.
    IaFirst,
}

/// Initial and core assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AssessmentInput {
    /// Allocation order.
    pub policy: AllocationPolicy,
    /// Initial assessments.
    pub initial: InitialAssessmentInput,
    /// Core assessments.
    pub core: CoreAssessmentInput,
}

impl Default for AssessmentInput {
    fn default() -> Self {
        AssessmentInput {
            policy: AllocationPolicy::OldestFirst,
            initial: InitialAssessmentInput::default(),
            core: CoreAssessmentInput::default(),
        }
    }
}

/// Initial assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct InitialAssessmentInput {
    /// Social-worker hours per initial assessment, charged when allocated.
    pub hours: Param,
    /// Elapsed working days from allocation to completion, drawn per assessment
    /// (a distribution here is per item, not per run).
    pub elapsed_days: Param,
    /// Timescale in working days from referral (10 from Working Together 2010; 7 in some
    /// local procedures).
    pub target_days: u32,
    /// Share of completed initial assessments that move on to a core assessment (0 to 1).
    pub to_core: Param,
}

impl Default for InitialAssessmentInput {
    fn default() -> Self {
        InitialAssessmentInput { hours: p(6.0), elapsed_days: p(5.0), target_days: 10, to_core: p(0.4) }
    }
}

/// Core assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CoreAssessmentInput {
    /// Social-worker hours per core assessment, charged when allocated.
    pub hours: Param,
    /// Elapsed working days from allocation to completion, drawn per assessment.
    pub elapsed_days: Param,
    /// Timescale in working days from the day the core assessment began (35).
    pub target_days: u32,
    /// Share of completed core assessments leading to a plan held by a long-term team (0 to 1).
    pub to_plan: Param,
    /// Share leading to the child becoming looked after (0 to 1; plan + looked after <= 1).
    pub to_looked_after: Param,
    /// Mean working days a case with a plan waits in the assessment team for transfer.
    pub transfer_delay_days: Param,
}

impl Default for CoreAssessmentInput {
    fn default() -> Self {
        CoreAssessmentInput {
            hours: p(18.0),
            elapsed_days: p(20.0),
            target_days: 35,
            to_plan: p(0.5),
            to_looked_after: p(0.05),
            transfer_delay_days: p(20.0),
        }
    }
}

/// Cases held by long-term teams and the time they take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CaseworkInput {
    /// Mean weeks an open case (child in need or child protection plan) stays open.
    pub open_case_mean_weeks: Param,
    /// Holding hours per open case per week.
    pub hours_per_open_case_week: Param,
    /// Holding hours per case awaiting transfer per week (assessment team).
    pub hours_per_awaiting_case_week: Param,
    /// Holding hours per looked-after child per week.
    pub hours_per_looked_after_week: Param,
}

impl Default for CaseworkInput {
    fn default() -> Self {
        CaseworkInput {
            open_case_mean_weeks: p(40.0),
            hours_per_open_case_week: p(1.5),
            hours_per_awaiting_case_week: p(0.5),
            hours_per_looked_after_week: p(1.5),
        }
    }
}

/// Looked-after children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LookedAfterInput {
    /// Mean entries per week that do not come through a core assessment (emergencies).
    pub emergency_entries_per_week: Param,
    /// Placement types.
    pub placements: Vec<PlacementInput>,
}

impl Default for LookedAfterInput {
    fn default() -> Self {
        LookedAfterInput {
            emergency_entries_per_week: p(0.0),
            placements: vec![PlacementInput {
                name: "fostering".into(),
                share: p(1.0),
                mean_weeks: p(104.0),
                weekly_cost: MoneyParam::Exact(Money::from_pence(60_000)),
                initial: p(0.0),
            }],
        }
    }
}

/// One placement type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementInput {
    /// Name (in-house fostering, independent fostering agency, residential...).
    pub name: String,
    /// Share of new entries placed here (shares are normalised to sum to 1).
    pub share: Param,
    /// Mean weeks a child stays looked after in this placement type.
    pub mean_weeks: Param,
    /// Weekly unit cost (GBP), accrued as a fifth per working day.
    pub weekly_cost: MoneyParam,
    /// Children in this placement type on the start date.
    #[serde(default = "default_zero")]
    pub initial: Param,
}

/// Prices and pay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostsInput {
    /// Annual salary of an experienced social worker (GBP).
    pub salary_experienced: MoneyParam,
    /// Annual salary of a newly qualified social worker (GBP).
    pub salary_newly_qualified: MoneyParam,
    /// Employer National Insurance as a share of salary (0 to 1; 0.138 = 13.8%).
    pub employer_ni: Param,
    /// Employer pension contribution as a share of salary (0 to 1).
    pub employer_pension: Param,
    /// Pay award as a share of salary (0.01 = 1%), applied from `pay_award_from` and on
    /// each anniversary of it.
    #[serde(default = "default_zero")]
    pub pay_award: Param,
    /// First date of the pay award (ISO date); absent: none.
    #[serde(default)]
    pub pay_award_from: Option<NaiveDate>,
    /// Agency cost per worker per working day (GBP), all-in.
    pub agency_day_rate: MoneyParam,
}

/// Budgets: for each line, a map from financial year ("2012-13") to the budget (GBP).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetInput {
    /// Permanent staffing (salaries and on-costs).
    pub permanent_staffing: BTreeMap<String, Money>,
    /// Agency staffing.
    pub agency_staffing: BTreeMap<String, Money>,
    /// Peripatetic pods.
    pub peripatetic_pods: BTreeMap<String, Money>,
    /// Recruitment and attraction (campaigns, cost per hire).
    pub recruitment: BTreeMap<String, Money>,
    /// Early help team.
    pub early_help: BTreeMap<String, Money>,
    /// Looked-after placements.
    pub placements: BTreeMap<String, Money>,
    /// How a budget for a financial year only partly inside the horizon is compared:
    /// "pro_rata" (by simulated working days, the default) or "full".
    pub partial_years: PartialYears,
}

/// Treatment of financial years only partly simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PartialYears {
    /// Budget scaled by simulated working days / working days in the year.
    #[default]
    ProRata,
    /// The full budget, against the simulated part's spend.
    Full,
}

/// The state on the start date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct InitialState {
    /// Permanent workers by grade and tenure.
    pub permanent: Vec<CohortInput>,
    /// Agency workers in post.
    pub agency: Param,
    /// Initial assessments outstanding, by age.
    pub initial_assessments: Vec<QueueItemsInput>,
    /// Core assessments outstanding, by age.
    pub core_assessments: Vec<QueueItemsInput>,
    /// Cases with a plan awaiting transfer to a long-term team.
    pub awaiting_transfer: Param,
    /// Open cases held by long-term teams.
    pub open_cases: Param,
    /// Candidates already working their notice.
    pub in_notice: Vec<NoticeInput>,
}

impl Default for InitialState {
    fn default() -> Self {
        InitialState {
            permanent: Vec::new(),
            agency: p(0.0),
            initial_assessments: Vec::new(),
            core_assessments: Vec::new(),
            awaiting_transfer: p(0.0),
            open_cases: p(0.0),
            in_notice: Vec::new(),
        }
    }
}

/// Alias kept for readability in the scenario type.
pub type InitialInput = InitialState;

/// A group of permanent workers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortInput {
    /// "experienced" or "newly_qualified".
    pub grade: Grade,
    /// Number of workers (FTE, rounded to whole workers).
    pub count: Param,
    /// Weeks in post on the start date (drives ramp-up and the first-year protection).
    #[serde(default = "default_tenure")]
    pub tenure_weeks: u32,
}

fn default_tenure() -> u32 {
    104
}

/// Grade of a permanent worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// In the first year after qualifying: protected caseload, lower salary.
    NewlyQualified,
    /// Everyone else.
    Experienced,
}

/// Outstanding assessments of one age.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueItemsInput {
    /// How many.
    pub count: Param,
    /// Age on the start date in working days (since referral for IA; since the CA began for CA).
    pub age_days: u32,
    /// "waiting" (not yet allocated) or "in_progress" (allocated; the rest of its elapsed
    /// time is drawn afresh).
    #[serde(default)]
    pub status: ItemStatus,
}

/// Whether an outstanding assessment is waiting or in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    Waiting,
    InProgress,
}

/// Candidates working their notice on the start date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeInput {
    /// How many.
    pub count: u32,
    /// Weeks until their first day.
    pub weeks_left: u32,
    /// Grade on arrival.
    #[serde(default = "default_grade")]
    pub grade: Grade,
}

fn default_grade() -> Grade {
    Grade::Experienced
}

/// A question about the simulated future, answered as a probability across runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// A weekly metric name (see MODEL.md), for example "ia_backlog".
    #[schemars(extend("enum" = crate::metrics::NAMES.as_slice()))]
    pub metric: String,
    /// Comparison: "<=", "<", ">=", ">", "==".
    pub op: String,
    /// The threshold.
    pub value: f64,
    /// The date; the week containing it is checked.
    pub on: NaiveDate,
}

/// Hand-written so that a float gets the same clear message as elsewhere ("money must be a
/// string or an integer...") instead of serde's "did not match any variant".
impl<'de> Deserialize<'de> for MoneyParam {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MoneyParam;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "an amount of money (a string such as \"1234.56\" or an integer) or a distribution",
                )
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<MoneyParam, E> {
                v.parse::<Money>().map(MoneyParam::Exact).map_err(E::custom)
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<MoneyParam, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<MoneyParam, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: Error>(self, _v: f64) -> Result<MoneyParam, E> {
                Err(E::custom(crate::money::FLOAT_MESSAGE))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MoneyParam, A::Error> {
                crate::dist::DistInput::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(MoneyParam::Uncertain)
            }
        }
        d.deserialize_any(V)
    }
}
