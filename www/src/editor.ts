// The scenario form: every field of the scenario, grouped as in MODEL.md, generated from
// the engine's JSON Schema (types, descriptions as help text, defaults) and layout.ts
// (order, labels, units). Each numeric parameter can be a fixed value, a 90% range or a
// named distribution. Edits go straight into the working document; problems are shown
// next to the field whose path they name.

import {
  clone,
  deletePath,
  isIsoDate,
  parseInteger,
  parseMoney,
  parseNumber,
  setPath,
} from './doc';
import { clear, h, slug } from './dom';
import { pct } from './format';
import {
  BUDGET_LINES,
  ENUM_LABELS,
  EVENT_OPS,
  GROUPS,
  LIST_NOUN,
  METRICS,
  ORDER,
  itemTitle,
  labelFor,
  labelFromName,
  newItem,
  type Group,
} from './layout';
import { Schema, helpText, type FieldKind, type SchemaNode } from './schema';
import { getPath, joinPath, type Notes } from './toml';
import type { Json, JsonObject, Problem } from './types';

export interface EditorHost {
  schema: Schema;
  doc(): JsonObject;
  notes(): Notes | undefined;
  /** Last readable value of each field, used to validate the rest while one is unreadable. */
  fallback: Record<string, Json>;
  /** A value changed (the form is not re-rendered). */
  edited(path: string): void;
  /** The shape changed (item added or removed, kind of value switched): re-render. */
  restructured(): void;
}

interface Entry {
  el: HTMLElement;
  errors: HTMLElement;
  inputs: HTMLElement[];
  group: string;
  /** Prefix for messages shown in a shared error list (budget cells). */
  prefix?: string;
}

const DIST_FIELDS: Record<string, string[]> = {
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  gamma: ['mean', 'sd'],
  beta: ['alpha', 'beta'],
  uniform: ['min', 'max'],
  triangular: ['min', 'mode', 'max'],
  pert: ['min', 'mode', 'max'],
};
const DIST_NAMES: Record<string, string> = {
  normal: 'Normal',
  lognormal: 'Lognormal',
  gamma: 'Gamma',
  beta: 'Beta',
  uniform: 'Uniform',
  triangular: 'Triangular',
  pert: 'PERT',
};
const DIST_FIELD_LABELS: Record<string, string> = {
  mean: 'mean',
  sd: 'standard deviation',
  mu: 'μ (log mean)',
  sigma: 'σ (log sd)',
  alpha: 'α',
  beta: 'β',
  shape: 'shape',
  scale: 'scale',
  min: 'minimum',
  mode: 'most likely',
  max: 'maximum',
  p5: '5th percentile',
  p95: '95th percentile',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Mode = 'fixed' | 'range' | 'dist';

function modeOf(v: Json | undefined): Mode {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return 'fixed';
  if (typeof v.dist === 'string' && v.dist) return 'dist';
  const keys = Object.keys(v);
  if (keys.every((k) => k === 'p5' || k === 'p95')) return 'range';
  return 'dist';
}

/** Four significant figures, so seeded values read well (0.3, not 0.30000000000000004). */
function nice(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return Number(x.toPrecision(4));
}

/** A central value of a parameter, to seed the fields of another kind of value. */
function centralValue(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseNumber(v);
    return n === null ? undefined : n;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, Json>;
  const n = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  if (n('p5') !== undefined && n('p95') !== undefined) {
    const a = n('p5')!;
    const b = n('p95')!;
    return a > 0 && b > 0 ? Math.sqrt(a * b) : (a + b) / 2;
  }
  if (n('mean') !== undefined) return n('mean');
  if (n('mode') !== undefined) return n('mode');
  if (n('min') !== undefined && n('max') !== undefined) return (n('min')! + n('max')!) / 2;
  if (n('alpha') !== undefined && n('beta') !== undefined)
    return n('alpha')! / (n('alpha')! + n('beta')!);
  if (n('mu') !== undefined) return Math.exp(n('mu')!);
  if (n('shape') !== undefined && n('scale') !== undefined) return n('shape')! * n('scale')!;
  return undefined;
}

function distSeed(dist: string, c: number): JsonObject {
  const a = Math.abs(c) || 1;
  switch (dist) {
    case 'normal':
      return { dist, mean: nice(c), sd: nice(a * 0.1) };
    case 'lognormal':
    case 'gamma':
      return { dist, mean: nice(a), sd: nice(a * 0.2) };
    case 'beta': {
      if (c > 0 && c < 1) return { dist, alpha: nice(c * 20), beta: nice((1 - c) * 20) };
      return { dist, alpha: 2, beta: 2 };
    }
    case 'uniform':
      return { dist, min: nice(c - a * 0.2), max: nice(c + a * 0.2) };
    default:
      return { dist, min: nice(c - a * 0.2), mode: nice(c), max: nice(c + a * 0.2) };
  }
}

function distFields(v: JsonObject): string[] {
  const d = typeof v.dist === 'string' ? v.dist : '';
  const defaults = DIST_FIELDS[d] ?? [];
  const present = Object.keys(v).filter((k) => k !== 'dist');
  if (defaults.length && !defaults.some((k) => k in v) && present.length) return present;
  return [...defaults, ...present.filter((k) => !defaults.includes(k))];
}

/** Financial years ("2012-13") a horizon touches. */
export function financialYears(start: Json | undefined, weeks: Json | undefined): string[] {
  if (!isIsoDate(start) || typeof weeks !== 'number' || weeks < 1 || weeks > 1040) return [];
  const s = new Date(`${start as string}T00:00:00Z`);
  const e = new Date(s.getTime() + (weeks * 7 - 1) * 86400000);
  const fy = (d: Date) => (d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1);
  const out: string[] = [];
  for (let y = fy(s); y <= fy(e); y++) out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

export class Editor {
  private registry = new Map<string, Entry>();
  private groupBadges = new Map<string, HTMLElement>();
  readonly open = new Set<string>(['time', 'workforce']);
  private currentGroup = '';
  /** Values of switched-off optional parts, restored when switched on again. */
  private stash = new Map<string, Json>();

  constructor(
    private readonly root: HTMLElement,
    private readonly host: EditorHost,
  ) {}

  private get schema(): Schema {
    return this.host.schema;
  }

  // ---- rendering -------------------------------------------------------------------

  render() {
    const active = document.activeElement as HTMLElement | null;
    const activeId = active && this.root.contains(active) ? active.id : '';
    const scroller = this.root.closest('.scroll') ?? this.root;
    const scrollTop = scroller.scrollTop;
    this.registry.clear();
    this.groupBadges.clear();
    clear(this.root);
    const doc = this.host.doc();
    for (const group of GROUPS) this.root.append(this.renderGroup(group, doc));
    // Schema properties no group names (a newer engine): shown in a last group.
    const known = new Set(GROUPS.flatMap((g) => g.keys));
    const extra = Object.keys(this.schema.properties('')).filter((k) => !known.has(k));
    if (extra.length)
      this.root.append(
        this.renderGroup({ id: 'other', title: 'Other settings', keys: extra }, doc),
      );
    scroller.scrollTop = scrollTop;
    if (activeId) document.getElementById(activeId)?.focus();
  }

  private renderGroup(group: Group, doc: JsonObject): HTMLElement {
    this.currentGroup = group.id;
    const badge = h('span', { class: 'badge', hidden: true });
    this.groupBadges.set(group.id, badge);
    const details = h(
      'details',
      { class: 'group', id: `group-${group.id}`, open: this.open.has(group.id) },
      h('summary', {}, h('span', { class: 'group-title' }, group.title), badge),
    );
    details.addEventListener('toggle', () => {
      if (details.open) this.open.add(group.id);
      else this.open.delete(group.id);
    });
    const body = h('div', { class: 'group-body' });
    if (group.intro) body.append(h('p', { class: 'intro' }, group.intro));
    const props = this.schema.properties('');
    for (const key of group.keys) {
      const node = props[key];
      if (!node) continue;
      body.append(this.renderField('', key, node, [key], doc[key]));
    }
    details.append(body);
    this.register(group.keys.length === 1 ? group.keys[0] : `#${group.id}`, details, body, []);
    return details;
  }

  private register(
    path: string,
    el: HTMLElement,
    errorsHost: HTMLElement,
    inputs: HTMLElement[],
    prefix?: string,
  ): Entry {
    let errors = errorsHost.querySelector(':scope > ul.errors') as HTMLElement | null;
    if (!errors) {
      errors = h('ul', { class: 'errors', id: `err-${slug(path)}` });
      errorsHost.append(errors);
    }
    const entry: Entry = { el, errors, inputs, group: this.currentGroup, prefix };
    this.registry.set(path, entry);
    for (const input of inputs) {
      const ids = new Set(
        (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean),
      );
      ids.add(errors.id);
      input.setAttribute('aria-describedby', [...ids].join(' '));
    }
    return entry;
  }

  private fieldShell(
    def: string,
    name: string,
    node: SchemaNode,
    path: string,
  ): {
    el: HTMLElement;
    head: HTMLElement;
    body: HTMLElement;
    label: HTMLLabelElement;
    inputId: string;
  } {
    const [label, unit] = def === '' || def ? labelFor(def, name) : [labelFromName(name), ''];
    const inputId = `in-${slug(path)}`;
    const labelEl = h('label', { for: inputId, class: 'label' }, label);
    const head = h(
      'div',
      { class: 'field-head' },
      labelEl,
      unit ? h('span', { class: 'unit' }, unit) : null,
    );
    const body = h('div', { class: 'field-body' });
    const el = h(
      'div',
      { class: 'field', 'data-path': path, id: `field-${slug(path)}` },
      head,
      body,
    );
    const help = helpText(node.description);
    if (help) el.append(h('p', { class: 'help', id: `help-${slug(path)}` }, help));
    const note = this.host.notes()?.get(path);
    if (note)
      el.append(
        h('p', { class: 'note' }, h('span', { class: 'note-tag' }, 'Preset source: '), note.note),
      );
    return { el, head, body, label: labelEl, inputId };
  }

  private describedBy(path: string, extra?: string): string {
    return [`help-${slug(path)}`, extra].filter(Boolean).join(' ');
  }

  private renderField(
    def: string,
    name: string,
    node: SchemaNode,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement {
    const path = joinPath(parts);
    const kind = this.schema.kindOf(node);
    const required = this.schema.required(def).includes(name);
    switch (kind.kind) {
      case 'param':
      case 'money':
        return this.renderParam(def, name, node, path, value, kind.kind === 'money', required);
      case 'object':
        return this.renderObject(def, name, node, kind.def, parts, value);
      case 'optobject':
        return this.renderOptObject(def, name, node, kind.def, parts, value);
      case 'list':
        return this.renderList(def, name, node, kind.def, parts, value);
      case 'budget':
        return this.renderBudget(node, path, value);
      case 'numbers':
        return this.renderSeasonality(def, name, node, path, value);
      case 'holidays':
        return this.renderHolidays(def, name, node, path, value);
      default:
        return this.renderSimple(def, name, node, kind, path, value, required);
    }
  }

  private renderSimple(
    def: string,
    name: string,
    node: SchemaNode,
    kind: FieldKind,
    path: string,
    value: Json | undefined,
    required: boolean,
  ): HTMLElement {
    const shell = this.fieldShell(def, name, node, path);
    const { el, body, inputId } = shell;
    const doc = () => this.host.doc();
    const placeholder =
      node.default !== undefined && node.default !== null && typeof node.default !== 'object'
        ? String(node.default)
        : '';
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

    if (def === 'EventInput' && name === 'metric') {
      const options = Object.keys(METRICS);
      const v = typeof value === 'string' ? value : '';
      if (v && !options.includes(v)) options.push(v);
      input = h(
        'select',
        { id: inputId, 'aria-describedby': this.describedBy(path) },
        ...options.map((m) =>
          h('option', { value: m, selected: m === v }, `${METRICS[m]?.label ?? m} (${m})`),
        ),
      );
      input.addEventListener('change', () => {
        setPath(doc(), path, input.value);
        this.host.edited(path);
      });
    } else if (def === 'EventInput' && name === 'op') {
      const v = typeof value === 'string' ? value : '<=';
      const opts = [...EVENT_OPS];
      if (!opts.some((o) => o.value === v)) opts.push({ value: v, label: v });
      input = h(
        'select',
        { id: inputId, 'aria-describedby': this.describedBy(path) },
        ...opts.map((o) => h('option', { value: o.value, selected: o.value === v }, o.label)),
      );
      input.addEventListener('change', () => {
        setPath(doc(), path, input.value);
        this.host.edited(path);
      });
    } else if (kind.kind === 'enum') {
      const v =
        typeof value === 'string' ? value : typeof node.default === 'string' ? node.default : '';
      const opts = [...kind.options];
      if (v && !opts.some((o) => o.value === v)) opts.push({ value: v });
      input = h(
        'select',
        { id: inputId, 'aria-describedby': this.describedBy(path) },
        ...opts.map((o) =>
          h(
            'option',
            { value: o.value, selected: o.value === v, title: o.description },
            ENUM_LABELS[o.value] ?? o.value,
          ),
        ),
      );
      input.addEventListener('change', () => {
        setPath(doc(), path, input.value);
        this.host.edited(path);
      });
    } else if (kind.kind === 'bool') {
      const checked = typeof value === 'boolean' ? value : Boolean(node.default);
      input = h('input', {
        type: 'checkbox',
        id: inputId,
        checked,
        'aria-describedby': this.describedBy(path),
      });
      input.addEventListener('change', () => {
        setPath(doc(), path, (input as HTMLInputElement).checked);
        this.host.edited(path);
      });
      el.classList.add('field-bool');
      // Checkbox first, then its label.
      const label = shell.label;
      shell.head.prepend(input);
      shell.head.insertBefore(label, input.nextSibling);
      this.register(path, el, el, [input]);
      return el;
    } else if (kind.kind === 'date') {
      input = h('input', {
        type: 'date',
        id: inputId,
        value: typeof value === 'string' ? value : '',
        'aria-describedby': this.describedBy(path),
      });
      const handler = () => {
        const v = (input as HTMLInputElement).value;
        if (!v && kind.optional) deletePath(doc(), path);
        else setPath(doc(), path, v);
        this.host.edited(path);
      };
      input.addEventListener('input', handler);
      input.addEventListener('change', handler);
    } else if (kind.kind === 'int' || kind.kind === 'number') {
      const isInt = kind.kind === 'int';
      input = h('input', {
        type: 'text',
        inputmode: isInt ? 'numeric' : 'decimal',
        id: inputId,
        value: value === undefined || value === null ? '' : String(value),
        placeholder,
        autocomplete: 'off',
        'aria-describedby': this.describedBy(path),
      });
      input.addEventListener('input', () => {
        const t = input.value;
        if (t.trim() === '' && !required) {
          deletePath(doc(), path);
        } else {
          const n = isInt ? parseInteger(t) : parseNumber(t);
          this.writeChecked(path, n === null ? t : n, n !== null);
        }
        this.host.edited(path);
      });
    } else if (name === 'description') {
      input = h('textarea', { id: inputId, rows: 3, 'aria-describedby': this.describedBy(path) });
      input.value = typeof value === 'string' ? value : '';
      input.addEventListener('input', () => {
        setPath(doc(), path, input.value);
        this.host.edited(path);
      });
    } else {
      input = h('input', {
        type: 'text',
        id: inputId,
        value: typeof value === 'string' ? value : value == null ? '' : String(value),
        placeholder,
        autocomplete: 'off',
        'aria-describedby': this.describedBy(path),
      });
      input.addEventListener('input', () => {
        setPath(doc(), path, input.value);
        this.host.edited(path);
      });
    }
    if (required) input.setAttribute('aria-required', 'true');
    body.append(input);
    if (
      placeholder &&
      (value === undefined || value === null) &&
      (kind.kind === 'int' || kind.kind === 'number')
    )
      body.append(h('span', { class: 'hint' }, `default ${placeholder}`));
    this.register(path, el, el, [input]);
    return el;
  }

  /** Write a value; remember the last readable one so the engine can check the rest. */
  private writeChecked(path: string, value: Json, readable: boolean) {
    const doc = this.host.doc();
    if (readable) {
      this.host.fallback[path] = clone(value);
    } else if (!(path in this.host.fallback)) {
      const old = getPath(doc, path);
      if (old !== undefined && old !== null) this.host.fallback[path] = clone(old);
    }
    setPath(doc, path, value);
  }

  private renderParam(
    def: string,
    name: string,
    node: SchemaNode,
    path: string,
    value: Json | undefined,
    money: boolean,
    required: boolean,
  ): HTMLElement {
    const shell = this.fieldShell(def, name, node, path);
    const { el, body, label, inputId } = shell;
    el.classList.add('param');
    const [labelText, unit] = labelFor(def, name);
    const mode = modeOf(value);
    const doc = () => this.host.doc();
    const modeId = `mode-${slug(path)}`;
    const modeSelect = h(
      'select',
      { id: modeId, class: 'mode', 'aria-label': `${labelText}: kind of value` },
      h('option', { value: 'fixed', selected: mode === 'fixed' }, 'Fixed value'),
      h('option', { value: 'range', selected: mode === 'range' }, '90% range'),
      h('option', { value: 'dist', selected: mode === 'dist' }, 'Distribution'),
    );
    modeSelect.addEventListener('change', () => {
      const cur = getPath(doc(), path);
      const c =
        centralValue(cur) ?? (typeof node.default === 'number' ? node.default : money ? 1000 : 1);
      const next = modeSelect.value as Mode;
      let v: Json;
      if (next === 'fixed') v = money ? String(Math.round(c)) : nice(c);
      else if (next === 'range')
        v =
          c > 0
            ? { p5: nice(c * 0.8), p95: nice(c * 1.25) }
            : { p5: nice(c - 1), p95: nice(c + 1) };
      else v = distSeed(unit.startsWith('share') && c > 0 && c < 1 ? 'beta' : 'triangular', c);
      setPath(doc(), path, v);
      delete this.host.fallback[path];
      this.host.restructured();
    });

    const inputs: HTMLElement[] = [modeSelect];
    const share = unit.startsWith('share');
    const numInput = (
      id: string,
      v: Json | undefined,
      aria: string,
      onInput: (t: string) => void,
      isMoney = false,
    ) => {
      const text = v === undefined || v === null ? '' : isMoney ? groupMoney(v) : String(v);
      const input = h('input', {
        type: 'text',
        inputmode: 'decimal',
        id,
        value: text,
        autocomplete: 'off',
        'aria-label': aria,
        'aria-describedby': this.describedBy(path),
      });
      if (required) input.setAttribute('aria-required', 'true');
      input.addEventListener('input', () => onInput(input.value));
      if (isMoney)
        input.addEventListener('blur', () => {
          const m = parseMoney(input.value);
          if (m !== null) input.value = groupMoney(m);
        });
      inputs.push(input);
      return input;
    };

    if (mode === 'fixed') {
      const hint = h('span', { class: 'hint', 'aria-live': 'off' });
      const updateHint = (v: Json | undefined) => {
        if (money) hint.textContent = '';
        else if (share && typeof v === 'number')
          hint.textContent = `= ${pct(v, v * 100 === Math.round(v * 100) ? 0 : 1)}`;
        else if (
          value === undefined &&
          node.default !== undefined &&
          typeof node.default !== 'object'
        )
          hint.textContent = `default ${String(node.default)}`;
        else hint.textContent = '';
      };
      const input = numInput(
        inputId,
        value,
        labelText,
        (t) => {
          if (t.trim() === '' && !required) {
            deletePath(doc(), path);
            updateHint(undefined);
          } else if (money) {
            const m = parseMoney(t);
            this.writeChecked(path, m ?? t, m !== null);
            updateHint(m ?? undefined);
          } else {
            const n = parseNumber(t);
            this.writeChecked(path, n ?? t, n !== null);
            updateHint(n ?? undefined);
          }
          this.host.edited(path);
        },
        money,
      );
      input.removeAttribute('aria-label'); // the visible label names it
      if (!required && node.default !== undefined && typeof node.default !== 'object')
        input.setAttribute('placeholder', String(node.default));
      if (money) body.append(h('span', { class: 'prefix', 'aria-hidden': 'true' }, 'GBP'));
      body.append(input, hint);
      updateHint(value);
    } else {
      const obj = (
        value && typeof value === 'object' && !Array.isArray(value) ? value : {}
      ) as JsonObject;
      const keys = mode === 'range' ? ['p5', 'p95'] : distFields(obj);
      if (mode === 'dist') {
        const d = typeof obj.dist === 'string' ? obj.dist : '';
        const distSelect = h(
          'select',
          { id: inputId, class: 'dist', 'aria-describedby': this.describedBy(path) },
          ...Object.keys(DIST_FIELDS).map((k) =>
            h('option', { value: k, selected: k === d }, DIST_NAMES[k]),
          ),
        );
        if (d && !DIST_FIELDS[d]) distSelect.append(h('option', { value: d, selected: true }, d));
        distSelect.addEventListener('change', () => {
          const c = centralValue(getPath(doc(), path)) ?? 1;
          setPath(doc(), path, distSeed(distSelect.value, c));
          delete this.host.fallback[path];
          this.host.restructured();
        });
        inputs.push(distSelect);
        label.textContent = labelText;
        body.append(
          h(
            'div',
            { class: 'sub' },
            h('span', { class: 'sub-label', 'aria-hidden': 'true' }, 'distribution'),
            distSelect,
          ),
        );
      } else {
        body.append(h('span', { class: 'range-note' }, '90% of runs draw a value between'));
      }
      keys.forEach((k, i) => {
        const id = mode === 'range' && i === 0 ? inputId : `${inputId}-${k}`;
        const input = numInput(id, obj[k], `${labelText}: ${DIST_FIELD_LABELS[k] ?? k}`, (t) => {
          const cur = getPath(doc(), path);
          const o = (
            cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : {}
          ) as JsonObject;
          const before = clone(o);
          const wasReadable = Object.entries(before).every(
            ([kk, x]) => kk === 'dist' || typeof x === 'number',
          );
          if (t.trim() === '') delete o[k];
          else {
            const n = parseNumber(t);
            o[k] = n ?? t;
          }
          const readable = Object.entries(o).every(
            ([kk, x]) => kk === 'dist' || typeof x === 'number',
          );
          if (readable) this.host.fallback[path] = clone(o);
          else if (!(path in this.host.fallback) && wasReadable) this.host.fallback[path] = before;
          setPath(doc(), path, o);
          this.host.edited(path);
        });
        body.append(
          h(
            'div',
            { class: 'sub' },
            h('label', { class: 'sub-label', for: id }, DIST_FIELD_LABELS[k] ?? k),
            input,
          ),
        );
        if (mode === 'range' && i === 0)
          body.append(h('span', { class: 'range-and', 'aria-hidden': 'true' }, 'and'));
      });
      if (mode === 'range') label.setAttribute('for', inputId);
    }
    body.append(modeSelect);
    this.register(path, el, el, inputs);
    return el;
  }

  private renderObject(
    parentDef: string,
    name: string,
    node: SchemaNode,
    def: string,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement {
    const path = joinPath(parts);
    const obj = (
      value && typeof value === 'object' && !Array.isArray(value) ? value : {}
    ) as JsonObject;
    const inner = this.renderObjectFields(def, parts, obj);
    // A top-level object is its own group: no frame around it.
    if (parts.length === 1) {
      const wrap = h('div', { class: 'object', 'data-path': path }, inner);
      this.register(path, wrap, wrap, []);
      return wrap;
    }
    const [label, unit] = labelFor(parentDef, name);
    const fs = h(
      'fieldset',
      { class: 'object', 'data-path': path, id: `field-${slug(path)}` },
      h('legend', {}, label, unit ? h('span', { class: 'unit' }, ` ${unit}`) : null),
    );
    const help = helpText(node.description);
    if (help && !unit) fs.append(h('p', { class: 'help' }, help));
    fs.append(inner);
    this.register(path, fs, fs, []);
    return fs;
  }

  private renderObjectFields(
    def: string,
    parts: (string | number)[],
    obj: JsonObject,
  ): DocumentFragment {
    const frag = document.createDocumentFragment();
    const props = this.schema.properties(def);
    const order = ORDER[def] ?? [];
    const names = [
      ...order.filter((n) => n in props),
      ...Object.keys(props).filter((n) => !order.includes(n)),
    ];
    for (const n of names) frag.append(this.renderField(def, n, props[n], [...parts, n], obj[n]));
    return frag;
  }

  private renderOptObject(
    parentDef: string,
    name: string,
    node: SchemaNode,
    def: string,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement {
    const path = joinPath(parts);
    const [label] = labelFor(parentDef, name);
    const on = value !== null && value !== undefined;
    const id = `in-${slug(path)}-enabled`;
    const box = h('input', { type: 'checkbox', id, checked: on });
    const fs = h(
      'fieldset',
      { class: 'object optional', 'data-path': path, id: `field-${slug(path)}` },
      h('legend', {}, label),
      h(
        'div',
        { class: 'field field-bool' },
        h(
          'div',
          { class: 'field-head' },
          box,
          h(
            'label',
            { for: id, class: 'label' },
            `Include: ${helpText(node.description).replace(/\.$/, '').toLowerCase()}`,
          ),
        ),
      ),
    );
    box.addEventListener('change', () => {
      const doc = this.host.doc();
      if (box.checked) {
        const restored = this.stash.get(path);
        setPath(doc, path, restored !== undefined ? clone(restored) : this.defaultEarlyHelp(doc));
      } else {
        const cur = getPath(doc, path);
        if (cur !== undefined && cur !== null) this.stash.set(path, clone(cur));
        deletePath(doc, path);
      }
      this.host.restructured();
    });
    if (on) fs.append(this.renderObjectFields(def, parts, value as JsonObject));
    this.register(path, fs, fs, [box]);
    return fs;
  }

  private defaultEarlyHelp(doc: JsonObject): JsonObject {
    const start = typeof doc.start === 'string' ? doc.start : '2024-04-01';
    return {
      start,
      workers: 4,
      families_per_worker: 12,
      mean_weeks: 12,
      diversion_share: 0.1,
      annual_cost: '150000',
    };
  }

  private renderList(
    parentDef: string,
    name: string,
    node: SchemaNode,
    def: string,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement {
    const path = joinPath(parts);
    const items = Array.isArray(value) ? value : [];
    const [label, unit] = labelFor(parentDef, name);
    const noun = LIST_NOUN[def] ?? 'item';
    const headingId = `list-${slug(path)}`;
    const wrap = h(
      'section',
      { class: 'list', 'data-path': path, id: `field-${slug(path)}`, 'aria-labelledby': headingId },
      h(
        'h3',
        { class: 'list-title', id: headingId },
        label,
        unit ? h('span', { class: 'unit' }, ` ${unit}`) : null,
      ),
    );
    const help = helpText(node.description);
    if (help && parts.length > 1) wrap.append(h('p', { class: 'help' }, help));
    const doc = () => this.host.doc();
    const ensureArray = (): Json[] => {
      let arr = getPath(doc(), path);
      if (!Array.isArray(arr)) {
        arr = [];
        setPath(doc(), path, arr);
      }
      return arr;
    };
    items.forEach((item, i) => {
      const itemParts = [...parts, i];
      const itemPath = joinPath(itemParts);
      const obj = (
        item && typeof item === 'object' && !Array.isArray(item) ? item : {}
      ) as JsonObject;
      const title = itemTitle(def, obj, i);
      const fs = h(
        'fieldset',
        { class: 'item', 'data-path': itemPath, id: `field-${slug(itemPath)}` },
        h('legend', {}, title),
      );
      const tools = h('div', { class: 'item-tools' });
      const btn = (text: string, aria: string, id: string, onclick: () => void, disabled = false) =>
        h(
          'button',
          { type: 'button', class: 'small', id, 'aria-label': aria, disabled, onclick },
          text,
        );
      tools.append(
        btn(
          '↑',
          `Move ${title} up`,
          `up-${slug(itemPath)}`,
          () => {
            const arr = ensureArray();
            [arr[i - 1], arr[i]] = [arr[i], arr[i - 1]];
            this.host.restructured();
          },
          i === 0,
        ),
        btn(
          '↓',
          `Move ${title} down`,
          `down-${slug(itemPath)}`,
          () => {
            const arr = ensureArray();
            [arr[i + 1], arr[i]] = [arr[i], arr[i + 1]];
            this.host.restructured();
          },
          i === items.length - 1,
        ),
        btn('Remove', `Remove ${title}`, `remove-${slug(itemPath)}`, () => {
          ensureArray().splice(i, 1);
          this.host.restructured();
          // Focus something sensible after the item disappears.
          const next =
            document.getElementById(
              `remove-${slug(joinPath([...parts, Math.min(i, items.length - 2)]))}`,
            ) ?? document.getElementById(`add-${slug(path)}`);
          next?.focus();
        }),
      );
      fs.append(tools, this.renderObjectFields(def, itemParts, obj));
      this.register(itemPath, fs, fs, []);
      wrap.append(fs);
    });
    if (items.length === 0) wrap.append(h('p', { class: 'empty' }, `No ${noun}s.`));
    wrap.append(
      h(
        'button',
        {
          type: 'button',
          class: 'add',
          id: `add-${slug(path)}`,
          onclick: () => {
            const arr = ensureArray();
            arr.push(newItem(def, doc(), arr.length));
            this.host.restructured();
            const first = document.querySelector<HTMLElement>(
              `#field-${slug(joinPath([...parts, arr.length - 1]))} input, #field-${slug(joinPath([...parts, arr.length - 1]))} select`,
            );
            first?.focus();
          },
        },
        `Add ${noun}`,
      ),
    );
    this.register(path, wrap, wrap, []);
    return wrap;
  }

  private renderBudget(node: SchemaNode, path: string, value: Json | undefined): HTMLElement {
    const doc = this.host.doc();
    const budget = (
      value && typeof value === 'object' && !Array.isArray(value) ? value : {}
    ) as JsonObject;
    const years = new Set(financialYears(doc.start, doc.weeks));
    for (const v of Object.values(budget))
      if (v && typeof v === 'object' && !Array.isArray(v))
        Object.keys(v).forEach((y) => years.add(y));
    const yearList = [...years].sort();
    const wrap = h('div', { class: 'budget-editor', 'data-path': path });
    wrap.append(
      h(
        'p',
        { class: 'help' },
        `${helpText(node.description)} Leave a cell empty for no budget. Amounts in GBP.`,
      ),
    );
    const errors = h('ul', { class: 'errors', id: `err-${slug(path)}` });
    const table = h('table', { class: 'budget-input' });
    table.append(
      h('caption', { class: 'visually-hidden' }, 'Budget by line and financial year, GBP'),
    );
    table.append(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Line'),
          ...yearList.map((y) => h('th', { scope: 'col' }, y)),
        ),
      ),
    );
    const tbody = h('tbody');
    const lines = [...BUDGET_LINES];
    for (const k of Object.keys(budget))
      if (k !== 'partial_years' && !lines.some(([l]) => l === k)) lines.push([k, labelFromName(k)]);
    for (const [line, lineLabel] of lines) {
      const tr = h('tr', {}, h('th', { scope: 'row' }, lineLabel));
      const row = (
        budget[line] && typeof budget[line] === 'object' ? budget[line] : {}
      ) as JsonObject;
      for (const y of yearList) {
        const cellPath = `${path}.${line}.${y}`;
        const id = `in-${slug(cellPath)}`;
        const v = row[y];
        const input = h('input', {
          type: 'text',
          inputmode: 'decimal',
          id,
          class: 'money',
          value: v === undefined || v === null ? '' : groupMoney(v),
          autocomplete: 'off',
          'aria-label': `${lineLabel} budget ${y}, GBP`,
          'aria-describedby': errors.id,
        });
        input.addEventListener('input', () => {
          const d = this.host.doc();
          if (input.value.trim() === '') {
            deletePath(d, cellPath);
            if (getPath(d, `${path}.${line}`) === undefined) setPath(d, `${path}.${line}`, {});
          } else {
            const m = parseMoney(input.value);
            if (getPath(d, `${path}.${line}`) === undefined) setPath(d, `${path}.${line}`, {});
            this.writeChecked(cellPath, m ?? input.value, m !== null);
          }
          this.host.edited(cellPath);
        });
        input.addEventListener('blur', () => {
          const m = parseMoney(input.value);
          if (m !== null) input.value = groupMoney(m);
        });
        const td = h('td', {}, input);
        tr.append(td);
        const entry: Entry = {
          el: td,
          errors,
          inputs: [input],
          group: this.currentGroup,
          prefix: `${lineLabel}, ${y}`,
        };
        this.registry.set(cellPath, entry);
      }
      tbody.append(tr);
      this.registry.set(`${path}.${line}`, {
        el: tr,
        errors,
        inputs: [],
        group: this.currentGroup,
        prefix: lineLabel,
      });
    }
    table.append(tbody);
    wrap.append(h('div', { class: 'table-scroll' }, table), errors);
    this.registry.set(path, { el: wrap, errors, inputs: [], group: this.currentGroup });
    const props = this.schema.properties('BudgetInput');
    if (props.partial_years)
      wrap.append(
        this.renderField(
          'BudgetInput',
          'partial_years',
          props.partial_years,
          ['budget', 'partial_years'],
          budget.partial_years,
        ),
      );
    return wrap;
  }

  private renderSeasonality(
    def: string,
    name: string,
    node: SchemaNode,
    path: string,
    value: Json | undefined,
  ): HTMLElement {
    const shell = this.fieldShell(def, name, node, path);
    const { el, body, label, inputId } = shell;
    const on = Array.isArray(value);
    const boxId = `${inputId}-enabled`;
    const box = h('input', { type: 'checkbox', id: boxId, checked: on });
    label.setAttribute('for', boxId);
    body.append(box, h('label', { for: boxId, class: 'inline' }, 'Vary referrals by month'));
    box.addEventListener('change', () => {
      if (box.checked)
        setPath(
          this.host.doc(),
          path,
          Array.isArray(this.stash.get(path)) ? clone(this.stash.get(path)!) : Array(12).fill(1),
        );
      else {
        this.stash.set(path, clone(getPath(this.host.doc(), path) ?? null));
        deletePath(this.host.doc(), path);
      }
      this.host.restructured();
    });
    const inputs: HTMLElement[] = [box];
    if (on) {
      const grid = h('div', { class: 'months' });
      (value as Json[]).forEach((v, i) => {
        const id = `${inputId}-${i}`;
        const input = h('input', {
          type: 'text',
          inputmode: 'decimal',
          id,
          value: v === null ? '' : String(v),
          autocomplete: 'off',
        });
        input.addEventListener('input', () => {
          const n = parseNumber(input.value);
          this.writeChecked(`${path}[${i}]`, n ?? input.value, n !== null);
          this.host.edited(path);
        });
        inputs.push(input);
        grid.append(
          h(
            'div',
            { class: 'sub' },
            h('label', { for: id, class: 'sub-label' }, MONTHS[i] ?? `Month ${i + 1}`),
            input,
          ),
        );
      });
      el.append(grid);
    }
    this.register(path, el, el, inputs);
    return el;
  }

  private renderHolidays(
    def: string,
    name: string,
    node: SchemaNode,
    path: string,
    value: Json | undefined,
  ): HTMLElement {
    const shell = this.fieldShell(def, name, node, path);
    const { el, body, inputId } = shell;
    const current = Array.isArray(value)
      ? 'custom'
      : typeof value === 'string'
        ? value
        : 'england-and-wales';
    const select = h(
      'select',
      { id: inputId, 'aria-describedby': this.describedBy(path) },
      h(
        'option',
        { value: 'england-and-wales', selected: current === 'england-and-wales' },
        'England and Wales',
      ),
      h('option', { value: 'none', selected: current === 'none' }, 'None'),
      h('option', { value: 'custom', selected: current === 'custom' }, 'A list of dates'),
    );
    if (!['england-and-wales', 'none', 'custom'].includes(current))
      select.append(h('option', { value: current, selected: true }, current));
    body.append(select);
    const inputs: HTMLElement[] = [select];
    select.addEventListener('change', () => {
      setPath(this.host.doc(), path, select.value === 'custom' ? [] : select.value);
      this.host.restructured();
    });
    if (current === 'custom') {
      const id = `${inputId}-dates`;
      const ta = h('textarea', { id, rows: 3, placeholder: '2012-12-25, 2012-12-26' });
      ta.value = (value as Json[]).join(', ');
      ta.addEventListener('input', () => {
        const dates = ta.value.split(/[\s,;]+/).filter(Boolean);
        setPath(this.host.doc(), path, dates);
        this.host.edited(path);
      });
      inputs.push(ta);
      el.append(
        h(
          'div',
          { class: 'sub wide' },
          h('label', { for: id, class: 'sub-label' }, 'Dates (YYYY-MM-DD, separated by commas)'),
          ta,
        ),
      );
    }
    this.register(path, el, el, inputs);
    return el;
  }

  // ---- problems ---------------------------------------------------------------------

  /** The registered field a problem path belongs to: the longest registered prefix. */
  private match(path: string): string | undefined {
    if (this.registry.has(path)) return path;
    let best: string | undefined;
    for (const key of this.registry.keys()) {
      if (key.startsWith('#')) continue;
      if (path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) {
        if (!best || key.length > best.length) best = key;
      }
    }
    return best;
  }

  /** Show each problem next to its field; return the ones no field shows. */
  showProblems(problems: Problem[]): Problem[] {
    for (const entry of this.registry.values()) {
      clear(entry.errors);
      entry.el.classList.remove('invalid');
      for (const input of entry.inputs) input.removeAttribute('aria-invalid');
    }
    const counts = new Map<string, number>();
    const unmatched: Problem[] = [];
    const seen = new Set<string>();
    for (const p of problems) {
      const key = this.match(p.path);
      const entry = key ? this.registry.get(key) : undefined;
      if (!entry || !p.path) {
        unmatched.push(p);
        continue;
      }
      const text = `${entry.prefix ? `${entry.prefix}: ` : ''}${p.message}`;
      const dedupe = `${key}|${text}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      entry.errors.append(h('li', {}, text));
      entry.el.classList.add('invalid');
      for (const input of entry.inputs) input.setAttribute('aria-invalid', 'true');
      counts.set(entry.group, (counts.get(entry.group) ?? 0) + 1);
    }
    for (const [group, badge] of this.groupBadges) {
      const n = counts.get(group) ?? 0;
      badge.hidden = n === 0;
      badge.textContent = n === 1 ? '1 problem' : `${n} problems`;
    }
    return unmatched;
  }

  /** Open the group holding a field and focus its first input. */
  reveal(path: string) {
    const key = this.match(path);
    const entry = key ? this.registry.get(key) : undefined;
    if (!entry) return;
    const details = entry.el.closest('details');
    if (details && !details.open) details.open = true;
    entry.el.scrollIntoView({ block: 'center' });
    const target =
      entry.inputs.find((i) => i.tagName !== 'SELECT' || i.classList.contains('dist')) ??
      entry.inputs[0] ??
      entry.el.querySelector<HTMLElement>('input, select, textarea');
    target?.focus();
  }

  /** A label for a problem's path in the summary list ("Workforce › Permanent staff turnover"). */
  describe(path: string): string {
    const key = this.match(path);
    const entry = key ? this.registry.get(key) : undefined;
    if (!entry) return path;
    const group = GROUPS.find((g) => g.id === entry.group)?.title ?? '';
    const label =
      entry.el.querySelector(':scope > .field-head .label, :scope > legend')?.textContent ??
      entry.prefix ??
      path;
    return group && label ? `${group} › ${label}` : label || path;
  }
}

/** Money for an input: digits grouped ("16,540,000"), pence kept. */
function groupMoney(v: Json): string {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
