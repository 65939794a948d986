//! The model's moving parts, each a small state machine used by the day step in
//! [`crate::sim`]: assessment queues, the permanent workforce, the recruitment pipeline,
//! and the priced items that make up the budget lines.

pub mod budget;
pub mod queue;
pub mod stock;
pub mod workforce;
