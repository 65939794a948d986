// The scenario form's plain fields: text, numbers, dates, yes/no and choices (enums, a
// question's metric and comparison), the monthly seasonality factors and the bank holidays.
// Each renders into the Editor (editor.ts) through its FieldContext.

import { clone, deletePath, parseInteger, parseNumber, setPath } from './doc';
import { h } from './dom';
import type { FieldContext } from './editor';
import { ENUM_LABELS, EVENT_OPS, METRICS } from './layout';
import type { FieldKind, SchemaNode } from './schema';
import { getPath } from './toml';
import type { Json } from './types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A one-input field: a text, number, date, yes/no or choice, by the schema's kind. */
export function renderSimple(
  ed: FieldContext,
  def: string,
  name: string,
  node: SchemaNode,
  kind: FieldKind,
  path: string,
  value: Json | undefined,
  required: boolean,
): HTMLElement {
  const shell = ed.fieldShell(def, name, node, path);
  const { el, body, inputId } = shell;
  const doc = () => ed.host.doc();
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
      { id: inputId, 'aria-describedby': ed.describedBy(path) },
      ...options.map((m) =>
        h('option', { value: m, selected: m === v }, `${METRICS[m]?.label ?? m} (${m})`),
      ),
    );
    input.addEventListener('change', () => {
      setPath(doc(), path, input.value);
      ed.host.edited(path);
    });
  } else if (def === 'EventInput' && name === 'op') {
    const v = typeof value === 'string' ? value : '<=';
    const opts = [...EVENT_OPS];
    if (!opts.some((o) => o.value === v)) opts.push({ value: v, label: v });
    input = h(
      'select',
      { id: inputId, 'aria-describedby': ed.describedBy(path) },
      ...opts.map((o) => h('option', { value: o.value, selected: o.value === v }, o.label)),
    );
    input.addEventListener('change', () => {
      setPath(doc(), path, input.value);
      ed.host.edited(path);
    });
  } else if (kind.kind === 'enum') {
    const v =
      typeof value === 'string' ? value : typeof node.default === 'string' ? node.default : '';
    const opts = [...kind.options];
    if (v && !opts.some((o) => o.value === v)) opts.push({ value: v });
    input = h(
      'select',
      { id: inputId, 'aria-describedby': ed.describedBy(path) },
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
      ed.host.edited(path);
    });
  } else if (kind.kind === 'bool') {
    const checked = typeof value === 'boolean' ? value : Boolean(node.default);
    input = h('input', {
      type: 'checkbox',
      id: inputId,
      checked,
      'aria-describedby': ed.describedBy(path),
    });
    input.addEventListener('change', () => {
      setPath(doc(), path, (input as HTMLInputElement).checked);
      ed.host.edited(path);
    });
    el.classList.add('field-bool');
    // Checkbox first, then its label.
    const label = shell.label;
    shell.head.prepend(input);
    shell.head.insertBefore(label, input.nextSibling);
    ed.register(path, el, el, [input]);
    return el;
  } else if (kind.kind === 'date') {
    input = h('input', {
      type: 'date',
      id: inputId,
      value: typeof value === 'string' ? value : '',
      'aria-describedby': ed.describedBy(path),
    });
    const handler = () => {
      const v = (input as HTMLInputElement).value;
      if (!v && kind.optional) deletePath(doc(), path);
      else setPath(doc(), path, v);
      ed.host.edited(path);
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
      'aria-describedby': ed.describedBy(path),
    });
    input.addEventListener('input', () => {
      const t = input.value;
      if (t.trim() === '' && !required) {
        deletePath(doc(), path);
      } else {
        const n = isInt ? parseInteger(t) : parseNumber(t);
        ed.writeChecked(path, n === null ? t : n, n !== null);
      }
      ed.host.edited(path);
    });
  } else if (name === 'description') {
    input = h('textarea', { id: inputId, rows: 3, 'aria-describedby': ed.describedBy(path) });
    input.value = typeof value === 'string' ? value : '';
    input.addEventListener('input', () => {
      setPath(doc(), path, input.value);
      ed.host.edited(path);
    });
  } else {
    input = h('input', {
      type: 'text',
      id: inputId,
      value: typeof value === 'string' ? value : value == null ? '' : String(value),
      placeholder,
      autocomplete: 'off',
      'aria-describedby': ed.describedBy(path),
    });
    input.addEventListener('input', () => {
      setPath(doc(), path, input.value);
      ed.host.edited(path);
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
  ed.register(path, el, el, [input]);
  return el;
}

/** Referrals by month: off (no seasonality) or twelve factors. */
export function renderSeasonality(
  ed: FieldContext,
  def: string,
  name: string,
  node: SchemaNode,
  path: string,
  value: Json | undefined,
): HTMLElement {
  const shell = ed.fieldShell(def, name, node, path);
  const { el, body, label, inputId } = shell;
  const on = Array.isArray(value);
  const boxId = `${inputId}-enabled`;
  const box = h('input', { type: 'checkbox', id: boxId, checked: on });
  label.setAttribute('for', boxId);
  body.append(box, h('label', { for: boxId, class: 'inline' }, 'Vary referrals by month'));
  box.addEventListener('change', () => {
    if (box.checked)
      setPath(
        ed.host.doc(),
        path,
        Array.isArray(ed.stash.get(path)) ? clone(ed.stash.get(path)!) : Array(12).fill(1),
      );
    else {
      ed.stash.set(path, clone(getPath(ed.host.doc(), path) ?? null));
      deletePath(ed.host.doc(), path);
    }
    ed.host.restructured();
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
        ed.writeChecked(`${path}[${i}]`, n ?? input.value, n !== null);
        ed.host.edited(path);
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
  ed.register(path, el, el, inputs);
  return el;
}

/** Bank holidays: England and Wales, none, or a list of dates. */
export function renderHolidays(
  ed: FieldContext,
  def: string,
  name: string,
  node: SchemaNode,
  path: string,
  value: Json | undefined,
): HTMLElement {
  const shell = ed.fieldShell(def, name, node, path);
  const { el, body, inputId } = shell;
  const current = Array.isArray(value)
    ? 'custom'
    : typeof value === 'string'
      ? value
      : 'england-and-wales';
  const select = h(
    'select',
    { id: inputId, 'aria-describedby': ed.describedBy(path) },
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
    setPath(ed.host.doc(), path, select.value === 'custom' ? [] : select.value);
    ed.host.restructured();
  });
  if (current === 'custom') {
    const id = `${inputId}-dates`;
    const ta = h('textarea', { id, rows: 3, placeholder: '2012-12-25, 2012-12-26' });
    ta.value = (value as Json[]).join(', ');
    ta.addEventListener('input', () => {
      const dates = ta.value.split(/[\s,;]+/).filter(Boolean);
      setPath(ed.host.doc(), path, dates);
      ed.host.edited(path);
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
  ed.register(path, el, el, inputs);
  return el;
}
