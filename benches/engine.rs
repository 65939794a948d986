//! Criterion benchmarks of the engine on the Peterborough preset (104 weeks, 520 working
//! days): one run; 1,000 and 10,000 runs through `simulate` on 1 and 2 threads; 1,000 runs
//! on 1 thread at horizons of 52, 104 and 260 weeks; and the summary step (accumulating
//! 1,000 run records and computing percentiles) on its own.
//!
//! `cargo bench --bench engine` (about four minutes); `cargo bench --bench engine -- run/`
//! for one group. Throughput is in elements: run-days for the engine groups, runs for the
//! summary. The generator and the samplers alone: `cargo bench --bench floor`.

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use wfsim::scenario::{Scenario, presets};
use wfsim::sim::summary::Accum;
use wfsim::sim::{Engine, Options, RunRecord, Workspace, simulate};

const PRESET: &str = "peterborough-2012";

fn preset() -> Scenario {
    presets::load(PRESET).expect("the preset validates")
}

/// The preset with its horizon changed to `weeks`.
fn preset_weeks(weeks: u32) -> Scenario {
    let mut input = preset().input().clone();
    (input.weeks, input.end) = (Some(weeks), None);
    Scenario::from_input(input).expect("the preset validates at this horizon")
}

/// One run of the preset on a reused workspace and record (the inner loop of `simulate`).
fn one_run(c: &mut Criterion) {
    let scenario = preset();
    let engine = Engine::new(&scenario);
    let seed = scenario.default_seed();
    let days = scenario.calendar().n_days() as u64;
    let mut ws = Workspace::default();
    let mut rec = RunRecord::default();

    let mut g = c.benchmark_group("run");
    g.throughput(Throughput::Elements(days));
    g.sample_size(50).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));
    g.bench_function(PRESET, |b| {
        // A different run index each iteration, as in a real Monte Carlo.
        let mut run = 0u64;
        b.iter(|| {
            engine.run(seed, run, &mut ws, &mut rec, false).expect("run succeeds");
            run = run.wrapping_add(1) % 1_000_000;
            black_box(&rec);
        })
    });
    g.finish();
}

/// `runs` runs of the preset through `simulate`, on 1 and 2 threads, in group `name`.
fn monte_carlo_group(c: &mut Criterion, name: &str, runs: u64, mode: SamplingMode, measure: Duration) {
    let scenario = preset();
    let seed = scenario.default_seed();
    let days = scenario.calendar().n_days() as u64;

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(runs * days));
    g.sampling_mode(mode);
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(measure);
    for threads in [1usize, 2] {
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, &threads| {
            let mut opts = Options::new(runs, seed);
            opts.threads = Some(threads);
            b.iter(|| black_box(simulate(&scenario, &opts).expect("simulate succeeds")))
        });
    }
    g.finish();
}

/// 1,000 runs of the preset through `simulate`, on 1 and 2 threads.
fn monte_carlo(c: &mut Criterion) {
    monte_carlo_group(c, "simulate_1000", 1000, SamplingMode::Auto, Duration::from_secs(20));
}

/// 10,000 runs of the preset through `simulate`, on 1 and 2 threads (about 1 s an
/// iteration on 1 thread: ten samples of one iteration each).
fn monte_carlo_10k(c: &mut Criterion) {
    monte_carlo_group(c, "simulate_10000", 10_000, SamplingMode::Flat, Duration::from_secs(30));
}

/// 1,000 runs on 1 thread at horizons of 52, 104 and 260 weeks: the cost per run-day
/// should not depend on the horizon (cost linear in the horizon).
fn horizon(c: &mut Criterion) {
    const RUNS: u64 = 1000;
    let mut g = c.benchmark_group("horizon_1000");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for weeks in [52u32, 104, 260] {
        let scenario = preset_weeks(weeks);
        let seed = scenario.default_seed();
        let days = scenario.calendar().n_days() as u64;
        g.throughput(Throughput::Elements(RUNS * days));
        g.bench_with_input(BenchmarkId::new("weeks", weeks), &weeks, |b, _| {
            let mut opts = Options::new(RUNS, seed);
            opts.threads = Some(1);
            b.iter(|| black_box(simulate(&scenario, &opts).expect("simulate succeeds")))
        });
    }
    g.finish();
}

/// The summary step alone: 1,000 precomputed run records accumulated and summarised
/// (`Accum::add` then `Accum::finish`, as `simulate` does after the runs).
fn summary(c: &mut Criterion) {
    const RUNS: u64 = 1000;
    let scenario = preset();
    let engine = Engine::new(&scenario);
    let seed = scenario.default_seed();
    let n_campaigns = scenario.spec().campaigns.len();
    let mut ws = Workspace::default();
    let records: Vec<RunRecord> = (0..RUNS)
        .map(|run| {
            let mut rec = RunRecord::default();
            engine.run(seed, run, &mut ws, &mut rec, false).expect("run succeeds");
            rec
        })
        .collect();
    let accumulate = || {
        let mut acc = Accum::new(
            engine.n_weeks(),
            engine.n_fy(),
            n_campaigns,
            scenario.spec().placements.len(),
            &scenario.spec().events,
        );
        for r in &records {
            acc.add(r);
        }
        acc
    };
    let full = accumulate();

    let mut g = c.benchmark_group("summary_1000");
    g.throughput(Throughput::Elements(RUNS));
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    g.bench_function("add", |b| b.iter(|| black_box(accumulate())));
    g.bench_function("finish", |b| b.iter(|| black_box(full.finish(&scenario, seed))));
    g.finish();
}

criterion_group!(benches, one_run, monte_carlo, monte_carlo_10k, horizon, summary);
criterion_main!(benches);
