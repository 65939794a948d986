//! The workforce and its supply: establishment and capacity, agency cover, pods and
//! recruitment.

use super::{MoneyParam, default_zero, p};
use crate::money::Money;
use crate::param::Param;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// Most agency workers at once as a share of the establishment (0 to 1: 0.1 caps agency
    /// at 10% of the posts, rounded to whole workers). When given, it replaces `cap`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_share: Option<Param>,
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
            cap_share: None,
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
    /// Contract price per week for the whole pod (£; a number or a distribution).
    pub weekly_price: MoneyParam,
    /// Pod hours go only to assessments (not to holding cases).
    #[serde(default = "yes")]
    pub assessment_only: bool,
}

fn yes() -> bool {
    true
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
    /// Cost per hire (£), charged on the first day.
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
    /// Cost of the campaign (£), spread evenly over its working days.
    pub cost: MoneyParam,
}
