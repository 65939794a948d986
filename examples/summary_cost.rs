//! The summary step alone, for counting its instructions with callgrind: precomputed run
//! records of the preset are accumulated as `simulate` does on one thread (blocks of 128
//! runs, waves of 4 blocks, merged in run order), then summarised.
//!
//! ```text
//! cargo build --release --example summary_cost
//! valgrind --tool=callgrind target/release/examples/summary_cost --runs 400 --upto add
//! ```
//!
//! `--upto` stops after generating the records (`gen`), after accumulating them (`add`:
//! `Accum::add` and `Accum::merge`, with the flushes they make, and the last one), or
//! after summarising (`finish`, the default); differences of instruction counts give
//! each step's cost (the flushes run on rayon's threads, so count the whole program).
//! Those at 400 runs minus those at 200, divided by 200 x 520, give the cost per run-day
//! without fixed costs.

use clap::{Parser, ValueEnum};
use std::hint::black_box;
use wfsim::scenario::presets;
use wfsim::sim::summary::Accum;
use wfsim::sim::{Engine, RunRecord, Summary, Workspace};

#[inline(never)]
fn accumulate(new: &dyn Fn() -> Accum, records: &[RunRecord]) -> Accum {
    let mut acc = new();
    acc.expect_runs(records.len() as u64);
    for wave in records.chunks(4 * 128) {
        // As `simulate`: the blocks' accumulators reuse the chunks of runs already counted.
        let blocks: Vec<Accum> = wave.chunks(128).map(|b| acc.spawn(b.len())).collect();
        let mut w = new();
        for (block, mut b) in wave.chunks(128).zip(blocks) {
            for r in block {
                b.add(r);
            }
            w.merge(b);
        }
        acc.merge(w);
    }
    acc.flush();
    acc
}

#[inline(never)]
fn summarise(acc: &Accum, scenario: &wfsim::scenario::Scenario, seed: u64) -> Summary {
    acc.finish(scenario, seed)
}

/// Where to stop.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Upto {
    Gen,
    Add,
    Finish,
}

/// The summary step alone (see the module docs).
#[derive(Parser)]
struct Args {
    /// Run records to summarise.
    #[arg(long, default_value_t = 400)]
    runs: u64,
    /// Stop after generating the records, after accumulating them, or after summarising.
    #[arg(long, value_enum, default_value_t = Upto::Finish)]
    upto: Upto,
}

fn main() {
    let Args { runs, upto } = Args::parse();
    let scenario = presets::load("peterborough-2012").expect("the preset validates");
    let engine = Engine::new(&scenario);
    let seed = scenario.default_seed();
    let mut ws = Workspace::default();
    let records: Vec<RunRecord> = (0..runs)
        .map(|run| {
            let mut rec = RunRecord::default();
            engine.run(seed, run, &mut ws, &mut rec, false).expect("run succeeds");
            rec
        })
        .collect();
    if upto == Upto::Gen {
        println!("records {}", black_box(records).len());
        return;
    }
    let spec = scenario.spec();
    let new = || {
        Accum::new(engine.n_weeks(), engine.n_fy(), spec.campaigns.len(), spec.placements.len(), &spec.events)
    };
    let acc = accumulate(&new, &records);
    if upto == Upto::Add {
        println!("runs {}", black_box(acc).runs());
        return;
    }
    let s = summarise(&acc, &scenario, seed);
    println!("runs {} series {}", black_box(s).runs, records.len());
}
