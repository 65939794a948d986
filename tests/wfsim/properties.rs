//! Properties: random valid scenarios simulate without panic or error, with every stock
//! conserved and every metric in range. (Fuzzing of scenario texts: fuzz_text.rs.)

use crate::common::each_run;
use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::fmt::Write;
use wfsim::metrics::LINES;
use wfsim::metrics::{self as m, Values};
use wfsim::money::Money;
use wfsim::scenario::Scenario;
use wfsim::sim::{Options, simulate};

pub(crate) fn config(cases: u32) -> ProptestConfig {
    // No regression files in the source tree: a failure prints its input instead.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// A float as TOML (Debug keeps a decimal point or an exponent: always a float literal).
fn f(x: f64) -> String {
    format!("{x:?}")
}

/// A parameter in `[lo, hi]`: a fixed value, a uniform, a normal or a 90% interval.
fn param(lo: f64, hi: f64) -> impl Strategy<Value = String> {
    let span = hi - lo;
    let share = lo >= 0.0 && hi <= 1.0;
    prop_oneof![
        4 => (lo..=hi).prop_map(f),
        1 => (lo..=hi, 0.01..=1.0f64).prop_map(move |(a, w)| {
            let b = (a + w * span).min(hi);
            if b > a { format!("{{ dist = \"uniform\", min = {}, max = {} }}", f(a), f(b)) } else { f(a) }
        }),
        1 => (lo..=hi, 0.01..=0.3f64)
            .prop_map(move |(m, sd)| format!("{{ dist = \"normal\", mean = {}, sd = {} }}", f(m), f(sd * span))),
        1 => (lo..=hi, 0.0..=0.2f64).prop_map(move |(a, w)| {
            // A share's interval lies strictly inside (0, 1): its shorthand is a logit-normal.
            let (a, top) = if share { (a.clamp(0.001, 0.98), 0.999) } else { (a, hi) };
            let b = (a + (w + 0.01) * span).min(top);
            if b > a { format!("{{ p5 = {}, p95 = {} }}", f(a), f(b)) } else { f(a) }
        }),
    ]
}

fn rate() -> impl Strategy<Value = String> {
    param(0.0, 1.0)
}

/// An elapsed-time distribution in working days.
fn elapsed(max: f64) -> impl Strategy<Value = String> {
    prop_oneof![
        (0.0..=max).prop_map(f),
        (0.5..=max, 0.2..=1.5f64).prop_map(|(m, cv)| format!(
            "{{ dist = \"gamma\", mean = {}, sd = {} }}",
            f(m),
            f(m * cv)
        )),
        (0.5..=max, 0.2..=1.5f64).prop_map(|(m, cv)| format!(
            "{{ dist = \"lognormal\", mean = {}, sd = {} }}",
            f(m),
            f(m * cv)
        )),
        (0.0..=max, 0.0..=1.0f64, 0.5..=max).prop_map(|(a, t, w)| format!(
            "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
            f(a),
            f(a + t * w),
            f(a + w)
        )),
    ]
}

fn date(start: NaiveDate, offset: i64) -> String {
    (start + Duration::days(offset)).to_string()
}

prop_compose! {
    fn workforce()(
        est in 0u32..60,
        hours in param(0.0, 10.0),
        lost in param(0.0, 0.6),
        prods in (rate(), rate(), rate()),
        ramp in (param(0.0, 20.0), rate(), rate()),
        turnover in param(0.0, 0.9),
        k in param(0.0, 3.0),
        threshold in param(1.0, 30.0),
    ) -> String {
        format!(
            "[workforce]\nestablishment = {est}\nhours_per_day = {hours}\nlost_time_share = {lost}\n\
             ramp_up_weeks = {}\nramp_up_start = {}\nnewly_qualified_factor = {}\nturnover = {turnover}\n\
             caseload_feedback_k = {k}\ncaseload_feedback_threshold = {threshold}\n\
             [workforce.productivity]\npermanent = {}\nagency = {}\npod = {}\n",
            ramp.0, ramp.1, ramp.2, prods.0, prods.1, prods.2
        )
    }
}

prop_compose! {
    fn agency()(
        enabled in any::<bool>(),
        cap in param(0.0, 30.0),
        lead in param(0.0, 20.0),
        fill in rate(),
        turnover in param(0.0, 0.9),
        release in any::<bool>(),
    ) -> String {
        format!(
            "[agency]\nenabled = {enabled}\ncap = {cap}\nlead_time_days = {lead}\nfill_probability = {fill}\n\
             turnover = {turnover}\nrelease_on_permanent_start = {release}\n"
        )
    }
}

fn pods(start: NaiveDate) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (-30i64..300, 0i64..200, param(0.0, 10.0), 0u32..3, 0u32..20000, any::<bool>()),
        0..3,
    )
    .prop_map(move |v| {
        let mut t = String::new();
        for (i, (off, len, sw, mgr, price, only)) in v.into_iter().enumerate() {
            let _ = write!(
                t,
                "[[pods]]\nname = \"pod {i}\"\nstart = \"{}\"\nend = \"{}\"\nsocial_workers = {sw}\n\
                     managers = {mgr}\nweekly_price = \"{price}\"\nassessment_only = {only}\n",
                date(start, off),
                date(start, off + len)
            );
        }
        t
    })
}

fn recruitment(start: NaiveDate) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        param(0.0, 4.0),
        proptest::collection::vec((rate(), param(0.0, 6.0)), 1..4),
        proptest::option::of(0usize..4),
        prop_oneof![param(0.0, 12.0), elapsed(12.0)],
        (rate(), rate(), 0u32..5000),
        proptest::collection::vec((-30i64..300, 0i64..200, param(0.5, 4.0), 0u32..20, 0u32..50000), 0..3),
    )
        .prop_map(move |(enabled, app, stages, limited, notice, (wd, nq, hire), camps)| {
            let mut t = format!(
                "[recruitment]\nenabled = {enabled}\napplicants_per_post = {app}\nnotice_weeks = {notice}\n\
                 withdrawal_probability = {wd}\nnewly_qualified_share = {nq}\ncost_per_hire = \"{hire}\"\n"
            );
            for (i, (pass, weeks)) in stages.iter().enumerate() {
                let lim = limited == Some(i);
                let _ = write!(
                    t,
                    "[[recruitment.stages]]\nname = \"stage {i}\"\npass = {pass}\nweeks = {weeks}\nlimited_to_posts = {lim}\n"
                );
            }
            for (i, (off, len, attraction, target, cost)) in camps.into_iter().enumerate() {
                let _ = write!(
                    t,
                    "[[recruitment.campaigns]]\nname = \"campaign {i}\"\nstart = \"{}\"\nend = \"{}\"\n\
                     attraction = {attraction}\ntarget_hires = {target}\ncost = \"{cost}\"\n",
                    date(start, off),
                    date(start, off + len)
                );
            }
            t
        })
}

fn demand(start: NaiveDate) -> impl Strategy<Value = String> {
    (
        param(0.0, 150.0),
        proptest::option::of(proptest::collection::vec(0.0..=3.0f64, 12)),
        param(-0.5, 1.0),
        rate(),
        proptest::option::of((-30i64..200, proptest::option::of(0i64..300), param(0.0, 6.0), param(0.0, 20.0))),
        (param(0.2, 30.0), rate(), 0u32..300000),
    )
        .prop_map(move |(refs, season, trend, to_ia, eh, (eh_weeks, eh_share, eh_cost))| {
            let mut t = format!(
                "[demand]\nreferrals_per_week = {refs}\nannual_trend = {trend}\nto_initial_assessment = {to_ia}\n"
            );
            if let Some(s) = season {
                let vals: Vec<String> = s.into_iter().map(f).collect();
                let _ = writeln!(t, "seasonality = [{}]", vals.join(", "));
            }
            if let Some((off, len, workers, fpw)) = eh {
                let _ = write!(
                    t,
                    "[early_help]\nstart = \"{}\"\nworkers = {workers}\nfamilies_per_worker = {fpw}\n\
                     mean_weeks = {eh_weeks}\ndiversion_share = {eh_share}\nannual_cost = \"{eh_cost}\"\n",
                    date(start, off)
                );
                if let Some(len) = len {
                    let _ = writeln!(t, "end = \"{}\"", date(start, off + len));
                }
            }
            t
        })
}

prop_compose! {
    fn assessment()(
        ia_first in any::<bool>(),
        ia in (param(0.01, 20.0), elapsed(15.0), 1u32..20, rate()),
        ca in (param(0.01, 40.0), elapsed(40.0), 1u32..60),
        plan in 0.0..=1.0f64,
        lac in 0.0..=1.0f64,
        transfer in param(1.0, 60.0),
    ) -> String {
        // Fixed shares of outcomes must sum to at most 1.
        let lac = (1.0 - plan) * lac * 0.999;
        format!(
            "[assessment]\npolicy = \"{}\"\n\
             [assessment.initial]\nhours = {}\nelapsed_days = {}\ntarget_days = {}\nto_core = {}\n\
             [assessment.core]\nhours = {}\nelapsed_days = {}\ntarget_days = {}\nto_plan = {}\n\
             to_looked_after = {}\ntransfer_delay_days = {transfer}\n",
            if ia_first { "ia_first" } else { "oldest_first" },
            ia.0, ia.1, ia.2, ia.3, ca.0, ca.1, ca.2, f(plan), f(lac)
        )
    }
}

prop_compose! {
    fn casework_and_lac()(
        open_weeks in param(0.2, 100.0),
        hours in (param(0.0, 3.0), param(0.0, 3.0), param(0.0, 3.0)),
        emergency in param(0.0, 4.0),
        places in proptest::collection::vec((param(0.05, 1.0), param(0.2, 200.0), 0u32..3000, param(0.0, 40.0)), 1..4),
    ) -> String {
        let mut t = format!(
            "[casework]\nopen_case_mean_weeks = {open_weeks}\nhours_per_open_case_week = {}\n\
             hours_per_awaiting_case_week = {}\nhours_per_looked_after_week = {}\n\
             [looked_after]\nemergency_entries_per_week = {emergency}\n",
            hours.0, hours.1, hours.2
        );
        for (i, (share, weeks, cost, initial)) in places.into_iter().enumerate() {
            let _ = write!(
                t,
                "[[looked_after.placements]]\nname = \"type {i}\"\nshare = {share}\nmean_weeks = {weeks}\n\
                 weekly_cost = \"{cost}\"\ninitial = {initial}\n"
            );
        }
        t
    }
}

fn fy_label(year: i32) -> String {
    format!("{}-{:02}", year, (year + 1) % 100)
}

fn costs_and_budget(start: NaiveDate) -> impl Strategy<Value = String> {
    (
        (15000u32..40000, 15000u32..40000, 0.0..=0.2f64, 0.0..=0.3f64),
        (param(-0.1, 0.1), proptest::option::of(0i64..400), 100u32..500),
        proptest::collection::vec((0usize..6, 0i32..3, 0u64..5_000_000), 0..6),
        any::<bool>(),
    )
        .prop_map(move |((exp, nq, ni, pension), (award, from, day_rate), budgets, _)| {
            let mut t = format!(
                "[costs]\nsalary_experienced = \"{exp}\"\nsalary_newly_qualified = \"{nq}\"\nemployer_ni = {}\n\
                 employer_pension = {}\npay_award = {award}\nagency_day_rate = {day_rate}\n",
                f(ni),
                f(pension)
            );
            if let Some(off) = from {
                let _ = writeln!(t, "pay_award_from = \"{}\"", date(start, off));
            }
            let _ = writeln!(t, "[budget]");
            let fy0 = if start.month() >= 4 { start.year() } else { start.year() - 1 };
            // One table per line, one entry per year.
            let mut by_line: std::collections::BTreeMap<usize, std::collections::BTreeMap<i32, u64>> =
                Default::default();
            for (line, y, amount) in budgets {
                by_line.entry(line).or_default().insert(y, amount);
            }
            for (line, years) in by_line {
                let _ = writeln!(t, "[budget.{}]", LINES[line]);
                for (y, amount) in years {
                    let _ = writeln!(t, "\"{}\" = \"{amount}\"", fy_label(fy0 + y));
                }
            }
            t
        })
}

fn initial_state() -> impl Strategy<Value = String> {
    let items = || proptest::collection::vec((param(0.0, 40.0), 0u32..80, any::<bool>()), 0..3);
    (
        param(0.0, 20.0),
        proptest::collection::vec((any::<bool>(), param(0.0, 30.0), 0u32..300), 0..3),
        items(),
        items(),
        (param(0.0, 50.0), param(0.0, 200.0)),
        proptest::collection::vec((0u32..5, 0u32..30, any::<bool>()), 0..3),
    )
        .prop_map(|(agency, cohorts, ia, ca, (awaiting, open), notice)| {
            let mut t = format!(
                "[initial]\nagency = {agency}\nawaiting_transfer = {awaiting}\nopen_cases = {open}\n"
            );
            for (nq, count, tenure) in cohorts {
                let grade = if nq { "newly_qualified" } else { "experienced" };
                let _ = write!(
                    t,
                    "[[initial.permanent]]\ngrade = \"{grade}\"\ncount = {count}\ntenure_weeks = {tenure}\n"
                );
            }
            for (name, list) in [("initial_assessments", ia), ("core_assessments", ca)] {
                for (count, age, busy) in list {
                    let status = if busy { "in_progress" } else { "waiting" };
                    let _ = write!(
                        t,
                        "[[initial.{name}]]\ncount = {count}\nage_days = {age}\nstatus = \"{status}\"\n"
                    );
                }
            }
            for (count, weeks_left, nq) in notice {
                let grade = if nq { "newly_qualified" } else { "experienced" };
                let _ = write!(
                    t,
                    "[[initial.in_notice]]\ncount = {count}\nweeks_left = {weeks_left}\ngrade = \"{grade}\"\n"
                );
            }
            t
        })
}

fn events(start: NaiveDate, weeks: u32) -> impl Strategy<Value = String> {
    proptest::collection::vec((0usize..m::N, 0usize..5, 0.0..=100.0f64, 0u32..1040), 0..3).prop_map(
        move |v| {
            let mut t = String::new();
            if weeks < 2 {
                return t;
            }
            for (metric, op, value, k) in v {
                // start + 7 (k + 1) days lies in week k or k + 1, inside the horizon.
                let on = date(start, 7 * (1 + (k % (weeks - 1)) as i64));
                let _ = write!(
                    t,
                    "[[events]]\nmetric = \"{}\"\nop = \"{}\"\nvalue = {}\non = \"{on}\"\n",
                    m::NAMES[metric],
                    ["<=", "<", ">=", ">", "=="][op],
                    f(value)
                );
            }
            t
        },
    )
}

/// A random valid scenario as TOML text.
fn scenario_text() -> impl Strategy<Value = String> {
    (0i64..7300, 1u32..60, 0usize..3).prop_flat_map(|(day, weeks, holidays)| {
        let start = NaiveDate::from_ymd_opt(2005, 1, 1).unwrap() + Duration::days(day);
        let hol = match holidays {
            0 => "\"none\"".to_string(),
            1 => "\"england-and-wales\"".to_string(),
            _ => format!("[\"{}\", \"{}\"]", date(start, 3), date(start, 40)),
        };
        let head =
            format!("name = \"random\"\nstart = \"{start}\"\nweeks = {weeks}\nbank_holidays = {hol}\n");
        (
            Just(head),
            workforce(),
            agency(),
            pods(start),
            recruitment(start),
            demand(start),
            assessment(),
            casework_and_lac(),
            costs_and_budget(start),
            initial_state(),
            events(start, weeks),
        )
            .prop_map(|(a, b, c, d, e, g, h, i, j, k, l)| [a, b, c, d, e, g, h, i, j, k, l].concat())
    })
}

/// Checks every weekly metric and budget figure of one run.
fn check_record(s: &Scenario, nw: usize, r: &wfsim::sim::RunRecord) -> Result<(), String> {
    let at = |metric: usize, w: usize| r.weekly[metric * nw + w];
    let est = s.spec().establishment as f64;
    for w in 0..nw {
        for (i, name) in m::NAMES.iter().enumerate() {
            let x = at(i, w);
            match m::values(i) {
                Values::Count => {
                    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
                        return Err(format!("week {w}: {name} = {x} is not a count"));
                    }
                }
                Values::Real => {
                    let ok = match i {
                        m::IA_ON_TIME | m::CA_ON_TIME => x.is_nan() || (0.0..=1.0).contains(&x),
                        m::CASELOAD => x.is_nan() || (x.is_finite() && x >= 0.0),
                        _ => x.is_finite() && x >= 0.0, // money
                    };
                    if !ok {
                        return Err(format!("week {w}: {name} = {x} is out of range"));
                    }
                }
            }
        }
        let rate_defined = |rate: usize, done: usize| at(rate, w).is_nan() == (at(done, w) == 0.0);
        if !rate_defined(m::IA_ON_TIME, m::IA_COMPLETED) || !rate_defined(m::CA_ON_TIME, m::CA_COMPLETED) {
            return Err(format!("week {w}: an on-time rate is defined iff there were completions"));
        }
        let relations = [
            ("establishment", at(m::ESTABLISHMENT, w) == est),
            ("vacancies", at(m::VACANCIES, w) == (est - at(m::PERMANENT_FTE, w)).max(0.0)),
            (
                "assessment_team_cases",
                at(m::TEAM_CASES, w) == at(m::IA_BACKLOG, w) + at(m::CA_BACKLOG, w) + at(m::AWAITING, w),
            ),
            ("ia_in_progress <= ia_backlog", at(m::IA_IN_PROGRESS, w) <= at(m::IA_BACKLOG, w)),
            ("ia_overdue <= ia_backlog", at(m::IA_OVERDUE, w) <= at(m::IA_BACKLOG, w)),
            ("ca_in_progress <= ca_backlog", at(m::CA_IN_PROGRESS, w) <= at(m::CA_BACKLOG, w)),
            ("ca_overdue <= ca_backlog", at(m::CA_OVERDUE, w) <= at(m::CA_BACKLOG, w)),
            ("diverted <= referrals", at(m::DIVERTED, w) <= at(m::REFERRALS, w)),
        ];
        for (what, ok) in relations {
            if !ok {
                return Err(format!("week {w}: {what} does not hold"));
            }
        }
        let lines: f64 = (0..LINES.len()).map(|l| at(m::SPEND_LINE0 + l, w)).sum();
        if (at(m::SPEND, w) - lines).abs() > 0.005 + 1e-9 * lines.abs() {
            return Err(format!("week {w}: spend {} is not the sum of its lines {lines}", at(m::SPEND, w)));
        }
    }
    let width = LINES.len() + 1;
    for (fy, row) in r.budget.chunks(width).enumerate() {
        let sum = row[..LINES.len()].iter().fold(Money::ZERO, |a, b| a + *b);
        if sum != row[LINES.len()] || row.iter().any(|x| x.is_negative()) {
            return Err(format!("year {fy}: budget lines {row:?} do not add up or are negative"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn random_valid_scenarios_simulate_with_every_stock_conserved(text in scenario_text()) {
        let s = Scenario::from_toml(&text)
            .map_err(|e| TestCaseError::fail(format!("generated scenario rejected:\n{e}\n--- text ---\n{text}")))?;
        let nw = crate::common::n_weeks(&s);
        let mut failure = None;
        each_run(&s, 17, 3, true, |run, r| {
            if failure.is_none()
                && let Err(e) = check_record(&s, nw, r)
            {
                failure = Some(format!("run {run}: {e}"));
            }
        });
        if let Some(e) = failure {
            return Err(TestCaseError::fail(format!("{e}\n--- text ---\n{text}")));
        }
        let mut o = Options::new(4, 3);
        o.check = true;
        let summary = simulate(&s, &o).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let json: serde_json::Value = serde_json::from_str(&summary.to_json())
            .map_err(|e| TestCaseError::fail(format!("summary JSON does not parse: {e}")))?;
        prop_assert_eq!(json["weeks"].as_array().map(|a| a.len()), Some(nw));
        for e in &summary.events {
            prop_assert!((0.0..=1.0).contains(&e.probability));
        }
        for row in &summary.budget {
            prop_assert!(row.p5 <= row.p50 && row.p50 <= row.p95, "{:?}", row);
        }
    }
}
