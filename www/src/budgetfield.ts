// The budget grid of the form: a row per budget line, a column per financial year the horizon
// touches (and any other year the scenario has), money inputs in pounds (£). Problems are listed
// under the grid, each named by its line and year.

import { deletePath, isIsoDate, parseMoney, setPath } from './doc';
import { h, slug } from './dom';
import type { FieldContext } from './editor';
import { groupMoney } from './format';
import { BUDGET_LINES, labelFromName } from './layout';
import { helpText, type SchemaNode } from './schema';
import { table } from './table';
import { getPath } from './toml';
import type { Json, JsonObject } from './types';

/** Financial years ("2012-13") a horizon touches: `weeks` from `start`, or to `end`. */
function financialYears(
  start: Json | undefined,
  weeks: Json | undefined,
  end: Json | undefined,
): string[] {
  if (!isIsoDate(start)) return [];
  const s = new Date(`${start as string}T00:00:00Z`);
  let e: Date;
  if (isIsoDate(end)) e = new Date(`${end as string}T00:00:00Z`);
  else if (typeof weeks === 'number' && weeks >= 1 && weeks <= 1040)
    e = new Date(s.getTime() + (weeks * 7 - 1) * 86400000);
  else return [];
  const fy = (d: Date) => (d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1);
  const out: string[] = [];
  for (let y = fy(s); y <= fy(e); y++) out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

/** The budget grid: one row per line, one column per financial year. */
export function renderBudget(
  ed: FieldContext,
  node: SchemaNode,
  path: string,
  value: Json | undefined,
): HTMLElement {
  const doc = ed.host.doc();
  const budget = (
    value && typeof value === 'object' && !Array.isArray(value) ? value : {}
  ) as JsonObject;
  const years = new Set(financialYears(doc.start, doc.weeks, doc.end));
  for (const v of Object.values(budget))
    if (v && typeof v === 'object' && !Array.isArray(v))
      Object.keys(v).forEach((y) => years.add(y));
  const yearList = [...years].sort();
  const errors = h('ul', { class: 'errors', id: `err-${slug(path)}` });
  const lines = [...BUDGET_LINES];
  for (const k of Object.keys(budget))
    // A scenario's JSON may still carry the retired `partial_years: "pro_rata"`; it is no line.
    if (k !== 'partial_years' && !lines.some(([l]) => l === k)) lines.push([k, labelFromName(k)]);

  /** A money input for one line and year; registered once the table has placed it. */
  const cells: { path: string; input: HTMLInputElement; prefix: string }[] = [];
  const cell = ([line, lineLabel]: [string, string], y: string) => {
    const linePath = `${path}.${line}`;
    const cellPath = `${linePath}.${y}`;
    const row = (
      budget[line] && typeof budget[line] === 'object' ? budget[line] : {}
    ) as JsonObject;
    const v = row[y];
    const input = h('input', {
      type: 'text',
      inputmode: 'decimal',
      id: `in-${slug(cellPath)}`,
      class: 'money',
      value: v === undefined || v === null ? '' : groupMoney(v),
      autocomplete: 'off',
      'aria-label': `${lineLabel} budget ${y}, pounds`,
      'aria-describedby': errors.id,
    });
    input.addEventListener('input', () => {
      const d = ed.host.doc();
      if (getPath(d, linePath) === undefined) setPath(d, linePath, {});
      if (input.value.trim() === '') deletePath(d, cellPath);
      else {
        const m = parseMoney(input.value);
        ed.writeChecked(cellPath, m ?? input.value, m !== null);
      }
      ed.host.edited(cellPath);
    });
    input.addEventListener('blur', () => {
      const m = parseMoney(input.value);
      if (m !== null) input.value = groupMoney(m);
    });
    cells.push({ path: cellPath, input, prefix: `${lineLabel}, ${y}` });
    return input;
  };
  const grid = table<[string, string]>({
    attrs: { class: 'budget-input' },
    caption: 'Budget by line and financial year, £',
    captionAttrs: { class: 'visually-hidden' },
    rows: lines,
    columns: [
      { head: 'Line', rowHeader: true, cell: ([, label]) => label },
      ...yearList.map((y) => ({ head: y, cell: (l: [string, string]) => cell(l, y) })),
    ],
  });
  for (const c of cells)
    ed.registerShared(c.path, c.input.parentElement!, errors, [c.input], c.prefix);
  lines.forEach(([line, label], i) =>
    ed.registerShared(`${path}.${line}`, grid.tBodies[0].rows[i], errors, [], label),
  );
  const wrap = h(
    'div',
    { class: 'budget-editor', 'data-path': path },
    h(
      'p',
      { class: 'help' },
      `${helpText(node.description)} Leave a cell empty for no budget. Amounts in pounds (£).`,
    ),
    h('div', { class: 'table-scroll' }, grid),
    errors,
  );
  ed.registerShared(path, wrap, errors, []);
  return wrap;
}
