//! An analysis's per-run rows as bytes, so a browser's workers can each compute a share of
//! the runs and one of them assemble the analysis from all the rows, in run order: the
//! numbers are the same bits whichever worker computed them, so the result is the one a
//! single thread gives.
//!
//! Layout (little-endian): the tag, the row count, the two widths, then each row's `a` and
//! `b` values as `f64` bits (NaN kept as it is).

use crate::error::AnalysisError;

/// One run's values: what the analysis reads (`a`) and what it drew (`b`).
pub type Row = (Vec<f64>, Vec<f64>);

const TAG: &[u8; 8] = b"wfsrows1";

/// The rows as bytes; every row must have the widths of the first.
pub fn to_bytes(rows: &[Row]) -> Vec<u8> {
    let (wa, wb) = rows.first().map_or((0, 0), |r| (r.0.len(), r.1.len()));
    let mut out = Vec::with_capacity(32 + rows.len() * (wa + wb) * 8);
    out.extend_from_slice(TAG);
    for n in [rows.len(), wa, wb] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    for (a, b) in rows {
        debug_assert!(a.len() == wa && b.len() == wb);
        for x in a.iter().chain(b) {
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
    }
    out
}

/// Appends the rows in `bytes` to `rows`, checking that they have the widths of the rows
/// already there (if any).
pub fn append_bytes(rows: &mut Vec<Row>, bytes: &[u8]) -> Result<(), AnalysisError> {
    let bad = |m: &str| AnalysisError::Share(m.to_string());
    let word = |i: usize| -> Option<u64> {
        bytes.get(i * 8..i * 8 + 8).map(|w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])))
    };
    if bytes.get(..8) != Some(TAG.as_slice()) {
        return Err(bad("not an analysis share"));
    }
    let (Some(n), Some(wa), Some(wb)) = (word(1), word(2), word(3)) else {
        return Err(bad("cut short"));
    };
    let (n, wa, wb) = (n as usize, wa as usize, wb as usize);
    let values = n.checked_mul(wa + wb).ok_or_else(|| bad("too large"))?;
    if bytes.len() != 32 + values * 8 {
        return Err(bad("its length does not match its row count"));
    }
    if n > 0 && rows.first().is_some_and(|r| (r.0.len(), r.1.len()) != (wa, wb)) {
        return Err(bad("its rows do not match the other shares'"));
    }
    rows.reserve(n);
    let mut i = 4;
    let mut take = |w: usize| {
        let v: Vec<f64> = (i..i + w).map(|k| f64::from_bits(word(k).unwrap_or(0))).collect();
        i += w;
        v
    };
    for _ in 0..n {
        let a = take(wa);
        let b = take(wb);
        rows.push((a, b));
    }
    Ok(())
}

/// The rows of all shares, in the order given, checked to be `runs` in all.
pub fn from_shares(shares: &[&[u8]], runs: u64) -> Result<Vec<Row>, AnalysisError> {
    let mut rows = Vec::with_capacity(runs as usize);
    for bytes in shares {
        append_bytes(&mut rows, bytes)?;
    }
    if rows.len() as u64 != runs {
        return Err(AnalysisError::Share(format!("the shares hold {} runs, not {runs}", rows.len())));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_bit_for_bit_in_order() {
        let rows: Vec<Row> =
            vec![(vec![1.5, f64::NAN, -0.0], vec![3.0]), (vec![f64::INFINITY, 2.0, 1e-300], vec![-7.25])];
        let (one, two) = (to_bytes(&rows[..1]), to_bytes(&rows[1..]));
        let back = from_shares(&[&one, &two], 2).unwrap();
        let bits = |r: &[Row]| -> Vec<u64> {
            r.iter().flat_map(|(a, b)| a.iter().chain(b).map(|x| x.to_bits()).collect::<Vec<_>>()).collect()
        };
        assert_eq!(bits(&back), bits(&rows));
    }

    #[test]
    fn bad_shares_are_refused() {
        let rows: Vec<Row> = vec![(vec![1.0], vec![2.0])];
        let bytes = to_bytes(&rows);
        assert!(from_shares(&[&bytes[..bytes.len() - 1]], 1).is_err());
        assert!(from_shares(&[b"not rows at all, not at all"], 1).is_err());
        assert!(from_shares(&[&bytes], 2).is_err());
        let wider = to_bytes(&[(vec![1.0, 2.0], vec![3.0])]);
        assert!(from_shares(&[&bytes, &wider], 2).is_err());
    }
}
