//! Tidy CSV: one row per (week, metric, statistic), and the budget table.

use crate::error::ReportError;
use crate::sim::Summary;
use crate::sim::summary::PERCENTILE_NAMES;

/// The weekly series as tidy CSV: `week,metric,statistic,value` (value empty where undefined).
pub fn series_csv(s: &Summary) -> Result<String, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let err = |e: ::csv::Error| ReportError::Format(format!("csv: {e}"));
    w.write_record(["week", "metric", "statistic", "value"]).map_err(err)?;
    for (metric, stats) in &s.series {
        for stat in std::iter::once("mean").chain(PERCENTILE_NAMES) {
            let Some(values) = stats.get(stat) else { continue };
            for (week, v) in s.weeks.iter().zip(values) {
                let value = v.map(|x| x.to_string()).unwrap_or_default();
                w.write_record([week.as_str(), metric.as_str(), stat, value.as_str()]).map_err(err)?;
            }
        }
    }
    finish(w)
}

/// The budget table as CSV, money with two decimals.
pub fn budget_csv(s: &Summary) -> Result<String, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let err = |e: ::csv::Error| ReportError::Format(format!("csv: {e}"));
    w.write_record([
        "financial_year",
        "line",
        "budget",
        "actuals",
        "mean",
        "p5",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p95",
        "variance",
        "expected_variance",
        "p_overspend",
        "partial",
        "days_simulated",
        "days_in_year",
    ])
    .map_err(err)?;
    let opt = |m: Option<crate::money::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    for r in &s.budget {
        w.write_record([
            r.financial_year.clone(),
            r.line.clone(),
            opt(r.budget),
            opt(r.actuals),
            r.mean.to_string(),
            r.p5.to_string(),
            r.p10.to_string(),
            r.p25.to_string(),
            r.p50.to_string(),
            r.p75.to_string(),
            r.p90.to_string(),
            r.p95.to_string(),
            r.variance.to_string(),
            r.expected_variance.to_string(),
            r.p_overspend.to_string(),
            r.partial.to_string(),
            r.days_simulated.to_string(),
            r.days_in_year.to_string(),
        ])
        .map_err(err)?;
    }
    finish(w)
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<String, ReportError> {
    let bytes = w.into_inner().map_err(|e| ReportError::Format(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ReportError::Format(format!("csv: {e}")))
}
