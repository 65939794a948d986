//! Times a Monte Carlo of a preset with the wall clock (this is an example, not the
//! library, so `Instant` is fine here). Used by `scripts/bench`.
//!
//! ```text
//! cargo run --release --example bench_preset -- --runs 2000 --threads 1 [--preset NAME] [--seed S]
//! ```
//!
//! Prints `key value` lines: preset, runs, threads, run_days (working days per run),
//! seconds, ns_per_run_day (wall time / (runs x run_days)).

use std::process::ExitCode;
use std::time::Instant;
use wfsim::scenario::presets;
use wfsim::sim::{Options, simulate};

fn main() -> ExitCode {
    let mut runs: u64 = 2000;
    let mut threads: usize = 1;
    let mut preset = presets::DEFAULT.to_string();
    let mut seed: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!(
                "{flag} needs a value\nusage: bench_preset [--runs N] [--threads T] [--preset NAME] [--seed S]"
            );
            return ExitCode::from(2);
        };
        let ok = match flag.as_str() {
            "--runs" => value.parse().map(|v| runs = v).is_ok(),
            "--threads" => value.parse().map(|v| threads = v).is_ok(),
            "--seed" => value.parse().map(|v| seed = Some(v)).is_ok(),
            "--preset" => {
                preset = value.clone();
                true
            }
            _ => {
                eprintln!("unknown argument {flag:?}");
                return ExitCode::from(2);
            }
        };
        if !ok {
            eprintln!("{flag}: bad value {value:?}");
            return ExitCode::from(2);
        }
    }

    let scenario = match presets::load(&preset) {
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

    let t0 = Instant::now();
    let summary = match simulate(&scenario, &opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let seconds = t0.elapsed().as_secs_f64();
    std::hint::black_box(&summary);

    println!("preset {preset}");
    println!("runs {runs}");
    println!("threads {threads}");
    println!("run_days {run_days}");
    println!("seconds {seconds:.3}");
    println!("ns_per_run_day {:.1}", seconds * 1e9 / (runs * run_days) as f64);
    ExitCode::SUCCESS
}
