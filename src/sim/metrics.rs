//! The weekly metrics: names (part of the JSON contract, see MODEL.md) and kinds.

/// How a metric's per-run values are summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number in every run: summarised exactly by a histogram.
    Count,
    /// A real number (rates, ratios, money), possibly absent in some runs (NaN).
    Real,
}

/// Metric names in output order.
pub const NAMES: [&str; 33] = [
    "permanent_fte",
    "agency_fte",
    "pod_fte",
    "establishment",
    "vacancies",
    "starters",
    "leavers",
    "pipeline_candidates",
    "referrals",
    "diverted",
    "ia_started",
    "ia_completed",
    "ia_backlog",
    "ia_in_progress",
    "ia_overdue",
    "ia_on_time_rate",
    "ca_completed",
    "ca_backlog",
    "ca_in_progress",
    "ca_overdue",
    "ca_on_time_rate",
    "awaiting_transfer",
    "assessment_team_cases",
    "open_cases",
    "caseload_per_worker",
    "lac",
    "spend",
    "spend_permanent_staffing",
    "spend_agency_staffing",
    "spend_peripatetic_pods",
    "spend_recruitment",
    "spend_early_help",
    "spend_placements",
];

/// Number of metrics.
pub const N: usize = NAMES.len();

pub const PERMANENT_FTE: usize = 0;
pub const AGENCY_FTE: usize = 1;
pub const POD_FTE: usize = 2;
pub const ESTABLISHMENT: usize = 3;
pub const VACANCIES: usize = 4;
pub const STARTERS: usize = 5;
pub const LEAVERS: usize = 6;
pub const PIPELINE: usize = 7;
pub const REFERRALS: usize = 8;
pub const DIVERTED: usize = 9;
pub const IA_STARTED: usize = 10;
pub const IA_COMPLETED: usize = 11;
pub const IA_BACKLOG: usize = 12;
pub const IA_IN_PROGRESS: usize = 13;
pub const IA_OVERDUE: usize = 14;
pub const IA_ON_TIME: usize = 15;
pub const CA_COMPLETED: usize = 16;
pub const CA_BACKLOG: usize = 17;
pub const CA_IN_PROGRESS: usize = 18;
pub const CA_OVERDUE: usize = 19;
pub const CA_ON_TIME: usize = 20;
pub const AWAITING: usize = 21;
pub const TEAM_CASES: usize = 22;
pub const OPEN_CASES: usize = 23;
pub const CASELOAD: usize = 24;
pub const LAC: usize = 25;
pub const SPEND: usize = 26;
/// `spend_<line>` for line `i` is `SPEND_LINE0 + i`.
pub const SPEND_LINE0: usize = 27;

/// The kind of each metric.
pub const fn kind(i: usize) -> Kind {
    match i {
        IA_ON_TIME | CA_ON_TIME | CASELOAD => Kind::Real,
        i if i >= SPEND => Kind::Real,
        _ => Kind::Count,
    }
}

/// The index of a metric by name.
pub fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn spend_lines_follow_budget_lines() {
        for (i, l) in crate::scenario::LINES.iter().enumerate() {
            assert_eq!(NAMES[SPEND_LINE0 + i], format!("spend_{l}"));
        }
        assert_eq!(NAMES[CASELOAD], "caseload_per_worker");
        assert_eq!(kind(CASELOAD), Kind::Real);
        assert_eq!(kind(LAC), Kind::Count);
    }
}
