// How the editor presents the scenario: groups in the order of MODEL.md, field order as in
// src/scenario/input/, labels with units, and templates for new list items. Fields the
// schema has and this file does not know still appear (at the end of their object, with a
// label made from their name), so a newer engine never hides a parameter.
import {
  BUDGET_LINE_TABLE,
  FAMILY_TABLE,
  METRIC_TABLE,
  TOTAL_LINE,
  type MetricKind,
} from './metrics.gen';
import type { JsonObject } from './types';

export interface Group {
  id: string;
  title: string;
  /** Top-level scenario properties shown in this group. */
  keys: string[];
  intro?: string;
}

export const GROUPS: Group[] = [
  {
    id: 'time',
    title: 'Scenario and time',
    keys: ['name', 'description', 'start', 'weeks', 'end', 'bank_holidays', 'monte_carlo'],
    intro:
      'One step is one working day; results are reported by week (labelled by its Friday) and by financial year.',
  },
  { id: 'workforce', title: 'Workforce', keys: ['workforce'] },
  { id: 'agency', title: 'Agency', keys: ['agency'] },
  { id: 'pods', title: 'Peripatetic pods', keys: ['pods'] },
  { id: 'recruitment', title: 'Recruitment', keys: ['recruitment'] },
  { id: 'demand', title: 'Demand and early help', keys: ['demand', 'early_help'] },
  { id: 'assessment', title: 'Assessments', keys: ['assessment'] },
  { id: 'casework', title: 'Casework', keys: ['casework'] },
  { id: 'looked_after', title: 'Looked-after children', keys: ['looked_after'] },
  { id: 'costs', title: 'Costs', keys: ['costs'] },
  { id: 'budget', title: 'Budget', keys: ['budget', 'actuals'] },
  {
    id: 'initial',
    title: 'Initial state',
    keys: ['initial'],
    intro: 'The service as it stands on the start date.',
  },
  {
    id: 'events',
    title: 'Questions',
    keys: ['events'],
    intro: 'Each question is answered as a probability across runs.',
  },
];

/** Field order within each object definition ('' = the scenario itself). */
export const ORDER: Record<string, string[]> = {
  '': ['name', 'description', 'start', 'weeks', 'end', 'bank_holidays', 'monte_carlo'],
  MonteCarloInput: ['runs', 'seed'],
  WorkforceInput: [
    'establishment',
    'hours_per_day',
    'lost_time_share',
    'productivity',
    'ramp_up_weeks',
    'ramp_up_start',
    'newly_qualified_factor',
    'turnover',
    'caseload_feedback_k',
    'caseload_feedback_threshold',
  ],
  ProductivityInput: ['permanent', 'agency', 'pod'],
  AgencyInput: [
    'enabled',
    'cap',
    'cap_share',
    'lead_time_days',
    'fill_probability',
    'turnover',
    'release_on_permanent_start',
  ],
  PodInput: [
    'name',
    'start',
    'end',
    'social_workers',
    'managers',
    'weekly_price',
    'assessment_only',
  ],
  RecruitmentInput: [
    'enabled',
    'applicants_per_post',
    'stages',
    'notice_weeks',
    'withdrawal_probability',
    'newly_qualified_share',
    'cost_per_hire',
    'campaigns',
  ],
  StageInput: ['name', 'pass', 'weeks', 'limited_to_posts'],
  CampaignInput: ['name', 'start', 'end', 'attraction', 'target_hires', 'cost'],
  DemandInput: ['referrals_per_week', 'seasonality', 'annual_trend', 'to_initial_assessment'],
  EarlyHelpInput: [
    'start',
    'end',
    'workers',
    'families_per_worker',
    'mean_weeks',
    'diversion_share',
    'annual_cost',
  ],
  AssessmentInput: ['policy', 'initial', 'core'],
  InitialAssessmentInput: ['hours', 'elapsed_days', 'target_days', 'to_core'],
  CoreAssessmentInput: [
    'hours',
    'elapsed_days',
    'target_days',
    'to_plan',
    'to_looked_after',
    'transfer_delay_days',
  ],
  CaseworkInput: [
    'open_case_mean_weeks',
    'hours_per_open_case_week',
    'hours_per_awaiting_case_week',
    'hours_per_looked_after_week',
  ],
  LookedAfterInput: ['emergency_entries_per_week', 'placements'],
  PlacementInput: ['name', 'share', 'mean_weeks', 'weekly_cost', 'initial'],
  CostsInput: [
    'salary_experienced',
    'salary_newly_qualified',
    'employer_ni',
    'employer_pension',
    'pay_award',
    'pay_award_from',
    'agency_day_rate',
  ],
  InitialState: [
    'permanent',
    'agency',
    'initial_assessments',
    'core_assessments',
    'awaiting_transfer',
    'open_cases',
    'in_notice',
  ],
  CohortInput: ['grade', 'count', 'tenure_weeks'],
  QueueItemsInput: ['count', 'age_days', 'status'],
  NoticeInput: ['count', 'weeks_left', 'grade'],
  EventInput: ['metric', 'op', 'value', 'on'],
};

/** [label, unit]; unit '' for none. A unit starting with 'share' gets a percentage hint. */
export const LABELS: Record<string, [string, string]> = {
  '.name': ['Scenario name', ''],
  '.description': ['Description', ''],
  '.start': ['Start date', 'first simulated day'],
  '.weeks': ['Horizon', 'weeks'],
  '.end': ['Last simulated day', 'instead of weeks'],
  '.bank_holidays': ['Bank holidays', ''],
  '.monte_carlo': ['Default Monte Carlo settings', ''],
  'MonteCarloInput.runs': ['Default number of runs', 'runs'],
  'MonteCarloInput.seed': ['Default seed', ''],
  'WorkforceInput.establishment': ['Establishment', 'FTE posts'],
  'WorkforceInput.hours_per_day': ['Contracted hours', 'hours per working day'],
  'WorkforceInput.lost_time_share': ['Time lost to leave, sickness and training', 'share of hours'],
  'WorkforceInput.productivity': [
    'Productivity by kind of worker',
    'share of remaining hours on casework',
  ],
  'WorkforceInput.ramp_up_weeks': ['Ramp-up time of a new starter', 'weeks'],
  'WorkforceInput.ramp_up_start': ['Productivity on a new starter’s first day', 'share of full'],
  'WorkforceInput.newly_qualified_factor': [
    'Productivity of newly qualified staff',
    'share of experienced',
  ],
  'WorkforceInput.turnover': ['Permanent staff turnover', 'share leaving per year'],
  'WorkforceInput.caseload_feedback_k': ['Caseload effect on turnover (k)', 'multiplier'],
  'WorkforceInput.caseload_feedback_threshold': [
    'Caseload threshold for that effect',
    'cases per worker',
  ],
  'ProductivityInput.permanent': ['Permanent staff', 'share'],
  'ProductivityInput.agency': ['Agency staff', 'share'],
  'ProductivityInput.pod': ['Pod social workers', 'share'],
  'AgencyInput.enabled': ['Cover vacancies with agency workers', ''],
  'AgencyInput.cap': ['Most agency workers at once', 'FTE'],
  'AgencyInput.cap_share': [
    'Or: most agency workers as a share of the establishment',
    'share of posts (replaces the cap in FTE)',
  ],
  'AgencyInput.lead_time_days': ['Lead time from request to start', 'working days'],
  'AgencyInput.fill_probability': ['Chance a request is filled', 'share'],
  'AgencyInput.turnover': ['Agency staff turnover', 'share leaving per year'],
  'AgencyInput.release_on_permanent_start': [
    'Release agency staff as permanent starters arrive',
    '',
  ],
  'PodInput.name': ['Pod name', ''],
  'PodInput.start': ['First working day', ''],
  'PodInput.end': ['Last working day', 'inclusive'],
  'PodInput.social_workers': ['Case-holding social workers', 'FTE'],
  'PodInput.managers': ['Managers', 'FTE, not case-holding'],
  'PodInput.weekly_price': ['Contract price', '£ per week'],
  'PodInput.assessment_only': ['Assessment work only (no case holding)', ''],
  'RecruitmentInput.enabled': ['Advertise open permanent posts', ''],
  'RecruitmentInput.applicants_per_post': ['Applicants per advertised post', 'per advert'],
  'RecruitmentInput.stages': ['Selection stages', 'in order'],
  'RecruitmentInput.notice_weeks': ['Notice period of a recruit', 'weeks'],
  'RecruitmentInput.withdrawal_probability': ['Chance a recruit withdraws during notice', 'share'],
  'RecruitmentInput.newly_qualified_share': ['Newly qualified share of hires', 'share'],
  'RecruitmentInput.cost_per_hire': ['Cost per hire', '£'],
  'RecruitmentInput.campaigns': ['Marketing and attraction campaigns', ''],
  'StageInput.name': ['Stage name', ''],
  'StageInput.pass': ['Pass rate', 'share'],
  'StageInput.weeks': ['Duration', 'weeks'],
  'StageInput.limited_to_posts': ['Offers are made at this stage (limited to posts)', ''],
  'CampaignInput.name': ['Campaign name', ''],
  'CampaignInput.start': ['First day', ''],
  'CampaignInput.end': ['Last day', 'inclusive'],
  'CampaignInput.attraction': ['Attraction multiplier', 'times applicants'],
  'CampaignInput.target_hires': ['Target hires', 'hires'],
  'CampaignInput.cost': ['Campaign cost', '£, spread over its working days'],
  'DemandInput.referrals_per_week': ['Referrals', 'per week'],
  'DemandInput.seasonality': ['Seasonality', 'multiplier by month'],
  'DemandInput.annual_trend': ['Annual trend in referrals', 'growth per year (0.03 = 3%)'],
  'DemandInput.to_initial_assessment': ['Referrals accepted for initial assessment', 'share'],
  '.early_help': ['Early help team', ''],
  'EarlyHelpInput.start': ['First day', ''],
  'EarlyHelpInput.end': ['Last day', 'optional, inclusive'],
  'EarlyHelpInput.workers': ['Workers', 'FTE'],
  'EarlyHelpInput.families_per_worker': ['Families per worker', 'at once'],
  'EarlyHelpInput.mean_weeks': ['Mean time a family stays', 'weeks'],
  'EarlyHelpInput.diversion_share': ['Referrals suited to early help', 'share'],
  'EarlyHelpInput.annual_cost': ['Annual cost of the team', '£ per year'],
  'AssessmentInput.policy': ['Allocation order', ''],
  'AssessmentInput.initial': ['Initial assessments', ''],
  'AssessmentInput.core': ['Core assessments', ''],
  'InitialAssessmentInput.hours': ['Social-worker hours per assessment', 'hours'],
  'InitialAssessmentInput.elapsed_days': [
    'Elapsed time from allocation to completion',
    'working days',
  ],
  'InitialAssessmentInput.target_days': ['Timescale', 'working days from referral'],
  'InitialAssessmentInput.to_core': ['Moving on to a core assessment', 'share'],
  'CoreAssessmentInput.hours': ['Social-worker hours per assessment', 'hours'],
  'CoreAssessmentInput.elapsed_days': [
    'Elapsed time from allocation to completion',
    'working days',
  ],
  'CoreAssessmentInput.target_days': ['Timescale', 'working days from the start of the assessment'],
  'CoreAssessmentInput.to_plan': ['Leading to a plan (long-term team)', 'share'],
  'CoreAssessmentInput.to_looked_after': ['Leading to the child becoming looked after', 'share'],
  'CoreAssessmentInput.transfer_delay_days': [
    'Mean wait for transfer to a long-term team',
    'working days',
  ],
  'CaseworkInput.open_case_mean_weeks': ['Mean time an open case stays open', 'weeks'],
  'CaseworkInput.hours_per_open_case_week': ['Holding time per open case', 'hours per week'],
  'CaseworkInput.hours_per_awaiting_case_week': [
    'Holding time per case awaiting transfer',
    'hours per week',
  ],
  'CaseworkInput.hours_per_looked_after_week': [
    'Holding time per looked-after child',
    'hours per week',
  ],
  'LookedAfterInput.emergency_entries_per_week': [
    'Emergency entries (not via a core assessment)',
    'children per week',
  ],
  'LookedAfterInput.placements': ['Placement types', ''],
  'PlacementInput.name': ['Placement type', ''],
  'PlacementInput.share': ['Share of new entries placed here', 'share'],
  'PlacementInput.mean_weeks': ['Mean stay', 'weeks'],
  'PlacementInput.weekly_cost': ['Unit cost', '£ per week'],
  'PlacementInput.initial': ['Children placed on the start date', 'children'],
  'CostsInput.salary_experienced': ['Salary of an experienced social worker', '£ per year'],
  'CostsInput.salary_newly_qualified': ['Salary of a newly qualified social worker', '£ per year'],
  'CostsInput.employer_ni': ['Employer National Insurance', 'share of salary'],
  'CostsInput.employer_pension': ['Employer pension contribution', 'share of salary'],
  'CostsInput.pay_award': ['Pay award', 'share of salary (0.01 = 1%)'],
  'CostsInput.pay_award_from': ['Pay award from', 'then on each anniversary'],
  'CostsInput.agency_day_rate': ['Agency day rate', '£ per worker per day, all-in'],
  'InitialState.permanent': ['Permanent workers', 'by grade and tenure'],
  'InitialState.agency': ['Agency workers in post', 'FTE'],
  'InitialState.initial_assessments': ['Outstanding initial assessments', 'by age'],
  'InitialState.core_assessments': ['Outstanding core assessments', 'by age'],
  'InitialState.awaiting_transfer': ['Cases awaiting transfer', 'cases'],
  'InitialState.open_cases': ['Open cases held by long-term teams', 'cases'],
  'InitialState.in_notice': ['Recruits working their notice', ''],
  'CohortInput.grade': ['Grade', ''],
  'CohortInput.count': ['Workers', 'FTE'],
  'CohortInput.tenure_weeks': ['Time in post', 'weeks'],
  'QueueItemsInput.count': ['Assessments', 'count'],
  'QueueItemsInput.age_days': ['Age on the start date', 'working days'],
  'QueueItemsInput.status': ['Status', ''],
  'NoticeInput.count': ['Recruits', 'count'],
  'NoticeInput.weeks_left': ['Weeks until their first day', 'weeks'],
  'NoticeInput.grade': ['Grade on arrival', ''],
  'EventInput.metric': ['Metric', ''],
  'EventInput.op': ['Comparison', ''],
  'EventInput.value': ['Threshold', ''],
  'EventInput.on': ['Date', 'the week containing it'],
};

export const ENUM_LABELS: Record<string, string> = {
  oldest_first: 'Oldest first across both queues',
  ia_first: 'Initial assessments first',
  pro_rata: 'Pro rata by simulated working days',
  full: 'Full-year budget',
  experienced: 'Experienced',
  newly_qualified: 'Newly qualified',
  waiting: 'Waiting (not yet allocated)',
  in_progress: 'In progress (allocated)',
};

/** Human title of a field from its name, for fields this file does not know. */
export function labelFromName(name: string): string {
  const s = name.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function labelFor(def: string, field: string): [string, string] {
  return LABELS[`${def}.${field}`] ?? [labelFromName(field), ''];
}

/** Budget lines in report order, and their names (from the engine's table). */
export const BUDGET_LINES: [string, string][] = BUDGET_LINE_TABLE.map((l) => [l.name, l.label]);

export function lineName(line: string): string {
  if (line === TOTAL_LINE.name) return TOTAL_LINE.label;
  return BUDGET_LINES.find(([k]) => k === line)?.[1] ?? labelFromName(line);
}

/** Weekly metrics (MODEL.md), with a label and how their values read. */
export interface MetricInfo {
  label: string;
  unit: 'count' | 'fte' | 'rate' | 'gbp' | 'ratio';
  help: string;
}

/** How the app formats a metric's values, from its kind and unit in the engine's table. */
function unitOf(m: { kind: MetricKind; unit: string }): MetricInfo['unit'] {
  if (m.kind === 'rate') return 'rate';
  if (m.kind === 'money') return 'gbp';
  if (m.kind === 'ratio') return 'ratio';
  return m.unit === 'FTE' ? 'fte' : 'count';
}

/** Every weekly metric by name (src/metrics.rs, through the generated metrics.gen.ts). */
export const METRICS: Record<string, MetricInfo> = Object.fromEntries(
  METRIC_TABLE.map((m) => [m.name, { label: m.label, unit: unitOf(m), help: m.meaning }]),
);

/** Placement types' names by key, from the summaries shown (labels of the per-type series). */
const PLACEMENT_NAMES = new Map<string, string>();

/** Learn a summary's placement types, so that their series are labelled by name. */
export function notePlacementTypes(types: { key: string; name: string }[] | undefined) {
  for (const t of types ?? []) PLACEMENT_NAMES.set(t.key, t.name);
}

export function metricInfo(name: string): MetricInfo {
  if (METRICS[name]) return METRICS[name];
  // A member of a per-placement-type family: `<prefix>.<type key>`.
  const dot = name.indexOf('.');
  const family = dot > 0 ? FAMILY_TABLE.find((f) => f.prefix === name.slice(0, dot)) : undefined;
  if (family) {
    const key = name.slice(dot + 1);
    const type = PLACEMENT_NAMES.get(key) ?? labelFromName(key);
    return { label: `${family.label}: ${type}`, unit: unitOf(family), help: family.meaning };
  }
  return { label: labelFromName(name), unit: 'count', help: '' };
}

/** Charts shown after a run, by section. */
export const CHART_SECTIONS: { title: string; metrics: string[] }[] = [
  { title: 'Workforce', metrics: ['permanent_fte', 'agency_fte', 'pod_fte', 'vacancies'] },
  {
    title: 'Assessments',
    metrics: [
      'assessment_team_cases',
      'ia_backlog',
      'ca_backlog',
      'ia_overdue',
      'ca_overdue',
      'ia_on_time_rate',
      'ca_on_time_rate',
    ],
  },
  { title: 'Cases and children', metrics: ['open_cases', 'lac', 'caseload_per_worker'] },
  { title: 'Money', metrics: ['spend'] },
];

/** The seed's observed figures (the 2012 cabinet report), marked on the Peterborough example. */
export const OBSERVED: Record<string, { date: string; value: number }[]> = {
  assessment_team_cases: [
    { date: '2011-11-28', value: 724 },
    { date: '2012-03-14', value: 296 },
  ],
  ia_overdue: [
    { date: '2011-11-28', value: 192 },
    { date: '2012-03-14', value: 7 },
  ],
  ca_overdue: [
    { date: '2011-11-28', value: 78 },
    { date: '2012-03-14', value: 2 },
  ],
};
export const OBSERVED_SCENARIO = 'peterborough-2012';
export const OBSERVED_SOURCE = 'Peterborough cabinet report, 26 March 2012';

/** Metrics compared between baseline and variant. */
export const COMPARE_METRICS = [
  'permanent_fte',
  'agency_fte',
  'vacancies',
  'ia_backlog',
  'ia_overdue',
  'ca_overdue',
  'assessment_team_cases',
  'open_cases',
  'lac',
  'caseload_per_worker',
];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A new item for a list, from the scenario's start date where a date is needed. */
export function newItem(def: string, doc: JsonObject, index: number): JsonObject {
  const start = typeof doc.start === 'string' ? doc.start : '2024-04-01';
  switch (def) {
    case 'PodInput':
      return {
        name: `Pod ${index + 1}`,
        start: addDays(start, 28),
        end: addDays(start, 28 + 181),
        social_workers: 6,
        managers: 1,
        weekly_price: '10000',
        assessment_only: true,
      };
    case 'StageInput':
      return { name: `Stage ${index + 1}`, pass: 0.8, weeks: 1, limited_to_posts: false };
    case 'CampaignInput':
      return {
        name: `Campaign ${index + 1}`,
        start: addDays(start, 28),
        end: addDays(start, 28 + 181),
        attraction: 1.5,
        target_hires: 10,
        cost: '20000',
      };
    case 'PlacementInput':
      return {
        name: `Placement type ${index + 1}`,
        share: 0.1,
        mean_weeks: 100,
        weekly_cost: '600',
        initial: 0,
      };
    case 'CohortInput':
      return { grade: 'experienced', count: 5, tenure_weeks: 104 };
    case 'QueueItemsInput':
      return { count: 10, age_days: 5, status: 'waiting' };
    case 'NoticeInput':
      return { count: 1, weeks_left: 4, grade: 'experienced' };
    case 'EventInput':
      return { metric: 'ia_backlog', op: '<=', value: 10, on: addDays(start, 112) };
    default:
      return {};
  }
}

export const EVENT_OPS: { value: string; label: string }[] = [
  { value: '<=', label: 'at or below (≤)' },
  { value: '<', label: 'below (<)' },
  { value: '>=', label: 'at or above (≥)' },
  { value: '>', label: 'above (>)' },
  { value: '==', label: 'equal to (=)' },
];

/** A list item's title in the editor. */
export function itemTitle(def: string, item: JsonObject, index: number): string {
  const name = typeof item.name === 'string' && item.name.trim() ? item.name : '';
  switch (def) {
    case 'PodInput':
      return name || `Pod ${index + 1}`;
    case 'StageInput':
      return `${index + 1}. ${name || 'stage'}`;
    case 'CampaignInput':
      return name || `Campaign ${index + 1}`;
    case 'PlacementInput':
      return name || `Placement type ${index + 1}`;
    case 'CohortInput':
      return `Group ${index + 1}: ${ENUM_LABELS[String(item.grade)] ?? String(item.grade ?? '')}`.trim();
    case 'QueueItemsInput':
      return `Group ${index + 1}`;
    case 'NoticeInput':
      return `Group ${index + 1}`;
    case 'EventInput':
      return `Question ${index + 1}: ${metricInfo(String(item.metric ?? '')).label} ${item.op ?? ''} ${item.value ?? ''}`;
    default:
      return `Item ${index + 1}`;
  }
}

export const LIST_NOUN: Record<string, string> = {
  PodInput: 'pod',
  StageInput: 'stage',
  CampaignInput: 'campaign',
  PlacementInput: 'placement type',
  CohortInput: 'group of workers',
  QueueItemsInput: 'group of assessments',
  NoticeInput: 'group of recruits',
  EventInput: 'question',
};
