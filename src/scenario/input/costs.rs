//! Prices, pay and budgets.

use super::{MoneyParam, default_zero};
use crate::money::Money;
use crate::param::Param;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Prices and pay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostsInput {
    /// Annual salary of an experienced social worker (£).
    pub salary_experienced: MoneyParam,
    /// Annual salary of a newly qualified social worker (£).
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
    /// Agency cost per worker per working day (£), all-in.
    pub agency_day_rate: MoneyParam,
}

/// Budgets: for each line, a map from financial year ("2012-13") to the full-year budget
/// in pounds. A year only partly simulated is still compared with its full-year budget.
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
    /// Removed: a scenario that sets it is refused with a field error (every year is
    /// compared with its full-year budget, a part year labelled as such; give `[actuals]`
    /// to complete the first year). Kept in the input, always `pro_rata` and out of the
    /// schema and the canonical TOML, only so that scenario hashes are unchanged.
    #[schemars(skip)]
    pub partial_years: PartialYears,
}

/// Formerly how a part year's budget was compared; removed (see
/// [`BudgetInput::partial_years`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PartialYears {
    /// Formerly: the budget scaled by simulated working days.
    #[default]
    ProRata,
    /// Formerly: the full budget.
    Full,
}

/// Actual spend to date: for each line, what was spent from 1 April of the financial year
/// the simulation starts in up to `to`, the day before the start (or the last working day
/// before it). A year's forecast outturn is this plus the simulated rest of the year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActualsInput {
    /// The last day the actuals cover (ISO date): no working day may lie between it and
    /// the start.
    pub to: NaiveDate,
    /// Permanent staffing (salaries and on-costs), in pounds.
    #[serde(default)]
    pub permanent_staffing: Option<Money>,
    /// Agency staffing.
    #[serde(default)]
    pub agency_staffing: Option<Money>,
    /// Peripatetic pods.
    #[serde(default)]
    pub peripatetic_pods: Option<Money>,
    /// Recruitment and attraction.
    #[serde(default)]
    pub recruitment: Option<Money>,
    /// Early help team.
    #[serde(default)]
    pub early_help: Option<Money>,
    /// Looked-after placements.
    #[serde(default)]
    pub placements: Option<Money>,
}

impl ActualsInput {
    /// The amounts in the order of [`crate::scenario::LINES`].
    pub fn lines(&self) -> [Option<Money>; 6] {
        [
            self.permanent_staffing,
            self.agency_staffing,
            self.peripatetic_pods,
            self.recruitment,
            self.early_help,
            self.placements,
        ]
    }
}
