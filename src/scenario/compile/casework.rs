//! The casework section: how long open cases stay open and the hours cases take.

use super::Ctx;
use crate::param::Domain;
use crate::scenario::{CaseworkInput, Spec};

/// The casework section, validated into `s`.
pub(super) fn casework(c: &mut Ctx, cw: &CaseworkInput, s: &mut Spec) {
    s.open_case_mean_weeks =
        c.p(&cw.open_case_mean_weeks, "casework.open_case_mean_weeks", Domain::Range(0.2, 1040.0));
    s.hours_open =
        c.p(&cw.hours_per_open_case_week, "casework.hours_per_open_case_week", Domain::Range(0.0, 100.0));
    s.hours_awaiting = c.p(
        &cw.hours_per_awaiting_case_week,
        "casework.hours_per_awaiting_case_week",
        Domain::Range(0.0, 100.0),
    );
    s.hours_lac = c.p(
        &cw.hours_per_looked_after_week,
        "casework.hours_per_looked_after_week",
        Domain::Range(0.0, 100.0),
    );
}
