//! Costs: MODEL.md "Flows, each working day", 11, and "Budget lines". Priced items and
//! the budget line each belongs to; counting their units; pricing.
//!
//! The day loop counts integer units of each priced item (worker-days, pod-days,
//! placement-days, hires, campaign days) per financial year and pay period; money is
//! computed from those counts and Decimal prices once per run, and rounded to pence per
//! line. The weekly spend series use the same prices as f64 (display only).

use super::real;
use super::stock::Stock;
use crate::money::Money;
use crate::scenario::{LINES, MoneyP, Spec, line};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// The items every scenario has (then pods, campaigns and placement types: [`Items`]).
const PERM_EXPERIENCED: usize = 0;
const PERM_NQ: usize = 1;
const AGENCY: usize = 2;
const EARLY_HELP: usize = 3;
const HIRE: usize = 4;
const FIXED: usize = 5;

/// The priced items of a scenario and the line each belongs to.
#[derive(Clone, Debug)]
pub struct Items {
    n: usize,
    pod0: usize,
    campaign0: usize,
    placement0: usize,
    line_of: Vec<usize>,
}

impl Items {
    pub fn new(spec: &Spec) -> Items {
        let pod0 = FIXED;
        let campaign0 = pod0 + spec.pods.len();
        let placement0 = campaign0 + spec.campaigns.len();
        let n = placement0 + spec.placements.len();
        let mut line_of =
            vec![line::PERMANENT, line::PERMANENT, line::AGENCY, line::EARLY_HELP, line::RECRUITMENT];
        line_of.extend(std::iter::repeat_n(line::PODS, spec.pods.len()));
        line_of.extend(std::iter::repeat_n(line::RECRUITMENT, spec.campaigns.len()));
        line_of.extend(std::iter::repeat_n(line::PLACEMENTS, spec.placements.len()));
        Items { n, pod0, campaign0, placement0, line_of }
    }
}

/// A money parameter's value in a run: exact, or the drawn pounds rounded to pence.
pub fn money_value(m: MoneyP, values: &[f64]) -> Decimal {
    match m {
        MoneyP::Exact(d) => d,
        MoneyP::Drawn(i) => Decimal::from_f64(values[i]).unwrap_or_default().round_dp(2),
    }
}

/// A rate drawn as f64, as a Decimal with ten places (drops binary noise such as
/// 0.1380000000000000004).
pub fn rate_value(i: usize, values: &[f64]) -> Decimal {
    Decimal::from_f64(values[i]).unwrap_or_default().round_dp(10)
}

/// Unit prices per pay period: `dec[pp * n + item]` exact, `f[pp * n + item]` for display.
#[derive(Clone, Debug, Default)]
pub struct Prices {
    dec: Vec<Decimal>,
    f: Vec<f64>,
}

impl Prices {
    pub fn new(spec: &Spec, items: &Items, values: &[f64]) -> Prices {
        let n_pp = spec.pay_periods.len();
        let mut dec = vec![Decimal::ZERO; n_pp * items.n];
        let d260 = Decimal::from(260);
        let d5 = Decimal::from(5);
        let oncost =
            Decimal::ONE + rate_value(spec.employer_ni, values) + rate_value(spec.employer_pension, values);
        let award = Decimal::ONE + rate_value(spec.pay_award, values);
        let sal_exp = money_value(spec.salary_experienced, values);
        let sal_nq = money_value(spec.salary_nq, values);
        let mut uplift = Decimal::ONE;
        for pp in 0..n_pp {
            let row = &mut dec[pp * items.n..(pp + 1) * items.n];
            row[PERM_EXPERIENCED] = sal_exp * uplift * oncost / d260;
            row[PERM_NQ] = sal_nq * uplift * oncost / d260;
            row[AGENCY] = money_value(spec.agency_day_rate, values);
            row[EARLY_HELP] = spec
                .early_help
                .as_ref()
                .map(|e| money_value(e.annual_cost, values) / d260)
                .unwrap_or_default();
            row[HIRE] = money_value(spec.cost_per_hire, values);
            for (i, pod) in spec.pods.iter().enumerate() {
                row[items.pod0 + i] = money_value(pod.weekly_price, values) / d5;
            }
            for (i, c) in spec.campaigns.iter().enumerate() {
                row[items.campaign0 + i] = money_value(c.cost, values) / Decimal::from(c.total_days.max(1));
            }
            for (i, pl) in spec.placements.iter().enumerate() {
                row[items.placement0 + i] = money_value(pl.weekly_cost, values) / d5;
            }
            uplift *= award;
        }
        let f = dec.iter().map(|d| d.to_f64().unwrap_or(0.0)).collect();
        Prices { dec, f }
    }
}

/// A run's count of priced units, and the week's spend for the weekly record.
#[derive(Debug, Default)]
pub struct Costs {
    prices: Prices,
    /// Units per item since the last segment end: a run of days with the same week,
    /// financial year and pay period.
    segment: Vec<u64>,
    /// The segment's first day.
    segment_from: usize,
    /// Units per financial year, pay period and item: `counts[(fy * n_pp + pp) * n + item]`.
    counts: Vec<u64>,
    /// This week's spend per line, in pounds (f64: display only).
    week: Vec<f64>,
    /// This week's spend per placement type, in pounds (f64: display only).
    week_by_type: Vec<f64>,
}

/// The workers a day pays for, as of the morning (a starter works the first day; a leaver
/// is paid for the last).
#[derive(Clone, Copy, Debug)]
pub struct Paid {
    /// Permanent workers, of whom newly qualified.
    pub permanent: u64,
    pub newly_qualified: u64,
    pub agency: u64,
    /// Permanent starters (the cost per hire).
    pub hires: u64,
}

impl Costs {
    /// Prices from the run's drawn values `v`; nothing counted yet, over `n_fy` financial
    /// years.
    pub fn start(&mut self, s: &Spec, items: &Items, v: &[f64], n_fy: usize) {
        self.prices = Prices::new(s, items, v);
        self.segment.clear();
        self.segment.resize(items.n, 0);
        self.segment_from = 0;
        self.counts.clear();
        self.counts.resize(n_fy * s.pay_periods.len() * items.n, 0);
        self.week.clear();
        self.week.resize(LINES.len(), 0.0);
        self.week_by_type.clear();
        self.week_by_type.resize(s.placements.len(), 0.0);
    }

    /// Flow 11, counting: a day's units of the items that depend on the run: the `paid`
    /// workers and hires, and the looked-after children `by_type` at the start of the day.
    #[inline(always)]
    pub fn count(&mut self, items: &Items, paid: &Paid, by_type: &[Stock]) {
        let sg = &mut self.segment;
        sg[PERM_EXPERIENCED] += paid.permanent - paid.newly_qualified;
        sg[PERM_NQ] += paid.newly_qualified;
        sg[AGENCY] += paid.agency;
        sg[HIRE] += paid.hires;
        for (sg, lac) in sg[items.placement0..].iter_mut().zip(by_type) {
            *sg += lac.n();
        }
    }

    /// Flow 11, pricing: at the end of day `t`, the last of a segment in financial year
    /// `fy` and pay period `pp`: add the items that follow the scenario's dates alone
    /// (early help team, pods, campaigns), then move the segment's units into the year's
    /// counts and price them into the week's spend.
    pub fn end_segment(&mut self, s: &Spec, items: &Items, t: usize, fy: usize, pp: usize) {
        let (from, to) = (self.segment_from, t + 1);
        self.segment_from = to;
        let sg = &mut self.segment;
        if let Some(e) = &s.early_help {
            sg[EARLY_HELP] += overlap(from, to, e.start_day, e.end_day);
        }
        for (i, pod) in s.pods.iter().enumerate() {
            sg[items.pod0 + i] += overlap(from, to, pod.start_day, pod.end_day);
        }
        for (i, camp) in s.campaigns.iter().enumerate() {
            sg[items.campaign0 + i] += overlap(from, to, camp.start_day, camp.end_day);
        }
        let base = (fy * s.pay_periods.len() + pp) * items.n;
        let pbase = pp * items.n;
        let (rest, placements) = sg.split_at_mut(items.placement0);
        for (i, sg) in rest.iter_mut().enumerate() {
            if *sg != 0 {
                self.counts[base + i] += *sg;
                self.week[items.line_of[i]] += real(*sg) * self.prices.f[pbase + i];
                *sg = 0;
            }
        }
        // The placement types last, in order, as the line's own sum, and each by type.
        for (j, sg) in placements.iter_mut().enumerate() {
            if *sg != 0 {
                let i = items.placement0 + j;
                self.counts[base + i] += *sg;
                let pounds = real(*sg) * self.prices.f[pbase + i];
                self.week[line::PLACEMENTS] += pounds;
                self.week_by_type[j] += pounds;
                *sg = 0;
            }
        }
    }

    /// This week's spend per line, and per placement type, so far, in pounds; the weekly
    /// record reads and clears them.
    pub fn week_spend(&mut self) -> (&mut [f64], &mut [f64]) {
        (&mut self.week, &mut self.week_by_type)
    }

    /// The run's spend per financial year and line, rounded to pence, with the total
    /// last: `out[fy * (LINES.len() + 1) + line]`.
    pub fn spend_by_year(&self, items: &Items, n_fy: usize, s: &Spec, out: &mut Vec<Money>) {
        spend_by_year(&self.counts, &self.prices, items, n_fy, s.pay_periods.len(), out);
    }
}

/// Days of `[from, to)` within `[start, end)`.
fn overlap(from: usize, to: usize, start: usize, end: usize) -> u64 {
    to.min(end).saturating_sub(from.max(start)) as u64
}

/// Spend per financial year and line for one run, rounded to pence per line, with the
/// total (the sum of the rounded lines, so the lines always add up to it exactly) last:
/// `out[fy * (LINES.len() + 1) + line]`.
fn spend_by_year(
    counts: &[u64],
    prices: &Prices,
    items: &Items,
    n_fy: usize,
    n_pp: usize,
    out: &mut Vec<Money>,
) {
    let width = LINES.len() + 1;
    out.clear();
    out.resize(n_fy * width, Money::ZERO);
    let mut acc = vec![Decimal::ZERO; LINES.len()];
    for fy in 0..n_fy {
        acc.iter_mut().for_each(|a| *a = Decimal::ZERO);
        for pp in 0..n_pp {
            let base = (fy * n_pp + pp) * items.n;
            for item in 0..items.n {
                let c = counts[base + item];
                if c != 0 {
                    acc[items.line_of[item]] += Decimal::from(c) * prices.dec[pp * items.n + item];
                }
            }
        }
        let mut total = Money::ZERO;
        for (l, a) in acc.iter().enumerate() {
            let m = Money::from_decimal(*a).round_pence();
            out[fy * width + l] = m;
            total += m;
        }
        out[fy * width + LINES.len()] = total;
    }
}
