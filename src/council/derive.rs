//! Derivation: from a council's figures to a complete scenario whose first year reproduces
//! them and whose stocks sit at the levels their flows sustain (MODEL.md, "Steady state").
//!
//! Rules, each written beside the value it gives:
//! - workforce: permanent in post, agency and vacancies as given; turnover = leavers / in
//!   post; hires sustain the permanent stock (hires = leavers), so applicants per advertised
//!   post are set from the vacancies left open (Little's law); agency cover is capped so
//!   that, after leavers and the time to replace them, the mean agency stock is the figure.
//! - demand: referrals a year / 52.18 a week; shares from DfE's no-further-action and
//!   not-in-need percentages.
//! - stocks: assessments in progress = their rate x time in the system; cases awaiting
//!   transfer = plans x delay; open cases = published cases less every other case stock,
//!   with a mean stay that holds them (stock / inflow); looked-after children: mean stay =
//!   stock / starters (so starters = ceasers and the stock holds), split by placement.
//! - holding hours per case: set so that the service uses a stated share of its hours.
//! - budgets: as given, else the expected spend at these levels.

use super::data::{ENGLAND, Published};
use super::defaults::{self as nd, Default as Nd};
use super::figures::{Figures, Origin, PLACEMENT_KEYS, fy_start};
use crate::money::Money;
use crate::scenario::Scenario;
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Write;

/// Weeks in a year of 260.9 working days (the model's referral, stay and cost rates are
/// per working day: a week is five of them).
pub const WEEKS_PER_YEAR: f64 = 365.25 / 7.0;

/// A derived scenario: its commented TOML and the validated scenario.
pub struct Derived {
    pub toml: String,
    pub scenario: Scenario,
    /// The figures the first simulated year should reproduce (what the tests check).
    pub targets: Targets,
}

/// Expected first-year figures of the derived scenario.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    pub permanent: f64,
    pub agency: f64,
    pub leavers_per_year: f64,
    pub referrals_per_year: f64,
    pub lac: f64,
    pub lac_started_per_year: f64,
    pub cases: f64,
    pub open_cases: f64,
}

/// A number with the note that says where it came from.
#[derive(Clone, Debug)]
struct Got {
    v: f64,
    note: String,
}

fn got(v: f64, note: impl Into<String>) -> Got {
    Got { v, note: note.into() }
}

/// Reads figures, falling back to England's rates scaled by the child population.
struct Source<'a> {
    fig: &'a Figures,
    england: &'a Published,
    /// This council's children under 18 over England's.
    scale: f64,
    scale_note: String,
}

impl Source<'_> {
    fn given(&self, key: &str) -> Option<Got> {
        let v = self.fig.number(key)?;
        Some(got(v, self.fig.source(key).unwrap_or_default()))
    }
    /// A count: given, else England's scaled by children.
    fn count(&self, key: &str, england: Option<f64>, what: &str) -> Got {
        self.given(key).unwrap_or_else(|| {
            let e = england.unwrap_or(0.0);
            got(
                e * self.scale,
                format!(
                    "national rate: England's {} {what} ([DfE] {}) scaled by {}",
                    fmt_num(e),
                    self.england.year,
                    self.scale_note
                ),
            )
        })
    }
    /// A rate: given, else England's.
    fn rate(&self, key: &str, england_percent: Option<f64>, what: &str) -> Got {
        self.given(key).unwrap_or_else(|| {
            let e = england_percent.unwrap_or(0.0) / 100.0;
            got(
                e,
                format!(
                    "national rate: England's {what} {}% ([DfE] {})",
                    fmt_num(e * 100.0),
                    self.england.year
                ),
            )
        })
    }
    fn money(&self, key: &str, default: (i64, &str)) -> (Money, String) {
        match self.fig.money(key) {
            Some(m) => (m, self.fig.source(key).unwrap_or_default()),
            None => (Money::from_pounds(default.0), default.1.to_string()),
        }
    }
}

fn fmt_num(x: f64) -> String {
    let r = if x.abs() >= 100.0 { x.round() } else { (x * 100.0).round() / 100.0 };
    format!("{r}")
}

/// A TOML number as written: whole numbers without a point, else up to 4 decimals.
fn num(x: f64) -> String {
    let r = (x * 1e4).round() / 1e4;
    if r == r.trunc() && r.abs() < 1e15 { format!("{}", r as i64) } else { format!("{r}") }
}

/// The commented TOML being written.
struct Out(String);

impl Out {
    fn line(&mut self, s: &str) {
        self.0.push_str(s);
        self.0.push('\n');
    }
    fn kv(&mut self, key: &str, value: String, note: &str) {
        let s = format!("{key} = {value}");
        if note.is_empty() {
            self.line(&s);
        } else {
            let pad = 32usize.saturating_sub(s.chars().count()).max(1);
            let _ = writeln!(self.0, "{s}{}# {note}", " ".repeat(pad));
        }
    }
    fn n(&mut self, key: &str, g: &Got) {
        self.kv(key, num(g.v), &g.note);
    }
    fn d(&mut self, key: &str, d: &Nd) {
        self.kv(key, num(d.value), d.note);
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Derives the scenario. `england` is the England row used for national rates.
pub fn derive(fig: &Figures, england: &Published) -> Result<Derived, String> {
    let name = fig.text("council").unwrap_or("My council").to_string();
    let code = fig.text("la_code").unwrap_or("").to_string();
    let census = fig
        .date("census_date")
        .or_else(|| NaiveDate::from_ymd_opt(england.year, 9, 30))
        .ok_or("census_date: no date for the figures")?;
    let start = census + Duration::days(1);
    let first_fy = if start.month() >= 4 { start.year() } else { start.year() - 1 };
    let end = match fig.date("end_date") {
        Some(e) => e,
        None => NaiveDate::from_ymd_opt(first_fy + 3, 3, 31).ok_or("end date out of range")?,
    };
    if end <= start {
        return Err(format!("end_date: {end} is not after the start {start}"));
    }
    let weeks = ((end - start).num_days() + 1 + 6) / 7;
    let years: Vec<String> =
        (first_fy..).take_while(|y| NaiveDate::from_ymd_opt(*y, 4, 1) <= Some(end)).map(fy).collect();

    // The scale: children under 18, or an estimate from the council's own counts.
    let e = england;
    let (children, scale_note) = match fig.number("children_under_18") {
        Some(c) if c > 0.0 => (c, format!("{} children under 18 [L]", fmt_num(c))),
        _ => {
            let est = [
                ("looked_after", e.looked_after_31_march, "looked-after children"),
                ("referrals_per_year", e.referral_count, "referrals"),
                ("social_workers_fte", e.inpost_fte, "social workers in post"),
            ]
            .iter()
            .find_map(|(k, eng, what)| {
                let x = fig.number(k).filter(|x| *x > 0.0)?;
                let per = e.children_under_18? / (*eng)?;
                Some((x * per, format!("children estimated from {what} at England's ratio")))
            });
            est.ok_or("not enough figures: give children_under_18, looked_after, referrals_per_year or social_workers_fte")?
        }
    };
    let scale = children / e.children_under_18.unwrap_or(children).max(1.0);
    let src = Source { fig, england: e, scale, scale_note: scale_note.clone() };

    // Workforce.
    let p = src.count("social_workers_fte", e.inpost_fte, "social workers in post");
    let agency = match (fig.number("agency_fte"), fig.number("agency_share")) {
        (Some(_), _) | (None, None) => src.count("agency_fte", e.agency_fte, "agency social workers"),
        (None, Some(s)) => got(
            if s < 1.0 { p.v * s / (1.0 - s) } else { 0.0 },
            format!(
                "derived: agency share {}% of all social workers ({})",
                fmt_num(s * 100.0),
                fig.source("agency_share").unwrap_or_default()
            ),
        ),
    };
    let vac = match (fig.number("vacancies_fte"), fig.number("posts_fte")) {
        (Some(_), _) => src.given("vacancies_fte").unwrap_or_else(|| got(0.0, "")),
        (None, Some(posts)) => got((posts - p.v).max(0.0), "derived: posts less permanent in post"),
        (None, None) => {
            let r = e.vacancy_rate_fte.unwrap_or(0.0) / 100.0;
            got(
                p.v * r / (1.0 - r),
                format!("national rate: England's vacancy rate {}% ([W] {})", fmt_num(r * 100.0), e.year),
            )
        }
    };
    // DfE's turnover is leavers / in post, with leavers replaced through the year; the
    // scenario's is the chance a worker leaves within a year, so the first is the
    // hazard -ln(1 - second): turnover = 1 - exp(-leavers / in post).
    let dfe_turnover = match (fig.number("leavers_fte"), fig.number("turnover")) {
        (Some(l), _) if p.v > 0.0 => got(
            (l / p.v).min(3.0),
            format!(
                "{} leavers / {} in post ({})",
                fmt_num(l),
                fmt_num(p.v),
                fig.source("leavers_fte").unwrap_or_default()
            ),
        ),
        (_, Some(_)) => src.given("turnover").unwrap_or_else(|| got(0.0, "")),
        _ => src.rate("turnover", e.turnover_rate_fte, "turnover"),
    };
    let turnover = got(
        1.0 - libm::exp(-dfe_turnover.v),
        format!(
            "derived: 1 - exp(-DfE turnover {}%), so that leavers replaced through the year are {}% of those in post: {}",
            fmt_num(dfe_turnover.v * 100.0),
            fmt_num(dfe_turnover.v * 100.0),
            dfe_turnover.note
        ),
    );
    let permanent = p.v.round();
    let leavers = dfe_turnover.v * permanent;
    let h_agency = crate::model::daily_hazard(nd::AGENCY_TURNOVER.value);
    let occupied = (1.0 / h_agency) / (1.0 / h_agency + nd::AGENCY_LEAD_DAYS.value / nd::AGENCY_FILL.value);
    let cap = if agency.v > 0.0 { (agency.v / occupied).round().max(1.0) } else { 0.0 };
    let agency_mean = cap * occupied;
    let posts = fig.number("posts_fte").unwrap_or(p.v + vac.v);
    let establishment = posts.max(permanent + cap).round().max(1.0);
    let vacancies = establishment - permanent;
    // Hires sustain the stock: H = leavers a week. Posts open at a weekly round are the
    // vacancies less hires in notice (H x notice weeks); each draws Poisson(a) applicants,
    // all hired after a week's appointment stage, so H = a x open.
    let hires_week = leavers / WEEKS_PER_YEAR;
    let open = vacancies - hires_week * (nd::NOTICE_WEEKS.value + 1.0);
    let (applicants, app_note) = if hires_week <= 0.0 {
        (0.0, "derived: no leavers to replace".to_string())
    } else if open < 0.5 {
        (
            1.0,
            "derived: too few vacancies for the leavers at this notice period; hires lag behind leavers"
                .to_string(),
        )
    } else {
        let a = (hires_week / open).min(1.0);
        let published = fig
            .number("starters_fte")
            .map(|s| format!("; the published {} starters are not carried forward, since hires other than leavers' would move the stock", fmt_num(s)))
            .unwrap_or_default();
        (
            a,
            format!(
                "derived: hires = leavers ({} a year) from about {} posts advertised each week{published}",
                fmt_num(leavers),
                fmt_num(open)
            ),
        )
    };
    let nq = (hires_week * WEEKS_PER_YEAR * nd::NEWLY_QUALIFIED_SHARE.value).round().min(permanent);
    let experienced = permanent - nq;

    // Demand.
    let referrals = src.count("referrals_per_year", e.referral_count, "referrals a year");
    let nfa = src.rate("no_further_action", e.no_further_action_percent, "no-further-action share");
    let nin = src.rate("not_in_need", e.not_in_need_percent, "assessed-not-in-need share");
    let ia_year = referrals.v * (1.0 - nfa.v);
    let ca_year = ia_year * (1.0 - nin.v);
    let lac = src.count("looked_after", e.looked_after_31_march, "looked-after children");
    let lac_start =
        src.count("lac_started_per_year", e.started_in_year, "children starting to be looked after a year");
    let via = nd::LAC_VIA_ASSESSMENT.value * lac_start.v;
    let to_lac = if ca_year > 0.0 { (via / ca_year).min(0.5) } else { 0.0 };
    let emergency = (lac_start.v - to_lac * ca_year).max(0.0) / WEEKS_PER_YEAR;
    let to_plan = nd::TO_PLAN.value.min(1.0 - to_lac);
    let plans_year = ca_year * to_plan;
    let per_day = |y: f64| y / (WEEKS_PER_YEAR * 5.0);
    let ia_stock = (per_day(ia_year) * (nd::IA_ELAPSED_DAYS.value + 1.0)).round();
    let ca_stock = (per_day(ca_year) * (nd::CA_ELAPSED_DAYS.value + 1.0)).round();
    let awaiting = (per_day(plans_year) * nd::TRANSFER_DAYS.value).round();
    let cases = match (fig.number("cases"), fig.number("children_in_need")) {
        (Some(c), _) => got(c, fig.source("cases").unwrap_or_default()),
        (None, Some(c)) => got(
            c,
            format!(
                "children in need ({}), as no count of cases was given",
                fig.source("children_in_need").unwrap_or_default()
            ),
        ),
        _ => src.count("cases", e.cases, "cases held"),
    };
    let lac_total = lac.v.round();
    let open_cases = (cases.v - ia_stock - ca_stock - awaiting - lac_total).max(0.0).round();
    let open_weeks =
        if plans_year > 0.0 { (open_cases / (plans_year / WEEKS_PER_YEAR)).clamp(1.0, 520.0) } else { 52.0 };
    let lac_weeks =
        if lac_start.v > 0.0 { (lac_total / lac_start.v * WEEKS_PER_YEAR).clamp(4.0, 936.0) } else { 156.0 };

    // Placements: the user's mix, else the national default.
    let counts: Vec<f64> = PLACEMENT_KEYS.iter().filter_map(|k| fig.number(k)).collect();
    let given_mix = counts.len() == PLACEMENT_KEYS.len() && counts.iter().sum::<f64>() > 0.0;
    let shares: Vec<(f64, String)> = nd::PLACEMENTS
        .iter()
        .enumerate()
        .map(|(i, pl)| {
            if given_mix {
                let t: f64 = counts.iter().sum();
                (
                    counts[i] / t,
                    format!(
                        "derived: {} of {} looked after ({})",
                        fmt_num(counts[i]),
                        fmt_num(t),
                        fig.source(PLACEMENT_KEYS[i]).unwrap_or_default()
                    ),
                )
            } else {
                (pl.1, pl.3.to_string())
            }
        })
        .collect();
    let mut initial: Vec<f64> = shares.iter().map(|s| (s.0 * lac_total).round()).collect();
    let diff = lac_total - initial.iter().sum::<f64>();
    if let Some(big) = initial.iter_mut().max_by(|a, b| a.total_cmp(b)) {
        *big = (*big + diff).max(0.0);
    }
    let cost_keys = ["cost_in_house_fostering", "cost_agency_fostering", "cost_residential", "cost_other"];
    let costs: Vec<(Money, String)> =
        nd::PLACEMENTS.iter().zip(cost_keys).map(|(pl, k)| src.money(k, (pl.2, pl.4))).collect();

    // Holding hours: the service uses a stated share of its casework hours.
    let hours = nd::HOURS_PER_DAY.value * 5.0 * (1.0 - nd::LOST_TIME.value);
    let capacity =
        hours * (permanent * nd::PRODUCTIVITY_PERMANENT.value + agency.v * nd::PRODUCTIVITY_AGENCY.value);
    let assessing = (ia_year * nd::IA_HOURS.value + ca_year * nd::CA_HOURS.value) / WEEKS_PER_YEAR;
    let held = open_cases + lac_total;
    let hold_raw =
        (nd::UTILISATION.value * capacity - assessing - awaiting * nd::AWAITING_HOURS.value) / held.max(1.0);
    let hold = (hold_raw * 100.0).round() / 100.0;
    let hold_note = if hold_raw < 0.1 {
        "derived: too few social workers for the assessments alone at these hours; assessment backlogs will grow".to_string()
    } else {
        format!(
            "derived: {}% of {} casework hours a week, less {} for assessments, over {} open cases and looked-after children",
            fmt_num(nd::UTILISATION.value * 100.0),
            fmt_num(capacity),
            fmt_num(assessing),
            fmt_num(held)
        )
    };
    let hold = hold.max(0.1);

    // Pay and prices.
    let (sal_e, sal_e_note) = src.money("salary_experienced", nd::SALARY_EXPERIENCED);
    let (sal_n, sal_n_note) = src.money("salary_newly_qualified", nd::SALARY_NEWLY_QUALIFIED);
    let (day_rate, day_note) = src.money("agency_day_rate", nd::AGENCY_DAY_RATE);
    let ni = fig
        .number("employer_ni")
        .map(|v| got(v, "set by user"))
        .unwrap_or(got(nd::EMPLOYER_NI.value, nd::EMPLOYER_NI.note));
    let pension = fig
        .number("employer_pension")
        .map(|v| got(v, "set by user"))
        .unwrap_or(got(nd::EMPLOYER_PENSION.value, nd::EMPLOYER_PENSION.note));
    let award = fig
        .number("pay_award")
        .map(|v| got(v, "set by user"))
        .unwrap_or(got(nd::PAY_AWARD.value, nd::PAY_AWARD.note));
    let award_from = fig.date("pay_award_from").unwrap_or_else(|| {
        let y = if start.month() >= 4 && start.day() > 1 || start.month() > 4 {
            start.year() + 1
        } else {
            start.year()
        };
        NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(start)
    });
    let award_note = if fig.date("pay_award_from").is_some() {
        "set by user"
    } else {
        "national default: the local government pay year starts on 1 April"
    };

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
    o.kv("name", quote(&slug(&name)), "");
    o.kv(
        "description",
        quote(&format!(
            "{name}{}: derived from its figures for {}; {} to {}",
            if code.is_empty() { String::new() } else { format!(" ({code})") },
            census,
            start,
            end
        )),
        "",
    );
    o.kv("start", quote(&start.to_string()), &format!("the day after the figures' census date {census}"));
    o.kv(
        "weeks",
        weeks.to_string(),
        &format!("to {end} (the 31 March closing the plan's last financial year)"),
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
        num(establishment),
        &format!(
            "derived: {} in post + {} vacancies{}",
            fmt_num(permanent),
            fmt_num(vac.v),
            if establishment > (p.v + vac.v).round() { ", raised to hold the agency cover" } else { "" }
        ),
    );
    o.d("hours_per_day", &nd::HOURS_PER_DAY);
    o.d("lost_time_share", &nd::LOST_TIME);
    o.n("turnover", &turnover);
    o.line("");
    o.line("[workforce.productivity]");
    o.d("permanent", &nd::PRODUCTIVITY_PERMANENT);
    o.d("agency", &nd::PRODUCTIVITY_AGENCY);
    o.line("");
    o.line("[agency]");
    o.kv("enabled", (cap > 0.0).to_string(), "");
    o.kv(
        "cap",
        num(cap),
        &format!(
            "derived: {} agency FTE / {}% of the time in post between a leaver and the replacement ({})",
            fmt_num(agency.v),
            fmt_num(occupied * 100.0),
            agency.note
        ),
    );
    o.d("lead_time_days", &nd::AGENCY_LEAD_DAYS);
    o.d("fill_probability", &nd::AGENCY_FILL);
    o.d("turnover", &nd::AGENCY_TURNOVER);
    o.line("");
    o.line("[recruitment]");
    o.kv("applicants_per_post", num(applicants), &app_note);
    o.d("notice_weeks", &nd::NOTICE_WEEKS);
    o.kv(
        "withdrawal_probability",
        "0".into(),
        "assumption: withdrawals are in the hires that the leavers call for",
    );
    o.d("newly_qualified_share", &nd::NEWLY_QUALIFIED_SHARE);
    let (cph, cph_note) = src.money("cost_per_hire", nd::COST_PER_HIRE);
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
        num(referrals.v / WEEKS_PER_YEAR),
        &format!("derived: {} referrals a year / 52.18 ({})", fmt_num(referrals.v), referrals.note),
    );
    o.kv(
        "to_initial_assessment",
        num(1.0 - nfa.v),
        &format!("derived: 1 - no further action {}% ({})", fmt_num(nfa.v * 100.0), nfa.note),
    );
    o.line("");
    o.line("[assessment.initial]");
    o.d("hours", &nd::IA_HOURS);
    o.d("elapsed_days", &nd::IA_ELAPSED_DAYS);
    o.kv(
        "to_core",
        num(1.0 - nin.v),
        &format!("derived: 1 - assessed not in need {}% ({})", fmt_num(nin.v * 100.0), nin.note),
    );
    o.line("");
    o.line("[assessment.core]");
    o.d("hours", &nd::CA_HOURS);
    o.d("elapsed_days", &nd::CA_ELAPSED_DAYS);
    o.kv("to_plan", num(to_plan), nd::TO_PLAN.note);
    o.kv(
        "to_looked_after",
        num(to_lac),
        &format!(
            "derived: {} of the {} starters a year through assessment ({})",
            fmt_num(nd::LAC_VIA_ASSESSMENT.value * 100.0) + "%",
            fmt_num(lac_start.v),
            nd::LAC_VIA_ASSESSMENT.note
        ),
    );
    o.d("transfer_delay_days", &nd::TRANSFER_DAYS);
    o.line("");
    o.line("[casework]");
    o.kv(
        "open_case_mean_weeks",
        num((open_weeks * 10.0).round() / 10.0),
        &format!(
            "derived: {} open cases / {} plans a year x 52.18, so the stock holds",
            fmt_num(open_cases),
            fmt_num(plans_year)
        ),
    );
    o.kv("hours_per_open_case_week", num(hold), &hold_note);
    o.d("hours_per_awaiting_case_week", &nd::AWAITING_HOURS);
    o.kv("hours_per_looked_after_week", num(hold), "derived: as open cases");
    o.line("");
    o.line("[looked_after]");
    o.kv(
        "emergency_entries_per_week",
        num(emergency),
        &format!(
            "derived: the rest of {} starters a year ({}) / 52.18",
            fmt_num(lac_start.v),
            lac_start.note
        ),
    );
    for (i, pl) in nd::PLACEMENTS.iter().enumerate() {
        o.line("");
        o.line("[[looked_after.placements]]");
        o.kv("name", quote(pl.0), "");
        o.kv("share", num(shares[i].0), &shares[i].1);
        o.kv(
            "mean_weeks",
            num((lac_weeks * 10.0).round() / 10.0),
            &format!("derived: {} looked after / {} starters a year x 52.18, so starters = ceasers and the stock holds", fmt_num(lac_total), fmt_num(lac_start.v)),
        );
        o.kv("weekly_cost", quote(&costs[i].0.to_string()), &costs[i].1);
        o.kv(
            "initial",
            num(initial[i]),
            &format!("derived: share x {} looked after ({})", fmt_num(lac_total), lac.note),
        );
    }
    o.line("");
    o.line("[costs]");
    o.kv("salary_experienced", quote(&sal_e.to_string()), &sal_e_note);
    o.kv("salary_newly_qualified", quote(&sal_n.to_string()), &sal_n_note);
    o.n("employer_ni", &ni);
    o.n("employer_pension", &pension);
    o.n("pay_award", &award);
    o.kv("pay_award_from", quote(&award_from.to_string()), award_note);
    o.kv("agency_day_rate", quote(&day_rate.to_string()), &day_note);
    o.line("");

    // Budgets: given, else the expected spend at these levels for a whole year.
    let oncost = 1.0 + ni.v + pension.v;
    let weekdays = WEEKS_PER_YEAR * 5.0;
    o.line("[budget]");
    o.kv("partial_years", quote("pro_rata"), "the first and last years are only partly simulated");
    let lines: [(&str, Expected); 4] = [
        (
            "permanent_staffing",
            Box::new(|y| {
                let k = (y - award_from.year() + i32::from((award_from.month(), award_from.day()) <= (4, 1)))
                    .max(0);
                (experienced * sal_e.to_f64() + nq * sal_n.to_f64()) * oncost * (1.0 + award.v).powi(k)
            }),
        ),
        ("agency_staffing", Box::new(|_| agency_mean * day_rate.to_f64() * weekdays)),
        ("recruitment", Box::new(|_| leavers * cph.to_f64())),
        (
            "placements",
            Box::new(|_| initial.iter().zip(&costs).map(|(n, c)| n * c.0.to_f64() / 5.0 * weekdays).sum()),
        ),
    ];
    for (line, expected) in &lines {
        o.line("");
        o.line(&format!("[budget.{line}]"));
        for y in &years {
            let key = format!("budget.{line}.{y}");
            let fy0 = fy_start(y).unwrap_or(first_fy);
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
    o.kv("agency", num(agency.v.round().min(cap)), &agency.note);
    o.kv("awaiting_transfer", num(awaiting), "derived: plans a day x transfer delay (Little's law)");
    o.kv(
        "open_cases",
        num(open_cases),
        &format!(
            "derived: {} cases ({}) less assessments, cases awaiting transfer and looked-after children",
            fmt_num(cases.v),
            cases.note
        ),
    );
    o.line("");
    o.line("[[initial.permanent]]");
    o.kv("grade", quote("experienced"), "");
    o.kv(
        "count",
        num(experienced),
        &format!("derived: {} in post ({}) less the newly qualified", fmt_num(p.v), p.note),
    );
    o.kv("tenure_weeks", "156".into(), "assumption: past the first year");
    if nq > 0.0 {
        o.line("");
        o.line("[[initial.permanent]]");
        o.kv("grade", quote("newly_qualified"), "");
        o.kv("count", num(nq), "derived: a year's hires x the newly qualified share");
        o.kv("tenure_weeks", "26".into(), "assumption: half-way through the first year");
    }
    // Hires already working their notice: a week's hires for each week of notice left,
    // so the first starters arrive on time rather than after a whole notice period.
    let mut done = 0.0;
    for w in 1..=(nd::NOTICE_WEEKS.value as u32) {
        let upto = (hires_week * f64::from(w)).round();
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
    if ia_stock > 0.0 {
        o.line("");
        o.line("[[initial.initial_assessments]]");
        o.kv(
            "count",
            num(ia_stock),
            "derived: initial assessments a day x (elapsed days + 1) (Little's law)",
        );
        o.kv("age_days", "3".into(), "");
        o.kv("status", quote("in_progress"), "");
    }
    if ca_stock > 0.0 {
        o.line("");
        o.line("[[initial.core_assessments]]");
        o.kv("count", num(ca_stock), "derived: core assessments a day x (elapsed days + 1) (Little's law)");
        o.kv("age_days", "10".into(), "");
        o.kv("status", quote("in_progress"), "");
    }
    let _ = (&scale_note, ENGLAND, Origin::User);
    let toml = o.0;
    let scenario =
        Scenario::from_toml(&toml).map_err(|e| format!("the derived scenario does not validate:\n{e}"))?;
    let targets = Targets {
        permanent,
        agency: agency_mean,
        leavers_per_year: leavers,
        referrals_per_year: referrals.v,
        lac: lac_total,
        lac_started_per_year: lac_start.v,
        cases: ia_stock + ca_stock + awaiting + open_cases + lac_total,
        open_cases,
    };
    Ok(Derived { toml, scenario, targets })
}

/// A line's expected whole-year spend, given the financial year's first calendar year.
type Expected<'a> = Box<dyn Fn(i32) -> f64 + 'a>;

/// A financial-year label: 2025 -> "2025-26".
pub fn fy(y: i32) -> String {
    format!("{y}-{:02}", (y + 1) % 100)
}

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
