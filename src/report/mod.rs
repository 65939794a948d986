//! Outputs: the JSON summary, a tidy CSV of the weekly series and the budget table, a
//! readable text summary for the terminal, and (feature `paper`) the budget paper: Markdown
//! and printable HTML, SVG and PNG charts and an Excel workbook, built in memory
//! ([`paper::budget_paper`]).

pub mod csv;
pub mod figures;
pub mod text;

#[cfg(feature = "paper")]
pub mod assumptions;
#[cfg(feature = "paper")]
pub mod chart_style;
#[cfg(feature = "paper")]
pub mod charts;
#[cfg(feature = "paper")]
pub mod cumulative;
#[cfg(feature = "paper")]
pub mod doc;
#[cfg(feature = "paper")]
pub mod optimise;
#[cfg(feature = "paper")]
pub mod paper;
#[cfg(feature = "paper")]
pub mod template;
#[cfg(feature = "paper")]
pub mod tornado;
#[cfg(feature = "paper")]
pub mod workbook;
