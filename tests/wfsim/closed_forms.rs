//! Closed forms: small purpose-built scenarios whose outputs follow known distributions.
//! Each test uses a fixed seed and a tolerance derived from theory, written out beside it.
//!
//! Conventions used below. With a Monday start and no bank holidays, week `w` is working
//! days `5w .. 5w + 4`, and its stocks are read at the end of day `5w + 4`; so week 51 ends
//! on day 259, after exactly 260 working days. For an estimator with standard deviation
//! `sd`, the tolerance is `K * sd` with `K = 5` (a two-sided 5-sigma band: a false alarm
//! about once in 1.7 million for a normal estimator; all estimators here are means or
//! variances of at least hundreds of values, close to normal).

use crate::common::{assert_close, each_run, mean, n_weeks, scenario, series, variance};
use wfsim::metrics as m;

const K: f64 = 5.0;

#[test]
fn permanent_headcount_survives_turnover_exactly() {
    // No recruitment, no agency, no demand, no caseload feedback: each of n0 workers leaves
    // on each working day with the hazard h = 1 - (1 - r)^(1/260), independently (the day's
    // leavers are Binomial(headcount, h), removed at random). After 260 working days a
    // worker is still there with probability (1 - h)^260 = 1 - r, so the headcount at the end
    // of week 51 is Binomial(n0, 1 - r); at the end of week w (5(w + 1) days) the survival
    // is (1 - r)^(5(w + 1) / 260).
    // Mean over N runs: sd = sqrt(n0 p (1 - p) / N).
    // Sample variance: Var(s^2) ~ (mu4 - sigma^4) / N with, for a Binomial(n, p),
    // sigma^2 = n p q and mu4 = n p q (1 + 3 (n - 2) p q).
    let (n0, r, runs): (f64, f64, u64) = (100.0, 0.25, 4000);
    let s = scenario(
        r#"
        [workforce]
        establishment = 100
        turnover = 0.25
        caseload_feedback_k = 0
        [[initial.permanent]]
        grade = "experienced"
        count = 100
        tenure_weeks = 104
        "#,
    );
    let nw = n_weeks(&s);
    assert_eq!(nw, 52);
    let mut at = vec![Vec::with_capacity(runs as usize); nw];
    each_run(&s, 2024, runs, false, |_, rec| {
        for (w, v) in series(rec, m::PERMANENT_FTE, nw).iter().enumerate() {
            at[w].push(*v);
        }
        // Nobody is replaced, and the leavers account for the whole fall in headcount.
        assert!(series(rec, m::STARTERS, nw).iter().all(|&x| x == 0.0));
        assert!(series(rec, m::AGENCY_FTE, nw).iter().all(|&x| x == 0.0));
        let leavers: f64 = series(rec, m::LEAVERS, nw).iter().sum();
        assert_eq!(leavers, n0 - series(rec, m::PERMANENT_FTE, nw)[nw - 1]);
    });
    for w in [0, 12, 25, 51] {
        let p = (1.0 - r).powf(5.0 * (w as f64 + 1.0) / 260.0);
        let sd = (n0 * p * (1.0 - p) / runs as f64).sqrt();
        assert_close(&format!("mean headcount, week {w}"), mean(&at[w]), n0 * p, K * sd);
    }
    let (p, q) = (1.0 - r, r);
    let var = n0 * p * q;
    assert_close(
        "mean headcount after 260 days",
        mean(&at[51]),
        n0 * (1.0 - r),
        K * (var / runs as f64).sqrt(),
    );
    let mu4 = var * (1.0 + 3.0 * (n0 - 2.0) * p * q);
    let sd_s2 = ((mu4 - var * var) / runs as f64).sqrt();
    assert_close("variance of headcount after 260 days", variance(&at[51]), var, K * sd_s2);
}

#[test]
fn weekly_referrals_are_poisson() {
    // Referrals arrive each working day as Poisson(mu / 5) with no seasonality and no trend
    // (the trend factor is exactly 1), so a Monday-to-Friday week's count is Poisson(mu),
    // independent from week to week and run to run. Over n = runs x weeks counts:
    // * the sample mean has sd sqrt(mu / n);
    // * the sample variance has Var(s^2) ~ (mu4 - sigma^4) / n, where for a Poisson(mu)
    //   sigma^2 = mu and mu4 = mu + 3 mu^2, so sd(s^2) = sqrt((mu + 2 mu^2) / n);
    // * the histogram passes a chi-square goodness-of-fit test against Poisson(mu) (bins
    //   pooled so that every expected count is at least 5; no parameter estimated, so
    //   df = bins - 1), at significance 1e-6.
    use statrs::distribution::{ChiSquared, ContinuousCDF, Discrete, Poisson};
    let mu = 40.0;
    let runs = 200u64;
    let s = scenario("[demand]\nreferrals_per_week = 40\nto_initial_assessment = 0.0");
    let nw = n_weeks(&s);
    let mut counts = Vec::new();
    each_run(&s, 77, runs, false, |_, rec| counts.extend_from_slice(series(rec, m::REFERRALS, nw)));
    let n = counts.len() as f64;
    assert_eq!(n, (runs as usize * nw) as f64);
    assert_close("mean weekly referrals", mean(&counts), mu, K * (mu / n).sqrt());
    assert_close(
        "variance of weekly referrals",
        variance(&counts),
        mu,
        K * ((mu + 2.0 * mu * mu) / n).sqrt(),
    );

    let pois = Poisson::new(mu).unwrap();
    let max = *counts.iter().map(|x| *x as u64).collect::<Vec<_>>().iter().max().unwrap() as usize;
    let mut observed = vec![0.0; max + 1];
    for c in &counts {
        observed[*c as usize] += 1.0;
    }
    // Pool from the left and right until each bin's expectation is >= 5.
    let mut bins: Vec<(f64, f64)> = Vec::new(); // (observed, expected)
    let (mut o, mut e) = (0.0, 0.0);
    let mut cdf_used = 0.0;
    for (k, obs) in observed.iter().enumerate() {
        let pk = pois.pmf(k as u64);
        o += obs;
        e += n * pk;
        cdf_used += pk;
        if e >= 5.0 && n * (1.0 - cdf_used) >= 5.0 {
            bins.push((o, e));
            o = 0.0;
            e = 0.0;
        }
    }
    // The rest, including the tail beyond the largest count seen.
    bins.push((o, e + n * (1.0 - cdf_used)));
    let chi2: f64 = bins.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    let df = (bins.len() - 1) as f64;
    let critical = ChiSquared::new(df).unwrap().inverse_cdf(1.0 - 1e-6);
    assert!(chi2 < critical, "chi-square {chi2:.1} on {df} df exceeds {critical:.1}");
}

#[test]
fn open_cases_settle_at_the_m_m_infinity_law() {
    // Cases reach open cases at a steady Poisson rate: every referral (Poisson(lambda) a
    // working day, lambda = 10 / 5 = 2) goes to an initial assessment (share 1), which is
    // allocated the next working day (capacity is ample: 50 workers, 0.01 hours an
    // assessment, no holding hours, no bank holidays) and completes the same day (elapsed
    // 0); it moves on to a core assessment (share 1), allocated and completed the day
    // after; every core assessment ends in a plan (share 1), and the case waits for transfer
    // with daily hazard 1 / transfer_delay_days = 1, i.e. it becomes an open case the next
    // day. So from day 3 on, each day's arrivals to open cases are the referrals of three
    // days before: independent Poisson(lambda).
    // Each day, open cases close with hazard h = 1 / (5 x open_case_mean_weeks) = 1/20
    // (geometric durations, mean D = 20 working days), and then the day's arrivals join:
    // O_t = Binomial(O_{t-1}, 1 - h) + Poisson(lambda). If O_{t-1} ~ Poisson(m), thinning
    // and superposition give O_t ~ Poisson(m (1 - h) + lambda), so the stationary law is
    // exactly Poisson(lambda / h) = Poisson(lambda D) = Poisson(40), mean = variance = 40.
    // The start (40 cases, and no arrivals on days 0-2) is forgotten geometrically,
    // (1 - h)^t ~ 1e-7 after 300 days.
    // Across N independent runs, at the last week: sd(mean) = sqrt(40 / N) and
    // sd(s^2) = sqrt((m + 2 m^2) / N) (Poisson fourth moment, as for referrals).
    let runs = 3000u64;
    let m_exact = 2.0 * 20.0;
    let s = scenario(
        r#"
        weeks = 60
        [workforce]
        establishment = 50
        [[initial.permanent]]
        grade = "experienced"
        count = 50
        tenure_weeks = 104
        [demand]
        referrals_per_week = 10
        to_initial_assessment = 1.0
        [assessment.initial]
        hours = 0.01
        elapsed_days = 0
        to_core = 1.0
        [assessment.core]
        hours = 0.01
        elapsed_days = 0
        to_plan = 1.0
        to_looked_after = 0.0
        transfer_delay_days = 1
        [casework]
        open_case_mean_weeks = 4
        hours_per_open_case_week = 0
        hours_per_awaiting_case_week = 0
        hours_per_looked_after_week = 0
        [initial]
        open_cases = 40
        "#,
    );
    let nw = n_weeks(&s);
    let mut last = Vec::new();
    each_run(&s, 5, runs, false, |run, rec| {
        last.push(series(rec, m::OPEN_CASES, nw)[nw - 1]);
        if run < 20 {
            // The chain never queues beyond a day: nothing is ever overdue, and what is
            // outstanding at the end of a week arrived in that week.
            for w in 0..nw {
                let at = |metric: usize| rec.weekly[metric * nw + w];
                assert_eq!(at(m::IA_OVERDUE), 0.0, "run {run}, week {w}");
                assert_eq!(at(m::CA_OVERDUE), 0.0, "run {run}, week {w}");
                assert!(at(m::IA_BACKLOG) <= at(m::REFERRALS), "run {run}, week {w}");
            }
        }
    });
    let n = runs as f64;
    assert_close("mean open cases", mean(&last), m_exact, K * (m_exact / n).sqrt());
    assert_close(
        "variance of open cases",
        variance(&last),
        m_exact,
        K * ((m_exact + 2.0 * m_exact * m_exact) / n).sqrt(),
    );
}

#[test]
fn looked_after_children_settle_at_the_m_m_infinity_law() {
    // Emergency entries are Poisson(lambda) a working day (lambda = 10 / 5 = 2); each day
    // children leave their (single) placement type with hazard h = 1 / (5 x mean_weeks) =
    // 1/20 before the day's entries join. As for open cases, the stationary law is exactly
    // Poisson(lambda / h) = Poisson(40); starting from 40 children, the start is forgotten
    // after 300 days. Tolerances: sd(mean) = sqrt(40 / N), sd(s^2) = sqrt((m + 2 m^2) / N).
    let runs = 3000u64;
    let m_exact = 40.0;
    let s = scenario(
        r#"
        weeks = 60
        [looked_after]
        emergency_entries_per_week = 10
        [[looked_after.placements]]
        name = "foster"
        share = 1.0
        mean_weeks = 4
        weekly_cost = "100"
        initial = 40
        "#,
    );
    let nw = n_weeks(&s);
    let mut last = Vec::new();
    each_run(&s, 6, runs, false, |_, rec| last.push(series(rec, m::LAC, nw)[nw - 1]));
    let n = runs as f64;
    assert_close("mean looked-after children", mean(&last), m_exact, K * (m_exact / n).sqrt());
    assert_close(
        "variance of looked-after children",
        variance(&last),
        m_exact,
        K * ((m_exact + 2.0 * m_exact * m_exact) / n).sqrt(),
    );
}

#[test]
fn a_queue_short_of_capacity_grows_at_the_difference() {
    // Capacity: 10 experienced workers (fully productive), 7.4 hours a day, 20% lost,
    // productivity 0.6: 10 x 7.4 x 0.8 x 0.6 = 35.52 hours a day, no holding hours, no bank
    // holidays. At 6 hours an initial assessment, with unused hours carried over, that is
    // c = 5.92 assessments a day: by the end of day t, exactly floor(35.52 (t + 1) / 6)
    // have been allocated (to within 1 for floating-point rounding), as long as enough items
    // wait. Elapsed time 0: each completes the day it is allocated; none moves on.
    // Demand: referrals_per_week = 50, all accepted: Poisson(lambda = 10) a day. Starting
    // with 100 eligible items, the backlog drifts up by lambda - c = 4.08 a day (sd of a
    // day's arrivals sqrt(10)), so it never runs dry.
    // So the backlog at the end of week w is
    //   B_w = 100 + A(5(w + 1)) - floor(35.52 x 5(w + 1) / 6),
    // with A(d) the arrivals in d days, Poisson(10 d). The mean series grows at
    // 5 (lambda - c) = 20.4 a week. Estimate the slope by (mean B_{W-1} - mean B_0) / (W - 1):
    // the arrivals in between are Poisson(10 x 5 (W - 1)), so over N runs
    //   sd(slope) = sqrt(50 (W - 1) / N) / (W - 1) = sqrt(50 / (N (W - 1))),
    // and the floor terms move the slope by less than 1 / (W - 1).
    let runs = 400u64;
    let (lambda, c) = (10.0, 7.4 * 0.8 * 0.6 * 10.0 / 6.0);
    let s = scenario(
        r#"
        weeks = 30
        [workforce]
        establishment = 10
        hours_per_day = 7.4
        lost_time_share = 0.2
        [workforce.productivity]
        permanent = 0.6
        [demand]
        referrals_per_week = 50
        to_initial_assessment = 1.0
        [assessment.initial]
        hours = 6
        elapsed_days = 0
        to_core = 0.0
        [casework]
        hours_per_open_case_week = 0
        hours_per_awaiting_case_week = 0
        hours_per_looked_after_week = 0
        [[initial.initial_assessments]]
        count = 100
        age_days = 1
        "#,
    );
    let nw = n_weeks(&s);
    let mut sums = vec![0.0; nw];
    each_run(&s, 8, runs, true, |run, rec| {
        let started = series(rec, m::IA_STARTED, nw);
        let completed = series(rec, m::IA_COMPLETED, nw);
        let mut cum = 0.0;
        for w in 0..nw {
            cum += started[w];
            let allowed = (35.52 * 5.0 * (w as f64 + 1.0) / 6.0).floor();
            assert!((cum - allowed).abs() <= 1.0, "run {run}, week {w}: {cum} allocated, capacity {allowed}");
            assert_eq!(started[w], completed[w], "elapsed 0: completed the day allocated");
            sums[w] += rec.weekly[m::IA_BACKLOG * nw + w];
        }
        // Nothing reaches core assessment.
        assert!(series(rec, m::CA_BACKLOG, nw).iter().all(|&x| x == 0.0));
    });
    let n = runs as f64;
    let means: Vec<f64> = sums.iter().map(|x| x / n).collect();
    let w1 = (nw - 1) as f64;
    let slope = (means[nw - 1] - means[0]) / w1;
    let tol = K * (5.0 * lambda / (n * w1)).sqrt() + 1.0 / w1;
    assert_close("weekly growth of the IA backlog", slope, 5.0 * (lambda - c), tol);
    // And the level at the last week: sd of the mean arrivals sqrt(50 nw / N), floor within 1.
    let level = 100.0 + 5.0 * nw as f64 * lambda - (35.52 * 5.0 * nw as f64 / 6.0).floor();
    let tol = K * (5.0 * lambda * nw as f64 / n).sqrt() + 1.0;
    assert_close("IA backlog at the last week", means[nw - 1], level, tol);
}
