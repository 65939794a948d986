//! The events section: questions about the simulated future, answered as probabilities.

use super::Ctx;
use crate::calendar::Calendar;
use crate::limits;
use crate::scenario::{EventInput, EventSpec, Op};

pub(super) fn events(c: &mut Ctx, input: &[EventInput], cal: &Calendar) -> Vec<EventSpec> {
    c.list_len("events", input.len());
    let mut events = Vec::new();
    for (i, e) in input.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("events[{i}]");
        let metric = crate::metrics::index_of(&e.metric);
        if metric.is_none() {
            c.push(
                format!("{path}.metric"),
                format!("{:?} is not a weekly metric; see MODEL.md for the names", e.metric),
            );
        }
        let op = match e.op.as_str() {
            "<=" => Some(Op::Le),
            "<" => Some(Op::Lt),
            ">=" => Some(Op::Ge),
            ">" => Some(Op::Gt),
            "==" => Some(Op::Eq),
            other => {
                c.push(
                    format!("{path}.op"),
                    format!("{other:?} is not a comparison; use <=, <, >=, > or =="),
                );
                None
            }
        };
        if !e.value.is_finite() {
            c.push(format!("{path}.value"), format!("{} is not a finite number", e.value));
        }
        let week = cal.week_containing(e.on);
        if week.is_none() {
            c.push(format!("{path}.on"), format!("{} is outside the simulated weeks", e.on));
        }
        if let (Some(metric), Some(op), Some(week)) = (metric, op, week) {
            events.push(EventSpec {
                metric,
                op,
                value: e.value,
                week,
                label: format!("{} {} {} on {}", e.metric, op.symbol(), e.value, e.on),
            });
        }
    }
    events
}
