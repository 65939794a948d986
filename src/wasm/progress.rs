//! The JS progress callback of the run in progress. `Options::progress` must be `Sync`,
//! which a JS function is not, so the callback waits here (this build is single-threaded)
//! and the closure handed to the core captures nothing. A stack, because a callback may
//! itself start a run.

use std::cell::RefCell;
use wasm_bindgen::JsValue;

struct Entry {
    callback: js_sys::Function,
    thrown: Option<JsValue>,
}

thread_local! {
    static STACK: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a callback on the stack for the duration of one run.
pub struct Guard(());

impl Guard {
    pub fn push(callback: js_sys::Function) -> Guard {
        STACK.with_borrow_mut(|s| s.push(Entry { callback, thrown: None }));
        Guard(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        STACK.with_borrow_mut(|s| s.pop());
    }
}

/// Calls the current callback; false (cancel) if it returned `false` or threw.
pub fn report(done: u64, total: u64) -> bool {
    // Cloned out first: the callback may start a run, which pushes onto the stack.
    let Some(callback) = STACK.with_borrow(|s| s.last().map(|e| e.callback.clone())) else {
        return true;
    };
    match callback.call2(&JsValue::UNDEFINED, &JsValue::from(done as f64), &JsValue::from(total as f64)) {
        Ok(v) => v.as_bool() != Some(false),
        Err(thrown) => {
            STACK.with_borrow_mut(|s| {
                if let Some(e) = s.last_mut() {
                    e.thrown = Some(thrown);
                }
            });
            false
        }
    }
}

/// What the current callback threw, if anything.
pub fn take_thrown() -> Option<JsValue> {
    STACK.with_borrow_mut(|s| s.last_mut().and_then(|e| e.thrown.take()))
}
