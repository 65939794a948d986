//! Times a Monte Carlo of a preset with the wall clock (this is an example, not the
//! library, so `Instant` is fine here). Used by `scripts/bench`.
//!
//! ```text
//! cargo run --release --example bench_preset -- --runs 2000 --threads 1
//!     [--weeks W] [--repeat K] [--preset NAME] [--seed S]
//! ```
//!
//! `--weeks` changes the preset's horizon; `--repeat` times the Monte Carlo K times and
//! reports the fastest (the least disturbed by other work on the machine).
//!
//! Prints `key value` lines: preset, weeks, runs, threads, run_days (working days per run),
//! repeat, seconds_each (every timing), seconds (the fastest), ns_per_run (seconds / runs),
//! ns_per_run_day (seconds / (runs x run_days)), runs_per_second, and json_seconds (writing
//! the summary as JSON once afterwards, which the WebAssembly `Scenario.run` also does:
//! `scripts/bench` adds it to the native time when it compares the two).

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use wfsim::scenario::{Scenario, presets};
use wfsim::sim::{Options, simulate};

/// Times a Monte Carlo of a preset.
#[derive(Parser)]
struct Args {
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 2000)]
    runs: u64,
    /// Worker threads.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Horizon in weeks (default: the preset's).
    #[arg(long)]
    weeks: Option<u32>,
    /// Time the Monte Carlo this many times and report the fastest.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// The preset.
    #[arg(long, default_value = presets::DEFAULT)]
    preset: String,
    /// Seed (default: the preset's).
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let Args { runs, threads, weeks, repeat, preset, seed } = Args::parse();
    let scenario = match load(&preset, weeks) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let seed = seed.unwrap_or_else(|| scenario.default_seed());
    let run_days = scenario.calendar().n_days() as u64;

    let mut opts = Options::new(runs, seed);
    opts.threads = Some(threads);

    // Warm-up: page in code and data and build the thread pool, outside the timing.
    let mut warm = Options::new(runs.min(64), seed);
    warm.threads = Some(threads);
    if let Err(e) = simulate(&scenario, &warm) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }

    let mut each = Vec::with_capacity(repeat as usize);
    let mut summary = None;
    for _ in 0..repeat {
        let t0 = Instant::now();
        match simulate(&scenario, &opts) {
            Ok(s) => summary = Some(std::hint::black_box(s)),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
        each.push(t0.elapsed().as_secs_f64());
    }
    let seconds = each.iter().copied().fold(f64::INFINITY, f64::min);
    let json_seconds = summary.map_or(0.0, |s| {
        let t0 = Instant::now();
        std::hint::black_box(s.to_json());
        t0.elapsed().as_secs_f64()
    });

    let each: Vec<String> = each.iter().map(|s| format!("{s:.4}")).collect();
    println!("preset {preset}");
    println!("weeks {}", scenario.calendar().n_weeks());
    println!("runs {runs}");
    println!("threads {threads}");
    println!("run_days {run_days}");
    println!("repeat {repeat}");
    println!("seconds_each {}", each.join(","));
    println!("seconds {seconds:.4}");
    println!("ns_per_run {:.0}", seconds * 1e9 / runs as f64);
    println!("ns_per_run_day {:.1}", seconds * 1e9 / (runs * run_days) as f64);
    println!("runs_per_second {:.1}", runs as f64 / seconds);
    println!("json_seconds {json_seconds:.4}");
    ExitCode::SUCCESS
}

/// The preset, with its horizon changed to `weeks` if given.
fn load(preset: &str, weeks: Option<u32>) -> Result<Scenario, String> {
    let scenario = presets::load(preset).map_err(|e| e.to_string())?;
    let Some(weeks) = weeks else { return Ok(scenario) };
    let mut input = scenario.input().clone();
    (input.weeks, input.end) = (Some(weeks), None);
    Scenario::from_input(input).map_err(|e| format!("{preset} with weeks = {weeks}: {e}"))
}
