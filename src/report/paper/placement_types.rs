//! The paper's table of looked-after children and weekly spend by placement type, at the
//! first and last key weeks (the per-type series `looked_after.<key>` and
//! `placement_spend.<key>`).

use super::{KeyWeek, date_text};
use crate::metrics::{FAMILIES, LOOKED_AFTER_BY_TYPE, SPEND_BY_TYPE};
use crate::money::Money;
use crate::report::charts;
use crate::report::doc::{Align, Table};
use crate::sim::Summary;

/// "336 (321–352)": a count's median and 90% interval, whole children.
fn children(s: &Summary, metric: &str, w: usize) -> String {
    let v = |stat| s.value(metric, stat, w).map(|x| charts::format_tick(x.round()));
    match (v("p50"), v("p5"), v("p95")) {
        (Some(m), Some(lo), Some(hi)) if lo == hi && m == lo => m,
        (Some(m), Some(lo), Some(hi)) => format!("{m} ({lo}\u{2013}{hi})"),
        _ => "-".into(),
    }
}

/// "£108k (£96k–£121k)": a week's spend, median and 90% interval, in short form.
fn spend(s: &Summary, metric: &str, w: usize) -> String {
    let v = |stat| s.value(metric, stat, w).and_then(Money::from_f64).map(|m| m.format_short());
    match (v("p50"), v("p5"), v("p95")) {
        (Some(m), Some(lo), Some(hi)) => format!("{m} ({lo}\u{2013}{hi})"),
        _ => "-".into(),
    }
}

/// One row per placement type: children and the week's spend, median (90% interval), in
/// the first and last of the key weeks; `None` if the summary has no per-type series.
pub(super) fn placement_table(s: &Summary, weeks: &[KeyWeek]) -> Option<Table> {
    let (first, last) = (weeks.first()?, weeks.last()?);
    let (lac, cost) = (FAMILIES[LOOKED_AFTER_BY_TYPE].prefix, FAMILIES[SPEND_BY_TYPE].prefix);
    let (a, b) = (date_text(first.friday), date_text(last.friday));
    let header = [
        "Placement type".to_string(),
        format!("Children, {a}"),
        format!("Children, {b}"),
        format!("Week's spend, {a}"),
        format!("Week's spend, {b}"),
    ];
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&h, &[Align::Left, Align::Right, Align::Right, Align::Right, Align::Right])
        .caption("Looked-after children and weekly placement spend by placement type");
    for ty in &s.placement_types {
        let (c, m) = (format!("{lac}.{}", ty.key), format!("{cost}.{}", ty.key));
        t.push(vec![
            ty.name.clone(),
            children(s, &c, first.week),
            children(s, &c, last.week),
            spend(s, &m, first.week),
            spend(s, &m, last.week),
        ]);
    }
    (!s.placement_types.is_empty()).then_some(t)
}
