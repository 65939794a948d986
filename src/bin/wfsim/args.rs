//! The arguments every simulating command shares (scenario or preset, runs, seed, threads,
//! quiet), flattened into each, and loading the scenario they name.

use crate::{CliResult, io_reason};
use clap::Args;
use std::path::Path;
use wfsim::scenario::{Scenario, presets};

/// What to simulate and how.
#[derive(Args, Default)]
pub struct Common {
    /// Scenario file (.toml or .json), or the name of a built-in preset. Default: the
    /// peterborough-2012 preset.
    pub scenario: Option<String>,
    /// Built-in preset to run (see `wfsim preset list`).
    #[arg(long, conflicts_with = "scenario")]
    pub preset: Option<String>,
    /// Number of runs (default: the scenario's monte_carlo.runs; for sensitivity, paired runs
    /// per setting, default 200; for calibrate, draws from the priors, default 2000).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Seed (default: the scenario's monte_carlo.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print nothing but errors and the outputs asked for: no text summary, no progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// A loaded scenario, with its text and how a command line names it.
pub struct Loaded {
    pub scenario: Scenario,
    /// The file's or preset's text.
    pub text: String,
    /// The scenario as a command-line argument: a quoted path or `--preset NAME`.
    pub source: String,
}

impl Common {
    /// The scenario named by the positional argument or `--preset` (default: the default
    /// preset). A positional name is a file if one exists, else a preset of that name.
    pub fn load(&self) -> CliResult<Loaded> {
        match (&self.scenario, &self.preset) {
            (Some(spec), _) => load_any(spec),
            (None, preset) => load_preset(preset.as_deref().unwrap_or(presets::DEFAULT)),
        }
    }

    /// `--runs`, or `default`.
    pub fn runs_or(&self, default: u64) -> u64 {
        self.runs.unwrap_or(default)
    }

    /// `--seed`, or the scenario's.
    pub fn seed_for(&self, s: &Scenario) -> u64 {
        self.seed.unwrap_or(s.default_seed())
    }

    /// `--threads`, which must be 1 or more if given.
    pub fn threads(&self) -> CliResult<Option<usize>> {
        match self.threads {
            Some(0) => Err("--threads: 0 is not allowed; use 1 or more".into()),
            t => Ok(t),
        }
    }
}

/// A scenario file, or the name of a built-in preset.
pub fn load_any(spec: &str) -> CliResult<Loaded> {
    let path = Path::new(spec);
    if path.exists() {
        return read_file(path);
    }
    if presets::PRESETS.iter().any(|p| p.0 == spec) {
        return load_preset(spec);
    }
    let names: Vec<&str> = presets::PRESETS.iter().map(|p| p.0).collect();
    Err(format!("{spec}: no such file, and no preset of that name (presets: {})", names.join(", ")).into())
}

fn load_preset(name: &str) -> CliResult<Loaded> {
    Ok(Loaded {
        scenario: presets::load(name)?,
        text: presets::text(name)?.to_string(),
        source: format!("--preset {}", shell_word(name)),
    })
}

/// A scenario file (JSON if it ends in .json), each problem on its own line after the path.
pub fn read_file(path: &Path) -> CliResult<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json { Scenario::from_json(&text) } else { Scenario::from_text(&text) };
    let scenario = parsed.map_err(|e| {
        e.problems().iter().map(|p| format!("{}: {}", path.display(), p)).collect::<Vec<_>>().join("\n")
    })?;
    Ok(Loaded { scenario, text, source: shell_word(&path.display().to_string()) })
}

/// Quotes a command-line word for a POSIX shell if it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@%".contains(c));
    if plain { w.to_string() } else { format!("'{}'", w.replace('\'', "'\\''")) }
}
