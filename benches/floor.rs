//! The floor under the engine: the generator and the samplers alone, per draw.
//!
//! A run-day of the engine is a few dozen draws (`cargo run --release --example floor
//! --features draw-count` counts them) plus the bookkeeping around them; these benchmarks
//! give the cost of each kind of draw with nothing else around it, at the parameters the
//! Peterborough preset uses:
//!
//! * `next_u64`: xoshiro256++ (`wfsim::rng::SimRng`), one 64-bit number;
//! * `uniform01`: one number in [0, 1) (a `next_u64`, a shift, a conversion, a multiply);
//! * `alias/ia_elapsed`: an initial assessment's duration from the preset's alias table;
//! * `binom/n10_p0.25`, `binom/n450_p1_35`: `Binom::sample` (power tables), a small daily
//!   count and one of about 13 expected successes;
//! * `poisson/12`, `poisson_with_p0/12`: a day's referrals, with `exp(-lambda)` computed on
//!   each draw and given once;
//! * `loop_exit/random_order`, `loop_exit/sorted_order`: the cost of a loop whose trip
//!   count is a day's random count (items joining a stock, assessments allocated), as the
//!   engine has several a day. Each loop draws its items' durations and counts them into
//!   a calendar. The counts are 200,000 draws of Poisson(3), too many for the predictor
//!   to learn by heart between iterations (with 1,000 it did); both benchmarks run the
//!   same counts, in the order drawn and sorted, so that the branch predictor can foresee
//!   the loops' exits in the second but not the first. The difference per loop is what an
//!   unforeseeable exit costs on this machine (throughput is in loops here).
//!
//! `cargo bench --bench floor` (about a minute). Throughput is in draws (in loops for
//! `loop_exit`): criterion prints the time per batch and the draws (loops) per second;
//! ns per draw (loop) = 1e9 / that.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;
use wfsim::rng::SimRng;
use wfsim::sampling::{Binom, poisson, poisson_with_p0, uniform01};
use wfsim::scenario::presets;

/// Draws per iteration: enough that the loop, not the call into criterion, is measured.
const BATCH: u64 = 1000;

/// Loops per iteration of the `loop_exit` benchmarks: far more exits than a branch
/// predictor could learn by heart from one iteration to the next.
const LOOPS: u64 = 200_000;

fn floor(c: &mut Criterion) {
    let scenario = presets::load("peterborough-2012").expect("the preset validates");
    let ia_elapsed = scenario.spec().ia_elapsed.clone();
    let mut rng = SimRng::seed_from_u64(20120326);

    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(BATCH));
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    // Each loop sums its draws so that none can be optimised away, as a model step uses them.
    g.bench_function("next_u64", |b| {
        b.iter(|| {
            let mut s = 0u64;
            for _ in 0..BATCH {
                s = s.wrapping_add(rng.next_u64());
            }
            black_box(s)
        })
    });
    g.bench_function("uniform01", |b| {
        b.iter(|| {
            let mut s = 0.0;
            for _ in 0..BATCH {
                s += uniform01(&mut rng);
            }
            black_box(s)
        })
    });
    g.bench_function("alias/ia_elapsed", |b| {
        b.iter(|| {
            let mut s = 0u64;
            for _ in 0..BATCH {
                s += u64::from(ia_elapsed.sample(&mut rng));
            }
            black_box(s)
        })
    });
    for (name, n, p) in [("binom/n10_p0.25", 10u64, 0.25), ("binom/n450_p1_35", 450, 1.0 / 35.0)] {
        let binom = Binom::new(p);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut s = 0u64;
                for _ in 0..BATCH {
                    s += binom.sample(&mut rng, black_box(n));
                }
                black_box(s)
            })
        });
    }
    let lambda = 12.0;
    g.bench_function("poisson/12", |b| {
        b.iter(|| {
            let mut s = 0u64;
            for _ in 0..BATCH {
                s += poisson(&mut rng, black_box(lambda));
            }
            black_box(s)
        })
    });
    let p0 = libm::exp(-lambda);
    g.bench_function("poisson_with_p0/12", |b| {
        b.iter(|| {
            let mut s = 0u64;
            for _ in 0..BATCH {
                s += poisson_with_p0(&mut rng, black_box(lambda), p0);
            }
            black_box(s)
        })
    });
    g.finish();

    // Loops with random trip counts (see the module's docs).
    let mut counts: Vec<u64> = (0..LOOPS).map(|_| poisson(&mut rng, 3.0)).collect();
    let mut g = c.benchmark_group("loop_exit");
    g.throughput(Throughput::Elements(LOOPS));
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    let mut calendar = vec![0u32; 1024];
    for order in ["random_order", "sorted_order"] {
        if order == "sorted_order" {
            counts.sort_unstable();
        }
        g.bench_function(order, |b| {
            b.iter(|| {
                for &k in black_box(&counts) {
                    for _ in 0..k {
                        calendar[ia_elapsed.sample(&mut rng) as usize] += 1;
                    }
                }
                black_box(&mut calendar);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, floor);
criterion_main!(benches);
