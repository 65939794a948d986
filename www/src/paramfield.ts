// A numeric parameter in the form: a fixed value, a 90% range, or a named distribution whose
// families, fields and labels come from the engine (src/families.rs, through the worker's
// info). Switching the kind of value seeds the new fields from the current central value.

import { clone, deletePath, parseMoney, parseNumber, setPath } from './doc';
import { h, slug } from './dom';
import type { FieldContext } from './editor';
import { groupMoney, pct } from './format';
import { labelFor } from './layout';
import type { SchemaNode } from './schema';
import { getPath } from './toml';
import type { DistFamilies, Json, JsonObject } from './types';

type Mode = 'fixed' | 'range' | 'dist';

/** Which kind of value a parameter holds: a number, a `{ p5, p95 }` range, or a distribution. */
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

/** A new distribution of family `dist` centred on `c`, with a spread to edit from. */
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

/** A family by its `dist` name, if the engine knows it. */
function family(t: DistFamilies, name: string) {
  return t.families.find((f) => f.name === name);
}

/** A distribution field's label ("standard deviation"), or its name if the engine has none. */
function fieldLabel(t: DistFamilies, name: string): string {
  return t.fields.find((f) => f.name === name)?.label ?? name;
}

/** The fields to show: the family's usual ones, or those given if it uses an alternative. */
function distFields(t: DistFamilies, v: JsonObject): string[] {
  const d = typeof v.dist === 'string' ? v.dist : '';
  const defaults = family(t, d)?.fields.map((f) => f.name) ?? [];
  const present = Object.keys(v).filter((k) => k !== 'dist');
  if (defaults.length && !defaults.some((k) => k in v) && present.length) return present;
  return [...defaults, ...present.filter((k) => !defaults.includes(k))];
}

/** A parameter's field: its value's kind (a select) and the inputs for that kind. */
export function renderParam(
  ed: FieldContext,
  def: string,
  name: string,
  node: SchemaNode,
  path: string,
  value: Json | undefined,
  money: boolean,
  required: boolean,
): HTMLElement {
  const shell = ed.fieldShell(def, name, node, path);
  const { el, body, label, inputId } = shell;
  el.classList.add('param');
  const [labelText, unit] = labelFor(def, name);
  const mode = modeOf(value);
  const doc = () => ed.host.doc();
  const families = ed.host.families;
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
        c > 0 ? { p5: nice(c * 0.8), p95: nice(c * 1.25) } : { p5: nice(c - 1), p95: nice(c + 1) };
    else v = distSeed(unit.startsWith('share') && c > 0 && c < 1 ? 'beta' : 'triangular', c);
    setPath(doc(), path, v);
    delete ed.host.fallback[path];
    ed.host.restructured();
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
      'aria-describedby': ed.describedBy(path),
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
      // A share as a percentage only while it can be one: "= -500%" for -5 reads as if -5
      // were accepted (the field's error says what is wrong instead).
      else if (share && typeof v === 'number' && v >= -1 && v <= 1)
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
          ed.writeChecked(path, m ?? t, m !== null);
          updateHint(m ?? undefined);
        } else {
          const n = parseNumber(t);
          ed.writeChecked(path, n ?? t, n !== null);
          updateHint(n ?? undefined);
        }
        ed.host.edited(path);
      },
      money,
    );
    input.removeAttribute('aria-label'); // the visible label names it
    if (!required && node.default !== undefined && typeof node.default !== 'object')
      input.setAttribute('placeholder', String(node.default));
    if (money) body.append(h('span', { class: 'prefix', 'aria-hidden': 'true' }, '£'));
    body.append(input, hint);
    updateHint(value);
  } else {
    const obj = (
      value && typeof value === 'object' && !Array.isArray(value) ? value : {}
    ) as JsonObject;
    const keys = mode === 'range' ? ['p5', 'p95'] : distFields(families, obj);
    if (mode === 'dist') {
      const d = typeof obj.dist === 'string' ? obj.dist : '';
      const distSelect = h(
        'select',
        { id: inputId, class: 'dist', 'aria-describedby': ed.describedBy(path) },
        ...families.families.map((f) =>
          h('option', { value: f.name, selected: f.name === d }, f.label),
        ),
      );
      if (d && !family(families, d))
        distSelect.append(h('option', { value: d, selected: true }, d));
      distSelect.addEventListener('change', () => {
        const c = centralValue(getPath(doc(), path)) ?? 1;
        setPath(doc(), path, distSeed(distSelect.value, c));
        delete ed.host.fallback[path];
        ed.host.restructured();
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
      const input = numInput(id, obj[k], `${labelText}: ${fieldLabel(families, k)}`, (t) => {
        const cur = getPath(doc(), path);
        const o = (cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : {}) as JsonObject;
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
        if (readable) ed.host.fallback[path] = clone(o);
        else if (!(path in ed.host.fallback) && wasReadable) ed.host.fallback[path] = before;
        setPath(doc(), path, o);
        ed.host.edited(path);
      });
      body.append(
        h(
          'div',
          { class: 'sub' },
          h('label', { class: 'sub-label', for: id }, fieldLabel(families, k)),
          input,
        ),
      );
      if (mode === 'range' && i === 0)
        body.append(h('span', { class: 'range-and', 'aria-hidden': 'true' }, 'and'));
    });
    if (mode === 'range') label.setAttribute('for', inputId);
  }
  body.append(modeSelect);
  ed.register(path, el, el, inputs);
  return el;
}
