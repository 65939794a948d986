//! The scenario's inputs as a reader knows them, for the workbook's Inputs sheet: the
//! sections in the order of MODEL.md and each field's label and unit. The same words as the
//! browser's editor (`www/src/layout.ts`; a test keeps the two in step), keyed by the JSON
//! Schema's type and field ("WorkforceInput.turnover"; "" is the scenario itself).

use serde_json::Value;

/// Sections: a title and the top-level fields it holds, in reading order.
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("Scenario and time", &["name", "description", "start", "weeks", "end", "bank_holidays", "monte_carlo"]),
    ("Workforce", &["workforce"]),
    ("Agency", &["agency"]),
    ("Peripatetic pods", &["pods"]),
    ("Recruitment", &["recruitment"]),
    ("Demand and early help", &["demand", "early_help"]),
    ("Assessments", &["assessment"]),
    ("Casework", &["casework"]),
    ("Looked-after children", &["looked_after"]),
    ("Costs", &["costs"]),
    ("Budget", &["budget"]),
    ("Actual spend to date", &["actuals"]),
    ("Initial state", &["initial"]),
    ("Questions", &["events"]),
    ("Correlations", &["correlations"]),
];

/// (type.field, label, unit); unit "" for none.
pub const LABELS: &[(&str, &str, &str)] = &[
    (".name", "Scenario name", ""),
    (".description", "Description", ""),
    (".start", "Start date", "first simulated day"),
    (".weeks", "Horizon", "weeks"),
    (".end", "Last simulated day", "instead of weeks"),
    (".bank_holidays", "Bank holidays", ""),
    (".monte_carlo", "Default Monte Carlo settings", ""),
    ("MonteCarloInput.runs", "Default number of runs", "runs"),
    ("MonteCarloInput.seed", "Default seed", ""),
    ("WorkforceInput.establishment", "Establishment", "FTE posts"),
    ("WorkforceInput.hours_per_day", "Contracted hours", "hours per working day"),
    ("WorkforceInput.lost_time_share", "Time lost to leave, sickness and training", "share of hours"),
    ("WorkforceInput.productivity", "Productivity by kind of worker", "share of remaining hours on casework"),
    ("WorkforceInput.ramp_up_weeks", "Ramp-up time of a new starter", "weeks"),
    ("WorkforceInput.ramp_up_start", "Productivity on a new starter’s first day", "share of full"),
    (
        "WorkforceInput.newly_qualified_factor",
        "Productivity of newly qualified staff",
        "share of experienced",
    ),
    ("WorkforceInput.turnover", "Permanent staff turnover", "share leaving per year"),
    ("WorkforceInput.caseload_feedback_k", "Caseload effect on turnover (k)", "multiplier"),
    ("WorkforceInput.caseload_feedback_threshold", "Caseload threshold for that effect", "cases per worker"),
    ("ProductivityInput.permanent", "Permanent staff", "share"),
    ("ProductivityInput.agency", "Agency staff", "share"),
    ("ProductivityInput.pod", "Pod social workers", "share"),
    ("AgencyInput.enabled", "Cover vacancies with agency workers", ""),
    ("AgencyInput.cap", "Most agency workers at once", "FTE"),
    (
        "AgencyInput.cap_share",
        "Or: most agency workers as a share of the establishment",
        "share of posts (replaces the cap in FTE)",
    ),
    ("AgencyInput.lead_time_days", "Lead time from request to start", "working days"),
    ("AgencyInput.fill_probability", "Chance a request is filled", "share"),
    ("AgencyInput.turnover", "Agency staff turnover", "share leaving per year"),
    ("AgencyInput.release_on_permanent_start", "Release agency staff as permanent starters arrive", ""),
    ("PodInput.name", "Pod name", ""),
    ("PodInput.start", "First working day", ""),
    ("PodInput.end", "Last working day", "inclusive"),
    ("PodInput.social_workers", "Case-holding social workers", "FTE"),
    ("PodInput.managers", "Managers", "FTE, not case-holding"),
    ("PodInput.weekly_price", "Contract price", "£ per week"),
    ("PodInput.assessment_only", "Assessment work only (no case holding)", ""),
    ("RecruitmentInput.enabled", "Advertise open permanent posts", ""),
    ("RecruitmentInput.applicants_per_post", "Applicants per advertised post", "per advert"),
    ("RecruitmentInput.stages", "Selection stages", "in order"),
    ("RecruitmentInput.notice_weeks", "Notice period of a recruit", "weeks"),
    ("RecruitmentInput.withdrawal_probability", "Chance a recruit withdraws during notice", "share"),
    ("RecruitmentInput.newly_qualified_share", "Newly qualified share of hires", "share"),
    ("RecruitmentInput.cost_per_hire", "Cost per hire", "£"),
    ("RecruitmentInput.campaigns", "Marketing and attraction campaigns", ""),
    ("StageInput.name", "Stage name", ""),
    ("StageInput.pass", "Pass rate", "share"),
    ("StageInput.weeks", "Duration", "weeks"),
    ("StageInput.limited_to_posts", "Offers are made at this stage (limited to posts)", ""),
    ("CampaignInput.name", "Campaign name", ""),
    ("CampaignInput.start", "First day", ""),
    ("CampaignInput.end", "Last day", "inclusive"),
    ("CampaignInput.attraction", "Attraction multiplier", "times applicants"),
    ("CampaignInput.target_hires", "Target hires", "hires"),
    ("CampaignInput.cost", "Campaign cost", "£, spread over its working days"),
    ("DemandInput.referrals_per_week", "Referrals", "per week"),
    ("DemandInput.seasonality", "Seasonality", "multiplier by month"),
    ("DemandInput.annual_trend", "Annual trend in referrals", "growth per year (0.03 = 3%)"),
    ("DemandInput.to_initial_assessment", "Referrals accepted for initial assessment", "share"),
    (".early_help", "Early help team", ""),
    ("EarlyHelpInput.start", "First day", ""),
    ("EarlyHelpInput.end", "Last day", "optional, inclusive"),
    ("EarlyHelpInput.workers", "Workers", "FTE"),
    ("EarlyHelpInput.families_per_worker", "Families per worker", "at once"),
    ("EarlyHelpInput.mean_weeks", "Mean time a family stays", "weeks"),
    ("EarlyHelpInput.diversion_share", "Referrals suited to early help", "share"),
    ("EarlyHelpInput.annual_cost", "Annual cost of the team", "£ per year"),
    ("AssessmentInput.policy", "Allocation order", ""),
    ("AssessmentInput.initial", "Initial assessments", ""),
    ("AssessmentInput.core", "Core assessments", ""),
    ("InitialAssessmentInput.hours", "Social-worker hours per assessment", "hours"),
    ("InitialAssessmentInput.elapsed_days", "Elapsed time from allocation to completion", "working days"),
    ("InitialAssessmentInput.target_days", "Timescale", "working days from referral"),
    ("InitialAssessmentInput.to_core", "Moving on to a core assessment", "share"),
    ("CoreAssessmentInput.hours", "Social-worker hours per assessment", "hours"),
    ("CoreAssessmentInput.elapsed_days", "Elapsed time from allocation to completion", "working days"),
    ("CoreAssessmentInput.target_days", "Timescale", "working days from the start of the assessment"),
    ("CoreAssessmentInput.to_plan", "Leading to a plan (long-term team)", "share"),
    ("CoreAssessmentInput.to_looked_after", "Leading to the child becoming looked after", "share"),
    ("CoreAssessmentInput.transfer_delay_days", "Mean wait for transfer to a long-term team", "working days"),
    ("CaseworkInput.open_case_mean_weeks", "Mean time an open case stays open", "weeks"),
    ("CaseworkInput.hours_per_open_case_week", "Holding time per open case", "hours per week"),
    (
        "CaseworkInput.hours_per_awaiting_case_week",
        "Holding time per case awaiting transfer",
        "hours per week",
    ),
    ("CaseworkInput.hours_per_looked_after_week", "Holding time per looked-after child", "hours per week"),
    (
        "LookedAfterInput.emergency_entries_per_week",
        "Emergency entries (not via a core assessment)",
        "children per week",
    ),
    ("LookedAfterInput.placements", "Placement types", ""),
    ("PlacementInput.name", "Placement type", ""),
    ("PlacementInput.share", "Share of new entries placed here", "share"),
    ("PlacementInput.mean_weeks", "Mean stay", "weeks"),
    ("PlacementInput.weekly_cost", "Unit cost", "£ per week"),
    ("PlacementInput.initial", "Children placed on the start date", "children"),
    ("CostsInput.salary_experienced", "Salary of an experienced social worker", "£ per year"),
    ("CostsInput.salary_newly_qualified", "Salary of a newly qualified social worker", "£ per year"),
    ("CostsInput.employer_ni", "Employer National Insurance", "share of salary"),
    ("CostsInput.employer_pension", "Employer pension contribution", "share of salary"),
    ("CostsInput.pay_award", "Pay award", "share of salary (0.01 = 1%)"),
    ("CostsInput.pay_award_from", "Pay award from", "then on each anniversary"),
    ("CostsInput.agency_day_rate", "Agency day rate", "£ per worker per day, all-in"),
    ("InitialState.permanent", "Permanent workers", "by grade and tenure"),
    ("InitialState.agency", "Agency workers in post", "FTE"),
    ("InitialState.initial_assessments", "Outstanding initial assessments", "by age"),
    ("InitialState.core_assessments", "Outstanding core assessments", "by age"),
    ("InitialState.awaiting_transfer", "Cases awaiting transfer", "cases"),
    ("InitialState.open_cases", "Open cases held by long-term teams", "cases"),
    ("InitialState.in_notice", "Recruits working their notice", ""),
    ("CohortInput.grade", "Grade", ""),
    ("CohortInput.count", "Workers", "FTE"),
    ("CohortInput.tenure_weeks", "Time in post", "weeks"),
    ("QueueItemsInput.count", "Assessments", "count"),
    ("QueueItemsInput.age_days", "Age on the start date", "working days"),
    ("QueueItemsInput.status", "Status", ""),
    ("NoticeInput.count", "Recruits", "count"),
    ("NoticeInput.weeks_left", "Weeks until their first day", "weeks"),
    ("NoticeInput.grade", "Grade on arrival", ""),
    ("EventInput.metric", "Metric", ""),
    ("EventInput.op", "Comparison", ""),
    ("EventInput.value", "Threshold", ""),
    ("EventInput.on", "Date", "the week containing it"),
];

/// An input's place for a reader: its section (an index into [`SECTIONS`], or
/// `SECTIONS.len()` for a field no section names), label and unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub section: usize,
    pub label: String,
    pub unit: String,
}

/// The JSON Schema of the scenario input, whose types key [`LABELS`].
pub fn scenario_schema() -> Value {
    crate::scenario::json_schema()
}

fn label_of(key: &str) -> Option<(&'static str, &'static str)> {
    LABELS.iter().find(|(k, _, _)| *k == key).map(|(_, l, u)| (*l, *u))
}

/// The definition a schema node refers to (directly, through `allOf`/`anyOf`/`oneOf`, or
/// through `items` for a list).
fn ref_name(node: &Value) -> Option<String> {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().map(str::to_string);
    }
    for k in ["allOf", "anyOf", "oneOf"] {
        if let Some(found) = node.get(k).and_then(Value::as_array).and_then(|a| a.iter().find_map(ref_name)) {
            return Some(found);
        }
    }
    node.get("items").and_then(ref_name)
}

fn humanise(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Where an input (by its field path, `pods[0].social_workers`) sits and what a reader
/// calls it: nested names joined with ": ", list items numbered from 1.
pub fn place(path: &str, schema: &Value) -> Placed {
    let segs: Vec<&str> = path.split('.').collect();
    let top = segs[0].split('[').next().unwrap_or("");
    let section = SECTIONS.iter().position(|(_, keys)| keys.contains(&top)).unwrap_or(SECTIONS.len());
    // Budgets and actuals are per line (and year): labelled from the metric table.
    if let (Some(line), "budget" | "actuals") = (segs.get(1), top) {
        if let Some(l) = crate::metrics::line_by_name(line) {
            let year = segs.get(2).map(|y| format!(", {y}")).unwrap_or_default();
            return Placed { section, label: format!("{}{year}", l.label), unit: "£".into() };
        }
    }
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let mut ty = String::new();
    let mut parts: Vec<String> = Vec::new();
    let mut unit = String::new();
    for (i, seg) in segs.iter().enumerate() {
        let (name, index) = match seg.find('[') {
            Some(b) => (&seg[..b], seg[b + 1..seg.len() - 1].parse::<usize>().ok()),
            None => (*seg, None),
        };
        let node = if ty.is_empty() { Some(schema) } else { defs.get(&ty) };
        let prop = node.and_then(|n| n.get("properties")).and_then(|p| p.get(name));
        let (label, u) = label_of(&format!("{ty}.{name}"))
            .map(|(l, u)| (l.to_string(), u.to_string()))
            .unwrap_or_else(|| (humanise(name), String::new()));
        // The section names the first level; deeper levels name themselves.
        if i > 0 || segs.len() == 1 || index.is_some() {
            parts.push(match index {
                Some(k) => format!("{label} {}", k + 1),
                None => label,
            });
        }
        unit = u;
        match prop.and_then(ref_name) {
            Some(next) => ty = next,
            None => {
                // A map or a leaf: the rest of the path names it as it is.
                parts.extend(segs[i + 1..].iter().map(|s| s.to_string()));
                break;
            }
        }
    }
    Placed { section, label: parts.join(": "), unit }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_placed_with_labels_and_units() {
        let schema = scenario_schema();
        let p = place("workforce.turnover", &schema);
        assert_eq!(
            (SECTIONS[p.section].0, p.label.as_str(), p.unit.as_str()),
            ("Workforce", "Permanent staff turnover", "share leaving per year")
        );
        let p = place("pods[0].social_workers", &schema);
        assert_eq!(SECTIONS[p.section].0, "Peripatetic pods");
        assert!(p.label.ends_with("1: Case-holding social workers"), "{}", p.label);
        assert_eq!(p.unit, "FTE");
        let p = place("budget.placements.2012-13", &schema);
        assert_eq!((p.label.as_str(), p.unit.as_str()), ("Looked-after placements, 2012-13", "£"));
        let p = place("assessment.initial.hours", &schema);
        assert_eq!(p.label, "Initial assessments: Social-worker hours per assessment");
        assert_eq!(place("start", &schema).label, "Start date");
    }

    /// The labels are the editor's (www/src/layout.ts): each entry here is there, word for word.
    #[test]
    fn labels_match_the_editor() {
        let ts = include_str!("../../www/src/layout.ts");
        let flat: String = ts.split_whitespace().collect::<Vec<_>>().join(" ");
        for (k, l, u) in LABELS {
            let want = format!("'{k}': [ '{l}', '{u}', ]");
            let want_short = format!("'{k}': ['{l}', '{u}']");
            assert!(flat.contains(&want) || flat.contains(&want_short), "layout.ts differs for {k}");
        }
    }
}
