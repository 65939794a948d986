//! A readable summary for the terminal: key metrics at a few dates, the budget table with
//! money as `GBP 1,234,567`, event probabilities and campaigns.

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
        (Kind::Rate, Some(v)) => format!("{:.0}%", v * 100.0),
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
pub fn summary_text(s: &Summary, scenario: &Scenario, seconds: Option<f64>) -> String {
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

    let _ = writeln!(o, "\nBudget by financial year (spend over the simulated part of each year)");
    let _ = writeln!(
        o,
        "{:<8} {:<26} {:>15} {:>15} {:>33} {:>15} {:>8}",
        "year", "line", "budget", "median", "90% interval", "variance", "P(over)"
    );
    for r in &s.budget {
        let b = r.budget.map(|m| m.format_gbp()).unwrap_or_else(|| "-".into());
        let v = r.variance.map(|m| m.format_gbp()).unwrap_or_else(|| "-".into());
        let p = r.p_overspend.map(|p| format!("{:.0}%", p * 100.0)).unwrap_or_else(|| "-".into());
        let interval = format!("{} - {}", r.p5.format_gbp(), r.p95.format_gbp());
        let year = if r.days_simulated < r.days_in_year as usize {
            format!("{}*", r.financial_year)
        } else {
            r.financial_year.clone()
        };
        let _ = writeln!(
            o,
            "{:<8} {:<26} {:>15} {:>15} {:>33} {:>15} {:>8}",
            year,
            m::line_by_name(&r.line).map_or(r.line.as_str(), |l| l.label),
            b,
            r.p50.format_gbp(),
            interval,
            v,
            p
        );
    }
    if s.budget.iter().any(|r| r.days_simulated < r.days_in_year as usize) {
        let pro = matches!(scenario.input().budget.partial_years, crate::scenario::PartialYears::ProRata);
        let _ = writeln!(
            o,
            "* only partly simulated; {}",
            if pro { "its budget is pro rata by working days" } else { "its budget is the full year's" }
        );
    }
    if !s.events.is_empty() {
        let _ = writeln!(o, "\nEvents");
        for e in &s.events {
            let _ = writeln!(
                o,
                "  P({}) = {:.1}% (standard error {:.1}%)",
                e.label,
                e.probability * 100.0,
                e.standard_error * 100.0
            );
        }
    }
    if !s.campaigns.is_empty() {
        let _ = writeln!(o, "\nCampaigns");
        for c in &s.campaigns {
            let _ = writeln!(
                o,
                "  {}: median {} hires (90% interval {}-{}); P(reaching {} hires) = {:.1}%",
                c.name,
                fmt_num(Some(c.hires_p50)),
                fmt_num(Some(c.hires_p5)),
                fmt_num(Some(c.hires_p95)),
                c.target_hires,
                c.p_target_met * 100.0
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
