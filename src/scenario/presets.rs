//! Built-in scenarios. Each is also a commented file under `scenarios/`, so a user can copy
//! and edit it; the built-in text is that very file.

use super::Scenario;
use crate::error::ScenarioError;

/// (name, one-line description, TOML text)
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "peterborough-2012",
        "Peterborough children's social care, Nov 2011 - Nov 2013: the 2012 cabinet report's worked example",
        include_str!("../../scenarios/peterborough-2012.toml"),
    ),
    (
        "england-2025",
        "A typical English council, Apr 2025 - Mar 2028, scaled from national figures per 10,000 children",
        include_str!("../../scenarios/england-2025.toml"),
    ),
];

/// The TOML text of a preset.
pub fn text(name: &str) -> Result<&'static str, ScenarioError> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.2).ok_or_else(|| ScenarioError::UnknownPreset {
        name: name.to_string(),
        available: PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", "),
    })
}

/// A preset, validated.
pub fn load(name: &str) -> Result<Scenario, ScenarioError> {
    Scenario::from_toml(text(name)?)
}

/// The default preset's name.
pub const DEFAULT: &str = "peterborough-2012";
