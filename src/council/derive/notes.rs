//! Values with their notes, read from the figures and written as TOML. Figures fall back
//! on England's rates scaled by the child population.

use crate::council::data::Published;
use crate::council::defaults::Default as Nd;
use crate::council::figures::Figures;
use crate::money::Money;
use std::fmt::Write;

/// A number with the note that says where it came from.
#[derive(Clone, Debug)]
pub(super) struct Got {
    pub(super) v: f64,
    pub(super) note: String,
}

pub(super) fn got(v: f64, note: impl Into<String>) -> Got {
    Got { v, note: note.into() }
}

/// Reads figures, falling back to England's rates scaled by the child population.
pub(super) struct Source<'a> {
    pub(super) fig: &'a Figures,
    pub(super) england: &'a Published,
    /// This council's children under 18 over England's.
    pub(super) scale: f64,
    pub(super) scale_note: String,
}

impl Source<'_> {
    pub(super) fn given(&self, key: &str) -> Option<Got> {
        let v = self.fig.number(key)?;
        Some(got(v, self.fig.source(key).unwrap_or_default()))
    }
    /// A count: given, else England's scaled by children.
    pub(super) fn count(&self, key: &str, england: Option<f64>, what: &str) -> Got {
        self.given(key).unwrap_or_else(|| {
            let e = england.unwrap_or(0.0);
            got(
                e * self.scale,
                format!(
                    "national rate: England's {} {what} ([DfE] {}) scaled by {}",
                    fmt_num(e),
                    self.england.year,
                    self.scale_note
                ),
            )
        })
    }
    /// A rate: given, else England's.
    pub(super) fn rate(&self, key: &str, england_percent: Option<f64>, what: &str) -> Got {
        self.given(key).unwrap_or_else(|| {
            let e = england_percent.unwrap_or(0.0) / 100.0;
            got(
                e,
                format!(
                    "national rate: England's {what} {}% ([DfE] {})",
                    fmt_num(e * 100.0),
                    self.england.year
                ),
            )
        })
    }
    pub(super) fn money(&self, key: &str, default: (i64, &str)) -> (Money, String) {
        match self.fig.money(key) {
            Some(m) => (m, self.fig.source(key).unwrap_or_default()),
            None => (Money::from_pounds(default.0), default.1.to_string()),
        }
    }
}

pub(super) fn fmt_num(x: f64) -> String {
    let r = if x.abs() >= 100.0 { x.round() } else { (x * 100.0).round() / 100.0 };
    format!("{r}")
}

/// A TOML number as written: whole numbers without a point, else up to 4 decimals.
pub(super) fn num(x: f64) -> String {
    let r = (x * 1e4).round() / 1e4;
    if r == r.trunc() && r.abs() < 1e15 { format!("{}", r as i64) } else { format!("{r}") }
}

/// The commented TOML being written.
pub(super) struct Out(pub(super) String);

impl Out {
    pub(super) fn line(&mut self, s: &str) {
        self.0.push_str(s);
        self.0.push('\n');
    }
    pub(super) fn kv(&mut self, key: &str, value: String, note: &str) {
        let s = format!("{key} = {value}");
        if note.is_empty() {
            self.line(&s);
        } else {
            let pad = 32usize.saturating_sub(s.chars().count()).max(1);
            let _ = writeln!(self.0, "{s}{}# {note}", " ".repeat(pad));
        }
    }
    pub(super) fn n(&mut self, key: &str, g: &Got) {
        self.kv(key, num(g.v), &g.note);
    }
    pub(super) fn d(&mut self, key: &str, d: &Nd) {
        self.kv(key, num(d.value), d.note);
    }
}

pub(super) fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
