//! A fuzz smoke test of scenario parsing and simulation, runnable on stable Rust.
//!
//! cargo-fuzz needs a nightly toolchain, which this project does not use, so this example
//! stands in for it: it feeds `Scenario::from_text` byte mutations of the Peterborough
//! preset and random ASCII strings, and runs `simulate` (2 runs) on whatever validates.
//! The core must never panic on user input; the first panic stops the run, prints the
//! input, saves it as `target/fuzz-crash-<iteration>.toml` and exits with status 1. An
//! input that runs longer than `--timeout` seconds (default 60) is treated the same way
//! (`target/fuzz-timeout-<iteration>.toml`), and one slower than `--slow` seconds (default
//! 2) is saved as `target/fuzz-slow-<iteration>.toml` and reported, without failing.
//!
//! ```text
//! cargo run --release --example fuzz_scenario -- --seconds 20 [--seed 1] [--timeout 60] [--slow 2]
//! cargo run --release --example fuzz_scenario -- --iterations 5000 --seed 7
//! cargo run --release --example fuzz_scenario -- --replay target/fuzz-crash-123.toml
//! ```
//!
//! The inputs are a deterministic function of the seed: input number `i` is the same
//! whatever the time limit, so a crash is reproduced with `--seed S --iterations i+1`
//! (or with `--replay FILE`). The generator is a hand-written xorshift64* (a few lines)
//! rather than a crate so the input sequence never changes with a dependency update.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wfsim::error::SimError;
use wfsim::scenario::Scenario;
use wfsim::sim::{Options, simulate};

const PRESET: &str = include_str!("../scenarios/peterborough-2012.toml");

/// xorshift64* (Vigna 2016): small, fast, and fixed forever.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        // splitmix64 of the seed, so seeds 0, 1, 2... give unrelated, non-zero states.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        XorShift((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-ish in 0..n (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Values that tend to find edge cases in numeric fields.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1.0000001",
    "2",
    "-2.5",
    "1e308",
    "-1e308",
    "1e-308",
    "inf",
    "-inf",
    "nan",
    "9007199254740993",
    "18446744073709551615",
    "-9223372036854775808",
    "4294967296",
    "1040",
    "1041",
    "999999",
    "1000000",
    "1000001",
    "1000000000000",
    "99999999999999999999",
    "79228162514264337593543950335",
    "0.001",
    "-5",
    "3.4e38",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "true",
    "\"2011-02-30\"",
    "\"9999-12-31\"",
    "\"0000-01-01\"",
    "\"1e30\"",
    "\"-1\"",
    "\"0.001\"",
    "\"99999999999999999999999999999\"",
];

/// Fragments of TOML syntax for insertion and for random strings.
const FRAGMENTS: &[&str] = &[
    "\n", "=", " = ", "[", "]", "[[", "]]", "{", "}", ",", ".", "\"", "'", "#", "\n[x]\n", "p5 = ", "p95 = ",
    "dist = ", "min = ", "max = ", "mode = ", "weeks = ", "start = ", "runs = ", "seed = ", "\\u0000", "\\",
];

/// Bytes favoured by the random-string generator.
const ASCII: &[u8] = b"abcdefghijklmnopqrstuvwxyz_0123456789.-+eE=[]{},\"'# \n\t:";

fn mutate(rng: &mut XorShift, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    let n_mutations = 1 + rng.below(8);
    for _ in 0..n_mutations {
        let len = b.len().max(1);
        match rng.below(8) {
            // Replace one byte with a random printable one.
            0 => {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] = 0x20 + rng.below(0x5f) as u8;
                }
            }
            // Delete a short range.
            1 => {
                let i = rng.below(len).min(b.len());
                let j = (i + 1 + rng.below(32)).min(b.len());
                b.drain(i..j);
            }
            // Insert a syntax fragment.
            2 => {
                let i = rng.below(len + 1).min(b.len());
                let f = rng.pick(FRAGMENTS).as_bytes();
                b.splice(i..i, f.iter().copied());
            }
            // Replace a number (a run of digits, dots and signs) with an interesting value.
            3..=5 => {
                let starts: Vec<usize> = (0..b.len())
                    .filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()))
                    .collect();
                if !starts.is_empty() {
                    let i = *rng.pick(&starts);
                    let mut j = i;
                    while j < b.len() && (b[j].is_ascii_digit() || b"._-+eE".contains(&b[j])) {
                        j += 1;
                    }
                    let v = rng.pick(NUMBERS).as_bytes();
                    b.splice(i..j, v.iter().copied());
                }
            }
            // Duplicate a line (repeats keys and tables).
            6 => {
                let lines: Vec<usize> = std::iter::once(0)
                    .chain((0..b.len()).filter(|&i| b[i] == b'\n').map(|i| i + 1))
                    .filter(|&i| i < b.len())
                    .collect();
                if !lines.is_empty() {
                    let i = *rng.pick(&lines);
                    let j = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |k| i + k + 1);
                    let line = b[i..j].to_vec();
                    let at = *rng.pick(&lines);
                    b.splice(at..at, line);
                }
            }
            // Delete a whole line (drops required keys).
            _ => {
                let i = rng.below(len).min(b.len());
                let s = b[..i].iter().rposition(|&c| c == b'\n').map_or(0, |k| k + 1);
                let e = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |k| i + k + 1);
                b.drain(s..e);
            }
        }
    }
    b
}

fn random_ascii(rng: &mut XorShift) -> Vec<u8> {
    let len = rng.below(400);
    let mut b = Vec::with_capacity(len);
    while b.len() < len {
        match rng.below(4) {
            0 => b.extend_from_slice(rng.pick(FRAGMENTS).as_bytes()),
            1 => b.extend_from_slice(rng.pick(NUMBERS).as_bytes()),
            _ => b.push(*rng.pick(ASCII)),
        }
    }
    b
}

/// Input number `i` of the sequence (mostly preset mutations: they get past the parser).
fn input(rng: &mut XorShift) -> String {
    let bytes = if rng.below(8) == 0 { random_ascii(rng) } else { mutate(rng, PRESET.as_bytes()) };
    String::from_utf8_lossy(&bytes).into_owned()
}

#[derive(Default)]
struct Stats {
    iterations: u64,
    parsed: u64,
    simulated: u64,
    slowest: Duration,
    slowest_at: u64,
    slow: u64,
}

enum Outcome {
    Rejected,
    Parsed,
    Simulated,
    /// With `--check`: a stock was not conserved (an engine bug, not a user error).
    CheckFailed(String),
}

/// Parse and, if valid, simulate one input. Errors are fine; only panics are failures.
fn exercise(text: &str, seed: u64, check: bool) -> Outcome {
    let Ok(scenario) = Scenario::from_text(text) else { return Outcome::Rejected };
    let mut opts = Options::new(2, seed);
    opts.threads = Some(1);
    opts.check = check;
    match simulate(&scenario, &opts) {
        Ok(summary) => {
            // Serialising is part of every real use of a summary.
            std::hint::black_box(summary.to_json());
            Outcome::Simulated
        }
        Err(SimError::Check(e)) => Outcome::CheckFailed(e),
        Err(_) => Outcome::Parsed,
    }
}

/// `target/fuzz-<kind>-<iteration>.toml`, in the cargo target directory.
fn finding_path(kind: &str, iteration: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join(format!("fuzz-{kind}-{iteration}.toml"))
}

/// Save an input; returns a line saying where (or why not).
fn save(kind: &str, iteration: u64, text: &str) -> (PathBuf, String) {
    let path = finding_path(kind, iteration);
    let saved =
        std::fs::create_dir_all(path.parent().unwrap_or(&path)).and_then(|_| std::fs::write(&path, text));
    let line = match saved {
        Ok(()) => format!("saved to {}", path.display()),
        Err(e) => format!("could not save it to {}: {e}", path.display()),
    };
    (path, line)
}

/// Print a failing input and how to reproduce it.
fn report_failure(kind: &str, what: &str, iteration: u64, args: &Args, text: &str) {
    let seed = args.seed;
    let (path, saved) = save(kind, iteration, text);
    println!("---- input {iteration} (seed {seed}) ----\n{text}\n---- end of input {iteration} ----");
    println!("{} at iteration {iteration} (seed {seed}): {what}", kind.to_uppercase());
    println!("{saved}");
    println!(
        "reproduce: cargo run --release --example fuzz_scenario -- --replay {} --seed {seed}{}",
        path.display(),
        if args.check { " --check" } else { "" }
    );
}

/// The input being exercised, for the watchdog.
struct Current {
    iteration: u64,
    started: Instant,
    text: String,
    done: bool,
}

/// Exit with a report if one input runs longer than `timeout` (a hang is a finding too,
/// and must not eat CI's time limit).
fn watchdog(current: Arc<Mutex<Current>>, timeout: Duration, args: Args) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let Ok(c) = current.lock() else { return };
            if c.done {
                return;
            }
            if c.started.elapsed() > timeout {
                let what = format!("one input ran longer than {} s", timeout.as_secs_f64());
                report_failure("timeout", &what, c.iteration, &args, &c.text);
                std::process::exit(1);
            }
        }
    });
}

#[derive(Clone)]
struct Args {
    seed: u64,
    seconds: Option<f64>,
    iterations: Option<u64>,
    replay: Option<PathBuf>,
    timeout: f64,
    slow: f64,
    check: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seed: 1,
        seconds: None,
        iterations: None,
        replay: None,
        timeout: 60.0,
        slow: 2.0,
        check: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--seconds" => a.seconds = Some(value()?.parse().map_err(|e| format!("--seconds: {e}"))?),
            "--iterations" => {
                a.iterations = Some(value()?.parse().map_err(|e| format!("--iterations: {e}"))?)
            }
            "--replay" => a.replay = Some(PathBuf::from(value()?)),
            "--timeout" => a.timeout = value()?.parse().map_err(|e| format!("--timeout: {e}"))?,
            "--slow" => a.slow = value()?.parse().map_err(|e| format!("--slow: {e}"))?,
            "--check" => a.check = true,
            "-h" | "--help" => {
                return Err(concat!(
                    "usage: fuzz_scenario [--seed S] [--seconds T] [--iterations N] [--timeout T] [--slow T] [--check]\n",
                    "       fuzz_scenario --replay FILE\n",
                    "defaults: --seed 1 --seconds 20 --timeout 60 --slow 2",
                )
                .into());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    if a.seconds.is_none() && a.iterations.is_none() {
        a.seconds = Some(20.0);
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };

    // Sim seeds must be at most limits::MAX_SEED (2^53 - 1, all ones): mask the rest.
    let sim_seed = args.seed & wfsim::limits::MAX_SEED;
    if let Some(path) = &args.replay {
        let text = match std::fs::read(path) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| exercise(&text, sim_seed, args.check)));
        return match outcome {
            Ok(Outcome::CheckFailed(e)) => {
                println!("replay {}: CHECK failed: {e}", path.display());
                ExitCode::FAILURE
            }
            Ok(_) => {
                println!("replay {}: no panic", path.display());
                ExitCode::SUCCESS
            }
            Err(_) => {
                println!("replay {}: PANIC", path.display());
                ExitCode::FAILURE
            }
        };
    }

    let deadline = args.seconds.map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let limit = args.iterations.unwrap_or(u64::MAX);
    println!(
        "fuzz_scenario: seed {}, {}",
        args.seed,
        match (args.seconds, args.iterations) {
            (Some(s), Some(n)) => format!("up to {s} s or {n} iterations"),
            (Some(s), None) => format!("{s} s"),
            (None, Some(n)) => format!("{n} iterations"),
            (None, None) => unreachable!(),
        }
    );

    let mut rng = XorShift::new(args.seed);
    let mut stats = Stats::default();
    let current = Arc::new(Mutex::new(Current {
        iteration: 0,
        started: Instant::now(),
        text: String::new(),
        done: false,
    }));
    watchdog(Arc::clone(&current), Duration::from_secs_f64(args.timeout.max(0.001)), args.clone());
    let started = Instant::now();
    while stats.iterations < limit && deadline.is_none_or(|d| Instant::now() < d) {
        let i = stats.iterations;
        let text = input(&mut rng);
        let t0 = Instant::now();
        if let Ok(mut c) = current.lock() {
            c.iteration = i;
            c.started = t0;
            c.text.clone_from(&text);
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| exercise(&text, sim_seed, args.check)));
        let took = t0.elapsed();
        if took > stats.slowest {
            stats.slowest = took;
            stats.slowest_at = i;
        }
        if took.as_secs_f64() > args.slow {
            stats.slow += 1;
            let (_, saved) = save("slow", i, &text);
            println!("slow input {i}: {:.2} s, {saved}", took.as_secs_f64());
        }
        stats.iterations += 1;
        match outcome {
            Ok(Outcome::CheckFailed(e)) => {
                if let Ok(mut c) = current.lock() {
                    c.done = true;
                }
                report_failure("check", &format!("conservation check failed: {e}"), i, &args, &text);
                return ExitCode::FAILURE;
            }
            Ok(Outcome::Rejected) => {}
            Ok(Outcome::Parsed) => stats.parsed += 1,
            Ok(Outcome::Simulated) => {
                stats.parsed += 1;
                stats.simulated += 1;
            }
            Err(_) => {
                if let Ok(mut c) = current.lock() {
                    c.done = true;
                }
                report_failure("crash", "the core panicked on the input above", i, &args, &text);
                return ExitCode::FAILURE;
            }
        }
    }
    if let Ok(mut c) = current.lock() {
        c.done = true;
    }
    println!(
        "fuzz_scenario: {} iterations in {:.1} s, {} valid scenarios ({} simulated), no panics; \
         slowest input {} took {:.3} s; {} slower than {} s",
        stats.iterations,
        started.elapsed().as_secs_f64(),
        stats.parsed,
        stats.simulated,
        stats.slowest_at,
        stats.slowest.as_secs_f64(),
        stats.slow,
        args.slow
    );
    ExitCode::SUCCESS
}
