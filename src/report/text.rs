//! A readable summary for the terminal: key metrics at a few dates, the forecast outturn
//! table (money as `£1,234,567`), event probabilities and campaigns.

use super::figures;
use crate::metrics::{self as m, Kind, METRICS};
use crate::scenario::Scenario;
use crate::sim::Summary;
use std::fmt::Write;

/// Metrics shown in the text summary (labels from the metric table).
const KEY_METRICS: [usize; 13] = [
    m::PERMANENT_FTE,
    m::AGENCY_FTE,
    m::POD_FTE,
    m::VACANCIES,
    m::IA_BACKLOG,
    m::IA_OVERDUE,
    m::IA_ON_TIME,
    m::CA_BACKLOG,
    m::CA_OVERDUE,
    m::TEAM_CASES,
    m::OPEN_CASES,
    m::LAC,
    m::CASELOAD,
];

/// Weeks shown: the first, about every quarter, and the last (at most 6).
fn key_weeks(n: usize) -> Vec<usize> {
    let mut w: Vec<usize> = [0, 13, 26, 52, 78].into_iter().filter(|&x| x < n).collect();
    if n > 0 && w.last() != Some(&(n - 1)) {
        w.push(n - 1);
    }
    w
}

/// A value as the terminal shows it: rates as whole percentages, counts whole, others to
/// one or two decimals.
fn fmt_value(kind: Kind, x: Option<f64>) -> String {
    match (kind, x) {
        (Kind::Rate, Some(v)) => figures::percent(v),
        _ => fmt_num(x),
    }
}

fn fmt_num(x: Option<f64>) -> String {
    match x {
        None => "-".into(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e9 => format!("{v:.0}"),
        Some(v) if v.abs() < 10.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// The text summary.
pub fn summary_text(s: &Summary, _scenario: &Scenario, seconds: Option<f64>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "wfsim {} | scenario {} (hash {}) | {} runs | seed {}",
        s.engine_version, s.scenario.name, s.scenario.hash, s.runs, s.seed
    );
    if let Some(sec) = seconds {
        let _ = writeln!(o, "simulated {} weeks in {:.2} s", s.weeks.len(), sec);
    }
    let weeks = key_weeks(s.weeks.len());
    let _ = writeln!(o, "\nKey metrics: median (5th-95th percentile), week ending");
    let width = KEY_METRICS.iter().map(|&i| METRICS[i].label.len()).max().unwrap_or(0) + 2;
    let _ = write!(o, "{:<width$}", "");
    for &w in &weeks {
        let _ = write!(o, "{:>18}", s.weeks[w]);
    }
    let _ = writeln!(o);
    for i in KEY_METRICS {
        let metric = &METRICS[i];
        let _ = write!(o, "{:<width$}", metric.label);
        for &w in &weeks {
            let at = |stat| fmt_value(metric.kind, s.value(metric.name, stat, w));
            let cell = format!("{} ({}-{})", at("p50"), at("p5"), at("p95"));
            let _ = write!(o, "{cell:>18}");
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "\nForecast outturn by financial year");
    let widths = [8, 26, 12, 14, 16, 14, 27, 24, 9];
    let line = |o: &mut String, cells: &[String]| {
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let _ = if i < 2 { write!(o, "{c:<w$} ") } else { write!(o, "{c:>w$} ") };
        }
        let _ = writeln!(o);
    };
    let heads: Vec<String> = figures::OUTTURN_HEADINGS.iter().map(|h| h.to_string()).collect();
    let heads = [&heads[..7], &["Expected vs budget".to_string(), "P(over)".to_string()]].concat();
    line(&mut o, &heads);
    for r in s.budget.iter().filter(|r| figures::has_money(r)) {
        line(&mut o, &figures::outturn_cells(r));
    }
    if let Some(note) = figures::partial_note(s) {
        let _ = writeln!(o, "{note}");
    }
    let _ = writeln!(o, "{}", figures::OUTTURN_EXPLAINED);
    if !s.events.is_empty() {
        let _ = writeln!(o, "\nEvents");
        for e in &s.events {
            let _ = writeln!(
                o,
                "  P({}) = {} (standard error {:.1} percentage points)",
                e.label,
                figures::percent(e.probability),
                e.standard_error * 100.0
            );
        }
    }
    if !s.campaigns.is_empty() {
        let _ = writeln!(o, "\nCampaigns");
        for c in &s.campaigns {
            let _ = writeln!(
                o,
                "  {}: median {} hires (90% interval {}-{}); P(reaching {} hires) = {}",
                c.name,
                figures::count(c.hires_p50),
                figures::count(c.hires_p5),
                figures::count(c.hires_p95),
                c.target_hires,
                figures::percent(c.p_target_met)
            );
        }
    }
    let _ = writeln!(
        o,
        "\nCite as: wfsim {}, scenario {} {}, {} runs, seed {}.",
        s.engine_version, s.scenario.name, s.scenario.hash, s.runs, s.seed
    );
    o
}
