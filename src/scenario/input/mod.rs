//! The raw scenario as written by a user (TOML or JSON): serde types with defaults,
//! unknown fields rejected; validation ([`super::Scenario::from_input`]) turns it into a
//! [`super::Scenario`]. One file per part of the format: the workforce and its supply
//! (`workforce.rs`), the services (`services.rs`), costs and budgets (`costs.rs`) and the
//! state on the start date (`initial.rs`); the top level, events, correlations and money
//! that may be uncertain are here.
//!
//! Units are in each field's documentation (and so in the JSON Schema). Every numeric
//! parameter marked `Param` may be a plain number or a distribution drawn once per run
//! (see [`crate::param::Param`]).

mod costs;
mod initial;
mod services;
mod workforce;

pub use costs::*;
pub use initial::*;
pub use services::*;
pub use workforce::*;

use crate::money::Money;
use crate::param::Param;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

fn p(v: f64) -> Param {
    Param::from(v)
}

fn default_zero() -> Param {
    p(0.0)
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

/// Money that may be uncertain: an exact amount (a string such as "1234.56" or an
/// integer), or a distribution of pounds drawn once per run and rounded to pence.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a few per scenario; boxing would only add noise
pub enum MoneyParam {
    /// An exact amount.
    Exact(Money),
    /// A distribution in GBP.
    Uncertain(crate::param::DistInput),
}

impl From<Money> for MoneyParam {
    fn from(m: Money) -> Self {
        MoneyParam::Exact(m)
    }
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
                crate::param::DistInput::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(MoneyParam::Uncertain)
            }
        }
        d.deserialize_any(V)
    }
}
