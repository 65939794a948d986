//! Criterion benchmark of the optimiser on the preset's example spec
//! (scenarios/peterborough-2012-optimise.toml) at 100 runs per candidate: the race
//! against the exhaustive grid at the same precision. The full-precision figures (runs
//! used, same answer) come from `cargo run --release --example bench_optimise`, which
//! `scripts/bench` runs.
//!
//! `cargo bench --bench optimise` (a few minutes: each grid iteration is some 75,000 runs).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use wfsim::analysis::optimise::{self, Method, OptimiseSpec};
use wfsim::scenario::presets;

fn race_and_grid(c: &mut Criterion) {
    let s = presets::load(presets::DEFAULT).expect("the preset validates");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/peterborough-2012-optimise.toml"
    ))
    .expect("the example spec");
    let mut spec = OptimiseSpec::from_text(&text).expect("the spec reads");
    spec.runs = Some(100);
    let plan = spec.plan(&s).expect("the spec fits the preset");
    let seed = s.default_seed();
    let mut g = c.benchmark_group("optimise");
    g.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(30));
    for (name, method) in [("race", Method::Race), ("grid", Method::Exhaustive)] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(optimise::optimise(&s, &plan, seed, Some(1), method, None).expect("runs")))
        });
    }
    g.finish();
}

criterion_group!(benches, race_and_grid);
criterion_main!(benches);
