//! The recruitment section: the pipeline's stages, notice periods and campaigns.

use super::{Ctx, day_after, day_on_or_after};
use crate::calendar::{self, Calendar};
use crate::limits;
use crate::param::Domain;
use crate::scenario::{CampaignSpec, RecruitmentInput, Spec, StageSpec};

/// The recruitment section, validated into `s`.
pub(super) fn recruitment(c: &mut Ctx, r: &RecruitmentInput, cal: &Calendar, s: &mut Spec) {
    let applicants_per_post =
        c.p(&r.applicants_per_post, "recruitment.applicants_per_post", Domain::Range(0.0, 1000.0));
    c.list_len("recruitment.stages", r.stages.len());
    if r.stages.is_empty() && r.enabled {
        c.push("recruitment.stages", "is empty; give at least one stage (for example checks cleared)");
    }
    if r.stages.iter().filter(|s| s.limited_to_posts).count() > 1 {
        c.push(
            "recruitment.stages",
            "more than one stage has limited_to_posts = true; offers are made at one stage",
        );
    }
    let mut stages = Vec::new();
    for (i, st) in r.stages.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("recruitment.stages[{i}]");
        let pass = c.p(&st.pass, &format!("{path}.pass"), Domain::Rate);
        let weeks = c.p(&st.weeks, &format!("{path}.weeks"), Domain::Range(0.0, 104.0));
        stages.push(StageSpec { name: st.name.clone(), pass, weeks, limited_to_posts: st.limited_to_posts });
    }
    let notice_weeks = c.table(&r.notice_weeks, "recruitment.notice_weeks", 52);
    let withdrawal = c.p(&r.withdrawal_probability, "recruitment.withdrawal_probability", Domain::Rate);
    let nq_share = c.p(&r.newly_qualified_share, "recruitment.newly_qualified_share", Domain::Rate);
    let cost_per_hire = c.money(&r.cost_per_hire, "recruitment.cost_per_hire");
    c.list_len("recruitment.campaigns", r.campaigns.len());
    let mut campaigns = Vec::new();
    for (i, camp) in r.campaigns.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("recruitment.campaigns[{i}]");
        if camp.end < camp.start {
            c.push(format!("{path}.end"), format!("{} is before the start {}", camp.end, camp.start));
        }
        let attraction = c.p(&camp.attraction, &format!("{path}.attraction"), Domain::Range(0.0, 100.0));
        let cost = c.money(&camp.cost, &format!("{path}.cost"));
        let total =
            calendar::weekdays_between(camp.start, camp.end + chrono::Duration::days(1)).max(1) as u32;
        let name = if camp.name.is_empty() { format!("campaign {}", i + 1) } else { camp.name.clone() };
        campaigns.push(CampaignSpec {
            name,
            start_day: day_on_or_after(cal, camp.start),
            end_day: day_after(cal, camp.end),
            total_days: total,
            attraction,
            target_hires: camp.target_hires,
            cost,
        });
    }
    (s.recruitment_enabled, s.applicants_per_post, s.stages) = (r.enabled, applicants_per_post, stages);
    (s.notice_weeks, s.withdrawal, s.nq_share) = (notice_weeks, withdrawal, nq_share);
    (s.cost_per_hire, s.campaigns) = (cost_per_hire, campaigns);
}
