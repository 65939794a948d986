//! Limits on input sizes, so that a mistyped number gives a clear error, not an
//! out-of-memory crash: every limit and its check, for every caller (scenario validation,
//! the Monte Carlo, the analyses, the CLI and the WebAssembly edge).
//!
//! A check's error names the value and the allowed range; the caller puts the field in
//! front (`runs: 0 is not allowed; use 1 to 1000000`).

use crate::error::LimitError;

/// Most Monte Carlo runs in one call.
pub const MAX_RUNS: u64 = 1_000_000;
/// Fewest runs: one run already gives every figure of a summary, a comparison (one paired
/// difference), a target (a probability of 0 or 1) or a tornado (means of one run).
pub const MIN_RUNS: u64 = 1;
/// Fewest runs of an analysis that relates runs to one another: sensitivity's rank
/// correlations and calibration's scaling of each observed quantity by its spread across
/// draws are undefined for a single run.
pub const MIN_RUNS_ACROSS: u64 = 2;
/// Largest seed: seeds cross into JavaScript as numbers, exact below 2^53.
pub const MAX_SEED: u64 = (1 << 53) - 1;
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

/// `runs` if it is from `min` ([`MIN_RUNS`] or [`MIN_RUNS_ACROSS`]) to [`MAX_RUNS`].
pub fn runs(runs: u64, min: u64) -> Result<u64, LimitError> {
    if (min..=MAX_RUNS).contains(&runs) {
        Ok(runs)
    } else {
        Err(LimitError::Range { value: runs, min, max: MAX_RUNS })
    }
}

/// `seed` if it is at most [`MAX_SEED`].
pub fn seed(seed: u64) -> Result<u64, LimitError> {
    if seed <= MAX_SEED { Ok(seed) } else { Err(LimitError::Seed(seed)) }
}

/// `weeks` if it is from 1 to [`MAX_WEEKS`].
pub fn weeks(weeks: u32) -> Result<u32, LimitError> {
    if (1..=MAX_WEEKS).contains(&weeks) {
        Ok(weeks)
    } else {
        Err(LimitError::Range { value: weeks.into(), min: 1, max: MAX_WEEKS.into() })
    }
}

/// `Ok` if a list of `len` entries is at most [`MAX_LIST`] long.
pub fn list(len: usize) -> Result<(), LimitError> {
    if len <= MAX_LIST { Ok(()) } else { Err(LimitError::List(len)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_value_and_the_range() {
        // The scenario's validation writes these same words after the field's path.
        assert_eq!(runs(0, MIN_RUNS).unwrap_err().to_string(), "0 is not allowed; use 1 to 1000000");
        assert_eq!(runs(1, MIN_RUNS_ACROSS).unwrap_err().to_string(), "1 is not allowed; use 2 to 1000000");
        assert_eq!(runs(MAX_RUNS, MIN_RUNS), Ok(MAX_RUNS));
        assert_eq!(
            seed(MAX_SEED + 1).unwrap_err().to_string(),
            "9007199254740992 is too large; use 0 to 2^53 - 1 (9007199254740991)"
        );
        assert_eq!(seed(MAX_SEED), Ok(MAX_SEED));
        assert_eq!(weeks(0).unwrap_err().to_string(), "0 is not allowed; use 1 to 1040");
        assert_eq!(weeks(MAX_WEEKS), Ok(MAX_WEEKS));
        assert_eq!(list(MAX_LIST + 1).unwrap_err().to_string(), "1001 entries is too many; at most 1000");
        assert_eq!(list(MAX_LIST), Ok(()));
    }
}
