//! Times the optimiser's race against the exhaustive grid at the same precision on the
//! preset's example spec (this is an example, not the library, so `Instant` is fine here).
//! Used by `scripts/bench`.
//!
//! ```text
//! cargo run --release --example bench_optimise -- [--threads T] [--runs R] [--spec FILE]
//! ```
//!
//! Prints `key value` lines: candidates, runs_per_candidate, race_search_runs,
//! race_total_runs (search, frontier and current plan), race_seconds, grid_runs,
//! grid_seconds, run_ratio (grid runs / race total runs), time_ratio, same_answer
//! (1 if both choose the same plan) and chosen (the plan).

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use wfsim::analysis::optimise::{self, Method, OptimiseSpec};
use wfsim::scenario::presets;

#[derive(Parser)]
struct Args {
    /// Worker threads.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Runs per candidate at full precision (default: the spec's).
    #[arg(long)]
    runs: Option<u64>,
    /// The spec.
    #[arg(long, default_value = "scenarios/peterborough-2012-optimise.toml")]
    spec: String,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let go = || -> Result<(), Box<dyn std::error::Error>> {
        let s = presets::load(presets::DEFAULT)?;
        let mut spec = OptimiseSpec::from_text(&std::fs::read_to_string(&a.spec)?)?;
        if let Some(r) = a.runs {
            spec.runs = Some(r);
        }
        let plan = spec.plan(&s)?;
        let seed = s.default_seed();
        let t = Instant::now();
        let race = optimise::optimise(&s, &plan, seed, Some(a.threads), Method::Race, None)?;
        let race_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let grid = optimise::optimise(&s, &plan, seed, Some(a.threads), Method::Exhaustive, None)?;
        let grid_s = t.elapsed().as_secs_f64();
        let u = &race.runs_used;
        let total = u.search + u.frontier + u.current_plan;
        let grid_runs = grid.runs_used.search + grid.runs_used.current_plan;
        let plan_of =
            |o: &optimise::Optimisation| o.chosen.as_ref().map(|c| c.plan_text()).unwrap_or_default();
        println!("candidates {}", race.candidates.len());
        println!("runs_per_candidate {}", plan.runs);
        println!("race_search_runs {}", u.search);
        println!("race_total_runs {total}");
        println!("race_seconds {race_s:.3}");
        println!("grid_runs {grid_runs}");
        println!("grid_seconds {grid_s:.3}");
        println!("run_ratio {:.2}", grid_runs as f64 / total as f64);
        println!("time_ratio {:.2}", grid_s / race_s);
        println!("same_answer {}", u8::from(plan_of(&race) == plan_of(&grid)));
        println!("chosen {}", plan_of(&race));
        Ok(())
    };
    match go() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_optimise: {e}");
            ExitCode::FAILURE
        }
    }
}
