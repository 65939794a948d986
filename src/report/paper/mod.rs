//! The budget paper: everything a finance officer needs to put a simulation into a paper,
//! built in memory as a list of files (so that the browser can offer the same bundle as a
//! download from WebAssembly; the CLI's `wfsim report` writes them to a folder).
//!
//! | file | what |
//! |---|---|
//! | `summary.md`, `summary.html` | headline findings in plain words, key figures at key dates, the budget table, charts, the assumptions and a provenance block; the HTML is self-contained and printable (inline CSS and SVG) |
//! | `charts/*.svg`, `charts/*.png` | fan charts and cumulative spend against budget (PNG with feature `png`, natively) |
//! | `summary.json` | the JSON summary, as `wfsim run --json` |
//! | `series.csv`, `budget.csv` | as `wfsim run --csv` and `--budget-csv` |
//! | `workbook.xlsx` | sheets Inputs, Budget, Weekly, Definitions, Provenance |
//! | `scenario.toml` | the scenario exactly as simulated, so the paper can be reproduced |
//!
//! The entry point is [`budget_paper`]. It reads no file, no clock and no environment: the
//! same scenario, summary and options give the same bytes.

mod chart_set;
mod findings;
mod outturn;
mod placement_types;

pub use chart_set::chart_specs;
use findings::event_words;
pub use findings::findings;

use super::assumptions::{Assumption, assumptions};
use super::charts;
use super::cumulative::CumulativeSpend;
use super::doc::{Align, Block, Doc, Figure, Table};
use crate::error::ReportError;
use crate::metrics::{self, Kind, Metric};
use crate::scenario::Scenario;
use crate::sim::Summary;
use chrono::{Datelike, NaiveDate};

/// How the cumulative spend curves are computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CumulativeMode {
    /// Re-simulate the summary's runs (cheap: they are the same runs) for exact percentiles
    /// of cumulative spend; falls back to `Approximate` above
    /// [`super::cumulative::EXACT_MAX_RUNS`] runs.
    #[default]
    Exact,
    /// Cumulate weekly medians, drawn dashed and labelled approximate.
    Approximate,
}

/// Options of the budget paper.
#[derive(Clone, Debug, Default)]
pub struct PaperOptions {
    /// Dates for the key-figures tables. Empty: the first week, each quarter end, the
    /// scenario's event dates and the last week.
    pub key_dates: Vec<NaiveDate>,
    /// The command that reproduces the paper, shown in the provenance block. `None`: one is
    /// written for `scenario.toml` (a file of the bundle).
    pub command: Option<String>,
    /// The scenario file's text, for the sources written as comments after each value.
    pub scenario_text: Option<String>,
    pub cumulative: CumulativeMode,
    /// Leave out the PNG charts even where this build can draw them.
    pub no_png: bool,
    /// An optimisation of the scenario: a section, a chart and a workbook sheet.
    pub optimise: Option<crate::analysis::optimise::Optimisation>,
}

/// One file of the bundle: a relative path (`/`-separated) and its bytes.
pub type ReportFile = (String, Vec<u8>);

/// A key date: the week whose figures are shown, and why it was chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyWeek {
    pub week: usize,
    pub friday: NaiveDate,
    pub label: String,
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "16 Mar 2012".
pub fn date_text(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// A metric's label as it reads in a sentence ("initial assessment backlog").
pub fn metric_label(metric: &str) -> String {
    match metric_of(metric) {
        Some(m) => m.label_in_sentence(),
        None => metric.replace('_', " "),
    }
}

fn metric_of(name: &str) -> Option<&'static Metric> {
    metrics::index_of(name).map(|i| &metrics::METRICS[i])
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A statistic as text: rates as whole percentages, ratios (caseloads) to one decimal,
/// counts to whole numbers (percentiles of counts interpolate between runs; a fraction of a
/// case says nothing to a reader).
fn stat_text(metric: &str, v: Option<f64>) -> String {
    match (v, metric_of(metric).map(|m| m.kind)) {
        (None, _) => "-".into(),
        (Some(x), Some(Kind::Rate)) => super::figures::percent(x),
        (Some(x), Some(Kind::Ratio)) => format!("{x:.1}"),
        (Some(x), _) => charts::format_tick(x.round()),
    }
}

/// "35 (20–50)": median with the 90% interval.
fn cell(s: &Summary, metric: &str, w: usize) -> String {
    let p50 = s.value(metric, "p50", w);
    if p50.is_none() {
        return "-".into();
    }
    let lo = stat_text(metric, s.value(metric, "p5", w));
    let hi = stat_text(metric, s.value(metric, "p95", w));
    if lo == hi && stat_text(metric, p50) == lo {
        return lo;
    }
    format!("{} ({}\u{2013}{})", stat_text(metric, p50), lo.trim_end_matches('%'), hi)
}

fn pct(p: f64) -> String {
    super::figures::percent(p)
}

/// The key weeks: chosen dates, or the defaults (first week, quarter ends, event dates,
/// last week).
pub fn key_weeks(
    scenario: &Scenario,
    summary: &Summary,
    chosen: &[NaiveDate],
) -> Result<Vec<KeyWeek>, ReportError> {
    let cal = scenario.calendar();
    let fridays = cal.week_fridays();
    let n = summary.weeks.len().min(fridays.len());
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut out: Vec<KeyWeek> = Vec::new();
    let mut add = |week: usize, label: String| {
        if let Some(k) = out.iter_mut().find(|k| k.week == week) {
            if !k.label.split("; ").any(|l| l == label) {
                k.label = format!("{}; {}", k.label, label);
            }
        } else {
            out.push(KeyWeek { week, friday: fridays[week], label });
        }
    };
    if !chosen.is_empty() {
        let mut bad = Vec::new();
        for d in chosen {
            match cal.week_containing(*d).filter(|w| *w < n) {
                Some(w) => add(w, format!("chosen: {}", date_text(*d))),
                None => bad.push(d.to_string()),
            }
        }
        if !bad.is_empty() {
            return Err(ReportError::Format(format!(
                "--date: {} outside the simulated weeks ({} to {})",
                if bad.len() == 1 { format!("{} is", bad[0]) } else { format!("{} are", bad.join(", ")) },
                fridays[0],
                fridays[n - 1]
            )));
        }
    } else {
        add(0, "first week".into());
        // Quarter ends: the last week ending on or before 30 Jun, 30 Sep, 31 Dec and 31 Mar.
        let (first, last) = (fridays[0], fridays[n - 1]);
        for year in first.year()..=last.year() {
            for (m, d, q) in [(3u32, 31u32, 4u32), (6, 30, 1), (9, 30, 2), (12, 31, 3)] {
                let Some(qend) = NaiveDate::from_ymd_opt(year, m, d) else { continue };
                if qend < first || qend > last {
                    continue;
                }
                if let Some(w) = (0..n).rev().find(|&w| fridays[w] <= qend) {
                    let fy = crate::calendar::fy_label(qend);
                    add(w, format!("end of Q{q} {fy}"));
                }
            }
        }
        for e in &scenario.input().events {
            if let Some(w) = cal.week_containing(e.on).filter(|w| *w < n) {
                add(w, format!("event date {}", date_text(e.on)));
            }
        }
        add(n - 1, "last week".into());
    }
    out.sort_by_key(|k| k.week);
    Ok(out)
}

const WORKFORCE: [&str; 5] = ["permanent_fte", "agency_fte", "pod_fte", "vacancies", "caseload_per_worker"];
const ASSESSMENT: [&str; 6] =
    ["ia_backlog", "ia_overdue", "ia_on_time_rate", "ca_backlog", "ca_overdue", "ca_on_time_rate"];
const CASES: [&str; 4] = ["assessment_team_cases", "awaiting_transfer", "open_cases", "lac"];

/// Column headings of the key-figures tables (short, for print).
fn short_label(metric: &str) -> String {
    match metric_of(metric) {
        Some(m) => m.short.to_string(),
        None => capitalise(&metric_label(metric)),
    }
}

fn key_table(s: &Summary, weeks: &[KeyWeek], metrics: &[&str], caption: &str) -> Table {
    let mut header = vec!["Week ending".to_string(), "Why".to_string()];
    header.extend(metrics.iter().map(|m| short_label(m)));
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut align = vec![Align::Left, Align::Left];
    align.extend(metrics.iter().map(|_| Align::Right));
    let mut t = Table::new(&h, &align).caption(caption);
    for k in weeks {
        let mut row = vec![date_text(k.friday), k.label.clone()];
        row.extend(metrics.iter().map(|m| cell(s, m, k.week)));
        t.push(row);
    }
    t
}

fn assumptions_table(rows: &[Assumption]) -> Table {
    let mut t = Table::new(
        &["Parameter", "Value", "Drawn per run: median (90% interval)", "Source or comment"],
        &[Align::Left, Align::Left, Align::Left, Align::Left],
    );
    t.code = vec![true, false, false, false];
    for a in rows {
        let drawn = a
            .drawn
            .map(|(lo, mid, hi)| format!("{} ({} to {})", sig(mid), sig(lo), sig(hi)))
            .unwrap_or_default();
        t.push(vec![a.path.clone(), a.value.clone(), drawn, a.source.clone()]);
    }
    t
}

/// Three significant figures, thousands separated.
fn sig(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let dp = (2 - mag).max(0) as usize;
    if dp == 0 {
        let unit = 10f64.powi(mag - 2);
        charts::format_tick((v / unit).round() * unit)
    } else {
        let s = format!("{v:.dp$}");
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    }
}

/// The command that reproduces the bundle from its own copy of the scenario.
fn default_command(s: &Summary, file: &str) -> String {
    format!("wfsim report {file} --runs {} --seed {} --out report", s.runs, s.seed)
}

/// The scenario file of the bundle: the text given if it is this very scenario (comments
/// kept), else the canonical TOML. Returns (file name, text).
fn scenario_file(scenario: &Scenario, text: Option<&str>) -> (String, String) {
    if let Some(t) = text
        && Scenario::from_text(t).map(|x| x.hash() == scenario.hash()).unwrap_or(false)
    {
        let json = t.trim_start().starts_with('{');
        return (if json { "scenario.json" } else { "scenario.toml" }.into(), t.to_string());
    }
    ("scenario.toml".into(), scenario.to_toml())
}

/// Builds the budget paper: every file of the bundle, in a fixed order.
pub fn budget_paper(
    scenario: &Scenario,
    s: &Summary,
    opts: &PaperOptions,
) -> Result<Vec<ReportFile>, ReportError> {
    if s.scenario.hash != scenario.hash() {
        return Err(ReportError::Format(format!(
            "the summary is of scenario {} (hash {}), not of {} (hash {})",
            s.scenario.name,
            s.scenario.hash,
            scenario.name(),
            scenario.hash()
        )));
    }
    let weeks = key_weeks(scenario, s, &opts.key_dates)?;
    let cum = match opts.cumulative {
        CumulativeMode::Exact => CumulativeSpend::compute(scenario, s)?,
        CumulativeMode::Approximate => CumulativeSpend::approximate(scenario, s)?,
    };
    let charts = chart_specs(scenario, s, &cum);
    let png = charts::PNG_AVAILABLE && !opts.no_png;
    let mut files: Vec<ReportFile> = Vec::new();
    let mut figures = Vec::new();
    for (i, c) in charts.iter().enumerate() {
        let svg = charts::to_svg(c).map_err(ReportError::Format)?;
        let svg_name = format!("charts/{}.svg", c.stem);
        let png_name = format!("charts/{}.png", c.stem);
        let href = if png { png_name.clone() } else { svg_name.clone() };
        #[cfg(feature = "png")]
        if png {
            files.push((png_name, charts::to_png(c).map_err(ReportError::Format)?));
        }
        #[cfg(not(feature = "png"))]
        let _ = png_name;
        files.push((svg_name.clone(), svg.clone().into_bytes()));
        figures.push(Figure {
            title: c.title.clone(),
            svg,
            caption: format!(
                "Figure {}: {}. Files: {}{}.",
                i + 1,
                c.title,
                svg_name,
                if href != svg_name { format!(", {href}") } else { String::new() }
            ),
            href,
        });
    }

    let rows = assumptions(scenario, opts.scenario_text.as_deref());
    let (scen_name, scen_text) = scenario_file(scenario, opts.scenario_text.as_deref());
    let reproduce = default_command(s, &scen_name);
    let command = opts.command.clone().unwrap_or_else(|| reproduce.clone());
    let cal = scenario.calendar();
    let horizon = format!(
        "{} to {} ({} weeks)",
        date_text(cal.date(0)),
        s.weeks.last().and_then(|w| w.parse::<NaiveDate>().ok()).map(date_text).unwrap_or_default(),
        s.weeks.len()
    );
    let provenance: Vec<(String, String)> = vec![
        ("Engine".into(), format!("wfsim {}", s.engine_version)),
        ("Scenario".into(), s.scenario.name.clone()),
        (
            "Scenario hash (SHA-256 of its canonical form, first 16 hex digits)".into(),
            s.scenario.hash.clone(),
        ),
        ("Runs".into(), s.runs.to_string()),
        ("Seed".into(), s.seed.to_string()),
        ("Horizon".into(), horizon.clone()),
        ("Summary schema".into(), s.schema.to_string()),
        (
            "Cumulative spend charts".into(),
            if cum.exact {
                "exact: percentiles of each run's cumulative spend".into()
            } else {
                "approximate: weekly medians cumulated".into()
            },
        ),
        ("Command".into(), command.clone()),
        ("Reproduce from this folder".into(), reproduce.clone()),
    ];

    // The document.
    let mut d = Doc { title: format!("Budget paper: {}", s.scenario.name), blocks: Vec::new() };
    let desc = scenario.input().description.trim();
    if !desc.is_empty() {
        d.push(Block::Para(desc.to_string()));
    }
    d.push(Block::Para(format!(
        "Simulated {horizon}, {} Monte Carlo runs (seed {}). Each run is one possible future under the assumptions below; figures are the median run with a 90% interval (5% of runs fall below it and 5% above) unless stated. wfsim {}, scenario hash {}.",
        s.runs, s.seed, s.engine_version, s.scenario.hash
    )));
    d.push(Block::Heading(2, "Headline findings".into()));
    for (heading, items) in findings(scenario, s, &weeks) {
        d.push(Block::Heading(3, heading));
        d.push(Block::Bullets(items));
    }
    d.push(Block::Heading(2, "Budget".into()));
    for b in outturn::budget_blocks(s) {
        d.push(b);
    }
    d.push(Block::Heading(2, "Key figures at key dates".into()));
    d.push(Block::Note(
        "Median (5th to 95th percentile) across runs for the week ending on the date shown. Workforce in social workers (FTE). IA: initial assessments; CA: core assessments; backlogs count those waiting and in progress; on time is the share of that week's completions within the target (- where none completed); the assessment team's cases are both backlogs plus cases awaiting transfer."
            .into(),
    ));
    d.push(Block::Table(key_table(s, &weeks, &WORKFORCE, "Workforce")));
    d.push(Block::Table(key_table(s, &weeks, &ASSESSMENT, "Assessments")));
    d.push(Block::Table(key_table(s, &weeks, &CASES, "Cases and looked-after children")));
    if let Some(t) = placement_types::placement_table(s, &weeks) {
        d.push(Block::Note(
            "By placement type: children looked after at the end of the week and that week's spend on the placements line, median (5th to 95th percentile) across runs; the types add up to the looked-after total and the line (medians of parts need not add up to the median of the whole)."
                .into(),
        ));
        d.push(Block::Table(t));
    }
    if !s.events.is_empty() {
        let mut t = Table::new(
            &["Question", "Probability", "Standard error"],
            &[Align::Left, Align::Right, Align::Right],
        )
        .caption("Events: the share of runs in which each holds");
        for e in &s.events {
            t.push(vec![
                capitalise(&event_words(&e.label)),
                pct(e.probability),
                format!("{:.1} points", e.standard_error * 100.0),
            ]);
        }
        d.push(Block::Table(t));
    }
    if !s.campaigns.is_empty() {
        let mut t = Table::new(
            &["Campaign", "Target hires", "Median hires", "90% interval", "P(target met)"],
            &[Align::Left, Align::Right, Align::Right, Align::Right, Align::Right],
        )
        .caption("Recruitment campaigns");
        for c in &s.campaigns {
            t.push(vec![
                c.name.clone(),
                c.target_hires.to_string(),
                super::figures::count(c.hires_p50),
                format!("{} to {}", super::figures::count(c.hires_p5), super::figures::count(c.hires_p95)),
                pct(c.p_target_met),
            ]);
        }
        d.push(Block::Table(t));
    }
    d.push(Block::Heading(2, "Charts".into()));
    d.push(Block::Note(
        "Fan charts: the dark line is the median run, the darker band holds the middle 50% of runs and the lighter band 90%, week by week. Each chart is also a separate SVG and PNG file in the charts folder."
            .into(),
    ));
    for f in figures {
        d.push(Block::Figure(f));
    }
    if let Some(o) = &opts.optimise {
        let (blocks, chart) = super::optimise::section(o)?;
        d.blocks.extend(blocks);
        files.push(chart);
    }
    d.push(Block::Heading(2, "Assumptions".into()));
    d.push(Block::Note(format!(
        "Every input of the scenario, sorted by field path{}. Uncertain values are drawn once per run; the median and 90% interval shown are of the distribution drawn from, after clamping to the allowed range.",
        if opts.scenario_text.is_some() { ", with the comment written after each value in the scenario file (\"default\": not set in the file)" } else { "" }
    )));
    d.push(Block::Table(assumptions_table(&rows)));
    d.push(Block::Heading(2, "Provenance".into()));
    let mut pt = Table::new(&["Item", "Value"], &[Align::Left, Align::Left]);
    for (k, v) in provenance.iter().filter(|(k, _)| k != "Command" && k != "Reproduce from this folder") {
        pt.push(vec![k.clone(), v.clone()]);
    }
    d.push(Block::Table(pt));
    d.push(Block::Para("The command that made this paper:".into()));
    d.push(Block::Code(command.clone()));
    d.push(Block::Para(format!(
        "The folder also holds {scen_name}, the scenario exactly as simulated; from that folder, {reproduce} gives the same figures. The same scenario, runs and seed give the same results on any machine and with any number of threads."
    )));

    let md = d.to_markdown();
    let html = d.to_html();
    let mut out: Vec<ReportFile> = vec![
        ("summary.md".into(), md.into_bytes()),
        ("summary.html".into(), html.into_bytes()),
        ("summary.json".into(), s.to_json().into_bytes()),
        ("series.csv".into(), super::csv::series_csv(s)?.into_bytes()),
        ("budget.csv".into(), super::csv::budget_csv(s)?.into_bytes()),
        (
            "workbook.xlsx".into(),
            super::workbook::workbook(
                s,
                &rows,
                &provenance,
                &format!("Budget paper: {}", s.scenario.name),
                opts.optimise.as_ref(),
            )?,
        ),
    ];
    if !scen_text.is_empty() {
        out.push((scen_name, scen_text.into_bytes()));
    }
    out.extend(files);
    Ok(out)
}
