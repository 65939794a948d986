//! Scenarios: the input format ([`input`]), validation into a [`Scenario`] whose
//! invariants then always hold, built-in presets ([`presets`]) and the JSON Schema.
//!
//! Validation collects every problem, each as `field.path: message`.

pub mod input;
pub mod presets;

use crate::calendar::{self, Calendar};
use crate::dist::{DiscreteTable, Domain, Param, ParamDist};
use crate::error::{Problems, ScenarioError};
use crate::limits;
use crate::money::Money;
use chrono::NaiveDate;
pub use input::*;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

/// Index of a numeric parameter in [`Scenario::params`]; its value for a run is
/// `values[index]` in the vector drawn by [`Scenario::draw`].
pub type P = usize;

/// A money amount: exact, or drawn per run (pounds, rounded to pence).
#[derive(Clone, Copy, Debug)]
pub enum MoneyP {
    Exact(Decimal),
    Drawn(P),
}

/// The budget lines, in report order. Their names are part of the JSON contract
/// (`spend_<line>` series and the `line` field of the budget table).
pub const LINES: [&str; 6] =
    ["permanent_staffing", "agency_staffing", "peripatetic_pods", "recruitment", "early_help", "placements"];

/// Index of each line in [`LINES`].
pub mod line {
    pub const PERMANENT: usize = 0;
    pub const AGENCY: usize = 1;
    pub const PODS: usize = 2;
    pub const RECRUITMENT: usize = 3;
    pub const EARLY_HELP: usize = 4;
    pub const PLACEMENTS: usize = 5;
}

/// One uncertain-or-fixed parameter with the field path it came from.
#[derive(Clone, Debug)]
pub struct NamedParam {
    pub path: String,
    pub dist: ParamDist,
    /// Key of its own random stream ([`crate::rng::param_uniform`]), from the path.
    pub key: u64,
    /// The values allowed.
    pub domain: Domain,
}

/// Correlated parameters: a Gaussian copula over `members` (indices into the parameters)
/// with the Cholesky factor `chol` (row-major lower triangle, `members.len()` squared) of
/// the normal correlation matrix `2 sin(pi rho / 6)` that gives rank correlations `rho`.
#[derive(Clone, Debug, Default)]
pub struct Copula {
    pub members: Vec<usize>,
    pub chol: Vec<f64>,
}

/// A validated pod; days are simulated day indices, `end` exclusive, clipped to the horizon.
#[derive(Clone, Debug)]
pub struct PodSpec {
    pub name: String,
    pub start_day: usize,
    pub end_day: usize,
    pub social_workers: P,
    pub managers: P,
    pub weekly_price: MoneyP,
    pub assessment_only: bool,
}

#[derive(Clone, Debug)]
pub struct StageSpec {
    pub name: String,
    pub pass: P,
    pub weeks: P,
    pub limited_to_posts: bool,
}

#[derive(Clone, Debug)]
pub struct CampaignSpec {
    pub name: String,
    pub start_day: usize,
    pub end_day: usize,
    /// All working days of the campaign, inside the horizon or not (its cost is spread over them).
    pub total_days: u32,
    pub attraction: P,
    pub target_hires: u32,
    pub cost: MoneyP,
}

#[derive(Clone, Debug)]
pub struct EarlyHelpSpec {
    pub start_day: usize,
    pub end_day: usize,
    pub workers: P,
    pub families_per_worker: P,
    pub mean_weeks: P,
    pub diversion_share: P,
    pub annual_cost: MoneyP,
}

#[derive(Clone, Debug)]
pub struct PlacementSpec {
    pub name: String,
    pub share: P,
    pub mean_weeks: P,
    pub weekly_cost: MoneyP,
    pub initial: P,
}

#[derive(Clone, Debug)]
pub struct CohortSpec {
    pub newly_qualified: bool,
    pub count: P,
    /// Start day relative to day 0 (negative: before the start).
    pub start_day: i64,
}

#[derive(Clone, Debug)]
pub struct QueueSpec {
    pub count: P,
    /// Key day relative to day 0 (negative: before the start).
    pub key_day: i64,
    pub in_progress: bool,
}

#[derive(Clone, Debug)]
pub struct NoticeSpec {
    pub count: u32,
    pub start_day: usize,
    pub newly_qualified: bool,
}

/// Comparison in an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

impl Op {
    pub fn holds(self, x: f64, v: f64) -> bool {
        match self {
            Op::Le => x <= v,
            Op::Lt => x < v,
            Op::Ge => x >= v,
            Op::Gt => x > v,
            Op::Eq => x == v,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Eq => "==",
        }
    }
}

#[derive(Clone, Debug)]
pub struct EventSpec {
    pub metric: usize,
    pub op: Op,
    pub value: f64,
    pub week: usize,
    pub label: String,
}

/// The model's validated settings: structural values directly, numeric parameters as
/// indices into the per-run drawn values.
#[derive(Clone, Debug)]
pub struct Spec {
    pub establishment: u32,
    pub hours_per_day: P,
    pub lost_time_share: P,
    pub productivity_permanent: P,
    pub productivity_agency: P,
    pub productivity_pod: P,
    pub ramp_up_weeks: P,
    pub ramp_up_start: P,
    pub newly_qualified_factor: P,
    pub turnover: P,
    pub feedback_k: P,
    pub feedback_threshold: P,

    pub agency_enabled: bool,
    pub agency_cap: P,
    pub agency_lead_days: P,
    pub agency_fill: P,
    pub agency_turnover: P,
    pub agency_release: bool,

    pub pods: Vec<PodSpec>,

    pub recruitment_enabled: bool,
    pub applicants_per_post: P,
    pub stages: Vec<StageSpec>,
    pub notice_weeks: DiscreteTable,
    pub withdrawal: P,
    pub nq_share: P,
    pub cost_per_hire: MoneyP,
    pub campaigns: Vec<CampaignSpec>,

    pub referrals_per_week: P,
    pub seasonality: [f64; 12],
    pub annual_trend: P,
    pub to_ia: P,
    pub early_help: Option<EarlyHelpSpec>,

    pub oldest_first: bool,
    pub ia_hours: P,
    pub ia_elapsed: DiscreteTable,
    pub ia_target: u32,
    pub to_core: P,
    pub ca_hours: P,
    pub ca_elapsed: DiscreteTable,
    pub ca_target: u32,
    pub to_plan: P,
    pub to_lac: P,
    pub transfer_delay_days: P,

    pub open_case_mean_weeks: P,
    pub hours_open: P,
    pub hours_awaiting: P,
    pub hours_lac: P,

    pub emergency_lac_per_week: P,
    pub placements: Vec<PlacementSpec>,

    pub salary_experienced: MoneyP,
    pub salary_nq: MoneyP,
    pub employer_ni: P,
    pub employer_pension: P,
    pub pay_award: P,
    /// Day index from which each pay period starts (period 0 starts at day 0).
    pub pay_periods: Vec<usize>,
    pub agency_day_rate: MoneyP,

    /// budgets[line][fy]: the budget for the simulated part of that year, if given.
    pub budgets: Vec<Vec<Option<Money>>>,
    /// budgets_full[line][fy]: the budget as written, for the whole year.
    pub budgets_full: Vec<Vec<Option<Money>>>,

    pub initial_permanent: Vec<CohortSpec>,
    pub initial_agency: P,
    pub initial_ia: Vec<QueueSpec>,
    pub initial_ca: Vec<QueueSpec>,
    pub initial_awaiting: P,
    pub initial_open: P,
    pub initial_notice: Vec<NoticeSpec>,

    pub events: Vec<EventSpec>,
}

/// A validated scenario, ready to simulate. Built only by [`Scenario::from_input`] (and the
/// parsers that call it), so its invariants always hold.
#[derive(Clone, Debug)]
pub struct Scenario {
    input: ScenarioInput,
    hash: String,
    calendar: Calendar,
    params: Vec<NamedParam>,
    spec: Spec,
    copula: Copula,
}

impl Scenario {
    /// Parse TOML text and validate it. A field that cannot be read is reported with its
    /// path (`workforce.turnover: invalid type: string "high", expected ...`).
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let de = toml::Deserializer::parse(text).map_err(|e| ScenarioError::Parse(toml_error(&e, text)))?;
        let input: ScenarioInput = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = field_path(&e.path().to_string());
            let inner = e.into_inner();
            let message = format!("{}{}", inner.message().trim(), location(inner.span(), text));
            if path.is_empty() {
                ScenarioError::Parse(message)
            } else {
                ScenarioError::ParseAt { path, message }
            }
        })?;
        Scenario::from_input(input)
    }

    /// Parse JSON text and validate it, reporting a field that cannot be read by its path.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let input: ScenarioInput = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = field_path(&e.path().to_string());
            let inner = e.into_inner();
            let message = format!("json: {inner}");
            if path.is_empty() {
                ScenarioError::Parse(message)
            } else {
                ScenarioError::ParseAt { path, message }
            }
        })?;
        Scenario::from_input(input)
    }

    /// Parse text as TOML or JSON: JSON if it starts with `{` after whitespace.
    pub fn from_text(text: &str) -> Result<Scenario, ScenarioError> {
        if text.trim_start().starts_with('{') { Self::from_json(text) } else { Self::from_toml(text) }
    }

    /// Validate an input, collecting every problem.
    pub fn from_input(input: ScenarioInput) -> Result<Scenario, ScenarioError> {
        let (spec, calendar, params, problems) = compile(&input);
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems.into_vec()));
        }
        let (spec, calendar) = match (spec, calendar) {
            (Some(s), Some(c)) => (s, c),
            _ => return Err(ScenarioError::Invalid(vec![crate::Problem::new("", "invalid scenario")])),
        };
        let copula = match correlations(&input.correlations, &params) {
            Ok(c) => c,
            Err(problems) => return Err(ScenarioError::Invalid(problems.into_vec())),
        };
        let hash = hash_input(&input);
        Ok(Scenario { input, hash, calendar, params, spec, copula })
    }

    pub fn input(&self) -> &ScenarioInput {
        &self.input
    }
    pub fn name(&self) -> &str {
        &self.input.name
    }
    /// SHA-256 of the scenario's canonical JSON form (first 16 hex digits), for provenance.
    pub fn hash(&self) -> &str {
        &self.hash
    }
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    pub fn params(&self) -> &[NamedParam] {
        &self.params
    }
    pub fn spec(&self) -> &Spec {
        &self.spec
    }
    /// Default runs from the scenario.
    pub fn default_runs(&self) -> u64 {
        self.input.monte_carlo.runs
    }
    /// Default seed from the scenario.
    pub fn default_seed(&self) -> u64 {
        self.input.monte_carlo.seed
    }

    /// Draw every parameter once for run `run`: each uncertain parameter by inversion of
    /// its own uniform number ([`crate::rng::param_uniform`], keyed by its path), through
    /// the Gaussian copula for correlated parameters. Fixed parameters take their value.
    pub fn draw_into(&self, seed: u64, run: u64, out: &mut Vec<f64>) {
        use crate::dist::{std_normal_cdf, std_normal_quantile};
        out.clear();
        out.extend(self.params.iter().map(|p| {
            if p.dist.is_fixed() {
                p.dist.median()
            } else {
                p.dist.quantile(crate::rng::param_uniform(seed, run, p.key))
            }
        }));
        let m = self.copula.members.len();
        if m > 0 {
            let z: Vec<f64> = self
                .copula
                .members
                .iter()
                .map(|&i| std_normal_quantile(crate::rng::param_uniform(seed, run, self.params[i].key)))
                .collect();
            for (r, &i) in self.copula.members.iter().enumerate() {
                let zc: f64 = (0..=r).map(|c| self.copula.chol[r * m + c] * z[c]).sum();
                out[i] = self.params[i].dist.quantile(std_normal_cdf(zc));
            }
        }
    }

    /// The correlated parameters, if any.
    pub fn copula(&self) -> &Copula {
        &self.copula
    }

    /// The scenario as canonical TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.input).unwrap_or_default()
    }
}

/// Hash of the canonical JSON form: serde_json writes struct fields in declaration order
/// and maps are BTreeMaps, so equal scenarios give equal text.
fn hash_input(input: &ScenarioInput) -> String {
    let json = serde_json::to_string(input).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A toml syntax error: its message and where it is.
fn toml_error(e: &toml::de::Error, text: &str) -> String {
    format!("toml: {}{}", e.message().trim(), location(e.span(), text))
}

/// " (line L, column C)" for a byte span of the text.
fn location(span: Option<std::ops::Range<usize>>, text: &str) -> String {
    let Some(span) = span else { return String::new() };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    format!(" (line {line}, column {column})")
}

/// serde_path_to_error's path ("." for the root) as our field path ("" for the root).
fn field_path(p: &str) -> String {
    if p == "." { String::new() } else { p.to_string() }
}

/// The JSON Schema of the scenario format, generated from the same types.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(ScenarioInput);
    serde_json::to_value(&schema).unwrap_or(serde_json::Value::Null)
}

struct Ctx {
    params: Vec<NamedParam>,
    problems: Problems,
}

impl Ctx {
    fn p(&mut self, param: &Param, path: &str, domain: Domain) -> P {
        let dist = param.compile(path, domain, &mut self.problems).unwrap_or_else(|| ParamDist::fixed(0.0));
        self.params.push(NamedParam { path: path.to_string(), dist, key: crate::rng::key_of(path), domain });
        self.params.len() - 1
    }
    fn money(&mut self, m: &MoneyParam, path: &str) -> MoneyP {
        match m {
            MoneyParam::Exact(v) => {
                if v.as_decimal().is_sign_negative() {
                    self.problems.push(path, format!("{} is negative; a price must be 0 or more", v));
                } else if v.as_decimal() > Decimal::from(limits::MAX_MONEY) {
                    self.problems
                        .push(path, format!("{v} is too large; at most {} pounds", limits::MAX_MONEY));
                }
                MoneyP::Exact(v.as_decimal())
            }
            MoneyParam::Uncertain(d) => MoneyP::Drawn(self.p(
                &Param::Dist(d.clone()),
                path,
                Domain::Range(0.0, limits::MAX_MONEY as f64),
            )),
        }
    }
    fn table(&mut self, param: &Param, path: &str, max: u32) -> DiscreteTable {
        let dist = param
            .compile(path, Domain::NonNegative, &mut self.problems)
            .unwrap_or_else(|| ParamDist::fixed(0.0));
        DiscreteTable::from_dist(&dist, max)
    }
    fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.problems.push(path, msg);
    }
    fn list_len(&mut self, path: &str, n: usize) {
        if n > limits::MAX_LIST {
            self.push(path, format!("{n} entries is too many; at most {}", limits::MAX_LIST));
        }
    }
}

const COUNT: Domain = Domain::Range(0.0, limits::MAX_COUNT);

fn compile(input: &ScenarioInput) -> (Option<Spec>, Option<Calendar>, Vec<NamedParam>, Problems) {
    let mut c = Ctx { params: Vec::new(), problems: Problems::new() };
    if input.name.trim().is_empty() {
        c.push("name", "is empty; give the scenario a name");
    }
    if input.weeks == 0 || input.weeks > limits::MAX_WEEKS {
        c.push("weeks", format!("{} is not allowed; use 1 to {}", input.weeks, limits::MAX_WEEKS));
    }
    let mc = &input.monte_carlo;
    if mc.runs == 0 || mc.runs > limits::MAX_RUNS {
        c.push("monte_carlo.runs", format!("{} is not allowed; use 1 to {}", mc.runs, limits::MAX_RUNS));
    }
    if mc.seed >= (1u64 << 53) {
        c.push("monte_carlo.seed", format!("{} is too large; use 0 to 2^53 - 1 (9007199254740991)", mc.seed));
    }
    use chrono::Datelike;
    if input.start.year() < 1900 || input.start.year() > 2200 {
        c.push("start", format!("{} is outside the years 1900 to 2200", input.start));
    }
    let weeks = input.weeks.clamp(1, limits::MAX_WEEKS);
    let holidays: Vec<NaiveDate> = match &input.bank_holidays {
        BankHolidays::Named(n) if n == "england-and-wales" => {
            let y = input.start.year().clamp(1900, 2200);
            calendar::england_and_wales_bank_holidays(y, y + (weeks as i32) / 52 + 2)
        }
        BankHolidays::Named(n) if n == "none" => Vec::new(),
        BankHolidays::Named(n) => {
            c.push(
                "bank_holidays",
                format!("{n:?} is not known; use \"england-and-wales\", \"none\" or a list of dates"),
            );
            Vec::new()
        }
        BankHolidays::Dates(d) => {
            c.list_len("bank_holidays", d.len());
            d.clone()
        }
    };
    // Only a start date outside the supported years stops validation here (the calendar,
    // which the remaining checks need, cannot be built); every other problem is collected
    // with the rest.
    if input.start.year() < 1900 || input.start.year() > 2200 {
        return (None, None, c.params, c.problems);
    }
    let holidays: Vec<NaiveDate> = holidays.into_iter().take(limits::MAX_LIST * 10).collect();
    let cal = Calendar::new(input.start, weeks, &holidays);
    let n_days = cal.n_days();
    // A date to a day index in 0..=n_days (n_days: past the horizon).
    let day_on_or_after = |d: NaiveDate| cal.day_index_on_or_after(d).unwrap_or(n_days);
    let day_after = |d: NaiveDate| cal.day_index_on_or_after(d + chrono::Duration::days(1)).unwrap_or(n_days);

    // Workforce.
    let w = &input.workforce;
    if w.establishment as f64 > limits::MAX_COUNT {
        c.push(
            "workforce.establishment",
            format!("{} is too large; at most {}", w.establishment, limits::MAX_COUNT),
        );
    }
    let hours_per_day = c.p(&w.hours_per_day, "workforce.hours_per_day", Domain::Range(0.0, 24.0));
    let lost_time_share = c.p(&w.lost_time_share, "workforce.lost_time_share", Domain::Rate);
    let productivity_permanent =
        c.p(&w.productivity.permanent, "workforce.productivity.permanent", Domain::Rate);
    let productivity_agency = c.p(&w.productivity.agency, "workforce.productivity.agency", Domain::Rate);
    let productivity_pod = c.p(&w.productivity.pod, "workforce.productivity.pod", Domain::Rate);
    let ramp_up_weeks = c.p(&w.ramp_up_weeks, "workforce.ramp_up_weeks", Domain::Range(0.0, 520.0));
    let ramp_up_start = c.p(&w.ramp_up_start, "workforce.ramp_up_start", Domain::Rate);
    let newly_qualified_factor =
        c.p(&w.newly_qualified_factor, "workforce.newly_qualified_factor", Domain::Rate);
    let turnover = c.p(&w.turnover, "workforce.turnover", Domain::Range(0.0, 0.999));
    let feedback_k = c.p(&w.caseload_feedback_k, "workforce.caseload_feedback_k", Domain::Range(0.0, 100.0));
    let feedback_threshold = c.p(
        &w.caseload_feedback_threshold,
        "workforce.caseload_feedback_threshold",
        Domain::Range(0.01, 1000.0),
    );

    // Agency.
    let a = &input.agency;
    let agency_cap = c.p(&a.cap, "agency.cap", COUNT);
    let agency_lead_days = c.p(&a.lead_time_days, "agency.lead_time_days", Domain::Range(0.0, 260.0));
    let agency_fill = c.p(&a.fill_probability, "agency.fill_probability", Domain::Rate);
    let agency_turnover = c.p(&a.turnover, "agency.turnover", Domain::Range(0.0, 0.999));

    // Pods.
    c.list_len("pods", input.pods.len());
    let mut pods = Vec::new();
    for (i, pod) in input.pods.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("pods[{i}]");
        if pod.end < pod.start {
            c.push(format!("{path}.end"), format!("{} is before the start {}", pod.end, pod.start));
        }
        let social_workers = c.p(&pod.social_workers, &format!("{path}.social_workers"), COUNT);
        let managers = c.p(&pod.managers, &format!("{path}.managers"), COUNT);
        let weekly_price = c.money(&pod.weekly_price, &format!("{path}.weekly_price"));
        let name = if pod.name.is_empty() { format!("pod {}", i + 1) } else { pod.name.clone() };
        pods.push(PodSpec {
            name,
            start_day: day_on_or_after(pod.start),
            end_day: day_after(pod.end),
            social_workers,
            managers,
            weekly_price,
            assessment_only: pod.assessment_only,
        });
    }

    // Recruitment.
    let r = &input.recruitment;
    let applicants_per_post =
        c.p(&r.applicants_per_post, "recruitment.applicants_per_post", Domain::Range(0.0, 1000.0));
    c.list_len("recruitment.stages", r.stages.len());
    if r.stages.is_empty() && r.enabled {
        c.push("recruitment.stages", "is empty; give at least one stage (for example checks cleared)");
    }
    if r.stages.iter().filter(|s| s.limited_to_posts).count() > 1 {
        c.push(
            "recruitment.stages",
            "more than one stage has limited_to_posts = true; offers are made at one stage",
        );
    }
    let mut stages = Vec::new();
    for (i, s) in r.stages.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("recruitment.stages[{i}]");
        let pass = c.p(&s.pass, &format!("{path}.pass"), Domain::Rate);
        let weeks = c.p(&s.weeks, &format!("{path}.weeks"), Domain::Range(0.0, 104.0));
        stages.push(StageSpec { name: s.name.clone(), pass, weeks, limited_to_posts: s.limited_to_posts });
    }
    let notice_weeks = c.table(&r.notice_weeks, "recruitment.notice_weeks", 52);
    let withdrawal = c.p(&r.withdrawal_probability, "recruitment.withdrawal_probability", Domain::Rate);
    let nq_share = c.p(&r.newly_qualified_share, "recruitment.newly_qualified_share", Domain::Rate);
    let cost_per_hire = c.money(&r.cost_per_hire, "recruitment.cost_per_hire");
    c.list_len("recruitment.campaigns", r.campaigns.len());
    let mut campaigns = Vec::new();
    for (i, camp) in r.campaigns.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("recruitment.campaigns[{i}]");
        if camp.end < camp.start {
            c.push(format!("{path}.end"), format!("{} is before the start {}", camp.end, camp.start));
        }
        let attraction = c.p(&camp.attraction, &format!("{path}.attraction"), Domain::Range(0.0, 100.0));
        let cost = c.money(&camp.cost, &format!("{path}.cost"));
        let total =
            calendar::weekdays_between(camp.start, camp.end + chrono::Duration::days(1)).max(1) as u32;
        let name = if camp.name.is_empty() { format!("campaign {}", i + 1) } else { camp.name.clone() };
        campaigns.push(CampaignSpec {
            name,
            start_day: day_on_or_after(camp.start),
            end_day: day_after(camp.end),
            total_days: total,
            attraction,
            target_hires: camp.target_hires,
            cost,
        });
    }

    // Demand.
    let d = &input.demand;
    let referrals_per_week = c.p(&d.referrals_per_week, "demand.referrals_per_week", Domain::Range(0.0, 1e5));
    let mut seasonality = [1.0; 12];
    if let Some(s) = &d.seasonality {
        if s.len() != 12 {
            c.push("demand.seasonality", format!("has {} values; give 12, January first", s.len()));
        } else {
            for (i, v) in s.iter().enumerate() {
                if !v.is_finite() || *v < 0.0 || *v > 100.0 {
                    c.push(
                        format!("demand.seasonality[{i}]"),
                        format!("{v} is not a multiplier between 0 and 100"),
                    );
                } else {
                    seasonality[i] = *v;
                }
            }
        }
    }
    let annual_trend = c.p(&d.annual_trend, "demand.annual_trend", Domain::Range(-0.99, 10.0));
    let to_ia = c.p(&d.to_initial_assessment, "demand.to_initial_assessment", Domain::Rate);
    let early_help = input.early_help.as_ref().map(|e| {
        if let Some(end) = e.end
            && end < e.start
        {
            c.push("early_help.end", format!("{} is before the start {}", end, e.start));
        }
        EarlyHelpSpec {
            start_day: day_on_or_after(e.start),
            end_day: e.end.map(day_after).unwrap_or(n_days),
            workers: c.p(&e.workers, "early_help.workers", COUNT),
            families_per_worker: c.p(
                &e.families_per_worker,
                "early_help.families_per_worker",
                Domain::Range(0.0, 1000.0),
            ),
            mean_weeks: c.p(&e.mean_weeks, "early_help.mean_weeks", Domain::Range(0.2, 520.0)),
            diversion_share: c.p(&e.diversion_share, "early_help.diversion_share", Domain::Rate),
            annual_cost: c.money(&e.annual_cost, "early_help.annual_cost"),
        }
    });

    // Assessments.
    let asm = &input.assessment;
    let ia = &asm.initial;
    let ca = &asm.core;
    let ia_hours = c.p(&ia.hours, "assessment.initial.hours", Domain::Range(0.01, 1000.0));
    let ia_elapsed =
        c.table(&ia.elapsed_days, "assessment.initial.elapsed_days", limits::MAX_ELAPSED_DAYS.min(260));
    let to_core = c.p(&ia.to_core, "assessment.initial.to_core", Domain::Rate);
    let ca_hours = c.p(&ca.hours, "assessment.core.hours", Domain::Range(0.01, 1000.0));
    let ca_elapsed =
        c.table(&ca.elapsed_days, "assessment.core.elapsed_days", limits::MAX_ELAPSED_DAYS.min(520));
    let to_plan = c.p(&ca.to_plan, "assessment.core.to_plan", Domain::Rate);
    let to_lac = c.p(&ca.to_looked_after, "assessment.core.to_looked_after", Domain::Rate);
    for (name, t) in [("initial", ia.target_days), ("core", ca.target_days)] {
        if t == 0 || t > 520 {
            c.push(
                format!("assessment.{name}.target_days"),
                format!("{t} is not allowed; use 1 to 520 working days"),
            );
        }
    }
    if let (Param::Fixed(a), Param::Fixed(b)) = (&ca.to_plan, &ca.to_looked_after)
        && a + b > 1.0
    {
        c.push(
            "assessment.core.to_looked_after",
            format!("{b} plus to_plan {a} exceeds 1; the shares of outcomes must sum to at most 1"),
        );
    }
    let transfer_delay_days =
        c.p(&ca.transfer_delay_days, "assessment.core.transfer_delay_days", Domain::Range(1.0, 2600.0));

    // Casework.
    let cw = &input.casework;
    let open_case_mean_weeks =
        c.p(&cw.open_case_mean_weeks, "casework.open_case_mean_weeks", Domain::Range(0.2, 1040.0));
    let hours_open =
        c.p(&cw.hours_per_open_case_week, "casework.hours_per_open_case_week", Domain::Range(0.0, 100.0));
    let hours_awaiting = c.p(
        &cw.hours_per_awaiting_case_week,
        "casework.hours_per_awaiting_case_week",
        Domain::Range(0.0, 100.0),
    );
    let hours_lac = c.p(
        &cw.hours_per_looked_after_week,
        "casework.hours_per_looked_after_week",
        Domain::Range(0.0, 100.0),
    );

    // Looked after.
    let la = &input.looked_after;
    let emergency_lac_per_week = c.p(
        &la.emergency_entries_per_week,
        "looked_after.emergency_entries_per_week",
        Domain::Range(0.0, 1e4),
    );
    c.list_len("looked_after.placements", la.placements.len());
    if la.placements.is_empty() {
        c.push("looked_after.placements", "is empty; give at least one placement type");
    }
    let mut placements = Vec::new();
    for (i, pl) in la.placements.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("looked_after.placements[{i}]");
        placements.push(PlacementSpec {
            name: pl.name.clone(),
            share: c.p(&pl.share, &format!("{path}.share"), Domain::Rate),
            mean_weeks: c.p(&pl.mean_weeks, &format!("{path}.mean_weeks"), Domain::Range(0.2, 1040.0)),
            weekly_cost: c.money(&pl.weekly_cost, &format!("{path}.weekly_cost")),
            initial: c.p(&pl.initial, &format!("{path}.initial"), COUNT),
        });
    }
    if la.placements.iter().all(|p| matches!(p.share, Param::Fixed(v) if v == 0.0))
        && !la.placements.is_empty()
    {
        c.push(
            "looked_after.placements",
            "every share is 0; at least one placement type must take new entries",
        );
    }

    // Costs.
    let co = &input.costs;
    let salary_experienced = c.money(&co.salary_experienced, "costs.salary_experienced");
    let salary_nq = c.money(&co.salary_newly_qualified, "costs.salary_newly_qualified");
    let employer_ni = c.p(&co.employer_ni, "costs.employer_ni", Domain::Rate);
    let employer_pension = c.p(&co.employer_pension, "costs.employer_pension", Domain::Rate);
    let pay_award = c.p(&co.pay_award, "costs.pay_award", Domain::Range(-0.5, 1.0));
    let mut pay_periods = vec![0usize];
    if let Some(from) = co.pay_award_from {
        let mut date = from;
        let end = cal.date(n_days.saturating_sub(1));
        while date <= end {
            let day = day_on_or_after(date);
            if day > 0 && day < n_days && pay_periods.last() != Some(&day) {
                pay_periods.push(day);
            }
            match date.with_year(date.year() + 1) {
                Some(d) => date = d,
                None => break,
            }
        }
    }
    let agency_day_rate = c.money(&co.agency_day_rate, "costs.agency_day_rate");

    // Budgets.
    let fys = cal.financial_years();
    let mut budgets = vec![vec![None; fys.len()]; LINES.len()];
    let mut budgets_full = vec![vec![None; fys.len()]; LINES.len()];
    let b = &input.budget;
    let maps = [
        &b.permanent_staffing,
        &b.agency_staffing,
        &b.peripatetic_pods,
        &b.recruitment,
        &b.early_help,
        &b.placements,
    ];
    for (li, map) in maps.iter().enumerate() {
        for (label, amount) in map.iter() {
            let path = format!("budget.{}.{}", LINES[li], label);
            if !valid_fy_label(label) {
                c.push(&path, format!("{label:?} is not a financial year; write it as \"2012-13\""));
                continue;
            }
            if amount.as_decimal().is_sign_negative() {
                c.push(&path, format!("{amount} is negative; a budget must be 0 or more"));
                continue;
            }
            if amount.as_decimal() > Decimal::from(limits::MAX_MONEY) {
                c.push(&path, format!("{amount} is too large; at most {} pounds", limits::MAX_MONEY));
                continue;
            }
            if let Some(fi) = fys.iter().position(|f| &f.label == label) {
                let fy = &fys[fi];
                let full = *amount;
                let scaled = match b.partial_years {
                    PartialYears::Full => full,
                    PartialYears::ProRata => Money::from_decimal(
                        full.as_decimal() * Decimal::from(fy.n_days as u64)
                            / Decimal::from(fy.working_days_in_year.max(1) as u64),
                    )
                    .round_pence(),
                };
                budgets[li][fi] = Some(scaled);
                budgets_full[li][fi] = Some(full);
            }
        }
    }

    // Initial state.
    let init = &input.initial;
    c.list_len("initial.permanent", init.permanent.len());
    let mut initial_permanent = Vec::new();
    for (i, co) in init.permanent.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("initial.permanent[{i}]");
        if co.tenure_weeks > 2600 {
            c.push(
                format!("{path}.tenure_weeks"),
                format!("{} is not allowed; use 0 to 2600 weeks", co.tenure_weeks),
            );
        }
        initial_permanent.push(CohortSpec {
            newly_qualified: co.grade == Grade::NewlyQualified,
            count: c.p(&co.count, &format!("{path}.count"), COUNT),
            start_day: -5 * co.tenure_weeks.min(2600) as i64,
        });
    }
    let initial_agency = c.p(&init.agency, "initial.agency", COUNT);
    let queue = |items: &[QueueItemsInput], name: &str, c: &mut Ctx| -> Vec<QueueSpec> {
        let path = format!("initial.{name}");
        c.list_len(&path, items.len());
        items
            .iter()
            .enumerate()
            .take(limits::MAX_LIST)
            .map(|(i, it)| {
                if it.age_days > 2600 {
                    c.push(
                        format!("{path}[{i}].age_days"),
                        format!("{} is not allowed; use 0 to 2600 working days", it.age_days),
                    );
                }
                QueueSpec {
                    count: c.p(&it.count, &format!("{path}[{i}].count"), COUNT),
                    key_day: -(it.age_days.min(2600) as i64),
                    in_progress: it.status == ItemStatus::InProgress,
                }
            })
            .collect()
    };
    let initial_ia = queue(&init.initial_assessments, "initial_assessments", &mut c);
    let initial_ca = queue(&init.core_assessments, "core_assessments", &mut c);
    let initial_awaiting = c.p(&init.awaiting_transfer, "initial.awaiting_transfer", COUNT);
    let initial_open = c.p(&init.open_cases, "initial.open_cases", COUNT);
    c.list_len("initial.in_notice", init.in_notice.len());
    let mut initial_notice = Vec::new();
    for (i, n) in init.in_notice.iter().enumerate().take(limits::MAX_LIST) {
        if n.count as f64 > limits::MAX_COUNT {
            c.push(format!("initial.in_notice[{i}].count"), format!("{} is too large", n.count));
        }
        initial_notice.push(NoticeSpec {
            count: n.count.min(limits::MAX_COUNT as u32),
            start_day: ((n.weeks_left as usize) * 5).min(n_days),
            newly_qualified: n.grade == Grade::NewlyQualified,
        });
    }

    // Events.
    c.list_len("events", input.events.len());
    let mut events = Vec::new();
    for (i, e) in input.events.iter().enumerate().take(limits::MAX_LIST) {
        let path = format!("events[{i}]");
        let metric = crate::metrics::index_of(&e.metric);
        if metric.is_none() {
            c.push(
                format!("{path}.metric"),
                format!("{:?} is not a weekly metric; see MODEL.md for the names", e.metric),
            );
        }
        let op = match e.op.as_str() {
            "<=" => Some(Op::Le),
            "<" => Some(Op::Lt),
            ">=" => Some(Op::Ge),
            ">" => Some(Op::Gt),
            "==" => Some(Op::Eq),
            other => {
                c.push(
                    format!("{path}.op"),
                    format!("{other:?} is not a comparison; use <=, <, >=, > or =="),
                );
                None
            }
        };
        if !e.value.is_finite() {
            c.push(format!("{path}.value"), format!("{} is not a finite number", e.value));
        }
        let week = cal.week_containing(e.on);
        if week.is_none() {
            c.push(format!("{path}.on"), format!("{} is outside the simulated weeks", e.on));
        }
        if let (Some(metric), Some(op), Some(week)) = (metric, op, week) {
            events.push(EventSpec {
                metric,
                op,
                value: e.value,
                week,
                label: format!("{} {} {} on {}", e.metric, op.symbol(), e.value, e.on),
            });
        }
    }

    let spec = Spec {
        establishment: w.establishment,
        hours_per_day,
        lost_time_share,
        productivity_permanent,
        productivity_agency,
        productivity_pod,
        ramp_up_weeks,
        ramp_up_start,
        newly_qualified_factor,
        turnover,
        feedback_k,
        feedback_threshold,
        agency_enabled: a.enabled,
        agency_cap,
        agency_lead_days,
        agency_fill,
        agency_turnover,
        agency_release: a.release_on_permanent_start,
        pods,
        recruitment_enabled: r.enabled,
        applicants_per_post,
        stages,
        notice_weeks,
        withdrawal,
        nq_share,
        cost_per_hire,
        campaigns,
        referrals_per_week,
        seasonality,
        annual_trend,
        to_ia,
        early_help,
        oldest_first: asm.policy == AllocationPolicy::OldestFirst,
        ia_hours,
        ia_elapsed,
        ia_target: ia.target_days,
        to_core,
        ca_hours,
        ca_elapsed,
        ca_target: ca.target_days,
        to_plan,
        to_lac,
        transfer_delay_days,
        open_case_mean_weeks,
        hours_open,
        hours_awaiting,
        hours_lac,
        emergency_lac_per_week,
        placements,
        salary_experienced,
        salary_nq,
        employer_ni,
        employer_pension,
        pay_award,
        pay_periods,
        agency_day_rate,
        budgets,
        budgets_full,
        initial_permanent,
        initial_agency,
        initial_ia,
        initial_ca,
        initial_awaiting,
        initial_open,
        initial_notice,
        events,
    };
    (Some(spec), Some(cal), c.params, c.problems)
}

/// "2012-13": a four-digit year, a dash, and the next year's last two digits.
fn valid_fy_label(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()) {
        return false;
    }
    let y: u32 = s[..4].parse().unwrap_or(0);
    let yy: u32 = s[5..].parse().unwrap_or(100);
    (y + 1) % 100 == yy
}

/// Validate the declared rank correlations and build their Gaussian copula.
fn correlations(list: &[CorrelationInput], params: &[NamedParam]) -> Result<Copula, Problems> {
    let mut problems = Problems::new();
    if list.is_empty() {
        return Ok(Copula::default());
    }
    if list.len() > limits::MAX_LIST {
        problems.push(
            "correlations",
            format!("{} entries is too many; at most {}", list.len(), limits::MAX_LIST),
        );
        return Err(problems);
    }
    let mut members: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let path = format!("correlations[{i}]");
        let mut find = |field: &str, name: &str| -> Option<usize> {
            match params.iter().position(|p| p.path == name) {
                None => {
                    problems.push(
                        format!("{path}.{field}"),
                        format!("{name:?} is not a numeric parameter of this scenario"),
                    );
                    None
                }
                Some(k) if params[k].dist.is_fixed() => {
                    problems.push(
                        format!("{path}.{field}"),
                        format!("{name:?} is a fixed value; only uncertain parameters (distributions) can be correlated"),
                    );
                    None
                }
                Some(k) => Some(k),
            }
        };
        let a = find("a", &c.a);
        let b = find("b", &c.b);
        if !c.rank.is_finite() || c.rank <= -1.0 || c.rank >= 1.0 {
            problems.push(
                format!("{path}.rank"),
                format!("{} is not a correlation strictly between -1 and 1", c.rank),
            );
            continue;
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                problems.push(
                    format!("{path}.b"),
                    "is the same parameter as a; a parameter is always correlated with itself",
                );
                continue;
            }
            if pairs.iter().any(|&(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a)) {
                problems.push(path.clone(), format!("{} and {} are correlated twice", c.a, c.b));
                continue;
            }
            for k in [a, b] {
                if !members.contains(&k) {
                    members.push(k);
                }
            }
            pairs.push((a, b, c.rank));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    members.sort_unstable();
    let m = members.len();
    let mut r = vec![0.0; m * m];
    for i in 0..m {
        r[i * m + i] = 1.0;
    }
    for (a, b, rho) in pairs {
        let (i, j) = (
            members.iter().position(|&x| x == a).unwrap_or(0),
            members.iter().position(|&x| x == b).unwrap_or(0),
        );
        // Pearson correlation of the normals giving rank correlation rho (Pearson, 1907).
        let rn = 2.0 * libm::sin(std::f64::consts::PI * rho / 6.0);
        r[i * m + j] = rn;
        r[j * m + i] = rn;
    }
    // Cholesky factorisation; fails when the matrix is not positive definite.
    let mut l = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * m + k] * l[j * m + k]).sum();
            if i == j {
                let d = r[i * m + i] - s;
                if d <= 1e-12 {
                    problems.push(
                        "correlations",
                        "the correlations together are impossible (their matrix is not positive definite); weaken some of them",
                    );
                    return Err(problems);
                }
                l[i * m + i] = libm::sqrt(d);
            } else {
                l[i * m + j] = (r[i * m + j] - s) / l[j * m + j];
            }
        }
    }
    Ok(Copula { members, chol: l })
}
