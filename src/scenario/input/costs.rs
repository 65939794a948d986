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
