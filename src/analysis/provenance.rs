//! The header every JSON output opens with, in the summary's own form (`wfsim run --json`):
//! what wrote it and how to reproduce it.

use crate::scenario::Scenario;
use crate::sim::summary::ScenarioId;
use serde::Serialize;

/// Schema tag, engine version, scenario name and hash, runs and seed; flattened into each
/// output (`#[serde(flatten)]`), so the fields sit at its top level as in the summary.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Provenance {
    /// `wfsim.<output>/<version>`, for example `wfsim.compare/2`.
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub scenario: ScenarioId,
    /// Runs simulated (per setting, for a sensitivity analysis; draws, for a calibration).
    pub runs: u64,
    pub seed: u64,
}

impl Provenance {
    pub fn new(schema: &'static str, scenario: &Scenario, runs: u64, seed: u64) -> Self {
        Provenance { schema, engine_version: crate::VERSION, scenario: scenario_id(scenario), runs, seed }
    }
}

/// A scenario's name and hash, as the summary writes them.
pub fn scenario_id(scenario: &Scenario) -> ScenarioId {
    ScenarioId { name: scenario.name().to_string(), hash: scenario.hash().to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_opens_with_the_same_header() {
        let s = crate::scenario::presets::load(crate::scenario::presets::DEFAULT).expect("preset");
        let summary = crate::sim::simulate(&s, &crate::sim::Options::new(3, 5)).expect("simulate");
        let header = serde_json::to_string_pretty(&Provenance::new("wfsim.summary/1", &s, 3, 5)).unwrap();
        let open = header.strip_suffix("\n}").expect("an object");
        assert!(summary.to_json().starts_with(&format!("{open},\n")), "{header}");
    }
}
