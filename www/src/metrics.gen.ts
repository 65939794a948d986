// Generated from src/metrics.rs (the metric table) by tests/wfsim/generated.rs; do not edit.
// Regenerate: WFSIM_UPDATE_GENERATED=1 cargo test --release --test wfsim generated

/** What a weekly metric measures. */
export type MetricKind = 'stock' | 'flow' | 'rate' | 'ratio' | 'money';

export interface MetricDef {
  /** The name in JSON, CSV and scenario files. */
  name: string;
  kind: MetricKind;
  /** A label a reader knows, capitalised. */
  label: string;
  /** A column heading. */
  short: string;
  /** What one unit is. */
  unit: string;
  /** What the number is, in a line. */
  meaning: string;
}

export interface BudgetLineDef {
  /** The name in JSON, CSV and scenario files. */
  name: string;
  /** The name a finance officer knows. */
  label: string;
  /** What is charged to it. */
  meaning: string;
}

/** Every weekly metric, in output order (spend_<line> last). */
export const METRIC_TABLE: readonly MetricDef[] = [
  {
    name: 'permanent_fte',
    kind: 'stock',
    label: 'Permanent social workers',
    short: 'Permanent',
    unit: 'FTE',
    meaning: "social workers on the council's payroll, in post at the end of the week",
  },
  {
    name: 'agency_fte',
    kind: 'stock',
    label: 'Agency social workers',
    short: 'Agency',
    unit: 'FTE',
    meaning: 'agency locums covering vacant posts at the end of the week',
  },
  {
    name: 'pod_fte',
    kind: 'stock',
    label: 'Pod social workers',
    short: 'Pod',
    unit: 'FTE',
    meaning:
      'case-holding social workers of the peripatetic pods running that week (managers excluded)',
  },
  {
    name: 'establishment',
    kind: 'stock',
    label: 'Establishment',
    short: 'Establishment',
    unit: 'FTE',
    meaning: 'funded social-worker posts',
  },
  {
    name: 'vacancies',
    kind: 'stock',
    label: 'Vacancies',
    short: 'Vacancies',
    unit: 'FTE',
    meaning:
      'posts without a permanent worker, max(0, establishment - permanent); agency cover does not fill a vacancy',
  },
  {
    name: 'starters',
    kind: 'flow',
    label: 'Permanent starters',
    short: 'Starters',
    unit: 'workers',
    meaning: 'permanent social workers who started that week',
  },
  {
    name: 'leavers',
    kind: 'flow',
    label: 'Permanent leavers',
    short: 'Leavers',
    unit: 'workers',
    meaning: 'permanent social workers who left that week',
  },
  {
    name: 'pipeline_candidates',
    kind: 'stock',
    label: 'Candidates in the recruitment pipeline',
    short: 'Pipeline',
    unit: 'candidates',
    meaning:
      'candidates between advert and first day, those working their notice included, at the end of the week',
  },
  {
    name: 'referrals',
    kind: 'flow',
    label: 'Referrals',
    short: 'Referrals',
    unit: 'referrals',
    meaning: 'referrals received that week',
  },
  {
    name: 'diverted',
    kind: 'flow',
    label: 'Families diverted to early help',
    short: 'Diverted',
    unit: 'families',
    meaning: 'referrals diverted to early help that week instead of statutory assessment',
  },
  {
    name: 'ia_started',
    kind: 'flow',
    label: 'Initial assessments started',
    short: 'IA started',
    unit: 'assessments',
    meaning: 'initial assessments begun that week',
  },
  {
    name: 'ia_completed',
    kind: 'flow',
    label: 'Initial assessments completed',
    short: 'IA completed',
    unit: 'assessments',
    meaning: 'initial assessments completed that week',
  },
  {
    name: 'ia_backlog',
    kind: 'stock',
    label: 'Initial assessment backlog',
    short: 'IA backlog',
    unit: 'assessments',
    meaning: 'initial assessments waiting or in progress at the end of the week',
  },
  {
    name: 'ia_in_progress',
    kind: 'stock',
    label: 'Initial assessments in progress',
    short: 'IA in progress',
    unit: 'assessments',
    meaning: 'initial assessments begun and not completed at the end of the week',
  },
  {
    name: 'ia_overdue',
    kind: 'stock',
    label: 'Initial assessments past timescale',
    short: 'IA past timescale',
    unit: 'assessments',
    meaning:
      'initial assessments outstanding at the end of the week and older than their target days',
  },
  {
    name: 'ia_on_time_rate',
    kind: 'rate',
    label: 'Initial assessments completed on time',
    short: 'IA on time',
    unit: 'share of completions',
    meaning:
      "share of that week's completed initial assessments done within their target days; absent in a week with none",
  },
  {
    name: 'ca_completed',
    kind: 'flow',
    label: 'Core assessments completed',
    short: 'CA completed',
    unit: 'assessments',
    meaning: 'core assessments completed that week',
  },
  {
    name: 'ca_backlog',
    kind: 'stock',
    label: 'Core assessment backlog',
    short: 'CA backlog',
    unit: 'assessments',
    meaning: 'core assessments waiting or in progress at the end of the week',
  },
  {
    name: 'ca_in_progress',
    kind: 'stock',
    label: 'Core assessments in progress',
    short: 'CA in progress',
    unit: 'assessments',
    meaning: 'core assessments begun and not completed at the end of the week',
  },
  {
    name: 'ca_overdue',
    kind: 'stock',
    label: 'Core assessments past timescale',
    short: 'CA past timescale',
    unit: 'assessments',
    meaning: 'core assessments outstanding at the end of the week and older than their target days',
  },
  {
    name: 'ca_on_time_rate',
    kind: 'rate',
    label: 'Core assessments completed on time',
    short: 'CA on time',
    unit: 'share of completions',
    meaning:
      "share of that week's completed core assessments done within their target days; absent in a week with none",
  },
  {
    name: 'awaiting_transfer',
    kind: 'stock',
    label: 'Cases awaiting transfer',
    short: 'Awaiting transfer',
    unit: 'cases',
    meaning:
      'cases with a plan still held by the assessment team until a long-term team takes them, at the end of the week',
  },
  {
    name: 'assessment_team_cases',
    kind: 'stock',
    label: 'Cases held by the assessment team',
    short: 'Assessment team cases',
    unit: 'cases',
    meaning:
      'IA backlog + CA backlog + awaiting transfer: the seed\'s "total open cases in that team"',
  },
  {
    name: 'open_cases',
    kind: 'stock',
    label: 'Open cases in long-term teams',
    short: 'Open cases (long-term teams)',
    unit: 'cases',
    meaning:
      'children held by long-term teams on child-in-need or child-protection plans at the end of the week',
  },
  {
    name: 'caseload_per_worker',
    kind: 'ratio',
    label: 'Caseload per social worker',
    short: 'Caseload per worker',
    unit: 'cases per worker',
    meaning:
      'cases held per case-holding social worker (DfE): (IA backlog + CA backlog + awaiting transfer + open cases + looked-after children) / (permanent + agency + pod social workers)',
  },
  {
    name: 'lac',
    kind: 'stock',
    label: 'Looked-after children',
    short: 'Looked-after children',
    unit: 'children',
    meaning: 'children looked after, every placement type, at the end of the week',
  },
  {
    name: 'spend',
    kind: 'money',
    label: 'Total spend',
    short: 'Spend',
    unit: '£',
    meaning: 'spend that week on all budget lines',
  },
  {
    name: 'spend_permanent_staffing',
    kind: 'money',
    label: 'Permanent staffing spend',
    short: 'Permanent staffing',
    unit: '£',
    meaning:
      'spend that week on the permanent_staffing line: salaries of permanent social workers by grade, with employer National Insurance and pension and the pay award',
  },
  {
    name: 'spend_agency_staffing',
    kind: 'money',
    label: 'Agency staffing spend',
    short: 'Agency staffing',
    unit: '£',
    meaning: 'spend that week on the agency_staffing line: agency worker-days at the day rate',
  },
  {
    name: 'spend_peripatetic_pods',
    kind: 'money',
    label: 'Peripatetic pods spend',
    short: 'Peripatetic pods',
    unit: '£',
    meaning:
      'spend that week on the peripatetic_pods line: the weekly contract price of each pod while it runs',
  },
  {
    name: 'spend_recruitment',
    kind: 'money',
    label: 'Recruitment and attraction spend',
    short: 'Recruitment and attraction',
    unit: '£',
    meaning:
      'spend that week on the recruitment line: campaign costs, the marketing strategy and the cost per hire',
  },
  {
    name: 'spend_early_help',
    kind: 'money',
    label: 'Early help spend',
    short: 'Early help',
    unit: '£',
    meaning: "spend that week on the early_help line: the early help team's cost",
  },
  {
    name: 'spend_placements',
    kind: 'money',
    label: 'Looked-after placements spend',
    short: 'Looked-after placements',
    unit: '£',
    meaning:
      "spend that week on the placements line: placement-days at each placement type's weekly unit cost",
  },
];

/** The budget lines, in report order. */
export const BUDGET_LINE_TABLE: readonly BudgetLineDef[] = [
  {
    name: 'permanent_staffing',
    label: 'Permanent staffing',
    meaning:
      'salaries of permanent social workers by grade, with employer National Insurance and pension and the pay award',
  },
  {
    name: 'agency_staffing',
    label: 'Agency staffing',
    meaning: 'agency worker-days at the day rate',
  },
  {
    name: 'peripatetic_pods',
    label: 'Peripatetic pods',
    meaning: 'the weekly contract price of each pod while it runs',
  },
  {
    name: 'recruitment',
    label: 'Recruitment and attraction',
    meaning: 'campaign costs, the marketing strategy and the cost per hire',
  },
  {
    name: 'early_help',
    label: 'Early help',
    meaning: "the early help team's cost",
  },
  {
    name: 'placements',
    label: 'Looked-after placements',
    meaning: "placement-days at each placement type's weekly unit cost",
  },
];

/** The all-lines row of the budget table. */
export const TOTAL_LINE: BudgetLineDef = {
  name: 'total',
  label: 'Total',
  meaning: 'every budget line together',
};

/** A family of weekly metrics with a member per placement type of the scenario: the
 * member for the type with key `k` is named `<prefix>.<k>` and labelled
 * `<label>: <type name>` (the summary's `placement_types` give keys and names). */
export interface FamilyDef {
  prefix: string;
  kind: MetricKind;
  label: string;
  short: string;
  unit: string;
  meaning: string;
}

/** The per-placement-type families, in record order. */
export const FAMILY_TABLE: readonly FamilyDef[] = [
  {
    prefix: 'looked_after',
    kind: 'stock',
    label: 'Looked-after children',
    short: 'Looked after',
    unit: 'children',
    meaning:
      'children looked after in this placement type at the end of the week; the types add up to lac',
  },
  {
    prefix: 'placement_spend',
    kind: 'money',
    label: 'Placement spend',
    short: 'Placements',
    unit: '£',
    meaning:
      'spend that week on this placement type: its placement-days at its weekly unit cost; the types add up to spend_placements',
  },
];
