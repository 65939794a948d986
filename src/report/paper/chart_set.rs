//! The paper's charts: fan charts and cumulative spend against budget.

use super::{capitalise, date_text};
use crate::metrics::{self, Kind};
use crate::report::charts::{Chart, YFormat};
use crate::report::cumulative::CumulativeSpend;
use crate::scenario::Scenario;
use crate::sim::Summary;
use chrono::NaiveDate;

/// The charts of the paper.
pub fn chart_specs(scenario: &Scenario, s: &Summary, cum: &CumulativeSpend) -> Vec<Chart> {
    let dates: Vec<NaiveDate> = s.weeks.iter().filter_map(|w| w.parse().ok()).collect();
    let source = format!(
        "Source: wfsim {}, scenario {} (hash {}), {} runs, seed {}.",
        s.engine_version, s.scenario.name, s.scenario.hash, s.runs, s.seed
    );
    let fan_sub =
        "Median and the ranges holding 50% and 90% of simulated runs, week by week (weeks ending Friday).";
    let ia_target = scenario.input().assessment.initial.target_days;
    let ca_target = scenario.input().assessment.core.target_days;
    // The fan charts: title and axis from the metric table; the on-time rates name the
    // scenario's target days.
    let fans = [
        metrics::PERMANENT_FTE,
        metrics::AGENCY_FTE,
        metrics::POD_FTE,
        metrics::VACANCIES,
        metrics::IA_BACKLOG,
        metrics::CA_BACKLOG,
        metrics::IA_ON_TIME,
        metrics::CA_ON_TIME,
        metrics::TEAM_CASES,
        metrics::LAC,
    ];
    let specs = fans.map(|i| {
        let metric = &metrics::METRICS[i];
        let title = match i {
            metrics::IA_ON_TIME => format!("Initial assessments completed within {ia_target} working days"),
            metrics::CA_ON_TIME => format!("Core assessments completed within {ca_target} working days"),
            _ => metric.label.to_string(),
        };
        let fmt = if metric.kind == Kind::Rate { YFormat::Percent } else { YFormat::Count };
        (metric.name, title, capitalise(metric.unit), fmt)
    });
    let mut out = Vec::new();
    for (metric, title, unit, fmt) in specs {
        let Some(st) = s.series.get(metric) else { continue };
        // A count that is zero in every run and week (no pods, say), or a rate never
        // defined, has nothing to draw; a rate of 0% throughout is news and is drawn.
        let nothing = |v: &Option<f64>| v.is_none_or(|x| x == 0.0 && fmt != YFormat::Percent);
        if st.p95.iter().chain(&st.p5).all(nothing) {
            continue;
        }
        let n = dates.len().min(st.p50.len());
        let cut = |v: &Vec<Option<f64>>| v[..n].to_vec();
        out.push(Chart {
            stem: metric.replace('_', "-"),
            title,
            subtitle: if fmt == YFormat::Percent {
                format!("{fan_sub} Weeks with no completions are left blank.")
            } else {
                fan_sub.to_string()
            },
            y_unit: unit,
            source: source.clone(),
            y_format: fmt,
            dates: dates[..n].to_vec(),
            outer: Some((cut(&st.p5), cut(&st.p95))),
            inner: Some((cut(&st.p25), cut(&st.p75))),
            median: cut(&st.p50),
            median_label: "Median".into(),
            median_dashed: false,
            hline: None,
            marker: None,
            x_range: None,
        });
    }
    // A year with no spend, no budget and no actuals has nothing to draw.
    for y in cum
        .years
        .iter()
        .filter(|y| y.budget.is_some() || y.actuals.is_some() || y.p50.iter().any(|v| *v != 0.0))
    {
        let fy = scenario.calendar().financial_years().iter().find(|f| f.label == y.financial_year);
        let range = fy.map(|f| (y.dates.first().copied().unwrap_or(f.start).min(f.start), f.end));
        let budget_label = y.budget.map(|b| format!("Full-year budget {}", b.format_short()));
        let first = y.dates.first().copied().unwrap_or_default();
        // Where the curve starts: at the actual spend to date, or at zero on the first
        // simulated day (a part year, if that is after 1 April).
        let part = match y.actuals {
            Some((a, to)) => format!(
                " Starts at actual spend from 1 April to {}, {}, then adds simulated spend.",
                date_text(to),
                a.format_short()
            ),
            None if y.part_year => format!(
                " PART YEAR: only {} to {} is simulated and no actual spend to date is given, so earlier spend is not included.",
                date_text(first),
                date_text(y.dates.last().copied().unwrap_or_default())
            ),
            None => String::new(),
        };
        let (subtitle, median_label, marker) = if cum.exact {
            (
                format!(
                    "All budget lines. Percentiles of each run's spend cumulated from the start of the year (not cumulated weekly percentiles).{part}"
                ),
                if y.actuals.is_some() { "Median (from actual spend to date)" } else { "Median" }.to_string(),
                None,
            )
        } else {
            let (a, m, b) = y.year_end;
            (
                format!(
                    "All budget lines. APPROXIMATE: weekly median spend cumulated (a sum of medians is not the median of sums); the bar is the exact 90% interval of the year's spend.{part}"
                ),
                "Weekly medians cumulated (approximate)".to_string(),
                y.dates.last().map(|d| {
                    (
                        *d,
                        a.to_f64(),
                        m.to_f64(),
                        b.to_f64(),
                        "Year's spend: median and 90% interval (exact)".to_string(),
                    )
                }),
            )
        };
        let some = |v: &Option<Vec<f64>>| v.as_ref().map(|v| v.iter().map(|x| Some(*x)).collect::<Vec<_>>());
        let outer = some(&y.p5).zip(some(&y.p95));
        let inner = some(&y.p25).zip(some(&y.p75));
        out.push(Chart {
            stem: format!("cumulative-spend-{}", y.financial_year),
            title: format!(
                "Cumulative spend against budget, {}{}",
                y.financial_year,
                if y.part_year { " (part year)" } else { "" }
            ),
            subtitle,
            y_unit: "£ million".into(),
            source: source.clone(),
            y_format: YFormat::Millions,
            dates: y.dates.clone(),
            outer,
            inner,
            median: y.p50.iter().map(|x| Some(*x)).collect(),
            median_label,
            median_dashed: !cum.exact,
            hline: y.budget.zip(budget_label).map(|(b, l)| (b.to_f64(), l)),
            marker,
            x_range: range,
        });
    }
    out
}
