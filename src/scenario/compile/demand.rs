//! The demand sections: referrals (with seasonality and trend) and the early help team.

use super::{COUNT, Ctx, day_after, day_on_or_after};
use crate::calendar::Calendar;
use crate::param::Domain;
use crate::scenario::{DemandInput, EarlyHelpInput, EarlyHelpSpec, Spec};

/// The demand section, validated into `s`.
pub(super) fn demand(c: &mut Ctx, d: &DemandInput, s: &mut Spec) {
    let referrals_per_week = c.p(&d.referrals_per_week, "demand.referrals_per_week", Domain::Range(0.0, 1e5));
    let mut seasonality = [1.0; 12];
    if let Some(given) = &d.seasonality {
        if given.len() != 12 {
            c.push("demand.seasonality", format!("has {} values; give 12, January first", given.len()));
        } else {
            for (i, v) in given.iter().enumerate() {
                if !v.is_finite() || *v < 0.0 || *v > 100.0 {
                    c.push(
                        format!("demand.seasonality[{i}]"),
                        format!("{v} is not a multiplier between 0 and 100"),
                    );
                } else {
                    seasonality[i] = *v;
                }
            }
        }
    }
    (s.referrals_per_week, s.seasonality) = (referrals_per_week, seasonality);
    s.annual_trend = c.p(&d.annual_trend, "demand.annual_trend", Domain::Range(-0.99, 10.0));
    s.to_ia = c.p(&d.to_initial_assessment, "demand.to_initial_assessment", Domain::Rate);
}

pub(super) fn early_help(c: &mut Ctx, e: Option<&EarlyHelpInput>, cal: &Calendar) -> Option<EarlyHelpSpec> {
    let e = e?;
    if let Some(end) = e.end
        && end < e.start
    {
        c.push("early_help.end", format!("{} is before the start {}", end, e.start));
    }
    Some(EarlyHelpSpec {
        start_day: day_on_or_after(cal, e.start),
        end_day: e.end.map(|d| day_after(cal, d)).unwrap_or(cal.n_days()),
        workers: c.p(&e.workers, "early_help.workers", COUNT),
        families_per_worker: c.p(
            &e.families_per_worker,
            "early_help.families_per_worker",
            Domain::Range(0.0, 1000.0),
        ),
        mean_weeks: c.p(&e.mean_weeks, "early_help.mean_weeks", Domain::Range(0.2, 520.0)),
        diversion_share: c.p(&e.diversion_share, "early_help.diversion_share", Domain::Rate),
        annual_cost: c.money(&e.annual_cost, "early_help.annual_cost"),
    })
}
