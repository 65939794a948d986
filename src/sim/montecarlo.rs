//! Many independent runs, in parallel natively (rayon), summarised.
//!
//! Runs are grouped in blocks of [`BLOCK`] consecutive run indices; blocks are simulated
//! in waves (in parallel) and merged in run order, so the summary is byte-identical
//! whatever the number of threads, and progress can be reported and the work cancelled
//! between waves.

use super::run::{Engine, RunRecord, Workspace};
use super::summary::{Accum, FLUSH_RUNS, Summary};
use crate::error::SimError;
use crate::limits;
use crate::scenario::Scenario;

/// Runs per block.
pub const BLOCK: u64 = 128;

/// How to run a Monte Carlo.
pub struct Options<'p> {
    pub runs: u64,
    pub seed: u64,
    /// Worker threads (natively; `None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
    /// Verify conservation of every stock each day (slower; for tests).
    pub check: bool,
    /// Called after each wave with (runs done, runs in all); return false to cancel.
    pub progress: Option<&'p (dyn Fn(u64, u64) -> bool + Sync)>,
}

impl<'p> Options<'p> {
    pub fn new(runs: u64, seed: u64) -> Self {
        Options { runs, seed, threads: None, check: false, progress: None }
    }
}

/// An empty accumulator for the engine's scenario.
fn new_accum(engine: &Engine<'_>) -> Accum {
    let spec = engine.scenario.spec();
    Accum::new(engine.n_weeks(), engine.n_fy(), spec.campaigns.len(), spec.placements.len(), &spec.events)
}

/// Simulate runs `first..last` into `acc` (empty, from [`Accum::spawn`]).
fn run_block(
    engine: &Engine<'_>,
    mut acc: Accum,
    seed: u64,
    first: u64,
    last: u64,
    check: bool,
) -> Result<Accum, SimError> {
    let mut ws = Workspace::default();
    let mut rec = RunRecord::default();
    for run in first..last {
        engine.run(seed, run, &mut ws, &mut rec, check)?;
        acc.add(&rec);
    }
    Ok(acc)
}

/// Simulate `opts.runs` runs of a scenario and summarise them.
pub fn simulate(scenario: &Scenario, opts: &Options<'_>) -> Result<Summary, SimError> {
    limits::runs(opts.runs, limits::MIN_RUNS).map_err(SimError::Runs)?;
    limits::seed(opts.seed).map_err(SimError::Seed)?;
    let engine = Engine::new(scenario);
    let threads = effective_threads(opts.threads);
    let acc = accumulate(&engine, opts, 0, opts.runs, threads)?;
    Ok(finish(&acc, scenario, opts.seed, threads))
}

/// Simulate runs `first..last` of a Monte Carlo of `opts.runs` runs (a share of it, as
/// one of the browser's workers runs), counted into an accumulator to be merged, in run
/// order, with the other shares' ([`Accum::to_bytes`], [`finish_shares`]). Progress counts
/// the share's runs.
pub fn simulate_share(
    scenario: &Scenario,
    opts: &Options<'_>,
    first: u64,
    last: u64,
) -> Result<Accum, SimError> {
    limits::runs(opts.runs, limits::MIN_RUNS).map_err(SimError::Runs)?;
    limits::seed(opts.seed).map_err(SimError::Seed)?;
    if first >= last || last > opts.runs {
        return Err(SimError::Share { first, last, runs: opts.runs });
    }
    let engine = Engine::new(scenario);
    accumulate(&engine, opts, first, last, effective_threads(opts.threads))
}

/// The summary of a Monte Carlo of `runs` runs from its shares' accumulators as
/// [`Accum::to_bytes`] wrote them, in run order: the summary [`simulate`] gives.
pub fn finish_shares(scenario: &Scenario, runs: u64, seed: u64, shares: &[&[u8]]) -> Result<Summary, String> {
    let engine = Engine::new(scenario);
    let mut acc = new_accum(&engine);
    acc.expect_runs(runs);
    for bytes in shares {
        acc.merge_bytes(bytes)?;
    }
    if acc.runs() != runs {
        return Err(format!("the workers' shares hold {} runs, not {runs}", acc.runs()));
    }
    acc.flush();
    Ok(acc.finish(scenario, seed))
}

/// Simulate runs `first..last` in blocks of [`BLOCK`] (counted from `first`), in waves.
fn accumulate(
    engine: &Engine<'_>,
    opts: &Options<'_>,
    first: u64,
    last: u64,
    threads: usize,
) -> Result<Accum, SimError> {
    let n_blocks = (last - first).div_ceil(BLOCK);
    // Four blocks a thread, but at most 32 blocks beyond one a thread: a wave's runs are
    // kept as they came until merged (about 2.3 MB a block for the preset).
    let wave = (threads as u64 * 4).min((threads as u64).max(32)).max(1);
    let mut acc = new_accum(engine);
    acc.expect_runs(last - first);
    let mut b = 0;
    while b < n_blocks {
        let end = (b + wave).min(n_blocks);
        // Each block's accumulator reuses the chunk buffers of runs already counted.
        let blocks: Vec<Accum> = (b..end)
            .map(|b| {
                let (lo, hi) = block_range(b, first, last);
                acc.spawn((hi - lo) as usize)
            })
            .collect();
        acc.append(run_wave(engine, opts, (b, first, last), blocks, threads)?);
        if acc.pending_runs() >= FLUSH_RUNS {
            in_pool(threads, || acc.flush());
        }
        b = end;
        if let Some(progress) = opts.progress
            && !progress(acc.runs(), last - first)
        {
            return Err(SimError::Cancelled);
        }
    }
    in_pool(threads, || acc.flush());
    Ok(acc)
}

/// Run `f` on the pool of `threads` threads (natively), where the summary's columns are
/// flushed in parallel.
#[cfg(feature = "parallel")]
fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match pool(threads) {
        Some(p) => p.install(f),
        None => f(),
    }
}

#[cfg(not(feature = "parallel"))]
fn in_pool<R>(_threads: usize, f: impl FnOnce() -> R) -> R {
    f()
}

/// The summary step, on the same number of threads as the runs.
#[cfg(feature = "parallel")]
fn finish(acc: &Accum, scenario: &Scenario, seed: u64, threads: usize) -> Summary {
    match pool(threads) {
        Some(p) => p.install(|| acc.finish(scenario, seed)),
        None => acc.finish(scenario, seed),
    }
}

#[cfg(not(feature = "parallel"))]
fn finish(acc: &Accum, scenario: &Scenario, seed: u64, _threads: usize) -> Summary {
    acc.finish(scenario, seed)
}

/// Runs of block `b` of the runs `first..last`.
fn block_range(b: u64, first: u64, last: u64) -> (u64, u64) {
    (first + b * BLOCK, (first + (b + 1) * BLOCK).min(last))
}

#[cfg(feature = "parallel")]
pub(crate) fn effective_threads(t: Option<usize>) -> usize {
    t.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1)
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn effective_threads(_t: Option<usize>) -> usize {
    1
}

/// Merge two results of consecutive runs (the first error in run order wins). Their runs
/// stay pending: `simulate` counts a wave's runs into the columns at once.
fn join(a: Result<Accum, SimError>, b: Result<Accum, SimError>) -> Result<Accum, SimError> {
    let mut a = a?;
    a.append(b?);
    Ok(a)
}

/// Simulate blocks `b0..` of `first..last` (one a given accumulator) and merge them, in run order, into
/// one accumulator. In parallel, blocks are merged in pairs on the worker threads as they
/// finish (rayon's `reduce` keeps its operands in order), so the serial merge into the
/// whole run's accumulator happens once a wave, not once a block.
#[cfg(feature = "parallel")]
fn run_wave(
    engine: &Engine<'_>,
    opts: &Options<'_>,
    (b0, first, last): (u64, u64, u64),
    blocks: Vec<Accum>,
    threads: usize,
) -> Result<Accum, SimError> {
    use rayon::prelude::*;
    let block = |(i, acc): (usize, Accum)| {
        let (lo, hi) = block_range(b0 + i as u64, first, last);
        run_block(engine, acc, opts.seed, lo, hi, opts.check)
    };
    if threads == 1 {
        return blocks
            .into_iter()
            .enumerate()
            .map(block)
            .reduce(join)
            .unwrap_or_else(|| Ok(new_accum(engine)));
    }
    let work = || {
        blocks
            .into_par_iter()
            .enumerate()
            .map(block)
            .reduce_with(join)
            .unwrap_or_else(|| Ok(new_accum(engine)))
    };
    match pool(threads) {
        Some(p) => p.install(work),
        None => work(),
    }
}

#[cfg(feature = "parallel")]
pub(crate) fn pool(threads: usize) -> Option<&'static rayon::ThreadPool> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    // One pool per thread count, built once and kept (pools are cheap to keep, costly to build).
    static POOLS: OnceLock<Mutex<BTreeMap<usize, &'static rayon::ThreadPool>>> = OnceLock::new();
    let mut map = POOLS.get_or_init(|| Mutex::new(BTreeMap::new())).lock().ok()?;
    if let Some(p) = map.get(&threads) {
        return Some(p);
    }
    let p: &'static rayon::ThreadPool =
        Box::leak(Box::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok()?));
    map.insert(threads, p);
    Some(p)
}

#[cfg(not(feature = "parallel"))]
fn run_wave(
    engine: &Engine<'_>,
    opts: &Options<'_>,
    (b0, first, last): (u64, u64, u64),
    blocks: Vec<Accum>,
    _threads: usize,
) -> Result<Accum, SimError> {
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, acc)| {
            let (lo, hi) = block_range(b0 + i as u64, first, last);
            run_block(engine, acc, opts.seed, lo, hi, opts.check)
        })
        .reduce(join)
        .unwrap_or_else(|| Ok(new_accum(engine)))
}
