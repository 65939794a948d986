// "Start from your council": choose a council and year from the embedded DfE figures, review
// and complete the figure set (the same typed figures, units and help as `wfsim new
// --figures`, pre-filled with what DfE publishes for the council, or filled from an uploaded
// template CSV), then derive the scenario into the editor with each value's derivation as
// its source note. Also the line that says the loaded scenario is an example.

import { $, clear, h, slug } from './dom';
import type { Council, EngineError, FigureRow } from './engine';
import { replaceDoc } from './files';
import { downloadText } from './download';
import { state, tools } from './state';
import { parseScenario } from './toml';

/** The figures' groups in the order the form shows them. */
const GROUPS = [
  'council',
  'workforce',
  'demand',
  'looked_after',
  'placements',
  'unit costs',
  'pay',
  'budgets',
];

let councils: Council[] = [];
/** The rows as the council's data gave them (the value a source note belongs to). */
let given: FigureRow[] = [];
let chosen: { code: string; year?: number } = { code: '' };

const label = (key: string) => key.replace(/^budget\./, 'budget ').replace(/[._]/g, ' ');
const shown = (c: Council) => `${c.name} (${c.code})`;

/** The council matching what was typed: a name, a code, or "Name (code)" from the list. */
function match(text: string): Council | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  return (
    councils.find((c) => shown(c).toLowerCase() === t) ??
    councils.find((c) => c.code.toLowerCase() === t || c.name.toLowerCase() === t) ??
    (() => {
      const hits = councils.filter((c) => c.name.toLowerCase().startsWith(t));
      return hits.length === 1 ? hits[0] : undefined;
    })()
  );
}

/** The header's button and the example line; the panel is made when first opened. */
export function wireCouncil() {
  const button = h(
    'button',
    { type: 'button', id: 'council-start', class: 'primary' },
    'Start from your council…',
  );
  button.addEventListener('click', () => void open());
  $('open-file').before(button);
  const line = h('p', { id: 'example-line', class: 'example-line', hidden: true });
  $('notice').before(line);
}

/** Say that a preset is an example, and how to start from one's own council. */
export function updateExampleLine() {
  const line = document.getElementById('example-line');
  if (!line) return;
  const example = state.presetName !== undefined;
  line.hidden = !example;
  if (!example) return;
  clear(line);
  line.append(
    `The loaded scenario, ${state.presetName}, is an example. To model your own service, `,
    h(
      'button',
      { type: 'button', class: 'link', id: 'example-start', onclick: () => void open() },
      'start from your council',
    ),
    ': choose it, check its published figures and add your own, and the scenario is derived for you.',
  );
}

function panel(): HTMLElement {
  let el = document.getElementById('council-panel');
  if (el) return el;
  el = h('section', {
    id: 'council-panel',
    class: 'council-panel',
    'aria-labelledby': 'council-heading',
  });
  $('notice').after(el);
  return el;
}

async function open() {
  const el = panel();
  el.hidden = false;
  if (el.dataset.built) {
    $('council-search').focus();
    return;
  }
  el.dataset.built = 'true';
  if (!councils.length) councils = await tools.councils();
  const list = h(
    'datalist',
    { id: 'council-list' },
    ...councils.map((c) => h('option', { value: shown(c) })),
  );
  const search = h('input', {
    id: 'council-search',
    type: 'text',
    list: 'council-list',
    autocomplete: 'off',
    placeholder: 'name or ONS code, e.g. Leeds or E08000035',
  });
  const year = h('select', { id: 'council-year', 'aria-label': 'Year of the figures' });
  const status = h('p', { id: 'council-status', role: 'status' });
  const fillYears = () => {
    const c = match(search.value);
    clear(year);
    for (const y of [...(c?.years ?? [])].reverse())
      year.append(h('option', { value: String(y) }, `${y} (workforce at 30 Sep ${y})`));
  };
  search.addEventListener('input', fillYears);
  const load = h('button', { type: 'button', id: 'council-load' }, 'Fill in its figures');
  load.addEventListener('click', () => {
    const c = match(search.value);
    if (!c) {
      status.textContent = search.value.trim()
        ? `No council “${search.value.trim()}” in DfE’s data: pick one from the list, by name or ONS code.`
        : 'Type a council’s name or ONS code first.';
      status.className = 'bad';
      return;
    }
    void loadFigures(c.code, Number(year.value) || undefined);
  });
  const blank = h(
    'button',
    { type: 'button', id: 'council-blank', class: 'ghost' },
    'Start with no council',
  );
  blank.addEventListener('click', () => void loadFigures('', undefined));
  const upload = h('input', {
    type: 'file',
    id: 'council-upload',
    accept: '.csv,text/csv',
    'aria-label': 'A filled figure template (CSV)',
  });
  upload.addEventListener('change', () => {
    const f = upload.files?.[0];
    if (f) void readUpload(f);
    upload.value = '';
  });
  const close = h('button', { type: 'button', class: 'small ghost', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', () => (el.hidden = true));
  el.append(
    h(
      'div',
      { class: 'council-head' },
      h('h2', { id: 'council-heading' }, 'Start from your council'),
      close,
    ),
    h(
      'p',
      { class: 'help' },
      'Choose your council: every figure DfE publishes for it is filled in. Check them, add your own (placements, unit costs, pay, budgets), and derive a scenario whose first year reproduces them and whose stocks hold. Rates may be written as “20%”.',
    ),
    h(
      'div',
      { class: 'council-pick' },
      h('label', { for: 'council-search' }, 'Council'),
      search,
      list,
      h('label', { for: 'council-year' }, 'Figures of'),
      year,
      load,
      blank,
    ),
    h(
      'div',
      { class: 'council-pick' },
      h(
        'label',
        { for: 'council-upload' },
        'Or fill the form from a filled template (CSV, from wfsim new --template):',
      ),
      upload,
    ),
    status,
    h('div', { id: 'council-form' }),
  );
  search.focus();
}

async function loadFigures(code: string, year: number | undefined) {
  const status = $('council-status');
  status.className = '';
  status.textContent = 'Reading the figures…';
  try {
    given = await tools.councilFigures(code, year);
  } catch (e) {
    status.className = 'bad';
    status.textContent = (e as Error).message;
    return;
  }
  chosen = { code, year };
  const name = given.find((r) => r.key === 'council')?.value;
  status.textContent = code
    ? `${name}: ${given.filter((r) => r.source).length} published figures filled in. Check them and add what you know.`
    : 'No council chosen: fill in what you know; the rest are national defaults.';
  renderForm();
}

function renderForm() {
  const box = $('council-form');
  clear(box);
  for (const g of GROUPS) {
    const rows = given.filter((r) => r.group === g);
    if (!rows.length) continue;
    const set = h(
      'fieldset',
      { class: 'council-group' },
      h('legend', {}, g[0].toUpperCase() + g.slice(1).replace(/_/g, ' ')),
    );
    for (const r of rows) set.append(figureField(r));
    box.append(set);
  }
  const derive = h(
    'button',
    { type: 'button', id: 'council-derive', class: 'primary' },
    'Derive the scenario',
  );
  derive.addEventListener('click', () => void deriveScenario());
  const template = h(
    'button',
    { type: 'button', id: 'council-template' },
    'Download the template (CSV)',
  );
  template.addEventListener('click', () =>
    downloadText('council-figures.csv', toCsv(true), 'text/csv'),
  );
  // Above the figures, so that the problems are seen where the button was pressed.
  box.prepend(
    h('div', { class: 'council-actions' }, derive, template),
    h('div', { id: 'council-problems', class: 'problems', 'aria-live': 'polite' }),
  );
}

function figureField(r: FigureRow): HTMLElement {
  const id = `cf-${slug(r.key)}`;
  const input = h('input', {
    id,
    type: 'text',
    value: r.value,
    autocomplete: 'off',
    'data-key': r.key,
    'aria-describedby': `${id}-help`,
  });
  const source = h('p', { class: 'note', id: `${id}-source` });
  const showSource = () => {
    clear(source);
    if (input.value.trim() === r.value.trim()) {
      if (r.source) source.append(h('span', { class: 'note-tag' }, 'Source: '), r.source);
    } else source.append(h('span', { class: 'note-tag' }, 'Set by user'));
  };
  input.addEventListener('input', () => {
    showSource();
    const err = document.getElementById(`${id}-error`);
    if (err) err.remove();
  });
  showSource();
  return h(
    'div',
    { class: 'field', 'data-figure': r.key },
    h(
      'div',
      { class: 'field-head' },
      h('label', { for: id, class: 'label' }, label(r.key)),
      h('span', { class: 'unit' }, r.unit),
    ),
    h('div', { class: 'field-body' }, input),
    h('p', { class: 'help', id: `${id}-help` }, r.help),
    source,
  );
}

/** The form's values as a template CSV (with units, sources and help for a download). */
function toCsv(full: boolean): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [full ? 'figure,value,unit,source,help' : 'figure,value'];
  for (const r of given) {
    const v =
      document.querySelector<HTMLInputElement>(`[data-key="${CSS.escape(r.key)}"]`)?.value ?? '';
    lines.push(
      full
        ? [r.key, v, r.unit, v.trim() === r.value.trim() ? r.source : 'set by user', r.help]
            .map(q)
            .join(',')
        : [r.key, v].map(q).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A CSV's rows (RFC 4180: quoted fields with doubled quotes and line breaks). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''));
    } else cell += c;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

/** Fill the form from an uploaded template: its `figure` and `value` columns. */
async function readUpload(file: File) {
  const status = $('council-status');
  const rows = parseCsvRows(await file.text());
  const head = (rows[0] ?? []).map((x) => x.trim().toLowerCase());
  const [kc, vc] = [head.indexOf('figure'), head.indexOf('value')];
  if (kc < 0 || vc < 0) {
    status.className = 'bad';
    status.textContent = `${file.name}: the template needs a “figure” and a “value” column.`;
    return;
  }
  if (!given.length) {
    const c = match($<HTMLInputElement>('council-search').value);
    await loadFigures(
      c?.code ?? '',
      Number($<HTMLSelectElement>('council-year').value) || undefined,
    );
  }
  let n = 0;
  const unknown: string[] = [];
  for (const r of rows.slice(1)) {
    const key = (r[kc] ?? '').trim();
    if (!key || key.startsWith('#')) continue;
    const input = document.querySelector<HTMLInputElement>(`[data-key="${CSS.escape(key)}"]`);
    if (!input) {
      unknown.push(key);
      continue;
    }
    input.value = r[vc] ?? '';
    input.dispatchEvent(new Event('input'));
    n++;
  }
  status.className = unknown.length ? 'bad' : '';
  status.textContent =
    `${file.name}: ${n} figures read into the form.` +
    (unknown.length
      ? ` Not council figures (left out): ${unknown.join(', ')}.`
      : ' Check them, then derive.');
}

async function deriveScenario() {
  const box = $('council-problems');
  clear(box);
  box.className = 'problems';
  document.querySelectorAll('#council-form .field-error').forEach((e) => e.remove());
  let toml: string;
  try {
    toml = await tools.councilScenario(chosen.code, chosen.year, toCsv(false));
  } catch (e) {
    const problems = (e as EngineError).problems ?? [{ path: '', message: (e as Error).message }];
    box.className = 'problems bad';
    box.append(
      h(
        'p',
        { class: 'problems-title' },
        `${problems.length === 1 ? 'A figure' : `${problems.length} figures`} to fix: your entries are kept.`,
      ),
    );
    const ul = h('ul', { id: 'council-problem-list' });
    for (const p of problems) {
      ul.append(
        h('li', {}, p.path ? h('code', {}, label(p.path)) : null, p.path ? ': ' : '', p.message),
      );
      const field = document.querySelector(`#council-form [data-figure="${CSS.escape(p.path)}"]`);
      field?.append(
        h('p', { class: 'field-error', id: `cf-${slug(p.path)}-error`, role: 'alert' }, p.message),
      );
    }
    box.append(ul);
    box.scrollIntoView({ block: 'nearest' });
    return;
  }
  const name = given.find((r) => r.key === 'council')?.value || 'your council';
  replaceDoc(parseScenario(toml), {
    message: `Derived the scenario for ${name} from its figures. Each value’s source or derivation is shown beside it in the form and kept in the saved TOML.`,
    origin: `derived for ${name}`,
    notesFrom: toml,
  });
  $('council-panel').hidden = true;
}
