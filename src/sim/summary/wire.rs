//! An accumulator's counted state as bytes, so that a Monte Carlo split across processes
//! (the browser's workers, each running a range of runs) is merged into the summary one
//! process alone would have made: the histograms, raw columns, exact sums, event counts and
//! per-run budget and campaign lists cross as they are, bit for bit.
//!
//! Little-endian; a header of the shape, then each part in field order. Only a flushed
//! accumulator is written (pending runs are counted first).

use super::Accum;
use super::exact_sum::ExactSum;
use super::int_hist::IntHist;
use super::real_col::RealCol;
use super::real_hist::{KeyHash, RealHist};
use crate::money::Money;
use hashbrown::HashMap;

/// The first bytes of the format (its version in the last one).
const MAGIC: &[u8; 4] = b"WFA1";

impl Accum {
    /// The counted state as bytes (flushing pending runs first).
    pub fn to_bytes(&mut self) -> Vec<u8> {
        self.flush();
        let mut w = Vec::with_capacity(1 << 16);
        w.extend_from_slice(MAGIC);
        for n in [self.n_weeks, self.n_fy, self.n_campaigns, self.hists.len(), self.reals.len()] {
            put_u64(&mut w, n as u64);
        }
        put_u64(&mut w, self.runs);
        for h in &self.hists {
            put_u64(&mut w, h.n);
            put_u64(&mut w, h.counts.len() as u64);
            w.extend(h.counts.iter().flat_map(|c| c.to_le_bytes()));
        }
        for col in &self.reals {
            match col {
                RealCol::Raw(v) => {
                    w.push(0);
                    put_u64(&mut w, v.len() as u64);
                    w.extend(v.iter().flat_map(|x| x.to_le_bytes()));
                }
                RealCol::Hist(h) => {
                    w.push(1 + u8::from(h.sketch));
                    put_u64(&mut w, h.n);
                    put_u64(&mut w, h.map.len() as u64);
                    for (k, c) in &h.map {
                        w.extend_from_slice(&k.to_le_bytes());
                        w.extend_from_slice(&c.to_le_bytes());
                    }
                    put_u64(&mut w, h.sum.groups.len() as u64);
                    for (g, v) in &h.sum.groups {
                        w.extend_from_slice(&g.to_le_bytes());
                        w.extend_from_slice(&v.to_le_bytes());
                    }
                }
            }
        }
        put_u64(&mut w, self.event_hits.len() as u64);
        w.extend(self.event_hits.iter().flat_map(|x| x.to_le_bytes()));
        put_u64(&mut w, self.budget.len() as u64);
        w.extend(self.budget.iter().flat_map(|m| m.as_decimal().serialize()));
        put_u64(&mut w, self.campaign.len() as u64);
        w.extend(self.campaign.iter().flat_map(|x| x.to_le_bytes()));
        w
    }

    /// Append the runs of another accumulator of the same shape, given as
    /// [`Accum::to_bytes`] wrote it, whose runs come after this one's.
    pub fn merge_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        let o = self.read(bytes).map_err(|e| format!("a worker's partial results are unreadable: {e}"))?;
        self.merge(o);
        Ok(())
    }

    /// An accumulator of this one's shape holding the state in `bytes`.
    fn read(&self, bytes: &[u8]) -> Result<Accum, &'static str> {
        let mut r = Reader(bytes);
        if r.take(4)? != MAGIC {
            return Err("not a wfsim accumulator (or another version)");
        }
        let shape = [self.n_weeks, self.n_fy, self.n_campaigns, self.hists.len(), self.reals.len()];
        for want in shape {
            if r.len()? != want {
                return Err("another scenario's shape");
            }
        }
        let mut o = Accum::new(self.n_weeks, self.n_fy, self.n_campaigns, self.n_types, &[]);
        o.hists = Vec::with_capacity(self.hists.len());
        o.reals = Vec::with_capacity(self.reals.len());
        o.real_events = self.real_events.clone();
        o.runs = r.u64()?;
        for _ in 0..self.hists.len() {
            let n = r.u64()?;
            let len = r.len()?;
            let counts = r.take(len.checked_mul(4).ok_or("too long")?)?;
            let counts = counts.chunks_exact(4).map(|b| u32::from_le_bytes(b.try_into().unwrap())).collect();
            o.hists.push(IntHist { counts, n });
        }
        for _ in 0..self.reals.len() {
            let tag = r.take(1)?[0];
            if tag == 0 {
                let len = r.len()?;
                let v = r.take(len.checked_mul(8).ok_or("too long")?)?;
                o.reals.push(RealCol::Raw(
                    v.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).collect(),
                ));
                continue;
            }
            if tag > 2 {
                return Err("an unknown column kind");
            }
            let n = r.u64()?;
            let len = r.len()?;
            let mut map = HashMap::with_capacity_and_hasher(len.min(1 << 20), KeyHash::default());
            for _ in 0..len {
                let k = i64::from_le_bytes(r.array()?);
                let c = u32::from_le_bytes(r.array()?);
                map.insert(k, c);
            }
            let groups = (0..r.len()?)
                .map(|_| Ok((u16::from_le_bytes(r.array()?), i128::from_le_bytes(r.array()?))))
                .collect::<Result<_, &'static str>>()?;
            o.reals.push(RealCol::Hist(RealHist { map, sketch: tag == 2, n, sum: ExactSum { groups } }));
        }
        o.event_hits =
            (0..r.len()?).map(|_| Ok(u64::from_le_bytes(r.array()?))).collect::<Result<_, &'static str>>()?;
        if o.event_hits.len() != self.event_hits.len() {
            return Err("another scenario's events");
        }
        o.budget = (0..r.len()?)
            .map(|_| Ok(Money::from_decimal(rust_decimal::Decimal::deserialize(r.array()?))))
            .collect::<Result<_, &'static str>>()?;
        o.campaign =
            (0..r.len()?).map(|_| Ok(u32::from_le_bytes(r.array()?))).collect::<Result<_, &'static str>>()?;
        if !r.0.is_empty() {
            return Err("bytes left over");
        }
        o.counted_runs = o.runs;
        Ok(o)
    }
}

fn put_u64(w: &mut Vec<u8>, x: u64) {
    w.extend_from_slice(&x.to_le_bytes());
}

/// Reads the format front to back; every read checks the length left.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        if n > self.0.len() {
            return Err("cut short");
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }
    fn u64(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn len(&mut self) -> Result<usize, &'static str> {
        usize::try_from(self.u64()?).map_err(|_| "too long")
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::presets;
    use crate::sim::montecarlo::{Options, finish_shares, simulate, simulate_share};

    /// The shares of a split Monte Carlo, each through bytes, merged in run order.
    fn split(s: &crate::scenario::Scenario, runs: u64, seed: u64, cuts: &[u64]) -> String {
        let opts = Options::new(runs, seed);
        let bytes: Vec<Vec<u8>> = cuts
            .windows(2)
            .map(|w| simulate_share(s, &opts, w[0], w[1]).expect("share").to_bytes())
            .collect();
        let parts: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        finish_shares(s, runs, seed, &parts).expect("merge").to_json()
    }

    #[test]
    fn shares_merged_through_bytes_give_the_whole_runs_summary() {
        let s = presets::load(presets::DEFAULT).expect("preset");
        // 300 runs: shares of whole blocks, and one of a block and a bit. 9,000 runs:
        // shares of 3,000 (raw columns merged past RAW_CAP into histograms) and of 4,500
        // (histograms, some sketched, merged).
        for (runs, cuts) in [
            (300, vec![0, 300]),
            (300, vec![0, 128, 300]),
            (300, vec![0, 128, 256, 300]),
            (9000, vec![0, 3000, 6000, 9000]),
            (9000, vec![0, 4480, 9000]),
        ] {
            let whole = simulate(&s, &Options::new(runs, 7)).expect("simulate").to_json();
            assert!(whole == split(&s, runs, 7, &cuts), "{runs} runs split at {cuts:?}");
        }
    }

    #[test]
    fn bad_bytes_and_bad_shares_are_errors() {
        let s = presets::load(presets::DEFAULT).expect("preset");
        let opts = Options::new(200, 1);
        let good = simulate_share(&s, &opts, 0, 200).expect("share").to_bytes();
        for bad in [&b"nonsense"[..], &good[..good.len() - 1], &[]] {
            assert!(finish_shares(&s, 200, 1, &[bad]).is_err());
        }
        // Too few runs for the Monte Carlo.
        let half = simulate_share(&s, &opts, 0, 100).expect("share").to_bytes();
        assert!(finish_shares(&s, 200, 1, &[&half]).is_err());
        assert!(simulate_share(&s, &opts, 100, 100).is_err());
        assert!(simulate_share(&s, &opts, 0, 201).is_err());
    }
}
