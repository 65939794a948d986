//! `wfsim check`: the steady-state panel of a scenario ([`wfsim::analysis::steady`]), as
//! text or JSON; and its warnings for `validate` and `run`.

use crate::CliResult;
use clap::Args;
use wfsim::analysis::steady::steady_state;
use wfsim::scenario::Scenario;

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
    }
    Ok(())
}

/// The steady-state warnings, one `warning:` line each (none if the scenario does not drift).
pub fn warning_lines(scenario: &Scenario) -> Vec<String> {
    steady_state(scenario).warnings.into_iter().map(|w| format!("warning: {}", w.message)).collect()
}
