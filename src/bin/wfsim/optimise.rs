//! `wfsim optimise`: the cheapest plan meeting chance constraints, and the cost-service
//! frontier, from an `[optimise]` block in the scenario file or in its own file (--spec).

use crate::args::{Common, Loaded, load_any};
use crate::{CliResult, write_file};
use clap::Args;
use std::path::{Path, PathBuf};
use wfsim::analysis::optimise::{self, Method, OptimiseSpec};
use wfsim::scenario::Scenario;

#[derive(Args)]
pub struct OptimiseArgs {
    /// The scenario and the run settings (--runs: runs per candidate at full precision,
    /// overriding the spec's).
    #[command(flatten)]
    common: Common,
    /// The [optimise] block in its own file (default: the scenario file's own block).
    #[arg(long, value_name = "FILE.toml")]
    spec: Option<PathBuf>,
    /// Every candidate at full precision instead of the race (for comparison).
    #[arg(long)]
    exhaustive: bool,
    /// Write the optimisation as JSON to PATH, or "-" for standard output.
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
    /// Write the frontier chart as SVG to PATH.
    #[arg(long, value_name = "PATH")]
    svg: Option<PathBuf>,
}

/// The scenario and its spec: from --spec, else the scenario file's [optimise] table.
fn load(a: &OptimiseArgs) -> CliResult<(Scenario, OptimiseSpec)> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("{}: {}", p.display(), crate::io_reason(&e)))
    };
    if let Some(spec_path) = &a.spec {
        let scenario = a.common.load()?.scenario;
        let text = read(spec_path)?;
        let spec = OptimiseSpec::from_text(&text).map_err(|e| prefixed(spec_path, &e))?;
        return Ok((scenario, spec));
    }
    let name = a
        .common
        .scenario
        .as_deref()
        .ok_or("optimise: give a scenario file with an [optimise] table, or --spec FILE")?;
    let path = Path::new(name);
    if !path.exists() {
        let Loaded { .. } = load_any(name)?;
        return Err(format!("{name}: a preset has no [optimise] table; give --spec FILE").into());
    }
    let text = read(path)?;
    let (rest, spec) = optimise::split_scenario_text(&text).map_err(|e| prefixed(path, &e))?;
    let spec =
        spec.ok_or_else(|| format!("{}: no [optimise] table; add one or give --spec FILE", path.display()))?;
    let scenario = Scenario::from_text(&rest).map_err(|e| {
        e.problems().iter().map(|p| format!("{}: {}", path.display(), p)).collect::<Vec<_>>().join("\n")
    })?;
    Ok((scenario, spec))
}

fn prefixed(path: &Path, e: &dyn std::fmt::Display) -> String {
    e.to_string().lines().map(|l| format!("{}: {l}", path.display())).collect::<Vec<_>>().join("\n")
}

pub fn optimise_cmd(a: OptimiseArgs) -> CliResult {
    let (scenario, mut spec) = load(&a)?;
    if let Some(r) = a.common.runs {
        spec.runs = Some(r);
        spec.first_runs = spec.first_runs.map(|f| f.min(r));
    }
    let plan = spec.plan(&scenario)?;
    let seed = a.common.seed_for(&scenario);
    let method = if a.exhaustive { Method::Exhaustive } else { Method::Race };
    let r = optimise::optimise(&scenario, &plan, seed, a.common.threads()?, method, None)?;
    if let Some(path) = &a.svg {
        write_file(path, &wfsim::report::optimise::frontier_svg(&r)?)?;
    }
    crate::decide::output(
        a.json.as_deref(),
        || Ok(serde_json::to_string_pretty(&r)?),
        &optimise::text(&r),
        a.common.quiet,
    )
}

/// The optimisation of `wfsim report --optimise FILE`.
pub fn for_report(
    scenario: &Scenario,
    spec_path: &Path,
    seed: u64,
    threads: Option<usize>,
) -> CliResult<optimise::Optimisation> {
    let text = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("{}: {}", spec_path.display(), crate::io_reason(&e)))?;
    let plan =
        OptimiseSpec::from_text(&text).and_then(|s| s.plan(scenario)).map_err(|e| prefixed(spec_path, &e))?;
    Ok(optimise::optimise(scenario, &plan, seed, threads, Method::Race, None)?)
}
