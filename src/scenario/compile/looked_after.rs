//! The looked-after section: emergency entries and placement types.

use super::{COUNT, Ctx};
use crate::limits;
use crate::param::{Domain, Param};
use crate::scenario::{LookedAfterInput, PlacementSpec, Spec};

/// The looked-after section, validated into `s`.
pub(super) fn looked_after(c: &mut Ctx, la: &LookedAfterInput, s: &mut Spec) {
    let emergency_lac_per_week = c.p(
        &la.emergency_entries_per_week,
        "looked_after.emergency_entries_per_week",
        Domain::Range(0.0, 1e4),
    );
    c.list_len("looked_after.placements", la.placements.len());
    if la.placements.is_empty() {
        c.push("looked_after.placements", "is empty; give at least one placement type");
    }
    let mut placements = Vec::new();
    let keys = crate::metrics::type_keys(la.placements.iter().map(|p| p.name.as_str()));
    for ((i, pl), key) in la.placements.iter().enumerate().take(limits::MAX_LIST).zip(keys) {
        let path = format!("looked_after.placements[{i}]");
        placements.push(PlacementSpec {
            name: pl.name.clone(),
            key,
            share: c.p(&pl.share, &format!("{path}.share"), Domain::Rate),
            mean_weeks: c.p(&pl.mean_weeks, &format!("{path}.mean_weeks"), Domain::Range(0.2, 1040.0)),
            weekly_cost: c.money(&pl.weekly_cost, &format!("{path}.weekly_cost")),
            initial: c.p(&pl.initial, &format!("{path}.initial"), COUNT),
        });
    }
    if la.placements.iter().all(|p| matches!(p.share, Param::Fixed(v) if v == 0.0))
        && !la.placements.is_empty()
    {
        c.push(
            "looked_after.placements",
            "every share is 0; at least one placement type must take new entries",
        );
    }
    (s.emergency_lac_per_week, s.placements) = (emergency_lac_per_week, placements);
}
