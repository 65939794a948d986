//! The derived scenario written out as commented TOML. Budgets are included, and each value
//! sits beside the note that says where it came from.

use super::WEEKS_PER_YEAR;
use super::levels::Levels;
use super::notes::{Out, fmt_num, num, quote};
use crate::council::defaults as nd;
use crate::council::figures::{Figures, fy_start};
use crate::money::Money;
use chrono::Datelike;

/// The scenario's TOML, from the levels (and the figures, for budgets given).
pub(super) fn write(fig: &Figures, l: &Levels) -> String {
    let (name, code, census) = (&l.name, &l.code, l.census);
    let mut o = Out(String::new());
    o.line(&format!(
        "# {name}: a scenario derived from the council's figures by `wfsim new` (wfsim {}).",
        crate::VERSION
    ));
    o.line("#");
    o.line("# Published figures are DfE's official statistics ([W] children's social work workforce,");
    o.line("# [N] children in need, [L] children looked after), which contain public sector");
    o.line("# information licensed under the Open Government Licence v3.0. \"set by user\" marks");
    o.line("# figures the user gave; \"derived:\" says how a value follows from the figures;");
    o.line("# \"national default\" / \"national rate\" marks values from England's figures or");
    o.line("# REFERENCE-DATA.md (never another council's), \"assumption\" where nothing is published.");
    o.line("# The stocks start at the levels their flows sustain (MODEL.md, \"Steady state\").");
    o.line("");
    o.kv("name", quote(&slug(&l.name)), "");
    o.kv(
        "description",
        quote(&format!(
            "{name}{}: derived from its figures for {}; {} to {}",
            if l.code.is_empty() { String::new() } else { format!(" ({code})") },
            l.census,
            l.start,
            l.end
        )),
        "",
    );
    o.kv("start", quote(&l.start.to_string()), &format!("the day after the figures' census date {census}"));
    let whole_years = (l.end.month(), l.end.day()) == (3, 31);
    o.kv(
        "end",
        quote(&l.end.to_string()),
        if whole_years {
            "the 31 March closing the plan's last financial year: whole budget years"
        } else {
            "set by user"
        },
    );
    o.kv("bank_holidays", quote("england-and-wales"), "");
    o.line("");
    o.line("[monte_carlo]");
    o.kv("runs", "1000".into(), "");
    o.kv("seed", "1".into(), "any seed works");
    o.line("");
    o.line("[workforce]");
    o.kv(
        "establishment",
        num(l.establishment),
        &format!(
            "derived: {} in post + {} vacancies{}",
            fmt_num(l.permanent),
            fmt_num(l.vac.v),
            if l.establishment > (l.p.v + l.vac.v).round() {
                ", raised to hold the agency cover"
            } else {
                ""
            }
        ),
    );
    o.d("hours_per_day", &nd::HOURS_PER_DAY);
    o.d("lost_time_share", &nd::LOST_TIME);
    o.n("turnover", &l.turnover);
    o.line("");
    o.line("[workforce.productivity]");
    o.d("permanent", &nd::PRODUCTIVITY_PERMANENT);
    o.d("agency", &nd::PRODUCTIVITY_AGENCY);
    o.line("");
    o.line("[agency]");
    o.kv("enabled", (l.cap > 0.0).to_string(), "");
    o.kv(
        "cap",
        num(l.cap),
        &format!(
            "derived: {} agency FTE / {}% of the time in post between a leaver and the replacement ({})",
            fmt_num(l.agency.v),
            fmt_num(l.occupied * 100.0),
            l.agency.note
        ),
    );
    o.d("lead_time_days", &nd::AGENCY_LEAD_DAYS);
    o.d("fill_probability", &nd::AGENCY_FILL);
    o.d("turnover", &nd::AGENCY_TURNOVER);
    o.line("");
    o.line("[recruitment]");
    o.kv("applicants_per_post", num(l.applicants), &l.app_note);
    o.d("notice_weeks", &nd::NOTICE_WEEKS);
    o.kv(
        "withdrawal_probability",
        "0".into(),
        "assumption: withdrawals are in the hires that the leavers call for",
    );
    o.d("newly_qualified_share", &nd::NEWLY_QUALIFIED_SHARE);
    let (cph, cph_note) = l.src.money("cost_per_hire", nd::COST_PER_HIRE);
    o.kv("cost_per_hire", quote(&cph.to_string()), &cph_note);
    o.line("");
    o.line("[[recruitment.stages]]");
    o.kv("name", quote("appointment"), "");
    o.kv("pass", "1".into(), "assumption: one appointment stage whose pace is set by applicants_per_post");
    o.kv("weeks", "1".into(), "");
    o.kv("limited_to_posts", "true".into(), "");
    o.line("");
    o.line("[demand]");
    o.kv(
        "referrals_per_week",
        num(l.referrals.v / WEEKS_PER_YEAR),
        &format!("derived: {} referrals a year / 52.18 ({})", fmt_num(l.referrals.v), l.referrals.note),
    );
    o.kv(
        "to_initial_assessment",
        num(1.0 - l.nfa.v),
        &format!("derived: 1 - no further action {}% ({})", fmt_num(l.nfa.v * 100.0), l.nfa.note),
    );
    o.line("");
    o.line("[assessment.initial]");
    o.d("hours", &nd::IA_HOURS);
    o.d("elapsed_days", &nd::IA_ELAPSED_DAYS);
    o.kv(
        "to_core",
        num(1.0 - l.nin.v),
        &format!("derived: 1 - assessed not in need {}% ({})", fmt_num(l.nin.v * 100.0), l.nin.note),
    );
    o.line("");
    o.line("[assessment.core]");
    o.d("hours", &nd::CA_HOURS);
    o.d("elapsed_days", &nd::CA_ELAPSED_DAYS);
    o.kv("to_plan", num(l.to_plan), nd::TO_PLAN.note);
    o.kv(
        "to_looked_after",
        num(l.to_lac),
        &format!(
            "derived: {} of the {} starters a year through assessment ({})",
            fmt_num(nd::LAC_VIA_ASSESSMENT.value * 100.0) + "%",
            fmt_num(l.lac_start.v),
            nd::LAC_VIA_ASSESSMENT.note
        ),
    );
    o.d("transfer_delay_days", &nd::TRANSFER_DAYS);
    o.line("");
    o.line("[casework]");
    o.kv(
        "open_case_mean_weeks",
        num((l.open_weeks * 10.0).round() / 10.0),
        &format!(
            "derived: {} open cases / {} plans a year x 52.18, so the stock holds",
            fmt_num(l.open_cases),
            fmt_num(l.plans_year)
        ),
    );
    o.kv("hours_per_open_case_week", num(l.hold), &l.hold_note);
    o.d("hours_per_awaiting_case_week", &nd::AWAITING_HOURS);
    o.kv("hours_per_looked_after_week", num(l.hold), "derived: as open cases");
    o.line("");
    o.line("[looked_after]");
    o.kv(
        "emergency_entries_per_week",
        num(l.emergency),
        &format!(
            "derived: the rest of {} starters a year ({}) / 52.18",
            fmt_num(l.lac_start.v),
            l.lac_start.note
        ),
    );
    for (i, pl) in nd::PLACEMENTS.iter().enumerate() {
        o.line("");
        o.line("[[looked_after.placements]]");
        o.kv("name", quote(pl.0), "");
        o.kv("share", num(l.shares[i].0), &l.shares[i].1);
        o.kv(
            "mean_weeks",
            num((l.lac_weeks * 10.0).round() / 10.0),
            &format!("derived: {} looked after / {} starters a year x 52.18, so starters = ceasers and the stock holds", fmt_num(l.lac_total), fmt_num(l.lac_start.v)),
        );
        o.kv("weekly_cost", quote(&l.costs[i].0.to_string()), &l.costs[i].1);
        o.kv(
            "initial",
            num(l.initial[i]),
            &format!("derived: share x {} looked after ({})", fmt_num(l.lac_total), l.lac.note),
        );
    }
    o.line("");
    o.line("[costs]");
    o.kv("salary_experienced", quote(&l.sal_e.to_string()), &l.sal_e_note);
    o.kv("salary_newly_qualified", quote(&l.sal_n.to_string()), &l.sal_n_note);
    o.n("employer_ni", &l.ni);
    o.n("employer_pension", &l.pension);
    o.n("pay_award", &l.award);
    o.kv("pay_award_from", quote(&l.award_from.to_string()), l.award_note);
    o.kv("agency_day_rate", quote(&l.day_rate.to_string()), &l.day_note);
    o.line("");

    // Budgets: given, else the expected spend at these levels for a whole year.
    let oncost = 1.0 + l.ni.v + l.pension.v;
    let weekdays = WEEKS_PER_YEAR * 5.0;
    o.line("[budget]");
    let lines: [(&str, Expected); 4] = [
        (
            "permanent_staffing",
            Box::new(|y| {
                let k = (y - l.award_from.year()
                    + i32::from((l.award_from.month(), l.award_from.day()) <= (4, 1)))
                .max(0);
                (l.experienced * l.sal_e.to_f64() + l.nq * l.sal_n.to_f64())
                    * oncost
                    * (1.0 + l.award.v).powi(k)
            }),
        ),
        ("agency_staffing", Box::new(|_| l.agency_mean * l.day_rate.to_f64() * weekdays)),
        ("recruitment", Box::new(|_| l.leavers * cph.to_f64())),
        (
            "placements",
            Box::new(|_| {
                l.initial.iter().zip(&l.costs).map(|(n, c)| n * c.0.to_f64() / 5.0 * weekdays).sum()
            }),
        ),
    ];
    for (line, expected) in &lines {
        o.line("");
        o.line(&format!("[budget.{line}]"));
        for y in &l.years {
            let key = format!("budget.{line}.{y}");
            let fy0 = fy_start(y).unwrap_or(l.first_fy);
            match fig.money(&key) {
                Some(m) => o.kv(&quote(y), quote(&m.to_string()), &fig.source(&key).unwrap_or_default()),
                None => {
                    let m = Money::from_pounds(((expected(fy0) / 1000.0).round() * 1000.0) as i64);
                    o.kv(
                        &quote(y),
                        quote(&m.to_string()),
                        "derived: expected whole-year spend at these levels (no budget given)",
                    );
                }
            }
        }
    }
    o.line("");
    o.line("[initial]");
    o.kv("agency", num(l.agency.v.round().min(l.cap)), &l.agency.note);
    o.kv("awaiting_transfer", num(l.awaiting), "derived: plans a day x transfer delay (Little's law)");
    o.kv(
        "open_cases",
        num(l.open_cases),
        &format!(
            "derived: {} cases ({}) less assessments, cases awaiting transfer and looked-after children",
            fmt_num(l.cases.v),
            l.cases.note
        ),
    );
    o.line("");
    o.line("[[initial.permanent]]");
    o.kv("grade", quote("experienced"), "");
    o.kv(
        "count",
        num(l.experienced),
        &format!("derived: {} in post ({}) less the newly qualified", fmt_num(l.p.v), l.p.note),
    );
    o.kv("tenure_weeks", "156".into(), "assumption: past the first year");
    if l.nq > 0.0 {
        o.line("");
        o.line("[[initial.permanent]]");
        o.kv("grade", quote("newly_qualified"), "");
        o.kv("count", num(l.nq), "derived: a year's hires x the newly qualified share");
        o.kv("tenure_weeks", "26".into(), "assumption: half-way through the first year");
    }
    // Hires already working their notice: a week's hires for each week of notice left,
    // so the first starters arrive on time rather than after a whole notice period.
    let mut done = 0.0;
    for w in 1..=(nd::NOTICE_WEEKS.value as u32) {
        let upto = (l.hires_week * f64::from(w)).round();
        if upto > done {
            o.line("");
            o.line("[[initial.in_notice]]");
            o.kv(
                "count",
                num(upto - done),
                "derived: hires a week (= leavers a week) for each week of notice left",
            );
            o.kv("weeks_left", w.to_string(), "");
            done = upto;
        }
    }
    if l.ia_stock > 0.0 {
        o.line("");
        o.line("[[initial.initial_assessments]]");
        o.kv(
            "count",
            num(l.ia_stock),
            "derived: initial assessments a day x (elapsed days + 1) (Little's law)",
        );
        o.kv("age_days", "3".into(), "");
        o.kv("status", quote("in_progress"), "");
    }
    if l.ca_stock > 0.0 {
        o.line("");
        o.line("[[initial.core_assessments]]");
        o.kv("count", num(l.ca_stock), "derived: core assessments a day x (elapsed days + 1) (Little's law)");
        o.kv("age_days", "10".into(), "");
        o.kv("status", quote("in_progress"), "");
    }
    o.0
}

/// A line's expected whole-year spend, given the financial year's first calendar year.
type Expected<'a> = Box<dyn Fn(i32) -> f64 + 'a>;

/// A scenario name from a council name: "Bristol, City of" -> "bristol-city-of".
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
