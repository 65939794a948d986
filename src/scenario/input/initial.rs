//! The service as it stands on the start date.

use super::p;
use crate::param::Param;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
