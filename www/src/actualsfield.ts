// The actual spend to date (the scenario's `[actuals]`): the date the actuals run to and one
// amount in pounds per budget line, spent from 1 April of the first financial year. With
// them, the first year's forecast outturn is actuals plus the simulated rest of the year,
// against the full-year budget. Problems are listed under the grid, each named by its line.

import { deletePath, isIsoDate, parseMoney, setPath } from './doc';
import { h, slug } from './dom';
import type { FieldContext } from './editor';
import { groupMoney } from './format';
import { BUDGET_LINES } from './layout';
import { helpText, type SchemaNode } from './schema';
import { table } from './table';
import { getPath } from './toml';
import type { Json, JsonObject } from './types';

const DAY = 86400000;

/** The day before an ISO date, or '' if it is not one. */
function dayBefore(iso: Json | undefined): string {
  if (!isIsoDate(iso)) return '';
  return new Date(new Date(`${iso as string}T00:00:00Z`).getTime() - DAY)
    .toISOString()
    .slice(0, 10);
}

/** "1 April 2011", the start of the financial year holding an ISO date. */
function yearStart(iso: Json | undefined): string {
  if (!isIsoDate(iso)) return '1 April';
  const d = new Date(`${iso as string}T00:00:00Z`);
  return `1 April ${d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1}`;
}

/** The actuals grid: the date they run to, then an amount per budget line. */
export function renderActuals(
  ed: FieldContext,
  node: SchemaNode,
  path: string,
  value: Json | undefined,
): HTMLElement {
  const doc = ed.host.doc();
  const actuals = (
    value && typeof value === 'object' && !Array.isArray(value) ? value : {}
  ) as JsonObject;
  const errors = h('ul', { class: 'errors', id: `err-${slug(path)}` });
  const toPath = `${path}.to`;
  const wholeYear = typeof doc.start === 'string' && /-04-01$/.test(doc.start);

  /** Drop the block once nothing is left in it, so a scenario without actuals stays so. */
  const prune = () => {
    const d = ed.host.doc();
    const a = getPath(d, path);
    if (a && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 0)
      deletePath(d, path);
  };

  const to = h('input', {
    type: 'date',
    id: `in-${slug(toPath)}`,
    value: typeof actuals.to === 'string' ? actuals.to : '',
    'aria-describedby': `help-${slug(path)} ${errors.id}`,
  });
  const onDate = () => {
    const d = ed.host.doc();
    if (!to.value) {
      deletePath(d, toPath);
      prune();
    } else {
      if (getPath(d, path) === undefined) setPath(d, path, {});
      setPath(d, toPath, to.value);
    }
    ed.host.edited(toPath);
  };
  to.addEventListener('input', onDate);
  to.addEventListener('change', onDate);

  const cells: { path: string; input: HTMLInputElement; label: string }[] = [];
  const cell = ([line, label]: [string, string]) => {
    const cellPath = `${path}.${line}`;
    const v = actuals[line];
    const input = h('input', {
      type: 'text',
      inputmode: 'decimal',
      id: `in-${slug(cellPath)}`,
      class: 'money',
      value: v === undefined || v === null ? '' : groupMoney(v),
      autocomplete: 'off',
      'aria-label': `${label}, actual spend to date, pounds`,
      'aria-describedby': errors.id,
    });
    input.addEventListener('input', () => {
      const d = ed.host.doc();
      if (input.value.trim() === '') {
        deletePath(d, cellPath);
        prune();
      } else {
        // The first amount entered opens the block, its date the day before the start.
        if (getPath(d, path) === undefined) setPath(d, path, {});
        if (getPath(d, toPath) === undefined && dayBefore(d.start)) {
          setPath(d, toPath, dayBefore(d.start));
          to.value = dayBefore(d.start);
        }
        const m = parseMoney(input.value);
        ed.writeChecked(cellPath, m ?? input.value, m !== null);
      }
      ed.host.edited(cellPath);
    });
    input.addEventListener('blur', () => {
      const m = parseMoney(input.value);
      if (m !== null) input.value = groupMoney(m);
    });
    cells.push({ path: cellPath, input, label });
    return input;
  };
  const grid = table<[string, string]>({
    attrs: { class: 'budget-input actuals-input', id: 'actuals-grid' },
    caption: `Actual spend from ${yearStart(doc.start)} by line, £`,
    captionAttrs: { class: 'visually-hidden' },
    rows: BUDGET_LINES,
    columns: [
      { head: 'Line', rowHeader: true, cell: ([, label]) => label },
      { head: 'Actual to date', cell: (l) => cell(l) },
    ],
  });
  for (const c of cells)
    ed.registerShared(c.path, c.input.parentElement!, errors, [c.input], c.label);
  const dateField = h(
    'div',
    { class: 'field', 'data-path': toPath, id: `field-${slug(toPath)}` },
    h(
      'div',
      { class: 'field-head' },
      h('label', { for: to.id, class: 'label' }, `Actual spend from ${yearStart(doc.start)} to`),
    ),
    h('div', { class: 'field-body' }, to),
  );
  ed.registerShared(toPath, dateField, errors, [to], 'Actuals to');
  const wrap = h(
    'fieldset',
    { class: 'object actuals-editor', 'data-path': path, id: `field-${slug(path)}` },
    h('legend', {}, 'Actual spend to date'),
    h(
      'p',
      { class: 'help', id: `help-${slug(path)}` },
      `${helpText(node.description)} ${
        wholeYear
          ? 'The simulation starts on 1 April, so no actuals are needed.'
          : 'Without them the first year is a part year, labelled as such.'
      } Leave a line empty if it has none; amounts in pounds (£).`,
    ),
    dateField,
    h('div', { class: 'table-scroll' }, grid),
    errors,
  );
  ed.registerShared(path, wrap, errors, [], 'Actuals');
  return wrap;
}
