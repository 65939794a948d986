//! The levels the figures give, each with the note that says how. Workforce, demand, case
//! stocks, placements, holding hours and pay, worked out from the figures.

use super::notes::{Got, Source, fmt_num, got};
use super::{WEEKS_PER_YEAR, fy};
use crate::council::data::{ENGLAND, Published};
use crate::council::defaults as nd;
use crate::council::figures::{Figures, Origin, PLACEMENT_KEYS};
use crate::money::Money;
use chrono::{Datelike, Duration, NaiveDate};

/// What the figures give: every level of the scenario, with the notes that explain it.
pub(super) struct Levels<'a> {
    pub(super) name: String,
    pub(super) code: String,
    pub(super) census: NaiveDate,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) years: Vec<String>,
    pub(super) first_fy: i32,
    pub(super) src: Source<'a>,
    pub(super) p: Got,
    pub(super) agency: Got,
    pub(super) vac: Got,
    pub(super) turnover: Got,
    pub(super) permanent: f64,
    pub(super) leavers: f64,
    pub(super) occupied: f64,
    pub(super) cap: f64,
    pub(super) agency_mean: f64,
    pub(super) establishment: f64,
    pub(super) hires_week: f64,
    pub(super) applicants: f64,
    pub(super) app_note: String,
    pub(super) nq: f64,
    pub(super) experienced: f64,
    pub(super) referrals: Got,
    pub(super) nfa: Got,
    pub(super) nin: Got,
    pub(super) lac: Got,
    pub(super) lac_start: Got,
    pub(super) to_lac: f64,
    pub(super) emergency: f64,
    pub(super) to_plan: f64,
    pub(super) plans_year: f64,
    pub(super) ia_stock: f64,
    pub(super) ca_stock: f64,
    pub(super) awaiting: f64,
    pub(super) cases: Got,
    pub(super) lac_total: f64,
    pub(super) open_cases: f64,
    pub(super) open_weeks: f64,
    pub(super) lac_weeks: f64,
    pub(super) shares: Vec<(f64, String)>,
    pub(super) initial: Vec<f64>,
    pub(super) costs: Vec<(Money, String)>,
    pub(super) hold: f64,
    pub(super) hold_note: String,
    pub(super) sal_e: Money,
    pub(super) sal_e_note: String,
    pub(super) sal_n: Money,
    pub(super) sal_n_note: String,
    pub(super) day_rate: Money,
    pub(super) day_note: String,
    pub(super) ni: Got,
    pub(super) pension: Got,
    pub(super) award: Got,
    pub(super) award_from: NaiveDate,
    pub(super) award_note: &'static str,
}

/// Works out the levels. `england` is the England row used for national rates.
pub(super) fn levels<'a>(fig: &'a Figures, england: &'a Published) -> Result<Levels<'a>, String> {
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
        if plans_year > 0.0 { (open_cases / (plans_year / WEEKS_PER_YEAR)).clamp(0.1, 520.0) } else { 52.0 };
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
    let _ = (&scale_note, ENGLAND, Origin::User);
    Ok(Levels {
        name,
        code,
        census,
        start,
        end,
        years,
        first_fy,
        src,
        p,
        agency,
        vac,
        turnover,
        permanent,
        leavers,
        occupied,
        cap,
        agency_mean,
        establishment,
        hires_week,
        applicants,
        app_note,
        nq,
        experienced,
        referrals,
        nfa,
        nin,
        lac,
        lac_start,
        to_lac,
        emergency,
        to_plan,
        plans_year,
        ia_stock,
        ca_stock,
        awaiting,
        cases,
        lac_total,
        open_cases,
        open_weeks,
        lac_weeks,
        shares,
        initial,
        costs,
        hold,
        hold_note,
        sal_e,
        sal_e_note,
        sal_n,
        sal_n_note,
        day_rate,
        day_note,
        ni,
        pension,
        award,
        award_from,
        award_note,
    })
}
