//! The paper's headline findings in plain words. The budget, the workforce and the
//! backlogs at key dates, with the helpers that word them.

use super::outturn;
use super::{KeyWeek, capitalise, cell, date_text, metric_label, pct, stat_text};
use crate::report::figures::{count, percent};
use crate::scenario::Scenario;
use crate::sim::Summary;
use chrono::NaiveDate;

/// The headline findings, in plain words.
pub fn findings(scenario: &Scenario, s: &Summary, weeks: &[KeyWeek]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    groups.extend(outturn::budget_findings(scenario, s));
    // Workforce, start to end.
    let n = s.weeks.len();
    if n > 0 {
        let end = n - 1;
        let last = weeks.last().map(|k| k.friday).unwrap_or_default();
        let mut parts = Vec::new();
        for m in ["permanent_fte", "agency_fte", "vacancies"] {
            if s.series.contains_key(m) {
                parts.push(format!(
                    "{} from {} to {}",
                    metric_label(m),
                    stat_text(m, s.value(m, "p50", 0)),
                    cell(s, m, end)
                ));
            }
        }
        if !parts.is_empty() {
            out.push(format!(
                "Workforce, first week to the week ending {} (median, 90% interval): {}.",
                date_text(last),
                join_and(&parts)
            ));
        }
    }
    // Backlogs and timeliness at key dates (other than the first week).
    let later: Vec<&KeyWeek> = key_statement_weeks(scenario, s, weeks);
    for m in ["ia_backlog", "ca_backlog", "assessment_team_cases"] {
        if !s.series.contains_key(m) || later.is_empty() {
            continue;
        }
        let at: Vec<String> =
            later.iter().map(|k| format!("{} by {}", cell(s, m, k.week), date_text(k.friday))).collect();
        out.push(format!(
            "{}: {} in the first week; {}.",
            capitalise(&metric_label(m)),
            stat_text(m, s.value(m, "p50", 0)),
            at.join("; ")
        ));
    }
    let targets = [
        ("ia_on_time_rate", "initial", scenario.input().assessment.initial.target_days),
        ("ca_on_time_rate", "core", scenario.input().assessment.core.target_days),
    ];
    for (m, kind, target) in targets {
        if !s.series.contains_key(m) || later.is_empty() {
            continue;
        }
        let at: Vec<String> = later
            .iter()
            .filter(|k| s.value(m, "p50", k.week).is_some())
            .map(|k| format!("{} in the week ending {}", cell(s, m, k.week), date_text(k.friday)))
            .collect();
        if !at.is_empty() {
            out.push(format!(
                "Timeliness: the share of {kind} assessments completed within {target} working days is {}.",
                at.join("; ")
            ));
        }
    }
    groups.push(("Workforce and casework".into(), std::mem::take(&mut out)));
    // Events.
    for e in &s.events {
        out.push(format!(
            "Chance that {}: {} (Monte Carlo standard error {:.1} percentage points).",
            event_words(&e.label),
            percent(e.probability),
            e.standard_error * 100.0
        ));
    }
    for c in &s.campaigns {
        out.push(format!(
            "The \u{201c}{}\u{201d} campaign makes a median of {} hires (90% interval {} to {}) against a target of {}; {} chance of reaching it.",
            c.name,
            count(c.hires_p50),
            count(c.hires_p5),
            count(c.hires_p95),
            c.target_hires,
            pct(c.p_target_met)
        ));
    }
    groups.push(("The scenario's questions and campaigns".into(), out));
    groups.retain(|(_, items)| !items.is_empty());
    groups
}

/// Weeks for backlog statements: event dates, the end of each financial year, the last.
fn key_statement_weeks<'a>(scenario: &Scenario, s: &Summary, weeks: &'a [KeyWeek]) -> Vec<&'a KeyWeek> {
    let n = s.weeks.len();
    let _ = scenario;
    weeks
        .iter()
        .filter(|k| {
            k.week > 0
                && (k.week + 1 == n
                    || k.label.contains("event")
                    || k.label.contains("chosen")
                    || k.label.contains("end of Q4"))
        })
        .collect()
}

/// "ia_overdue <= 7 on 2012-03-14" in words.
pub(super) fn event_words(label: &str) -> String {
    let parts: Vec<&str> = label.split_whitespace().collect();
    if parts.len() == 5 && parts[3] == "on" {
        let op = match parts[1] {
            "<=" => "at or below",
            "<" => "below",
            ">=" => "at or above",
            ">" => "above",
            "==" => "exactly",
            o => o,
        };
        let date = parts[4].parse::<NaiveDate>().map(date_text).unwrap_or_else(|_| parts[4].to_string());
        return format!("{} are {op} {} in the week containing {date}", metric_label(parts[0]), parts[2]);
    }
    label.to_string()
}

fn join_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}
