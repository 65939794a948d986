//! Priced items and budget lines.
//!
//! The day loop counts integer units of each priced item (worker-days, pod-days,
//! placement-days, hires, campaign days) per financial year and pay period; money is
//! computed from those counts and Decimal prices once per run, and rounded to pence per
//! line. The weekly spend series use the same prices as f64 (display only).

use crate::money::Money;
use crate::scenario::{LINES, MoneyP, Spec, line};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

pub const PERM_EXPERIENCED: usize = 0;
pub const PERM_NQ: usize = 1;
pub const AGENCY: usize = 2;
pub const EARLY_HELP: usize = 3;
pub const HIRE: usize = 4;
const FIXED: usize = 5;

/// The priced items of a scenario and the line each belongs to.
#[derive(Clone, Debug)]
pub struct Items {
    pub n: usize,
    pub pod0: usize,
    pub campaign0: usize,
    pub placement0: usize,
    pub line_of: Vec<usize>,
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
    pub dec: Vec<Decimal>,
    pub f: Vec<f64>,
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

/// Spend per financial year and line for one run, rounded to pence per line, with the
/// total (the sum of the rounded lines, so the lines always add up to it exactly) last:
/// `out[fy * (LINES.len() + 1) + line]`.
pub fn spend_by_year(
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
