//! The services: referrals, early help, assessments, casework and looked-after children.

use super::{MoneyParam, default_zero, p};
use crate::money::Money;
use crate::param::Param;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
