//! The assessment section: initial and core assessments, their timescales and outcomes.

use super::Ctx;
use crate::limits;
use crate::param::{Domain, Param};
use crate::scenario::{AllocationPolicy, AssessmentInput, Spec};

/// The assessment section, validated into `s`.
pub(super) fn assessment(c: &mut Ctx, asm: &AssessmentInput, s: &mut Spec) {
    let ia = &asm.initial;
    let ca = &asm.core;
    let ia_hours = c.p(&ia.hours, "assessment.initial.hours", Domain::Range(0.01, 1000.0));
    let ia_elapsed =
        c.table(&ia.elapsed_days, "assessment.initial.elapsed_days", limits::MAX_ELAPSED_DAYS.min(260));
    let to_core = c.p(&ia.to_core, "assessment.initial.to_core", Domain::Rate);
    let ca_hours = c.p(&ca.hours, "assessment.core.hours", Domain::Range(0.01, 1000.0));
    let ca_elapsed =
        c.table(&ca.elapsed_days, "assessment.core.elapsed_days", limits::MAX_ELAPSED_DAYS.min(520));
    let to_plan = c.p(&ca.to_plan, "assessment.core.to_plan", Domain::Rate);
    let to_lac = c.p(&ca.to_looked_after, "assessment.core.to_looked_after", Domain::Rate);
    for (name, t) in [("initial", ia.target_days), ("core", ca.target_days)] {
        if t == 0 || t > 520 {
            c.push(
                format!("assessment.{name}.target_days"),
                format!("{t} is not allowed; use 1 to 520 working days"),
            );
        }
    }
    if let (Param::Fixed(a), Param::Fixed(b)) = (&ca.to_plan, &ca.to_looked_after)
        && a + b > 1.0
    {
        c.push(
            "assessment.core.to_looked_after",
            format!("{b} plus to_plan {a} exceeds 1; the shares of outcomes must sum to at most 1"),
        );
    }
    let transfer_delay_days =
        c.p(&ca.transfer_delay_days, "assessment.core.transfer_delay_days", Domain::Range(1.0, 2600.0));
    s.oldest_first = asm.policy == AllocationPolicy::OldestFirst;
    (s.ia_hours, s.ia_elapsed, s.ia_target, s.to_core) = (ia_hours, ia_elapsed, ia.target_days, to_core);
    (s.ca_hours, s.ca_elapsed, s.ca_target) = (ca_hours, ca_elapsed, ca.target_days);
    (s.to_plan, s.to_lac, s.transfer_delay_days) = (to_plan, to_lac, transfer_delay_days);
}
