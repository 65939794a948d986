//! The app's "Start from your council" and "move the scenario in time": the DfE council
//! list, the figure form's rows, the scenario derived from them, and the date shift.

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::scenario;

/// The councils in the DfE data, each with the years it has figures for.
#[wasm_bindgen(unchecked_return_type = "Array<{ code: string; name: string; years: number[] }>")]
pub fn councils() -> Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(&crate::council::form::councils()).map_err(|e| js_error(e, &[]))
}

/// The council figure set as form rows, pre-filled for the council (ONS code; empty for
/// none) and year (default: the latest).
#[wasm_bindgen(
    js_name = councilFigures,
    unchecked_return_type = "Array<{ key: string; group: string; kind: string; unit: string; help: string; value: string; source: string }>"
)]
pub fn council_figures(code: &str, year: Option<i32>) -> Result<JsValue, JsValue> {
    let rows = crate::council::form::rows(code, year).map_err(|m| js_error(m, &[]))?;
    serde_wasm_bindgen::to_value(&rows).map_err(|e| js_error(e, &[]))
}

/// The scenario (commented TOML) derived from the council's figures and the form's values
/// (template CSV); throws an Error whose `.problems` name the figures at fault.
#[wasm_bindgen(js_name = councilScenario)]
pub fn council_scenario(code: &str, year: Option<i32>, csv: &str) -> Result<String, JsValue> {
    crate::council::form::scenario(code, year, csv)
        .map_err(|ps| js_error("the figures cannot be used as they are", &ps))
}

/// The scenario document (JSON) moved from the start date `from` to `to`: every dated item
/// by the same amount (`scenario::shift`). Returns `{ doc, moved, note }` as JSON.
#[wasm_bindgen(js_name = shiftScenario)]
pub fn shift_scenario(doc: &str, from: &str, to: &str) -> Result<String, JsValue> {
    let date = |s: &str, what: &str| {
        s.parse::<chrono::NaiveDate>()
            .map_err(|_| js_error(format!("{what}: {s:?} is not a date (YYYY-MM-DD)"), &[]))
    };
    let (from, to) = (date(from, "from")?, date(to, "to")?);
    let mut doc: serde_json::Value = serde_json::from_str(doc).map_err(|e| js_error(e, &[]))?;
    let shifted = scenario::shift::shift_from(&mut doc, from, to).map_err(|m| js_error(m, &[]))?;
    Ok(serde_json::json!({ "doc": doc, "moved": shifted.moved, "note": shifted.note }).to_string())
}
