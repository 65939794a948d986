//! Limits on input sizes, so that a mistyped number gives a clear error, not an
//! out-of-memory crash.

/// Most Monte Carlo runs in one call.
pub const MAX_RUNS: u64 = 1_000_000;
/// Longest horizon, in weeks (20 years).
pub const MAX_WEEKS: u32 = 1040;
/// Most entries in any list of the scenario (pods, campaigns, cohorts, holidays...).
pub const MAX_LIST: usize = 1000;
/// Largest count of anything in the initial state or any capacity (workers, cases).
pub const MAX_COUNT: f64 = 1_000_000.0;
/// Longest elapsed time, in working days, that an assessment may be drawn to take.
pub const MAX_ELAPSED_DAYS: u32 = 2600;
/// Largest amount of money in a scenario, in pounds (a trillion): with counts bounded by
/// [`MAX_COUNT`] and horizons by [`MAX_WEEKS`], every product and sum of the budget stays
/// far inside the range of exact decimal arithmetic.
pub const MAX_MONEY: i64 = 1_000_000_000_000;
