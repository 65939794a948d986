//! The initial section: the service as it stands on the start date.

use super::{COUNT, Ctx};
use crate::calendar::Calendar;
use crate::limits;
use crate::scenario::{
    CohortSpec, Grade, InitialInput, ItemStatus, NoticeSpec, QueueItemsInput, QueueSpec, Spec,
};

/// The initial section, validated into `s`.
pub(super) fn initial(c: &mut Ctx, init: &InitialInput, cal: &Calendar, s: &mut Spec) {
    c.list_len("initial.permanent", init.permanent.len());
    let mut permanent = Vec::new();
    for (i, co) in init.permanent.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("initial.permanent[{i}]");
        if co.tenure_weeks > 2600 {
            c.push(
                format!("{path}.tenure_weeks"),
                format!("{} is not allowed; use 0 to 2600 weeks", co.tenure_weeks),
            );
        }
        permanent.push(CohortSpec {
            newly_qualified: co.grade == Grade::NewlyQualified,
            count: c.p(&co.count, &format!("{path}.count"), COUNT),
            start_day: -5 * co.tenure_weeks.min(2600) as i64,
        });
    }
    let agency = c.p(&init.agency, "initial.agency", COUNT);
    let ia = queue(c, &init.initial_assessments, "initial_assessments");
    let ca = queue(c, &init.core_assessments, "core_assessments");
    let awaiting = c.p(&init.awaiting_transfer, "initial.awaiting_transfer", COUNT);
    let open = c.p(&init.open_cases, "initial.open_cases", COUNT);
    c.list_len("initial.in_notice", init.in_notice.len());
    let mut notice = Vec::new();
    for (i, n) in init.in_notice.iter().enumerate().take(limits::MAX_LIST) {
        if n.count as f64 > limits::MAX_COUNT {
            c.push(format!("initial.in_notice[{i}].count"), format!("{} is too large", n.count));
        }
        notice.push(NoticeSpec {
            count: n.count.min(limits::MAX_COUNT as u32),
            start_day: ((n.weeks_left as usize) * 5).min(cal.n_days()),
            newly_qualified: n.grade == Grade::NewlyQualified,
        });
    }
    (s.initial_permanent, s.initial_agency, s.initial_ia, s.initial_ca) = (permanent, agency, ia, ca);
    (s.initial_awaiting, s.initial_open, s.initial_notice) = (awaiting, open, notice);
}

/// Outstanding assessments of one queue (`initial.<name>`), by age.
fn queue(c: &mut Ctx, items: &[QueueItemsInput], name: &str) -> Vec<QueueSpec> {
    let path = format!("initial.{name}");
    c.list_len(&path, items.len());
    items
        .iter()
        .enumerate()
        .take(limits::MAX_LIST)
        .map(|(i, it)| {
            if it.age_days > 2600 {
                c.push(
                    format!("{path}[{i}].age_days"),
                    format!("{} is not allowed; use 0 to 2600 working days", it.age_days),
                );
            }
            QueueSpec {
                count: c.p(&it.count, &format!("{path}[{i}].count"), COUNT),
                key_day: -(it.age_days.min(2600) as i64),
                in_progress: it.status == ItemStatus::InProgress,
            }
        })
        .collect()
}
