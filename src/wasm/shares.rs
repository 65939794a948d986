//! The decision analyses split across the browser's workers: each worker computes the rows
//! of a share of the runs (`…Share`, bytes, see [`crate::analysis::rows`]) and one worker
//! assembles the analysis from all the shares in run order (`…Merge`): the JSON text the
//! whole analysis in one worker, or `wfsim sensitivity|calibrate --json`, gives.

use wasm_bindgen::prelude::*;

use super::{Scenario, js_error, parse_runs, parse_seed, progress};
use crate::analysis::{Outcome, calibrate, rows, sensitivity};
use crate::error::AnalysisError;
use crate::limits;

/// A run index from JS: whole numbers below 2^53 convert exactly; anything else is refused
/// (as past the end) by the share.
fn run_index(x: f64) -> u64 {
    if x.fract() == 0.0 && (0.0..=limits::MAX_SEED as f64).contains(&x) { x as u64 } else { u64::MAX }
}

/// The shares' bytes (`Uint8Array[]`), in run order.
fn share_bytes(shares: &js_sys::Array) -> Vec<Vec<u8>> {
    shares.iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect()
}

/// An analysis error for JS; a cancel by the progress callback rethrows what it threw.
fn analysis_error(e: AnalysisError) -> JsValue {
    match e {
        AnalysisError::Cancelled => progress::take_thrown().unwrap_or_else(|| js_error(e, &[])),
        e => js_error(e, &[]),
    }
}

#[wasm_bindgen]
impl Scenario {
    /// Paired runs `first..last` of [`Scenario::sensitivity`] with the same arguments: the
    /// share's rows as bytes, for [`Scenario::sensitivity_merge`]. `progress(done, total)`
    /// counts the share's paired runs; false cancels.
    #[wasm_bindgen(js_name = sensitivityShare)]
    #[allow(clippy::too_many_arguments)] // the analysis's arguments, and the share's
    pub fn sensitivity_share(
        &self,
        metric: &str,
        when: &str,
        line: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        first: f64,
        last: f64,
        progress: Option<js_sys::Function>,
    ) -> Result<Vec<u8>, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let outcome =
            Outcome::parse(&self.inner, metric, when, line.as_deref()).map_err(|m| js_error(m, &[]))?;
        let report = |done: u64, total: u64| progress::report(done, total);
        let cb: Option<&(dyn Fn(u64, u64) -> bool + Sync)> =
            if progress.is_some() { Some(&report) } else { None };
        let _guard = progress.map(progress::Guard::push);
        let rows = sensitivity::share_rows(
            &self.inner,
            &outcome,
            runs,
            seed,
            run_index(first),
            run_index(last),
            None,
            cb,
        )
        .map_err(analysis_error)?;
        Ok(rows::to_bytes(&rows))
    }

    /// The sensitivity analysis from its shares' rows ([`Scenario::sensitivity_share`], in
    /// run order): the text [`Scenario::sensitivity`] gives.
    #[wasm_bindgen(js_name = sensitivityMerge)]
    pub fn sensitivity_merge(
        &self,
        metric: &str,
        when: &str,
        line: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] shares: js_sys::Array,
    ) -> Result<String, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let outcome =
            Outcome::parse(&self.inner, metric, when, line.as_deref()).map_err(|m| js_error(m, &[]))?;
        let bytes = share_bytes(&shares);
        let parts: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        let per_run = rows::from_shares(&parts, runs).map_err(analysis_error)?;
        let r = sensitivity::assemble(&self.inner, &outcome, runs, seed, &per_run).map_err(analysis_error)?;
        serde_json::to_string_pretty(&r).map_err(|e| js_error(e, &[]))
    }

    /// Draws `first..last` of [`Scenario::calibrate`] with the same arguments: the share's
    /// rows as bytes, for [`Scenario::calibrate_merge`]. `progress(done, total)` counts the
    /// share's draws; false cancels.
    #[wasm_bindgen(js_name = calibrateShare)]
    #[allow(clippy::too_many_arguments)] // the analysis's arguments, and the share's
    pub fn calibrate_share(
        &self,
        observations_csv: &str,
        paths: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] draws: JsValue,
        accept: f64,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        first: f64,
        last: f64,
        progress: Option<js_sys::Function>,
    ) -> Result<Vec<u8>, JsValue> {
        let draws = parse_runs(&draws, "draws", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let obs = calibrate::read_observations(observations_csv).map_err(|m| js_error(m, &[]))?;
        let setup = calibrate::Setup::new(&self.inner, &obs, &paths, draws, accept, seed)
            .map_err(|m| js_error(m, &[]))?;
        let report = |done: u64, total: u64| progress::report(done, total);
        let cb: Option<&(dyn Fn(u64, u64) -> bool + Sync)> =
            if progress.is_some() { Some(&report) } else { None };
        let _guard = progress.map(progress::Guard::push);
        let rows = setup.rows(run_index(first), run_index(last), None, cb).map_err(analysis_error)?;
        Ok(rows::to_bytes(&rows))
    }

    /// The calibration from its shares' rows ([`Scenario::calibrate_share`], in draw order):
    /// the text [`Scenario::calibrate`] gives.
    #[wasm_bindgen(js_name = calibrateMerge)]
    pub fn calibrate_merge(
        &self,
        observations_csv: &str,
        paths: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] draws: JsValue,
        accept: f64,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] shares: js_sys::Array,
    ) -> Result<String, JsValue> {
        let draws = parse_runs(&draws, "draws", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let obs = calibrate::read_observations(observations_csv).map_err(|m| js_error(m, &[]))?;
        let setup = calibrate::Setup::new(&self.inner, &obs, &paths, draws, accept, seed)
            .map_err(|m| js_error(m, &[]))?;
        let bytes = share_bytes(&shares);
        let parts: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        let per_run = rows::from_shares(&parts, draws).map_err(analysis_error)?;
        let c = setup.assemble(&per_run).map_err(analysis_error)?;
        serde_json::to_string_pretty(&c).map_err(|e| js_error(e, &[]))
    }
}
