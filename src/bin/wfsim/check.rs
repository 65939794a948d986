//! `wfsim check`: the steady-state panel of a scenario ([`wfsim::analysis::steady`]), as
//! text or JSON; and its warnings (with dated items outside the horizon) for `validate` and
//! `run`.

use crate::CliResult;
use clap::Args;
use wfsim::analysis::steady::steady_state;
use wfsim::scenario::Scenario;
use wfsim::scenario::shift::outside_horizon;

#[derive(Args)]
pub struct CheckArgs {
    /// Scenario file (.toml or .json), or the name of a built-in preset.
    scenario: Option<String>,
    /// Print the steady state as JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn check_cmd(a: CheckArgs) -> CliResult {
    let loaded = crate::args::load_any(a.scenario.as_deref().unwrap_or(wfsim::scenario::presets::DEFAULT))?;
    let steady = steady_state(&loaded.scenario);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&steady)?);
    } else {
        print!("{}", steady.to_text());
        for p in outside_horizon(&loaded.scenario) {
            println!("warning: {p}");
        }
    }
    Ok(())
}

/// The steady-state warnings and the dated items outside the horizon, one `warning:` line
/// each (none if the scenario does not drift and every dated item is in its days).
pub fn warning_lines(scenario: &Scenario) -> Vec<String> {
    let steady = steady_state(scenario).warnings.into_iter().map(|w| format!("warning: {}", w.message));
    steady.chain(outside_horizon(scenario).into_iter().map(|p| format!("warning: {p}"))).collect()
}
