//! Summaries across runs: per weekly metric the mean and percentiles (Hyndman-Fan type 7,
//! as numpy, R and Excel's PERCENTILE.INC), per budget line and financial year the same
//! plus the probability of overspend, and event probabilities.
//!
//! Memory does not grow with the number of runs except for the budget table:
//!
//! - Whole-number metrics are accumulated as exact histograms ([`IntHist`]: memory grows
//!   with the range of values, merging is order-free).
//! - Real-valued metrics (rates, caseload, money) are accumulated per (metric, week)
//!   column, first as the values themselves while a column has at most [`RAW_CAP`]
//!   (4,096) of them (a `RealCol`: 8 bytes a value, at most 34 MB for the preset; the
//!   percentiles are then read by selection and the mean from an exact sum when the
//!   summary is built, equal bit for bit to what the histogram below would give), then
//!   in a [`RealHist`]: an exact histogram of the distinct values while there are
//!   at most [`EXACT_CAP`] (4,096) of them, so percentiles equal those of the sorted
//!   values bit for bit; beyond, a log-bucketed sketch (as DDSketch) whose percentiles
//!   are within a relative [`SKETCH_ACCURACY`] (0.01 %) of the exact ones. The mean comes
//!   from an exact sum in both cases. A column's state depends only on the multiset of its
//!   values, so the summary is the same whatever the order and grouping of merges (the
//!   thread count). A column is a `hashbrown` table of 16-byte entries and a control byte
//!   each, at most 8,192 buckets for an exact column: at most 1,040 columns x 8,192 x
//!   17 bytes = 145 MB for the preset's 10 real metrics x 104 weeks, however many runs;
//!   in practice (preset, 100,000 runs) about 1 million entries in a few tens of MB, with
//!   only `spend` and `spend_placements` sketched.
//! - Runs not yet counted into the histograms are kept as they came, at most
//!   [`FLUSH_RUNS`] runs in an [`Accum`] (and a wave's runs in `simulate`): 17 KiB a run
//!   for the preset, 18 MB for 1,024 runs.
//! - Events on real metrics are counted as runs are added.
//! - Budget spend (per run, financial year and line) and campaign hires (per run and
//!   campaign) are kept per run, in run order, for exact money percentiles and the
//!   probability of overspend: 16 bytes x 3 years x 7 lines = 336 bytes a run for the
//!   preset, 34 MB at 100,000 runs (336 MB at the limit of 1,000,000 runs).
//!
//! Files: `accum` (the accumulator, its pending chunks and flushes), `finish` (the summary
//! built from it, step by step), `output` (the summary's types), `int_hist`, `real_col`
//! (raw real columns and their rank selection), `real_hist` (exact or sketched real
//! histograms), `exact_sum`, `type7` (the percentile rule), `wire` (an accumulator as
//! bytes, to merge a Monte Carlo run in shares by the browser's workers).

mod accum;
mod exact_sum;
mod finish;
mod int_hist;
mod output;
mod real_col;
mod real_hist;
#[cfg(test)]
mod testing;
mod type7;
mod wire;

pub use accum::{Accum, FLUSH_RUNS};
pub use int_hist::IntHist;
pub use output::{
    BudgetRow, CampaignResult, EventResult, PERCENTILE_NAMES, PERCENTILES, PlacementType, ScenarioId,
    SeriesStats, Summary,
};
pub use real_col::RAW_CAP;
pub use real_hist::{EXACT_CAP, RealHist, SKETCH_ACCURACY};
pub use type7::quantile_sorted;
