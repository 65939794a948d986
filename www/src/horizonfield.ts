// The horizon's end date: besides typing a date, the form offers "to the end of financial
// year ...", which ends the horizon on that 31 March (so the budget years are whole) in
// place of a number of weeks.

import { deletePath, isIsoDate, setPath } from './doc';
import { h } from './dom';
import type { FieldContext } from './editor';

/** Appends the "to the end of financial year" choice to the `end` field. */
export function withYearEnds(ed: FieldContext, el: HTMLElement): HTMLElement {
  const doc = ed.host.doc();
  if (!isIsoDate(doc.start)) return el;
  const s = new Date(`${doc.start as string}T00:00:00Z`);
  const first = s.getUTCMonth() >= 3 ? s.getUTCFullYear() : s.getUTCFullYear() - 1;
  const label = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
  const current = typeof doc.end === 'string' ? doc.end : '';
  const select = h(
    'select',
    { id: 'in-end-fy', 'aria-label': 'End the horizon with a financial year' },
    h('option', { value: '' }, 'to the end of financial year …'),
    ...[0, 1, 2, 3, 4].map((k) => {
      const end = `${first + k + 1}-03-31`;
      return h(
        'option',
        { value: end, selected: end === current },
        `${label(first + k)} (31 March ${first + k + 1})`,
      );
    }),
  );
  select.addEventListener('change', () => {
    if (!select.value) return;
    const d = ed.host.doc();
    deletePath(d, 'weeks');
    setPath(d, 'end', select.value);
    ed.host.restructured();
  });
  el.append(h('div', { class: 'field-extra' }, select));
  return el;
}
