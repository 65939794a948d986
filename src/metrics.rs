//! THE table of weekly metrics and budget lines: each one's name (part of the JSON
//! contract, see MODEL.md), kind, label, unit and meaning, declared here and nowhere else.
//!
//! The index constants (`PERMANENT_FTE`, `line::AGENCY`, ...) follow the order of the
//! table, so adding a metric or a line is one entry below; each budget line brings its
//! weekly `spend_<line>` metric with it. The reports, the CLI, the JSON Schema, the
//! WebAssembly edge and the browser app (`www/src/metrics.gen.ts`, generated from this
//! table by the test `generated_typescript_is_up_to_date`) read it.

/// What a metric measures: how it reads and how its per-run values are summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A count at the end of the week (workers, cases, children).
    Stock,
    /// A count over the week (referrals, starters).
    Flow,
    /// A share, 0 to 1, of the week's completions; absent in a week with none.
    Rate,
    /// A quotient of stocks at the end of the week; absent when the divisor is 0.
    Ratio,
    /// Pounds spent over the week.
    Money,
}

impl Kind {
    /// The kind's name in generated files and documentation.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Stock => "stock",
            Kind::Flow => "flow",
            Kind::Rate => "rate",
            Kind::Ratio => "ratio",
            Kind::Money => "money",
        }
    }

    /// How per-run values of this kind are summarised: stocks and flows are whole numbers
    /// in every run, so they are counted exactly; the rest are real and may be absent.
    pub const fn values(self) -> Values {
        match self {
            Kind::Stock | Kind::Flow => Values::Count,
            Kind::Rate | Kind::Ratio | Kind::Money => Values::Real,
        }
    }
}

/// How a metric's per-run values are summarised (see [`Kind::values`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// A whole number in every run: summarised exactly by a histogram.
    Count,
    /// A real number (rates, ratios, money), possibly absent in some runs (NaN).
    Real,
}

/// One weekly metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metric {
    /// The name in JSON, CSV and scenario files (`ia_backlog`).
    pub name: &'static str,
    pub kind: Kind,
    /// A label a reader knows, capitalised, with no abbreviation at its start (so it can be
    /// lowercased into a sentence): "Initial assessment backlog".
    pub label: &'static str,
    /// A column heading for print and the terminal: "IA backlog".
    pub short: &'static str,
    /// What one unit is: "FTE", "cases", "share of completions", "£".
    pub unit: &'static str,
    /// What the number is, in a line.
    pub meaning: &'static str,
}

impl Metric {
    /// The label as it reads inside a sentence (first letter lowercased).
    pub fn label_in_sentence(&self) -> String {
        let mut c = self.label.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

/// One budget line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The name in JSON, CSV and scenario files (`agency_staffing`).
    pub name: &'static str,
    /// The name a finance officer knows: "Agency staffing".
    pub label: &'static str,
    /// What is charged to it, in a line.
    pub meaning: &'static str,
}

/// Declares the weekly metrics other than `spend_<line>`: an index constant per metric and
/// the table `WEEKLY`, in the order given.
macro_rules! weekly_metrics {
    ($($id:ident: $name:literal, $kind:ident, $label:literal, $short:literal, $unit:literal, $meaning:literal;)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(usize)]
        enum WeeklyIndex { $($id,)* }
        $(
            #[doc = concat!("Index of `", $name, "`: ", $meaning, ".")]
            pub const $id: usize = WeeklyIndex::$id as usize;
        )*
        const WEEKLY: &[Metric] = &[$(Metric {
            name: $name,
            kind: Kind::$kind,
            label: $label,
            short: $short,
            unit: $unit,
            meaning: $meaning,
        }),*];
    };
}

/// Declares the budget lines: an index constant per line in [`line`], the table
/// `LINE_TABLE`, and each line's weekly spend metric (`SPEND_LINES`), in the order given.
macro_rules! budget_lines {
    ($($id:ident: $name:literal, $label:literal, $meaning:literal;)*) => {
        /// Index of each budget line in [`LINES`] and [`BUDGET_LINES`].
        pub mod line {
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #[repr(usize)]
            enum LineIndex { $($id,)* }
            $(
                #[doc = concat!("Index of `", $name, "`: ", $label, ".")]
                pub const $id: usize = LineIndex::$id as usize;
            )*
        }
        const LINE_TABLE: &[Line] = &[$(Line { name: $name, label: $label, meaning: $meaning }),*];
        const SPEND_LINES: &[Metric] = &[$(Metric {
            name: concat!("spend_", $name),
            kind: Kind::Money,
            label: concat!($label, " spend"),
            short: $label,
            unit: "£",
            meaning: concat!("spend that week on the ", $name, " line: ", $meaning),
        }),*];
    };
}

weekly_metrics! {
    PERMANENT_FTE: "permanent_fte", Stock, "Permanent social workers", "Permanent", "FTE",
        "social workers on the council's payroll, in post at the end of the week";
    AGENCY_FTE: "agency_fte", Stock, "Agency social workers", "Agency", "FTE",
        "agency locums covering vacant posts at the end of the week";
    POD_FTE: "pod_fte", Stock, "Pod social workers", "Pod", "FTE",
        "case-holding social workers of the peripatetic pods running that week (managers excluded)";
    ESTABLISHMENT: "establishment", Stock, "Establishment", "Establishment", "FTE",
        "funded social-worker posts";
    VACANCIES: "vacancies", Stock, "Vacancies", "Vacancies", "FTE",
        "posts without a permanent worker, max(0, establishment - permanent); agency cover does not fill a vacancy";
    STARTERS: "starters", Flow, "Permanent starters", "Starters", "workers",
        "permanent social workers who started that week";
    LEAVERS: "leavers", Flow, "Permanent leavers", "Leavers", "workers",
        "permanent social workers who left that week";
    PIPELINE: "pipeline_candidates", Stock, "Candidates in the recruitment pipeline", "Pipeline", "candidates",
        "candidates between advert and first day, those working their notice included, at the end of the week";
    REFERRALS: "referrals", Flow, "Referrals", "Referrals", "referrals",
        "referrals received that week";
    DIVERTED: "diverted", Flow, "Families diverted to early help", "Diverted", "families",
        "referrals diverted to early help that week instead of statutory assessment";
    IA_STARTED: "ia_started", Flow, "Initial assessments started", "IA started", "assessments",
        "initial assessments begun that week";
    IA_COMPLETED: "ia_completed", Flow, "Initial assessments completed", "IA completed", "assessments",
        "initial assessments completed that week";
    IA_BACKLOG: "ia_backlog", Stock, "Initial assessment backlog", "IA backlog", "assessments",
        "initial assessments waiting or in progress at the end of the week";
    IA_IN_PROGRESS: "ia_in_progress", Stock, "Initial assessments in progress", "IA in progress", "assessments",
        "initial assessments begun and not completed at the end of the week";
    IA_OVERDUE: "ia_overdue", Stock, "Initial assessments past timescale", "IA past timescale", "assessments",
        "initial assessments outstanding at the end of the week and older than their target days";
    IA_ON_TIME: "ia_on_time_rate", Rate, "Initial assessments completed on time", "IA on time", "share of completions",
        "share of that week's completed initial assessments done within their target days; absent in a week with none";
    CA_COMPLETED: "ca_completed", Flow, "Core assessments completed", "CA completed", "assessments",
        "core assessments completed that week";
    CA_BACKLOG: "ca_backlog", Stock, "Core assessment backlog", "CA backlog", "assessments",
        "core assessments waiting or in progress at the end of the week";
    CA_IN_PROGRESS: "ca_in_progress", Stock, "Core assessments in progress", "CA in progress", "assessments",
        "core assessments begun and not completed at the end of the week";
    CA_OVERDUE: "ca_overdue", Stock, "Core assessments past timescale", "CA past timescale", "assessments",
        "core assessments outstanding at the end of the week and older than their target days";
    CA_ON_TIME: "ca_on_time_rate", Rate, "Core assessments completed on time", "CA on time", "share of completions",
        "share of that week's completed core assessments done within their target days; absent in a week with none";
    AWAITING: "awaiting_transfer", Stock, "Cases awaiting transfer", "Awaiting transfer", "cases",
        "cases with a plan still held by the assessment team until a long-term team takes them, at the end of the week";
    TEAM_CASES: "assessment_team_cases", Stock, "Cases held by the assessment team", "Assessment team cases", "cases",
        "IA backlog + CA backlog + awaiting transfer: the seed's \"total open cases in that team\"";
    OPEN_CASES: "open_cases", Stock, "Open cases in long-term teams", "Open cases (long-term teams)", "cases",
        "children held by long-term teams on child-in-need or child-protection plans at the end of the week";
    CASELOAD: "caseload_per_worker", Ratio, "Caseload per social worker", "Caseload per worker", "cases per worker",
        "cases held per case-holding social worker (DfE): (IA backlog + CA backlog + awaiting transfer + open cases + looked-after children) / (permanent + agency + pod social workers)";
    LAC: "lac", Stock, "Looked-after children", "Looked-after children", "children",
        "children looked after, every placement type, at the end of the week";
    SPEND: "spend", Money, "Total spend", "Spend", "£",
        "spend that week on all budget lines";
}

budget_lines! {
    PERMANENT: "permanent_staffing", "Permanent staffing",
        "salaries of permanent social workers by grade, with employer National Insurance and pension and the pay award";
    AGENCY: "agency_staffing", "Agency staffing",
        "agency worker-days at the day rate";
    PODS: "peripatetic_pods", "Peripatetic pods",
        "the weekly contract price of each pod while it runs";
    RECRUITMENT: "recruitment", "Recruitment and attraction",
        "campaign costs, the marketing strategy and the cost per hire";
    EARLY_HELP: "early_help", "Early help",
        "the early help team's cost";
    PLACEMENTS: "placements", "Looked-after placements",
        "placement-days at each placement type's weekly unit cost";
}

/// Number of budget lines.
pub const N_LINES: usize = LINE_TABLE.len();

/// Number of weekly metrics, `spend_<line>` included.
pub const N: usize = WEEKLY.len() + N_LINES;

/// `spend_<line>` for line `i` is `SPEND_LINE0 + i`.
pub const SPEND_LINE0: usize = WEEKLY.len();

/// Every weekly metric, in output order.
pub const METRICS: [Metric; N] = join(WEEKLY, SPEND_LINES);

/// Metric names in output order.
pub const NAMES: [&str; N] = {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = METRICS[i].name;
        i += 1;
    }
    out
};

/// The budget lines, in report order.
pub const BUDGET_LINES: [Line; N_LINES] = {
    let mut out = [LINE_TABLE[0]; N_LINES];
    let mut i = 0;
    while i < N_LINES {
        out[i] = LINE_TABLE[i];
        i += 1;
    }
    out
};

/// Budget line names, in report order (`line` of the budget table, `spend_<line>`).
pub const LINES: [&str; N_LINES] = {
    let mut out = [""; N_LINES];
    let mut i = 0;
    while i < N_LINES {
        out[i] = LINE_TABLE[i].name;
        i += 1;
    }
    out
};

/// The all-lines row of the budget table (`line = "total"`).
pub const TOTAL: Line = Line { name: "total", label: "Total", meaning: "every budget line together" };

/// `a` then `b`, as an array of `M` (their combined length).
const fn join<const M: usize>(a: &[Metric], b: &[Metric]) -> [Metric; M] {
    assert!(a.len() + b.len() == M);
    let mut out = [a[0]; M];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    while i < M {
        out[i] = b[i - a.len()];
        i += 1;
    }
    out
}

/// How metric `i`'s per-run values are summarised.
pub const fn values(i: usize) -> Values {
    METRICS[i].kind.values()
}

/// The index of a metric by name.
pub fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// The index of a budget line by name (`total` is not one).
pub fn line_index(name: &str) -> Option<usize> {
    LINES.iter().position(|n| *n == name)
}

/// A budget line, or the total, by name.
pub fn line_by_name(name: &str) -> Option<&'static Line> {
    BUDGET_LINES.iter().find(|l| l.name == name).or((name == TOTAL.name).then_some(&TOTAL))
}

/// A family of weekly metrics with one member per placement type. Placement types are the
/// scenario's, so the members are not in [`METRICS`]: a run of a scenario with `n` types
/// records, after the table's [`N`] metrics, each family's `n` members in type order
/// ([`member`]), named `<prefix>.<type key>` ([`type_keys`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// The members' names start with this and a dot: `looked_after.residential`.
    pub prefix: &'static str,
    pub kind: Kind,
    /// A member's label is this, a colon and the type's name.
    pub label: &'static str,
    pub short: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
}

/// Index in [`FAMILIES`] of the looked-after children by placement type.
pub const LOOKED_AFTER_BY_TYPE: usize = 0;
/// Index in [`FAMILIES`] of the spend by placement type (the `placements` line by type).
pub const SPEND_BY_TYPE: usize = 1;

/// The per-placement-type families, in record order.
pub const FAMILIES: [Family; 2] = [
    Family {
        prefix: "looked_after",
        kind: Kind::Stock,
        label: "Looked-after children",
        short: "Looked after",
        unit: "children",
        meaning: "children looked after in this placement type at the end of the week; the types add up to lac",
    },
    Family {
        prefix: "placement_spend",
        kind: Kind::Money,
        label: "Placement spend",
        short: "Placements",
        unit: "£",
        meaning: "spend that week on this placement type: its placement-days at its weekly unit cost; the types add up to spend_placements",
    },
];

/// Weekly metrics of a run with `n_types` placement types: the table, then the families.
pub const fn with_types(n_types: usize) -> usize {
    N + FAMILIES.len() * n_types
}

/// Record index of family `family`'s member for placement type `j` of `n_types`.
pub const fn member(family: usize, j: usize, n_types: usize) -> usize {
    N + family * n_types + j
}

/// The family and placement type of record index `i` past the table (`None` within it).
pub const fn family_of(i: usize, n_types: usize) -> Option<(usize, usize)> {
    if i < N || n_types == 0 { None } else { Some(((i - N) / n_types, (i - N) % n_types)) }
}

/// The kind of record index `i` of a run with `n_types` placement types.
pub const fn kind_with(i: usize, n_types: usize) -> Kind {
    match family_of(i, n_types) {
        Some((f, _)) => FAMILIES[f].kind,
        None => METRICS[i].kind,
    }
}

/// The name of record index `i`, given the placement types' `keys`.
pub fn name_with(i: usize, keys: &[String]) -> String {
    match family_of(i, keys.len()) {
        Some((f, j)) => format!("{}.{}", FAMILIES[f].prefix, keys[j]),
        None => NAMES[i].to_string(),
    }
}

/// The record index of a metric by name, the families' members included.
pub fn index_with(name: &str, keys: &[String]) -> Option<usize> {
    index_of(name).or_else(|| {
        let (prefix, key) = name.split_once('.')?;
        let f = FAMILIES.iter().position(|f| f.prefix == prefix)?;
        let j = keys.iter().position(|k| k == key)?;
        Some(member(f, j, keys.len()))
    })
}

/// The kind of a series by its name in the summary: a metric of the table, or a family's
/// member (`<prefix>.<type key>`, whatever the key).
pub fn kind_of_name(name: &str) -> Option<Kind> {
    match index_of(name) {
        Some(i) => Some(METRICS[i].kind),
        None => {
            let (prefix, _) = name.split_once('.')?;
            FAMILIES.iter().find(|f| f.prefix == prefix).map(|f| f.kind)
        }
    }
}

/// Placement types' keys in metric names, from their names: lower case, each run of other
/// characters than letters and digits an underscore ("Other (kinship)" -> `other_kinship`);
/// a key already taken, or empty, gets the type's position (`type_3`, `residential_3`).
pub fn type_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let slug: String = name
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let slug = if slug.is_empty() { "type".to_string() } else { slug };
        let key = if keys.contains(&slug) || slug == "type" { format!("{slug}_{}", i + 1) } else { slug };
        keys.push(key);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_follow_the_table() {
        for (i, m) in METRICS.iter().enumerate() {
            assert_eq!(index_of(m.name), Some(i), "{}", m.name);
        }
        assert_eq!(NAMES[PERMANENT_FTE], "permanent_fte");
        assert_eq!(NAMES[CASELOAD], "caseload_per_worker");
        assert_eq!(NAMES[SPEND], "spend");
        assert_eq!(SPEND + 1, SPEND_LINE0);
        assert_eq!(N, 33);
        assert_eq!(values(CASELOAD), Values::Real);
        assert_eq!(values(IA_ON_TIME), Values::Real);
        assert_eq!(values(LAC), Values::Count);
        assert_eq!(LINES[line::PLACEMENTS], "placements");
    }

    #[test]
    fn spend_lines_follow_budget_lines() {
        for (i, l) in LINES.iter().enumerate() {
            assert_eq!(NAMES[SPEND_LINE0 + i], format!("spend_{l}"));
            assert_eq!(METRICS[SPEND_LINE0 + i].kind, Kind::Money);
            assert_eq!(line_index(l), Some(i));
        }
        assert_eq!(line_by_name("total"), Some(&TOTAL));
        assert_eq!(line_by_name("placements").map(|l| l.label), Some("Looked-after placements"));
    }

    #[test]
    fn every_entry_is_filled_in_and_names_are_unique() {
        let mut names = std::collections::BTreeSet::new();
        for m in METRICS {
            assert!(names.insert(m.name), "{} twice", m.name);
            for text in [m.label, m.short, m.unit, m.meaning] {
                assert!(!text.is_empty() && text.trim() == text, "{}: {text:?}", m.name);
            }
            let first = m.label.chars().next().unwrap_or(' ');
            assert!(first.is_uppercase(), "{}: a label starts with a capital", m.name);
            // Lowercasing the first letter must not break an abbreviation ("IA backlog").
            assert!(!m.label.chars().nth(1).unwrap_or(' ').is_uppercase(), "{}", m.name);
            assert!(m.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
        for l in BUDGET_LINES {
            assert!(!l.label.is_empty() && !l.meaning.is_empty(), "{}", l.name);
        }
    }

    #[test]
    fn family_members_follow_the_table() {
        let keys = type_keys(["In-house fostering", "Residential", "residential", "", "Other (kinship)"]);
        assert_eq!(keys, ["in_house_fostering", "residential", "residential_3", "type_4", "other_kinship"]);
        let n = keys.len();
        assert_eq!(with_types(n), N + 2 * n);
        assert_eq!(family_of(N - 1, n), None);
        assert_eq!(family_of(member(SPEND_BY_TYPE, 1, n), n), Some((SPEND_BY_TYPE, 1)));
        assert_eq!(name_with(member(LOOKED_AFTER_BY_TYPE, 4, n), &keys), "looked_after.other_kinship");
        assert_eq!(name_with(LAC, &keys), "lac");
        for i in 0..with_types(n) {
            assert_eq!(index_with(&name_with(i, &keys), &keys), Some(i));
        }
        assert_eq!(index_with("looked_after.nothing", &keys), None);
        assert_eq!(kind_of_name("placement_spend.anything"), Some(Kind::Money));
        assert_eq!(kind_of_name("looked_after.residential"), Some(Kind::Stock));
        assert_eq!(kind_of_name("lac"), Some(Kind::Stock));
        assert_eq!(kind_of_name("nothing.residential"), None);
        assert_eq!(kind_with(member(LOOKED_AFTER_BY_TYPE, 0, n), n), Kind::Stock);
        assert_eq!(kind_with(member(SPEND_BY_TYPE, 0, n), n), Kind::Money);
        assert_eq!(kind_with(SPEND, n), Kind::Money);
        for f in FAMILIES {
            assert!(!NAMES.iter().any(|m| m.starts_with(&format!("{}.", f.prefix))));
        }
    }
}
