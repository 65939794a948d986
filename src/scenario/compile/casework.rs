//! The casework section: how long open cases stay open and the hours cases take.

use super::Ctx;
use crate::param::Domain;
use crate::scenario::{CaseworkInput, P};

/// The casework section, validated.
pub(super) struct Casework {
    pub open_case_mean_weeks: P,
    pub hours_open: P,
    pub hours_awaiting: P,
    pub hours_lac: P,
}

pub(super) fn casework(c: &mut Ctx, cw: &CaseworkInput) -> Casework {
    Casework {
        open_case_mean_weeks: c.p(
            &cw.open_case_mean_weeks,
            "casework.open_case_mean_weeks",
            Domain::Range(0.2, 1040.0),
        ),
        hours_open: c.p(
            &cw.hours_per_open_case_week,
            "casework.hours_per_open_case_week",
            Domain::Range(0.0, 100.0),
        ),
        hours_awaiting: c.p(
            &cw.hours_per_awaiting_case_week,
            "casework.hours_per_awaiting_case_week",
            Domain::Range(0.0, 100.0),
        ),
        hours_lac: c.p(
            &cw.hours_per_looked_after_week,
            "casework.hours_per_looked_after_week",
            Domain::Range(0.0, 100.0),
        ),
    }
}
