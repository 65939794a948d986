//! The `wfsim` command line: argument parsing and printing only; the model lives in the
//! library.

use args::Common;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wfsim::scenario::{Scenario, json_schema, presets};
use wfsim::sim::{Options, simulate};

mod args;
mod check;
mod decide;
mod new;
mod optimise;

/// A command's outcome: any error reaches the user as its message, one `wfsim:` line per
/// line of it.
type CliResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(
    name = "wfsim",
    version,
    about = "Workforce-planning and budget simulation for children's social care",
    long_about = "Workforce-planning and budget simulation for children's social care.\n\nWith no command, runs the built-in peterborough-2012 preset (or the options given, as `wfsim run` does) and prints a summary.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Monte Carlo simulation of a scenario (file or preset) and summarise it.
    Run(RunArgs),
    /// Check a scenario file: prints "ok", or one line per problem (field.path: message).
    Validate {
        /// Scenario file (.toml or .json).
        file: PathBuf,
    },
    /// Built-in scenarios.
    Preset {
        #[command(subcommand)]
        command: PresetCommand,
    },
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// Simulate and write a budget paper to a folder: summary.md and a printable
    /// summary.html, charts (SVG and PNG), series.csv, budget.csv, summary.json,
    /// workbook.xlsx and the scenario itself.
    Report(ReportArgs),
    /// Compare variants with a base run by run on the same random numbers (paired):
    /// percentiles of the differences and the probability each variant is better.
    Compare(decide::CompareArgs),
    /// Which assumptions drive an outcome: a tornado (paired runs) and rank correlations.
    Sensitivity(decide::SensitivityArgs),
    /// Start a scenario from a council's figures: DfE's published figures (--council),
    /// a filled template (--figures), or write the template (--template).
    New(new::NewArgs),
    /// Fit parameters to observed figures (approximate Bayesian computation) and write
    /// the calibrated scenario.
    Calibrate(decide::CalibrateArgs),
    /// Where each stock's flows settle (open cases, looked-after children by placement,
    /// assessment queues, the workforce) beside where it starts, and a warning with its
    /// cost for each stock that would drift for no reason the scenario gives.
    Check(check::CheckArgs),
    /// The cheapest plan meeting chance constraints, searched by racing candidates on the
    /// same random numbers, and the cost-service frontier.
    Optimise(optimise::OptimiseArgs),
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    common: Common,
    /// Folder to write into (created if missing; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A date for the key-figures tables (YYYY-MM-DD; repeat for more). Default: the first
    /// week, each quarter end, the scenario's event dates and the last week.
    #[arg(long = "date", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    dates: Vec<chrono::NaiveDate>,
    /// No PNG charts (SVG only).
    #[arg(long)]
    no_png: bool,
    /// Add the optimisation of this [optimise] spec file (a section, the frontier chart and
    /// a workbook sheet), searched from the same seed.
    #[arg(long, value_name = "FILE.toml")]
    optimise: Option<PathBuf>,
}

#[derive(Subcommand)]
enum PresetCommand {
    /// List the built-in presets.
    List,
    /// Print a preset as a commented TOML scenario.
    Show {
        /// Preset name.
        name: String,
    },
}

#[derive(Args, Default)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// Write the JSON summary to PATH, or to standard output with "-".
    #[arg(long, value_name = "PATH|-")]
    json: Option<String>,
    /// Write the weekly series as tidy CSV (week, metric, statistic, value) to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,
    /// Write the budget table as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    budget_csv: Option<PathBuf>,
    /// A question answered as a probability on the same runs, added to the summary's
    /// events: "ia_backlog <= 10 on 2012-03-14" or "agency_staffing 2012-13 spend <= budget"
    /// (repeat for more).
    #[arg(long = "target", value_name = "TARGET")]
    targets: Vec<String>,
}

fn main() -> ExitCode {
    // A bug must not reach a user as a backtrace: report it in one line.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        eprintln!("wfsim: internal error: {msg} (please report it)");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let result = std::panic::catch_unwind(|| match cli.command {
        None => run(cli.run),
        Some(Command::Run(a)) => run(a),
        Some(Command::Validate { file }) => validate(&file),
        Some(Command::Preset { command: PresetCommand::List }) => {
            for (name, about, _) in presets::PRESETS {
                println!("{name}\t{about}");
            }
            Ok(())
        }
        Some(Command::Preset { command: PresetCommand::Show { name } }) => {
            print!("{}", presets::text(&name)?);
            Ok(())
        }
        Some(Command::Schema) => {
            println!("{}", serde_json::to_string_pretty(&json_schema()).unwrap_or_default());
            Ok(())
        }
        Some(Command::Report(a)) => report(a),
        Some(Command::Compare(a)) => decide::compare_cmd(a),
        Some(Command::Sensitivity(a)) => decide::sensitivity_cmd(a),
        Some(Command::Calibrate(a)) => decide::calibrate_cmd(a),
        Some(Command::Check(a)) => check::check_cmd(a),
        Some(Command::Optimise(a)) => optimise::optimise_cmd(a),
        Some(Command::New(a)) => new::new_cmd(a),
    });
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            for line in e.to_string().lines() {
                eprintln!("wfsim: {line}");
            }
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(70),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn validate(path: &Path) -> CliResult {
    let loaded = args::read_file(path)?;
    println!("ok");
    for line in check::warning_lines(&loaded.scenario) {
        println!("{line}");
    }
    Ok(())
}

fn run(a: RunArgs) -> CliResult {
    let scenario = a.common.load()?.scenario;
    if !a.common.quiet {
        for line in check::warning_lines(&scenario) {
            eprintln!("wfsim: {line}");
        }
    }
    let runs = a.common.runs_or(scenario.default_runs());
    let seed = a.common.seed_for(&scenario);
    let threads = a.common.threads()?;
    let started = std::time::Instant::now();
    let mut summary = simulate_with_progress(&scenario, runs, seed, threads, a.common.quiet)?;
    if !a.targets.is_empty() {
        summary.events.extend(decide::targets_as_events(&scenario, &a.targets, runs, seed, threads)?);
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut stdout_used = false;
    if let Some(target) = &a.json {
        let json = summary.to_json();
        if target == "-" {
            stdout_used = true;
            println!("{json}");
        } else {
            write_file(Path::new(target), &json)?;
        }
    }
    if let Some(path) = &a.csv {
        write_file(path, &wfsim::report::csv::series_csv(&summary)?)?;
    }
    if let Some(path) = &a.budget_csv {
        write_file(path, &wfsim::report::csv::budget_csv(&summary)?)?;
    }
    if !a.common.quiet && !stdout_used {
        let text = wfsim::report::text::summary_text(&summary, &scenario, Some(seconds));
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
    }
    Ok(())
}

/// Simulate with a progress bar on stderr when it is a terminal and output is not quiet.
fn simulate_with_progress(
    scenario: &Scenario,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    quiet: bool,
) -> CliResult<wfsim::sim::Summary> {
    let interactive = !quiet && std::io::stderr().is_terminal();
    let bar = interactive.then(|| {
        let pb = indicatif::ProgressBar::new(runs);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} runs ({eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        // Drawn at most 4 times a second, so short runs show nothing.
        pb.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        pb
    });
    let progress = |done: u64, _total: u64| {
        if let Some(pb) = &bar {
            pb.set_position(done);
        }
        true
    };
    let mut opts = Options::new(runs, seed);
    opts.threads = threads;
    opts.progress = Some(&progress);
    let summary = simulate(scenario, &opts);
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    Ok(summary?)
}

fn write_file(path: &Path, text: &str) -> CliResult {
    std::fs::write(path, text).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)).into())
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    s.parse().map_err(|_| format!("{s:?} is not a date; write YYYY-MM-DD"))
}

fn report(a: ReportArgs) -> CliResult {
    let loaded = a.common.load()?;
    let scenario = &loaded.scenario;
    let runs = a.common.runs_or(scenario.default_runs());
    let seed = a.common.seed_for(scenario);
    let summary = simulate_with_progress(scenario, runs, seed, a.common.threads()?, a.common.quiet)?;
    // The command, normalised: runs and seed always written, so it reproduces the paper even
    // if the scenario's defaults change.
    let mut command = format!("wfsim report {} --runs {runs} --seed {seed}", loaded.source);
    for d in &a.dates {
        command.push_str(&format!(" --date {d}"));
    }
    if a.no_png {
        command.push_str(" --no-png");
    }
    if let Some(spec) = &a.optimise {
        command.push_str(&format!(" --optimise {}", args::shell_word(&spec.display().to_string())));
    }
    command.push_str(&format!(" --out {}", args::shell_word(&a.out.display().to_string())));
    let paper_opts = wfsim::report::paper::PaperOptions {
        key_dates: a.dates.clone(),
        command: Some(command),
        scenario_text: Some(loaded.text.clone()),
        no_png: a.no_png,
        optimise: a
            .optimise
            .as_deref()
            .map(|p| optimise::for_report(scenario, p, seed, a.common.threads()?))
            .transpose()?,
        ..Default::default()
    };
    let files = wfsim::report::paper::budget_paper(scenario, &summary, &paper_opts)?;
    std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {}", a.out.display(), io_reason(&e)))?;
    for (name, bytes) in &files {
        let path = a.out.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", parent.display(), io_reason(&e)))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
    }
    if !a.common.quiet {
        println!("wrote {} files to {}", files.len(), a.out.display());
        for (name, bytes) in &files {
            println!("  {name} ({} bytes)", bytes.len());
        }
    }
    Ok(())
}
