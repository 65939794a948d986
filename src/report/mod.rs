//! Outputs: the JSON summary, a tidy CSV of the weekly series and the budget table, and a
//! readable text summary for the terminal.

pub mod csv;
pub mod text;
