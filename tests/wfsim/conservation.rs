//! Conservation: with checks on, the engine verifies at the end of every day that every
//! stock equals its initial value plus inflows minus outflows (and that each structure's
//! parts add up). Every run of every scenario here must pass.

use crate::common::{each_run, preset, scenario, toml_over, valid};
use wfsim::scenario::Scenario;
use wfsim::sim::{Options, simulate};

#[track_caller]
fn assert_conserved(s: &Scenario, runs: u64, seed: u64) {
    let mut o = Options::new(runs, seed);
    o.check = true;
    if let Err(e) = simulate(s, &o) {
        panic!("scenario {:?}: {e}", s.name());
    }
}

#[test]
fn preset_conserves_every_stock_in_200_runs() {
    assert_conserved(&preset(), 200, 20120326);
}

#[test]
fn preset_with_ia_first_policy_conserves() {
    let text = toml_over(
        wfsim::scenario::presets::text("peterborough-2012").unwrap(),
        "[assessment]\npolicy = \"ia_first\"",
    );
    assert_conserved(&valid(&text), 100, 3);
}

/// A busy service: demand above capacity, two overlapping pods (one holding cases), a
/// campaign, recruitment, agency with release, bank holidays, early help that ends,
/// initial queues part in progress, candidates in notice, caseload feedback, a pay award.
const BUSY: &str = r#"
name = "busy"
start = "2012-01-02"
weeks = 78
bank_holidays = "england-and-wales"

[workforce]
establishment = 40
turnover = 0.3
caseload_feedback_k = 2.0
caseload_feedback_threshold = 12

[agency]
enabled = true
cap = 15
lead_time_days = 5
fill_probability = 0.6
turnover = 0.7
release_on_permanent_start = true

[[pods]]
name = "assessment pod"
start = "2012-02-01"
end = "2012-08-31"
social_workers = 6
managers = 1
weekly_price = "12000"
assessment_only = true

[[pods]]
name = "holding pod"
start = "2012-05-01"
end = "2013-01-31"
social_workers = 4
weekly_price = { dist = "uniform", min = 5000, max = 9000 }
assessment_only = false

[recruitment]
enabled = true
applicants_per_post = 2.5
notice_weeks = { dist = "triangular", min = 0, mode = 4, max = 12 }
withdrawal_probability = 0.2
newly_qualified_share = 0.5
cost_per_hire = "1500"

[[recruitment.campaigns]]
start = "2012-03-01"
end = "2012-06-29"
attraction = 3.0
target_hires = 10
cost = "40000"

[[recruitment.campaigns]]
start = "2012-05-01"
end = "2013-12-31"
attraction = { p5 = 1.1, p95 = 2.0 }
cost = "10000"

[demand]
referrals_per_week = 90
seasonality = [1.1, 1.0, 1.2, 0.9, 1.0, 1.0, 0.8, 0.6, 1.1, 1.2, 1.1, 0.9]
annual_trend = 0.1
to_initial_assessment = 0.8

[early_help]
start = "2012-02-06"
end = "2012-12-21"
workers = 4
families_per_worker = 15
mean_weeks = 10
diversion_share = 0.3
annual_cost = "180000"

[assessment]
policy = "ia_first"

[assessment.initial]
hours = 7
elapsed_days = { dist = "gamma", mean = 6, sd = 4 }
target_days = 7
to_core = 0.5

[assessment.core]
hours = 20
elapsed_days = { dist = "lognormal", mean = 25, sd = 10 }
to_plan = 0.6
to_looked_after = 0.1
transfer_delay_days = 15

[casework]
open_case_mean_weeks = 30
hours_per_open_case_week = 1.2

[looked_after]
emergency_entries_per_week = 1.5

[[looked_after.placements]]
name = "fostering"
share = 0.7
mean_weeks = 100
weekly_cost = "500"
initial = 80

[[looked_after.placements]]
name = "residential"
share = 0.3
mean_weeks = 40
weekly_cost = { p5 = 2500, p95 = 3500 }
initial = 12

[costs]
salary_experienced = "32000"
salary_newly_qualified = "26000"
employer_ni = 0.12
employer_pension = 0.18
pay_award = 0.02
pay_award_from = "2012-09-01"
agency_day_rate = "280"

[budget.permanent_staffing]
"2011-12" = "300000"
"2012-13" = "1200000"

[initial]
agency = 8
awaiting_transfer = 60
open_cases = 300

[[initial.permanent]]
grade = "experienced"
count = 20
tenure_weeks = 200

[[initial.permanent]]
grade = "newly_qualified"
count = 6
tenure_weeks = 3

[[initial.initial_assessments]]
count = 30
age_days = 12
status = "in_progress"

[[initial.initial_assessments]]
count = 50
age_days = 4

[[initial.core_assessments]]
count = 20
age_days = 40
status = "in_progress"

[[initial.core_assessments]]
count = 15
age_days = 10

[[initial.in_notice]]
count = 3
weeks_left = 4

[[initial.in_notice]]
count = 2
weeks_left = 200
grade = "newly_qualified"
"#;

#[test]
fn busy_service_conserves() {
    assert_conserved(&valid(BUSY), 100, 5);
}

#[test]
fn busy_service_with_oldest_first_and_a_midweek_start_conserves() {
    let text = toml_over(
        BUSY,
        r#"
        start = "2012-01-07"            # a Saturday: day 0 is the next Monday
        bank_holidays = ["2012-01-11", "2012-02-14", "2012-02-15", "2012-12-25", "2012-12-29"]
        [assessment]
        policy = "oldest_first"
        "#,
    );
    assert_conserved(&valid(&text), 60, 6);
    let wed = toml_over(BUSY, "start = \"2012-01-04\"\nweeks = 20");
    assert_conserved(&valid(&wed), 60, 7);
}

#[test]
fn a_service_with_no_workers_conserves() {
    // Everything queues; nothing is allocated; caseload per worker is undefined.
    let s = scenario(
        r#"
        [workforce]
        establishment = 0
        [demand]
        referrals_per_week = 30
        [looked_after]
        emergency_entries_per_week = 2
        [initial]
        permanent = []
        open_cases = 20
        awaiting_transfer = 5
        "#,
    );
    assert_conserved(&s, 50, 8);
    let nw = crate::common::n_weeks(&s);
    each_run(&s, 8, 5, true, |_, r| {
        let started = crate::common::series(r, wfsim::metrics::IA_STARTED, nw);
        assert!(started.iter().all(|&x| x == 0.0), "no worker, no assessment: {started:?}");
        let cl = crate::common::series(r, wfsim::metrics::CASELOAD, nw);
        assert!(cl.iter().all(|x| x.is_nan()), "caseload per worker with no workers: {cl:?}");
    });
}

#[test]
fn recruitment_heavy_service_conserves() {
    // Everyone leaves quickly and is replaced: the pipeline, notice and agency rings turn
    // over many times.
    let s = scenario(
        r#"
        weeks = 104
        [workforce]
        establishment = 30
        turnover = 0.9
        [agency]
        enabled = true
        cap = 10
        lead_time_days = 0
        fill_probability = 1.0
        turnover = 0.9
        [recruitment]
        enabled = true
        applicants_per_post = 5
        notice_weeks = 0
        withdrawal_probability = 0.5
        [[recruitment.stages]]
        name = "only"
        pass = 0.9
        weeks = 0
        limited_to_posts = true
        [[recruitment.campaigns]]
        start = "2021-01-04"
        end = "2022-12-30"
        attraction = 4
        cost = "1000"
        "#,
    );
    assert_conserved(&s, 100, 9);
}
