//! An assessment queue (initial or core): items waiting, oldest first, then in progress
//! for an elapsed time drawn per item.
//!
//! Waiting items are kept as buckets `(key day, count)` in key order, so a day's
//! arrivals cost one push and the hot loop never allocates once the buckets' capacity is
//! reached. In-progress items are not kept one by one: what matters about each is known
//! when it is allocated (its completion day, whether it will be on time, and when it
//! becomes overdue if it is still in progress), so it is recorded as counts in per-day
//! arrays: completions, on-time completions, and changes of the overdue count.

use crate::rng::SimRng;
use crate::sampling::DiscreteTable;

/// Changes to the items in progress at the end of one day.
#[derive(Clone, Copy, Debug, Default)]
struct DayCounts {
    /// Items that complete (low 32 bits) and, of those, items whose wait (completion day
    /// - key day) is within the target (high 32 bits): one addition per item allocated.
    done_on_time: u64,
    /// Change of the number of in-progress items past the target.
    overdue_delta: i32,
}

/// The `done_on_time` increment of one item.
const DONE: u64 = 1;
const ON_TIME: u64 = 1 << 32;

/// One assessment queue for one run.
#[derive(Clone, Debug, Default)]
pub struct AssessQueue {
    /// Waiting items from `head` on: (key day, count), oldest first. Key days may be
    /// negative (before day 0). Buckets before `head` are used up; the vector only grows
    /// within a run (a bucket a day at most), so taking from the front is a step of `head`.
    buckets: Vec<(i64, u32)>,
    head: usize,
    n_waiting: u64,
    in_progress: u64,
    /// What happens to items in progress at the end of each day: the run's days, then
    /// room for the longest elapsed time past the last, so that recording a completion
    /// never needs a bounds test (days past the run are never read, but count as
    /// completions still to come in [`AssessQueue::check`]).
    days: Vec<DayCounts>,
    overdue_in_progress: i64,
    target: i64,
}

impl AssessQueue {
    /// Reset for a run of `n_days` days with a timescale of `target` working days and
    /// elapsed times of at most `max_elapsed` working days.
    pub fn reset(&mut self, n_days: usize, target: u32, max_elapsed: u32) {
        self.buckets.clear();
        self.head = 0;
        self.n_waiting = 0;
        self.in_progress = 0;
        self.days.clear();
        self.days.resize(n_days + max_elapsed as usize + 1, DayCounts::default());
        self.overdue_in_progress = 0;
        self.target = target as i64;
    }

    /// Add `n` items that joined on `key` (keys must not decrease between calls, except
    /// that the initial state may be pushed in any order before day 0: it is sorted).
    #[inline]
    pub fn push(&mut self, key: i64, n: u32) {
        if n == 0 {
            return;
        }
        self.n_waiting += n as u64;
        match self.buckets[self.head..].last_mut() {
            Some((k, c)) if *k == key => *c += n,
            Some((k, _)) if *k > key => self.insert_sorted(key, n),
            _ => self.buckets.push((key, n)),
        }
    }

    /// Only the initial state can arrive out of order: keep the buckets sorted.
    #[cold]
    fn insert_sorted(&mut self, key: i64, n: u32) {
        let head = self.head;
        let pos = head + self.waiting().partition_point(|(kk, _)| *kk <= key);
        if pos > head && self.buckets[pos - 1].0 == key {
            self.buckets[pos - 1].1 += n;
        } else {
            self.buckets.insert(pos, (key, n));
        }
    }

    /// Key day and count of the front bucket (the oldest waiting items, which share a key
    /// day), if they may be allocated on `today` (they joined before today).
    #[inline]
    pub fn front_eligible(&self, today: i64) -> Option<(i64, u64)> {
        match self.buckets.get(self.head) {
            Some(&(k, c)) if k < today => Some((k, u64::from(c))),
            _ => None,
        }
    }

    /// Allocate up to `max` of the oldest waiting items (those of the front bucket, which
    /// share a key day) on `today`: draw each one's elapsed time and record when it
    /// completes, whether on time, and when it is overdue while in progress. Returns how
    /// many were allocated.
    #[inline]
    pub fn allocate_front(
        &mut self,
        today: usize,
        max: u64,
        elapsed: &DiscreteTable,
        rng: &mut SimRng,
    ) -> u64 {
        let Some(front) = self.buckets.get_mut(self.head) else { return 0 };
        let key = front.0;
        let k = u64::from(front.1).min(max);
        front.1 -= k as u32;
        if front.1 == 0 {
            self.head += 1;
        }
        self.n_waiting -= k;
        self.start_many(key, today, k, || elapsed.sample(rng));
        k
    }

    /// Put an item with key `key` in progress on `today` for `e` working days.
    pub fn start(&mut self, key: i64, today: usize, e: usize) {
        self.start_many(key, today, 1, || e as u32);
    }

    /// Put `k` items with key `key` in progress on `today`, each for `elapsed()` working
    /// days (at most the `max_elapsed` of [`AssessQueue::reset`]).
    ///
    /// An item completing at the end of day `c = today + e` is on time when `c - key <=
    /// target`, that is `e <= key + target - today`; it is overdue while in progress from
    /// the end of day `first_overdue = max(key + target + 1, today)` until `c`, if
    /// `first_overdue < c`. Those bounds are the same for the whole batch.
    #[inline(always)]
    fn start_many(&mut self, key: i64, today: usize, k: u64, mut elapsed: impl FnMut() -> u32) {
        self.in_progress += k;
        let slack = key + self.target - today as i64;
        let first_overdue = (key + self.target + 1).max(today as i64) as usize;
        let days = &mut self.days[today..];
        let overdue_from = first_overdue - today; // items with e > overdue_from are overdue
        let mut overdue = 0i32;
        for _ in 0..k {
            let e = elapsed() as usize;
            let d = &mut days[e];
            d.done_on_time += DONE + ON_TIME * u64::from(e as i64 <= slack);
            let late = i32::from(e > overdue_from);
            d.overdue_delta -= late;
            overdue += late;
        }
        if let Some(d) = self.days.get_mut(first_overdue) {
            d.overdue_delta += overdue;
        }
    }

    /// End of day `t`: returns (completed, of which on time), and updates the counts.
    #[inline]
    pub fn end_day(&mut self, t: usize) -> (u32, u32) {
        let d = self.days[t];
        let (done, on_time) = (d.done_on_time as u32, (d.done_on_time >> 32) as u32);
        self.in_progress -= u64::from(done);
        self.overdue_in_progress += d.overdue_delta as i64;
        (done, on_time)
    }

    /// The waiting buckets, oldest first.
    fn waiting(&self) -> &[(i64, u32)] {
        &self.buckets[self.head..]
    }

    pub fn n_waiting(&self) -> u64 {
        self.n_waiting
    }
    pub fn in_progress(&self) -> u64 {
        self.in_progress
    }
    /// Waiting plus in progress.
    pub fn backlog(&self) -> u64 {
        self.n_waiting + self.in_progress
    }

    /// Items outstanding at the end of day `t` whose age exceeds the target.
    pub fn overdue(&self, t: usize) -> u64 {
        let limit = t as i64 - self.target; // overdue when key < limit
        let mut waiting = 0u64;
        for &(k, c) in self.waiting() {
            if k >= limit {
                break;
            }
            waiting += c as u64;
        }
        waiting + self.overdue_in_progress.max(0) as u64
    }

    /// Checks the bookkeeping at the end of day `t`: bucket counts add up, and items in
    /// progress equal completions still to come.
    pub fn check(&self, t: usize) -> Result<(), String> {
        let buckets: u64 = self.waiting().iter().map(|&(_, c)| c as u64).sum();
        if buckets != self.n_waiting {
            return Err(format!("waiting buckets {buckets} != waiting count {}", self.n_waiting));
        }
        if self.waiting().iter().any(|&(_, c)| c == 0) {
            return Err("an empty waiting bucket".into());
        }
        let to_come: u64 = self.days[t + 1..].iter().map(|d| u64::from(d.done_on_time as u32)).sum();
        if to_come != self.in_progress {
            return Err(format!("in progress {} != completions to come {to_come}", self.in_progress));
        }
        if self.overdue_in_progress < 0 || self.overdue_in_progress as u64 > self.in_progress {
            return Err(format!("overdue in progress {} out of range", self.overdue_in_progress));
        }
        Ok(())
    }
}
