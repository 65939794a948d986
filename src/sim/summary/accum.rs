//! The accumulator of run records: pending chunks of runs, flushed column by column into
//! the histograms and raw columns.

use super::int_hist::IntHist;
use super::real_col::RealCol;
use crate::metrics::{self as m, Values};
use crate::money::Money;
use crate::scenario::{EventSpec, Op};

/// Accumulates run records; merged in run order.
///
/// A run's weekly values are first kept as they came, in chunks of [`CHUNK_RUNS`] runs
/// (`pending`): adding a run copies its real values and converts its counts to `u32`,
/// and merging accumulators of runs not yet counted (as `simulate`'s blocks and waves)
/// only moves chunks. [`Accum::flush`] then counts the pending values into the
/// histograms column by column (in parallel natively), each column's values together,
/// so its table stays in cache. Whatever the chunks and the moment of the flush, each
/// column ends with the same multiset of values, so the same state.
#[derive(Clone, Debug)]
pub struct Accum {
    pub(super) n_weeks: usize,
    pub(super) n_fy: usize,
    /// Placement types: each run records the per-type families after the table's metrics.
    pub(super) n_types: usize,
    pub(super) hists: Vec<IntHist>,
    /// One column per real metric and week: `reals[real_index * n_weeks + week]`.
    pub(super) reals: Vec<RealCol>,
    /// Runs added or merged in but not yet in `hists` and `reals`.
    pending: Vec<Chunk>,
    /// Counted chunks, kept to be filled again (see [`Spare`] and [`Accum::spawn`]).
    spare: Spare,
    /// Runs this accumulator expects in all ([`Accum::expect_runs`]), so that a raw real
    /// column is given its final capacity at once rather than grown by copying.
    expected_runs: usize,
    /// Runs in `pending`.
    pending_runs: usize,
    /// Runs counted in `hists` and `reals`.
    pub(super) counted_runs: u64,
    /// Events on real metrics, counted as runs are added: `(index into weekly, op, value)`
    /// for each of the scenario's events (`None` for events on counts, read from `hists`).
    pub(super) real_events: Vec<Option<(usize, Op, f64)>>,
    /// Runs in which each event held (0 for events on counts).
    pub(super) event_hits: Vec<u64>,
    pub(super) budget: Vec<Money>,
    pub(super) campaign: Vec<u32>,
    pub(super) n_campaigns: usize,
    pub(super) runs: u64,
}

/// Chunks already counted, kept to be filled again rather than fresh pages that the kernel
/// must fault in and zero: about 1.5% of the CPU time of a Monte Carlo of the preset.
/// A cache of memory, not state, so a copy of an accumulator starts without them.
#[derive(Debug, Default)]
struct Spare(Vec<Chunk>);

impl Clone for Spare {
    fn clone(&self) -> Spare {
        Spare(Vec::new())
    }
}

/// Runs a chunk of pending values holds. Small, so that the chunk being filled stays in
/// the core's cache while its runs are added (a run writes one value into each of its
/// ~3,600 columns, so each write lands on a different cache line of the chunk): 16 runs
/// of the preset make a chunk of 300 KB, a cache line holds 16 runs of a count column or
/// 8 of a real one, and the flush still reads each column in 64-byte pieces.
const CHUNK_RUNS: usize = 16;

/// Pending runs at which [`Accum::merge`] and [`Accum::add`] flush them into the columns:
/// about 18 MB of pending values for the preset (8 KiB of real values and 9 KiB of counts
/// a run), enough runs for each column's table to be read into cache once for many
/// values.
pub const FLUSH_RUNS: usize = 1024;

/// A count too large for a `u32` in [`Chunk::counts`]: the value is in [`Chunk::big`].
const BIG: u32 = u32::MAX;

/// Pending runs' weekly values.
#[derive(Clone, Debug, Default)]
struct Chunk {
    runs: usize,
    /// `[count column][run]`, [`CHUNK_RUNS`] runs a column: each count metric's value as
    /// `Accum` counts it (the whole part of a finite positive value, else 0), or [`BIG`]
    /// if it is at least that.
    counts: Vec<u32>,
    /// `[real column][run]`, [`CHUNK_RUNS`] runs a column, as the runs gave them.
    reals: Vec<f64>,
    /// `(count column, value)` of the counts marked [`BIG`].
    big: Vec<(usize, u64)>,
}

/// Count the chunks' values of count column `c` into `h`.
fn absorb_counts(c: usize, h: &mut IntHist, chunks: &[Chunk]) {
    for ch in chunks {
        h.count_all_but(&ch.counts[c * CHUNK_RUNS..c * CHUNK_RUNS + ch.runs], BIG);
        for &(bc, v) in &ch.big {
            if bc == c {
                h.count(v);
            }
        }
        h.add_to_n(ch.runs as u64);
    }
}

/// Add the chunks' values of real column `k` to `col`.
fn absorb_reals(k: usize, col: &mut RealCol, chunks: &[Chunk], expected: usize) {
    let m = chunks.iter().map(|ch| ch.runs).sum();
    fn values(ch: &Chunk, k: usize) -> &[f64] {
        &ch.reals[k * CHUNK_RUNS..k * CHUNK_RUNS + ch.runs]
    }
    if col.room_for(m, expected)
        && let RealCol::Raw(v) = col
    {
        for ch in chunks {
            // Mostly all finite: then one copy, rather than a check and a push a value
            // (the test is a fold, not `all`, so that it runs without a branch a value).
            let w = values(ch, k);
            if w.iter().fold(true, |all, x| all & x.is_finite()) {
                v.extend_from_slice(w);
            } else {
                v.extend(w.iter().copied().filter(|x| x.is_finite()));
            }
        }
        return;
    }
    let h = col.hist_mut();
    for ch in chunks {
        for &x in values(ch, k) {
            h.add(x);
        }
    }
    h.shrink();
}

/// Record indices of the real-valued metrics of a run with `n_types` placement types.
pub(super) fn real_metrics(n_types: usize) -> impl Iterator<Item = usize> {
    (0..m::with_types(n_types)).filter(move |&i| m::kind_with(i, n_types).values() == Values::Real)
}
/// Record indices of the whole-number metrics of a run with `n_types` placement types.
pub(super) fn count_metrics(n_types: usize) -> impl Iterator<Item = usize> {
    (0..m::with_types(n_types)).filter(move |&i| m::kind_with(i, n_types).values() == Values::Count)
}

impl Accum {
    /// An empty accumulator for runs of `n_weeks` weeks, `n_fy` financial years,
    /// `n_campaigns` campaigns and `n_types` placement types, counting the given events
    /// (the scenario's, in its order).
    pub fn new(
        n_weeks: usize,
        n_fy: usize,
        n_campaigns: usize,
        n_types: usize,
        events: &[EventSpec],
    ) -> Accum {
        let real_events: Vec<Option<(usize, Op, f64)>> = events
            .iter()
            .map(|e| {
                (m::values(e.metric) == Values::Real && e.week < n_weeks).then_some((
                    e.metric * n_weeks + e.week,
                    e.op,
                    e.value,
                ))
            })
            .collect();
        Accum {
            n_weeks,
            n_fy,
            n_types,
            hists: vec![IntHist::default(); count_metrics(n_types).count() * n_weeks],
            reals: vec![RealCol::default(); real_metrics(n_types).count() * n_weeks],
            pending: Vec::new(),
            spare: Spare::default(),
            expected_runs: 0,
            pending_runs: 0,
            counted_runs: 0,
            event_hits: vec![0; real_events.len()],
            real_events,
            budget: Vec::new(),
            campaign: Vec::new(),
            n_campaigns,
            runs: 0,
        }
    }

    /// Add one run's record (kept pending; flushed every [`FLUSH_RUNS`] runs).
    pub fn add(&mut self, r: &crate::sim::RunRecord) {
        let nw = self.n_weeks;
        let (cw, rw) = (self.hists.len(), self.reals.len());
        if self.pending.last().is_none_or(|c| c.runs == CHUNK_RUNS) {
            let chunk = self.spare.0.pop().unwrap_or_else(|| Chunk {
                counts: vec![0; CHUNK_RUNS * cw],
                reals: vec![0.0; CHUNK_RUNS * rw],
                ..Chunk::default()
            });
            self.pending.push(chunk);
        }
        let Some(chunk) = self.pending.last_mut() else { return };
        let run = chunk.runs;
        assert!(run < CHUNK_RUNS);
        let mut most = 0;
        for (ci, metric) in count_metrics(self.n_types).enumerate() {
            let cols =
                chunk.counts[ci * nw * CHUNK_RUNS..(ci + 1) * nw * CHUNK_RUNS].chunks_exact_mut(CHUNK_RUNS);
            for (col, &v) in cols.zip(&r.weekly[metric * nw..(metric + 1) * nw]) {
                // Saturating: NaN and values below 1 give 0, values from u32::MAX (and
                // infinity) give BIG, checked below.
                let u = v as u32;
                most = most.max(u);
                col[run] = u;
            }
        }
        if most == BIG {
            for (c, metric) in
                count_metrics(self.n_types).flat_map(|mt| (0..nw).map(move |w| mt * nw + w)).enumerate()
            {
                let v = r.weekly[metric];
                if v == f64::INFINITY {
                    chunk.counts[c * CHUNK_RUNS + run] = 0; // not finite: counted as 0
                } else if chunk.counts[c * CHUNK_RUNS + run] == BIG {
                    chunk.big.push((c, v as u64));
                }
            }
        }
        for (ri, metric) in real_metrics(self.n_types).enumerate() {
            let cols =
                chunk.reals[ri * nw * CHUNK_RUNS..(ri + 1) * nw * CHUNK_RUNS].chunks_exact_mut(CHUNK_RUNS);
            for (col, &v) in cols.zip(&r.weekly[metric * nw..(metric + 1) * nw]) {
                col[run] = v;
            }
        }
        chunk.runs += 1;
        self.pending_runs += 1;
        for (hits, e) in self.event_hits.iter_mut().zip(&self.real_events) {
            if let Some((i, op, value)) = *e
                && let Some(&x) = r.weekly.get(i)
                && x.is_finite()
                && op.holds(x, value)
            {
                *hits += 1;
            }
        }
        self.budget.extend_from_slice(&r.budget);
        self.campaign.extend_from_slice(&r.campaign_hires);
        self.runs += 1;
        if self.pending_runs >= FLUSH_RUNS {
            self.flush();
        }
    }

    /// Append another accumulator whose runs come after this one's, flushing the pending
    /// runs if there are [`FLUSH_RUNS`] or more. Everything but the per-run budget and
    /// campaign lists is order-free.
    pub fn merge(&mut self, o: Accum) {
        self.append(o);
        if self.pending_runs >= FLUSH_RUNS {
            self.flush();
        }
    }

    /// Append another accumulator whose runs come after this one's, keeping its pending
    /// runs pending (the caller flushes).
    pub(crate) fn append(&mut self, o: Accum) {
        if o.counted_runs > 0 {
            for (a, b) in self.hists.iter_mut().zip(&o.hists) {
                a.merge(b);
            }
            for (a, b) in self.reals.iter_mut().zip(&o.reals) {
                a.merge(b);
            }
            self.counted_runs += o.counted_runs;
        }
        self.pending.extend(o.pending);
        self.keep_spare(o.spare.0);
        self.pending_runs += o.pending_runs;
        for (a, b) in self.event_hits.iter_mut().zip(&o.event_hits) {
            *a += b;
        }
        self.budget.extend(o.budget);
        self.campaign.extend(o.campaign);
        self.runs += o.runs;
    }

    /// Runs added or merged in but not yet counted into the columns.
    pub(crate) fn pending_runs(&self) -> usize {
        self.pending_runs
    }

    /// Say how many runs this accumulator will count in all, so that its raw real columns
    /// are given their final capacity at their first flush (at most
    /// [`RAW_CAP`](super::RAW_CAP) values). A hint for memory only: the summary does not
    /// depend on it.
    pub fn expect_runs(&mut self, runs: u64) {
        self.expected_runs = usize::try_from(runs).unwrap_or(usize::MAX);
    }

    /// An empty accumulator of the same shape for `runs` runs to come, lent enough of this
    /// one's spare chunks for them (chunks come back to this one when the new one is
    /// appended to it and flushed). Only memory is reused: the new accumulator's runs
    /// overwrite a chunk's values before anything reads them.
    pub fn spawn(&mut self, runs: usize) -> Accum {
        let take = runs.div_ceil(CHUNK_RUNS).min(self.spare.0.len());
        let spare = Spare(self.spare.0.split_off(self.spare.0.len() - take));
        Accum {
            hists: vec![IntHist::default(); self.hists.len()],
            reals: vec![RealCol::default(); self.reals.len()],
            pending: Vec::new(),
            spare,
            expected_runs: 0,
            pending_runs: 0,
            counted_runs: 0,
            event_hits: vec![0; self.event_hits.len()],
            real_events: self.real_events.clone(),
            budget: Vec::new(),
            campaign: Vec::new(),
            runs: 0,
            ..*self
        }
    }

    /// Keep counted chunks for reuse, up to a flush's worth ([`FLUSH_RUNS`] runs).
    fn keep_spare(&mut self, chunks: Vec<Chunk>) {
        let room = (FLUSH_RUNS / CHUNK_RUNS).saturating_sub(self.spare.0.len());
        self.spare.0.extend(chunks.into_iter().take(room));
    }

    /// Count the pending runs' values into their columns, each column on its own (in
    /// parallel natively, on the current rayon pool).
    pub fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut chunks = std::mem::take(&mut self.pending);
        let expected = self.expected_runs;
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.hists
                .par_iter_mut()
                .enumerate()
                .with_min_len(64)
                .for_each(|(c, h)| absorb_counts(c, h, &chunks));
            self.reals
                .par_iter_mut()
                .enumerate()
                .with_min_len(16)
                .for_each(|(k, col)| absorb_reals(k, col, &chunks, expected));
        }
        #[cfg(not(feature = "parallel"))]
        {
            for (c, h) in self.hists.iter_mut().enumerate() {
                absorb_counts(c, h, &chunks);
            }
            for (k, col) in self.reals.iter_mut().enumerate() {
                absorb_reals(k, col, &chunks, expected);
            }
        }
        for ch in &mut chunks {
            ch.runs = 0;
            ch.big.clear();
        }
        self.keep_spare(chunks);
        self.counted_runs += self.pending_runs as u64;
        self.pending_runs = 0;
    }

    /// Runs added or merged in.
    pub fn runs(&self) -> u64 {
        self.runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;
    use crate::sampling::uniform01;
    use crate::sim::summary::RAW_CAP;
    use crate::sim::summary::real_hist::RealHist;
    use crate::sim::summary::testing::{col_stats, hist_stats};
    use rand::SeedableRng;

    #[test]
    fn events_on_real_metrics_are_counted_as_runs_are_added() {
        use crate::scenario::Op;
        let nw = 3;
        let week = 2;
        let ev =
            |metric: usize, op: Op, value: f64| EventSpec { metric, op, value, week, label: String::new() };
        let events = [
            ev(m::CASELOAD, Op::Ge, 15.0),
            ev(m::IA_ON_TIME, Op::Lt, 0.5),
            ev(m::SPEND, Op::Le, 1000.0),
            ev(m::LAC, Op::Ge, 1.0),
        ];
        let mut rng = SimRng::seed_from_u64(9);
        let records: Vec<crate::sim::RunRecord> = (0..500)
            .map(|_| {
                let mut r = crate::sim::RunRecord {
                    weekly: (0..m::N * nw).map(|_| uniform01(&mut rng) * 30.0).collect(),
                    ..Default::default()
                };
                r.weekly[m::IA_ON_TIME * nw + week] =
                    if uniform01(&mut rng) < 0.2 { f64::NAN } else { uniform01(&mut rng) };
                r.weekly[m::SPEND * nw + week] = (uniform01(&mut rng) * 2000.0).round();
                r
            })
            .collect();
        let mut acc = Accum::new(nw, 0, 0, 0, &events);
        let mut blocks = Accum::new(nw, 0, 0, 0, &events);
        for chunk in records.chunks(128) {
            let mut b = Accum::new(nw, 0, 0, 0, &events);
            for r in chunk {
                acc.add(r);
                b.add(r);
            }
            blocks.merge(b);
        }
        for (j, e) in events.iter().enumerate() {
            let expected = if m::values(e.metric) == Values::Real {
                records
                    .iter()
                    .filter(|r| {
                        let x = r.weekly[e.metric * nw + e.week];
                        x.is_finite() && e.op.holds(x, e.value)
                    })
                    .count() as u64
            } else {
                0
            };
            assert_eq!(acc.event_hits[j], expected, "event {j}");
            assert_eq!(blocks.event_hits[j], expected, "event {j}, merged");
            assert!(m::values(e.metric) == Values::Count || expected > 0);
        }
    }

    #[test]
    fn pending_runs_give_the_same_columns_whatever_the_grouping_and_flushes() {
        let nw = 3;
        let mut rng = SimRng::seed_from_u64(13);
        // Counts with the edge cases of the conversion (fractions, negatives, NaN,
        // infinity; not values from u32::MAX up, whose histogram would take 16 GB), real
        // values with ties and NaN.
        let odd = [0.5, -3.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 2.9, 1e3 + 0.25];
        // More runs than RAW_CAP, so that the real columns become histograms (and, with
        // about 4,500 distinct values, sketches) part-way.
        let records: Vec<crate::sim::RunRecord> = (0..RAW_CAP + 900)
            .map(|i| crate::sim::RunRecord {
                weekly: (0..m::N * nw)
                    .map(|j| {
                        let u = uniform01(&mut rng);
                        if m::values(j / nw) == Values::Count {
                            if (i + j) % 97 == 0 { odd[(i + j) % odd.len()] } else { (u * 40.0).floor() }
                        } else if u < 0.1 {
                            f64::NAN
                        } else {
                            (u * 1e5).round() / 100.0
                        }
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        // The histograms as `IntHist::add` on the old conversion would make them.
        let count_of = |v: f64| if v.is_finite() && v > 0.0 { v as u64 } else { 0 };
        let mut direct = Accum::new(nw, 0, 0, 0, &[]);
        let mut direct_reals = vec![RealHist::default(); direct.reals.len()];
        for r in &records {
            for (ci, metric) in count_metrics(0).enumerate() {
                for w in 0..nw {
                    direct.hists[ci * nw + w].add(count_of(r.weekly[metric * nw + w]));
                }
            }
            for (ri, metric) in real_metrics(0).enumerate() {
                for w in 0..nw {
                    direct_reals[ri * nw + w].add(r.weekly[metric * nw + w]);
                }
            }
        }
        let same = |a: &Accum, what: &str| {
            assert_eq!(a.pending_runs, 0, "{what}");
            for (x, y) in a.hists.iter().zip(&direct.hists) {
                assert_eq!(x, y, "{what}");
            }
            assert_eq!(a.reals.len(), direct_reals.len());
            for (x, y) in a.reals.iter().zip(&direct_reals) {
                assert_eq!(col_stats(x), hist_stats(y), "{what}");
                if let RealCol::Hist(h) = x {
                    assert_eq!(h, y, "{what}");
                }
            }
        };
        // One accumulator, flushed every FLUSH_RUNS runs and at the end.
        let mut one = Accum::new(nw, 0, 0, 0, &[]);
        for r in &records {
            one.add(r);
        }
        one.flush();
        same(&one, "one");
        // Blocks of various sizes appended (pending), flushed at various points, merged
        // in any order.
        for (block, flush_every) in [(1usize, 3usize), (128, 1), (128, 4), (300, 2)] {
            let blocks: Vec<Accum> = records
                .chunks(block)
                .map(|c| {
                    let mut a = Accum::new(nw, 0, 0, 0, &[]);
                    for r in c {
                        a.add(r);
                    }
                    a
                })
                .collect();
            let mut acc = Accum::new(nw, 0, 0, 0, &[]);
            for (i, b) in blocks.into_iter().rev().enumerate() {
                acc.append(b);
                if i % flush_every == 0 {
                    acc.flush();
                }
            }
            acc.flush();
            same(&acc, &format!("blocks of {block}, flushed every {flush_every}"));
        }
        // Blocks spawned from the accumulator, reusing its counted chunks (whose old
        // values, and `BIG` overflows, must not leak into the new runs), as `simulate`.
        for (block, wave) in [(128usize, 4usize), (100, 3), (1, 1000)] {
            let mut acc = Accum::new(nw, 0, 0, 0, &[]);
            acc.expect_runs(records.len() as u64);
            for w in records.chunks(block * wave) {
                let blocks: Vec<Accum> = w.chunks(block).map(|c| acc.spawn(c.len())).collect();
                for (c, mut b) in w.chunks(block).zip(blocks) {
                    for r in c {
                        b.add(r);
                    }
                    acc.append(b);
                }
                if acc.pending_runs() >= FLUSH_RUNS {
                    acc.flush();
                }
            }
            // A copy with runs pending (as `finish` makes) has the state but not the spare
            // chunks, a cache of memory.
            let mut copy = acc.clone();
            assert!(copy.spare.0.is_empty());
            copy.flush();
            same(&copy, &format!("a copy, spawned blocks of {block}, waves of {wave}"));
            acc.flush();
            assert!(!acc.spare.0.is_empty());
            same(&acc, &format!("spawned blocks of {block}, waves of {wave}"));
        }
    }
}
