// Every data table the app shows is built here: rows of data and column specs in, an
// accessible <table> out (a caption, header cells with their scope, a column of row headers,
// numbers right-aligned with the `num` class), so no table is put together by hand.

import { h, type Attrs, type Child } from './dom';

export interface Column<R> {
  /** The header cell's content. */
  head: Child;
  /** The cell's content for a row. */
  cell: (row: R) => Child;
  /** A column of numbers: right-aligned (class `num`), header included. */
  num?: boolean;
  /** The column names its row: its cells are `<th scope="row">`. */
  rowHeader?: boolean;
  /** More attributes of each cell (data-col, data-value; a class is added to `num`). */
  attrs?: (row: R) => Attrs;
  /** More attributes of the header cell (a title). */
  headAttrs?: Attrs;
}

/** Rows under a heading of their own: one `<tbody>`, headed by a row across the table. */
export interface RowGroup<R> {
  rows: R[];
  /** Attributes of the group's `<tbody>`. */
  attrs?: Attrs;
  /** The heading, in a first row (`<th scope="rowgroup">` spanning every column). */
  head?: Child;
  /** Attributes of the heading's row. */
  headAttrs?: Attrs;
}

export interface TableSpec<R> {
  columns: Column<R>[];
  /** The rows (one `<tbody>`), or `groups` for several. */
  rows?: R[];
  groups?: RowGroup<R>[];
  caption?: Child;
  captionAttrs?: Attrs;
  /** Attributes of the table (id, class). */
  attrs?: Attrs;
  /** Attributes of each row (data-*, class). */
  rowAttrs?: (row: R) => Attrs;
}

/** `num` joined with a cell's own class, if any. */
function withNum(attrs: Attrs, num: boolean | undefined): Attrs {
  if (!num) return attrs;
  const own = typeof attrs.class === 'string' && attrs.class ? ` ${attrs.class}` : '';
  return { ...attrs, class: `num${own}` };
}

export function table<R>(spec: TableSpec<R>): HTMLTableElement {
  const { columns } = spec;
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      columns.map((c) => h('th', withNum({ ...c.headAttrs, scope: 'col' }, c.num), c.head)),
    ),
  );
  const row = (r: R) =>
    h(
      'tr',
      spec.rowAttrs?.(r) ?? {},
      columns.map((c) => {
        const attrs = withNum(c.attrs?.(r) ?? {}, c.num);
        return c.rowHeader
          ? h('th', { ...attrs, scope: 'row' }, c.cell(r))
          : h('td', attrs, c.cell(r));
      }),
    );
  const groups = spec.groups ?? [{ rows: spec.rows ?? [] }];
  const bodies = groups.map((g) =>
    h(
      'tbody',
      g.attrs ?? {},
      g.head === undefined
        ? null
        : h(
            'tr',
            g.headAttrs ?? {},
            h('th', { scope: 'rowgroup', colspan: columns.length }, g.head),
          ),
      g.rows.map(row),
    ),
  );
  return h(
    'table',
    spec.attrs ?? {},
    spec.caption === undefined ? null : h('caption', spec.captionAttrs ?? {}, spec.caption),
    head,
    bodies,
  );
}
