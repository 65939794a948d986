//! Derivation: from a council's figures to a complete scenario whose first year reproduces
//! them and whose stocks sit at the levels their flows sustain (MODEL.md, "Steady state").
//!
//! Rules, each written beside the value it gives:
//! - workforce: permanent in post, agency and vacancies as given; turnover = leavers / in
//!   post; hires sustain the permanent stock (hires = leavers), so applicants per advertised
//!   post are set from the vacancies left open (Little's law); agency cover is capped so
//!   that, after leavers and the time to replace them, the mean agency stock is the figure.
//! - demand: referrals a year / 52.18 a week; shares from DfE's no-further-action and
//!   not-in-need percentages.
//! - stocks: assessments in progress = their rate x time in the system; cases awaiting
//!   transfer = plans x delay; open cases = published cases less every other case stock,
//!   with a mean stay that holds them (stock / inflow); looked-after children: mean stay =
//!   stock / starters (so starters = ceasers and the stock holds), split by placement.
//! - holding hours per case: set so that the service uses a stated share of its hours.
//! - budgets: as given, else the expected spend at these levels.

mod levels;
mod notes;
mod writer;

use crate::council::data::Published;
use crate::council::figures::Figures;
use crate::scenario::Scenario;

/// Weeks in a year of 260.9 working days (the model's referral, stay and cost rates are
/// per working day: a week is five of them).
pub const WEEKS_PER_YEAR: f64 = 365.25 / 7.0;

/// A derived scenario: its commented TOML and the validated scenario.
pub struct Derived {
    pub toml: String,
    pub scenario: Scenario,
    /// The figures the first simulated year should reproduce (what the tests check).
    pub targets: Targets,
}

/// Expected first-year figures of the derived scenario.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    pub permanent: f64,
    pub agency: f64,
    pub leavers_per_year: f64,
    pub referrals_per_year: f64,
    pub lac: f64,
    pub lac_started_per_year: f64,
    pub cases: f64,
    pub open_cases: f64,
}

/// Derives the scenario. `england` is the England row used for national rates.
pub fn derive(fig: &Figures, england: &Published) -> Result<Derived, String> {
    let l = levels::levels(fig, england)?;
    let targets = Targets {
        permanent: l.permanent,
        agency: l.agency_mean,
        leavers_per_year: l.leavers,
        referrals_per_year: l.referrals.v,
        lac: l.lac_total,
        lac_started_per_year: l.lac_start.v,
        cases: l.ia_stock + l.ca_stock + l.awaiting + l.open_cases + l.lac_total,
        open_cases: l.open_cases,
    };
    let toml = writer::write(fig, &l);
    let scenario =
        Scenario::from_toml(&toml).map_err(|e| format!("the derived scenario does not validate:\n{e}"))?;
    Ok(Derived { toml, scenario, targets })
}

/// A financial-year label: 2025 -> "2025-26".
pub fn fy(y: i32) -> String {
    format!("{y}-{:02}", (y + 1) % 100)
}
