//! A readable summary for the terminal: key metrics at a few dates, the budget table with
//! money as `GBP 1,234,567`, event probabilities and campaigns.

use crate::scenario::Scenario;
use crate::sim::Summary;
use std::fmt::Write;

/// Metrics shown in the text summary, with a label.
const KEY_METRICS: [(&str, &str); 13] = [
    ("permanent_fte", "Permanent social workers"),
    ("agency_fte", "Agency social workers"),
    ("pod_fte", "Pod social workers"),
    ("vacancies", "Vacancies"),
    ("ia_backlog", "IA backlog"),
    ("ia_overdue", "IA overdue"),
    ("ia_on_time_rate", "IA on time (share)"),
    ("ca_backlog", "CA backlog"),
    ("ca_overdue", "CA overdue"),
    ("assessment_team_cases", "Assessment team cases"),
    ("open_cases", "Open cases (long-term)"),
    ("lac", "Looked-after children"),
    ("caseload_per_worker", "Caseload per worker"),
];

/// Weeks shown: the first, about every quarter, and the last (at most 6).
fn key_weeks(n: usize) -> Vec<usize> {
    let mut w: Vec<usize> = [0, 13, 26, 52, 78].into_iter().filter(|&x| x < n).collect();
    if n > 0 && w.last() != Some(&(n - 1)) {
        w.push(n - 1);
    }
    w
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
    let _ = write!(o, "{:<26}", "");
    for &w in &weeks {
        let _ = write!(o, "{:>18}", s.weeks[w]);
    }
    let _ = writeln!(o);
    for (metric, label) in KEY_METRICS {
        let _ = write!(o, "{label:<26}");
        for &w in &weeks {
            let cell = format!(
                "{} ({}-{})",
                fmt_num(s.value(metric, "p50", w)),
                fmt_num(s.value(metric, "p5", w)),
                fmt_num(s.value(metric, "p95", w))
            );
            let _ = write!(o, "{cell:>18}");
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "\nBudget by financial year (spend over the simulated part of each year)");
    let _ = writeln!(
        o,
        "{:<8} {:<19} {:>15} {:>15} {:>33} {:>15} {:>8}",
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
            "{:<8} {:<19} {:>15} {:>15} {:>33} {:>15} {:>8}",
            year,
            r.line,
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
