//! National defaults: what a council scenario uses where neither the user nor DfE's
//! statistics give a figure. Each carries its source (a row of REFERENCE-DATA.md) or
//! "assumption" with the reason, and is never another council's figure.

/// A national default and the note that goes beside it.
pub struct Default {
    pub value: f64,
    pub note: &'static str,
}

const fn d(value: f64, note: &'static str) -> Default {
    Default { value, note }
}

pub const HOURS_PER_DAY: Default =
    d(7.4, "national default (assumption): 37-hour week, the local government standard");
pub const LOST_TIME: Default = d(
    0.2,
    "national default (assumption): about 11% leave, 4% sickness (DfE absence rate about 3.4% [W]), 5% training",
);
pub const PRODUCTIVITY_PERMANENT: Default =
    d(0.6, "national default (assumption): share of hours on direct casework");
pub const PRODUCTIVITY_AGENCY: Default =
    d(0.55, "national default (assumption): locums a little less productive (unfamiliar systems)");
pub const NEWLY_QUALIFIED_SHARE: Default =
    d(0.3, "national default (assumption): no published share of hires who are newly qualified");
pub const NOTICE_WEEKS: Default = d(
    8.0,
    "national default: notice periods of 4 to 12 weeks are common in local government (REFERENCE-DATA, costs)",
);
pub const AGENCY_LEAD_DAYS: Default =
    d(10.0, "national default (assumption): two working weeks from request to start");
pub const AGENCY_FILL: Default =
    d(0.8, "national default (assumption): most requests filled in a shortage market");
pub const AGENCY_TURNOVER: Default = d(0.5, "national default (assumption): short locum contracts");
pub const IA_HOURS: Default = d(6.0, "national default (assumption): a day's work including recording");
pub const IA_ELAPSED_DAYS: Default = d(5.0, "national default (assumption): visits and checks with partners");
pub const CA_HOURS: Default = d(18.0, "national default (assumption)");
pub const CA_ELAPSED_DAYS: Default = d(
    20.0,
    "national default (assumption): [N] assessments in England took a median of 33 working days from referral in 2025",
);
pub const TO_PLAN: Default =
    d(0.5, "national default (assumption): no published share of assessments leading to a plan");
pub const LAC_VIA_ASSESSMENT: Default = d(
    0.5,
    "national default (assumption): half of children start to be looked after through an assessment, half as emergencies",
);
pub const TRANSFER_DAYS: Default =
    d(20.0, "national default (assumption): four working weeks to transfer to a long-term team");
pub const AWAITING_HOURS: Default = d(0.5, "national default (assumption)");
pub const UTILISATION: Default = d(
    0.85,
    "national default (assumption): the service uses 85% of its casework hours, so assessments do not queue",
);
pub const EMPLOYER_NI: Default = d(
    0.13,
    "HMRC: 15% above the secondary threshold from April 2025 (REFERENCE-DATA), about 13% of the salary",
);
pub const EMPLOYER_PENSION: Default =
    d(0.19, "LGPS Scheme Advisory Board: 17-20% primary rate (REFERENCE-DATA)");
pub const PAY_AWARD: Default = d(
    0.03,
    "national default (assumption): no national 2025 pay figure in REFERENCE-DATA; recent local government awards were about 2.5-3.5%",
);

/// Placement types of a council scenario: name, national share of entries, weekly cost
/// (GBP), and the notes for the share and the cost.
pub const PLACEMENTS: [(&str, f64, i64, &str, &str); 4] = [
    (
        "in-house fostering",
        0.38,
        700,
        "national default (assumption): about two thirds of looked-after children are fostered ([L]); split in-house/agency not published here",
        "national default (assumption): DfE (2016) about 600 a week all-in (REFERENCE-DATA), uprated",
    ),
    (
        "independent fostering agency",
        0.30,
        950,
        "national default (assumption): as in-house fostering",
        "national default (assumption): CMA (2021) about 820 a week (REFERENCE-DATA), uprated",
    ),
    (
        "residential",
        0.12,
        6108,
        "national default (assumption): children's homes up 9% in 2024-25 (REFERENCE-DATA); about one in eight",
        "County Councils Network (2024): 6,108 a week (REFERENCE-DATA)",
    ),
    (
        "other (with parents, adoption, kinship, supported living)",
        0.20,
        300,
        "national default (assumption): the rest",
        "national default (assumption): allowances and supported living",
    ),
];

pub const SALARY_EXPERIENCED: (i64, &str) = (
    43_000,
    "national default (assumption): about 35,000 top of scale in 2018 (Community Care, REFERENCE-DATA) uprated by about 23% of pay awards since",
);
pub const SALARY_NEWLY_QUALIFIED: (i64, &str) = (
    34_000,
    "national default (assumption): bottom of the social worker scale, uprated as the experienced salary",
);
pub const AGENCY_DAY_RATE: (i64, &str) = (
    360,
    "national default (assumption): 32 GBP an hour cap for experienced staff (Community Care, 2016, REFERENCE-DATA) x 7.4 hours, uprated, with the agency's fee",
);
pub const COST_PER_HIRE: (i64, &str) =
    (2_000, "national default (assumption): no published source for the cost per hire (REFERENCE-DATA)");
