//! The staffing sections: the permanent workforce, agency cover and pods.

use super::{COUNT, Ctx, day_after, day_on_or_after};
use crate::calendar::Calendar;
use crate::limits;
use crate::param::Domain;
use crate::scenario::{AgencyCap, AgencyInput, PodInput, PodSpec, Spec, WorkforceInput};

/// The workforce section, validated into `s`.
pub(super) fn workforce(c: &mut Ctx, w: &WorkforceInput, s: &mut Spec) {
    if w.establishment as f64 > limits::MAX_COUNT {
        c.push(
            "workforce.establishment",
            format!("{} is too large; at most {}", w.establishment, limits::MAX_COUNT),
        );
    }
    s.establishment = w.establishment;
    s.hours_per_day = c.p(&w.hours_per_day, "workforce.hours_per_day", Domain::Range(0.0, 24.0));
    s.lost_time_share = c.p(&w.lost_time_share, "workforce.lost_time_share", Domain::Rate);
    s.productivity_permanent =
        c.p(&w.productivity.permanent, "workforce.productivity.permanent", Domain::Rate);
    s.productivity_agency = c.p(&w.productivity.agency, "workforce.productivity.agency", Domain::Rate);
    s.productivity_pod = c.p(&w.productivity.pod, "workforce.productivity.pod", Domain::Rate);
    s.ramp_up_weeks = c.p(&w.ramp_up_weeks, "workforce.ramp_up_weeks", Domain::Range(0.0, 520.0));
    s.ramp_up_start = c.p(&w.ramp_up_start, "workforce.ramp_up_start", Domain::Rate);
    s.newly_qualified_factor =
        c.p(&w.newly_qualified_factor, "workforce.newly_qualified_factor", Domain::Rate);
    s.turnover = c.p(&w.turnover, "workforce.turnover", Domain::Range(0.0, 0.999));
    s.feedback_k = c.p(&w.caseload_feedback_k, "workforce.caseload_feedback_k", Domain::Range(0.0, 100.0));
    s.feedback_threshold = c.p(
        &w.caseload_feedback_threshold,
        "workforce.caseload_feedback_threshold",
        Domain::Range(0.01, 1000.0),
    );
}

/// The agency section, validated into `s`.
pub(super) fn agency(c: &mut Ctx, a: &AgencyInput, s: &mut Spec) {
    s.agency_enabled = a.enabled;
    s.agency_cap = match &a.cap_share {
        Some(share) => AgencyCap::ShareOfEstablishment(c.p(share, "agency.cap_share", Domain::Rate)),
        None => AgencyCap::Fte(c.p(&a.cap, "agency.cap", COUNT)),
    };
    s.agency_lead_days = c.p(&a.lead_time_days, "agency.lead_time_days", Domain::Range(0.0, 260.0));
    s.agency_fill = c.p(&a.fill_probability, "agency.fill_probability", Domain::Rate);
    s.agency_turnover = c.p(&a.turnover, "agency.turnover", Domain::Range(0.0, 0.999));
    s.agency_release = a.release_on_permanent_start;
}

pub(super) fn pods(c: &mut Ctx, input: &[PodInput], cal: &Calendar) -> Vec<PodSpec> {
    c.list_len("pods", input.len());
    let mut pods = Vec::new();
    for (i, pod) in input.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("pods[{i}]");
        if pod.end < pod.start {
            c.push(format!("{path}.end"), format!("{} is before the start {}", pod.end, pod.start));
        }
        let social_workers = c.p(&pod.social_workers, &format!("{path}.social_workers"), COUNT);
        let managers = c.p(&pod.managers, &format!("{path}.managers"), COUNT);
        let weekly_price = c.money(&pod.weekly_price, &format!("{path}.weekly_price"));
        let name = if pod.name.is_empty() { format!("pod {}", i + 1) } else { pod.name.clone() };
        pods.push(PodSpec {
            name,
            start_day: day_on_or_after(cal, pod.start),
            end_day: day_after(cal, pod.end),
            social_workers,
            managers,
            weekly_price,
            assessment_only: pod.assessment_only,
        });
    }
    pods
}
