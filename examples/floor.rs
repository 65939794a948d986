//! How many random numbers a run-day of a preset draws, and what drawing them alone costs:
//! the generator floor under the engine. Needs the `draw-count` feature, which makes
//! `wfsim::rng::SimRng` count its draws (this is an example, so `Instant` is fine here).
//!
//! ```text
//! cargo run --release --features draw-count --example floor -- [--runs N] [--preset NAME] [--seed S]
//! ```
//!
//! (`scripts/bench` builds it with `CARGO_TARGET_DIR=target/draw-count`: in the shared target
//! directory the library with and without the feature would replace each other's cdylib,
//! and the next ordinary build would rebuild it.)
//!
//! Runs N runs (default 1000) one after another on this thread with `Engine::run`, reading
//! the per-thread draw counter around each, then draws the same number of 64-bit numbers
//! from a bare xoshiro256++ (not the counting wrapper) and sums them. Prints `key value`
//! lines: preset, runs, run_days, draws (in all), draws_per_run_day, draws_per_run_day_min
//! and _max (over the runs), generator_ns_per_draw, generator_floor_ns_per_run_day (the
//! bare generator's time for one run-day's draws), and ns_per_run_day_counting (the
//! engine's own time here, slowed a little by the counter: compare the floor with
//! `bench_preset`'s figure, built without the feature).
//!
//! Counted: every `next_u64`/`next_u32`/`fill_bytes` on a `SimRng`, which is all of the
//! per-day process noise. Not counted: the per-run parameter draws (`rng::param_uniform`,
//! a hash, one per uncertain parameter per run, not per day) and the summary step.

use clap::Parser;
use rand::{Rng, SeedableRng};
use std::process::ExitCode;
use std::time::Instant;
use wfsim::rng::{draws, reset_draws};
use wfsim::scenario::presets;
use wfsim::sim::{Engine, RunRecord, Workspace};

/// Counts the random numbers a run-day draws and times the bare generator for them.
#[derive(Parser)]
struct Args {
    /// Runs, one after another on this thread.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// The preset.
    #[arg(long, default_value = presets::DEFAULT)]
    preset: String,
    /// Seed (default: the preset's).
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let Args { runs, preset, seed } = Args::parse();
    let scenario = match presets::load(&preset) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let seed = seed.unwrap_or_else(|| scenario.default_seed());
    let run_days = scenario.calendar().n_days() as u64;
    let engine = Engine::new(&scenario);
    let mut ws = Workspace::default();
    let mut rec = RunRecord::default();

    // The engine, counting: total draws, and the fewest and most in one run.
    let (mut total, mut fewest, mut most) = (0u64, u64::MAX, 0u64);
    let t0 = Instant::now();
    for run in 0..runs {
        reset_draws();
        if let Err(e) = engine.run(seed, run, &mut ws, &mut rec, false) {
            eprintln!("run {run}: {e}");
            return ExitCode::FAILURE;
        }
        let n = draws();
        total += n;
        fewest = fewest.min(n);
        most = most.max(n);
    }
    let engine_seconds = t0.elapsed().as_secs_f64();
    std::hint::black_box(&rec);

    // The bare generator, for the same number of draws (best of three, after a warm-up).
    let bare = |n: u64| {
        let mut g = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut s = 0u64;
        for _ in 0..n {
            s = s.wrapping_add(g.next_u64());
        }
        std::hint::black_box(s)
    };
    bare(total.min(1 << 20));
    let gen_seconds = (0..3)
        .map(|_| {
            let t = Instant::now();
            bare(std::hint::black_box(total));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);

    let run_days_all = (runs * run_days) as f64;
    let per_day = total as f64 / run_days_all;
    let ns_per_draw = if total == 0 { 0.0 } else { gen_seconds * 1e9 / total as f64 };
    println!("preset {preset}");
    println!("runs {runs}");
    println!("run_days {run_days}");
    println!("draws {total}");
    println!("draws_per_run_day {per_day:.2}");
    println!("draws_per_run_day_min {:.2}", fewest as f64 / run_days as f64);
    println!("draws_per_run_day_max {:.2}", most as f64 / run_days as f64);
    println!("generator_ns_per_draw {ns_per_draw:.3}");
    println!("generator_floor_ns_per_run_day {:.1}", ns_per_draw * per_day);
    println!("ns_per_run_day_counting {:.1}", engine_seconds * 1e9 / run_days_all);
    ExitCode::SUCCESS
}
