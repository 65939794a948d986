// The scenario form: every field of the scenario, grouped as in MODEL.md, generated from
// the engine's JSON Schema (types, descriptions as help text, defaults) and layout.ts
// (order, labels, units). Each numeric parameter can be a fixed value, a 90% range or a
// named distribution. Edits go straight into the working document; problems are shown
// next to the field whose path they name.

import { renderActuals } from './actualsfield';
import { renderBudget } from './budgetfield';
import { withYearEnds } from './horizonfield';
import { clone, deletePath, setPath } from './doc';
import { clear, h, slug } from './dom';
import { renderHolidays, renderSeasonality, renderSimple } from './fields';
import {
  GROUPS,
  LIST_NOUN,
  ORDER,
  itemTitle,
  labelFor,
  labelFromName,
  newItem,
  type Group,
} from './layout';
import { renderParam } from './paramfield';
import { Schema, helpText, type SchemaNode } from './schema';
import { getPath, joinPath, sameJson, type Notes } from './toml';
import type { DistFamilies, Json, JsonObject, Problem } from './types';

export interface EditorHost {
  schema: Schema;
  doc(): JsonObject;
  notes(): Notes | undefined;
  /** The distribution families the engine accepts, with their fields' labels. */
  families: DistFamilies;
  /** Last readable value of each field, used to validate the rest while one is unreadable. */
  fallback: Record<string, Json>;
  /** A value changed (the form is not re-rendered). */
  edited(path: string): void;
  /** The shape changed (item added or removed, kind of value switched): re-render. */
  restructured(): void;
}

export interface Entry {
  el: HTMLElement;
  errors: HTMLElement;
  inputs: HTMLElement[];
  group: string;
  /** Prefix for messages shown in a shared error list (budget cells). */
  prefix?: string;
}

/** A field's frame: the outer element, its head (label, unit), body, label and input id. */
export interface Shell {
  el: HTMLElement;
  head: HTMLElement;
  body: HTMLElement;
  label: HTMLLabelElement;
  inputId: string;
}

/** What the field renderers (fields.ts, paramfield.ts, budgetfield.ts) use of the Editor. */
export interface FieldContext {
  readonly host: EditorHost;
  readonly schema: Schema;
  /** Values of switched-off optional parts, restored when switched on again. */
  readonly stash: Map<string, Json>;
  fieldShell(def: string, name: string, node: SchemaNode, path: string): Shell;
  describedBy(path: string, extra?: string): string;
  register(
    path: string,
    el: HTMLElement,
    errorsHost: HTMLElement,
    inputs: HTMLElement[],
    prefix?: string,
  ): Entry;
  registerShared(
    path: string,
    el: HTMLElement,
    errors: HTMLElement,
    inputs: HTMLElement[],
    prefix?: string,
  ): void;
  writeChecked(path: string, value: Json, readable: boolean): void;
  renderField(
    def: string,
    name: string,
    node: SchemaNode,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement;
}

export class Editor implements FieldContext {
  private registry = new Map<string, Entry>();
  private groupBadges = new Map<string, HTMLElement>();
  readonly open = new Set<string>(['time', 'workforce']);
  private currentGroup = '';
  /** Values of switched-off optional parts, restored when switched on again. */
  readonly stash = new Map<string, Json>();

  constructor(
    private readonly root: HTMLElement,
    readonly host: EditorHost,
  ) {}

  get schema(): Schema {
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

  register(
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

  /** Register a field whose problems go to a list it shares with others (budget cells). */
  registerShared(
    path: string,
    el: HTMLElement,
    errors: HTMLElement,
    inputs: HTMLElement[],
    prefix?: string,
  ) {
    this.registry.set(path, { el, errors, inputs, group: this.currentGroup, prefix });
  }

  fieldShell(def: string, name: string, node: SchemaNode, path: string): Shell {
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
    const note = h('p', { class: 'note', 'data-note': path });
    if (this.showNote(note)) el.append(note);
    return { el, head, body, label: labelEl, inputId };
  }

  /** A field's source note: the source while the value is the one it gave, else "set by
   * user" (with the source's value). False if the field has no note. */
  showNote(el: HTMLElement): boolean {
    const path = el.dataset.note ?? '';
    const n = this.host.notes()?.get(path);
    clear(el);
    if (!n) return false;
    const value = getPath(this.host.doc(), path) ?? null;
    if (sameJson(n.value, value)) el.append(h('span', { class: 'note-tag' }, 'Source: '), n.note);
    else
      el.append(
        h('span', { class: 'note-tag' }, 'Set by user'),
        n.note.startsWith('set by user')
          ? ''
          : ` (the source gave ${JSON.stringify(n.value)}: ${n.note})`,
      );
    return true;
  }

  /** Bring every shown note up to date with the values (after an edit). */
  refreshNotes() {
    this.root.querySelectorAll<HTMLElement>('p.note[data-note]').forEach((el) => this.showNote(el));
  }

  describedBy(path: string, extra?: string): string {
    return [`help-${slug(path)}`, extra].filter(Boolean).join(' ');
  }

  renderField(
    def: string,
    name: string,
    node: SchemaNode,
    parts: (string | number)[],
    value: Json | undefined,
  ): HTMLElement {
    const path = joinPath(parts);
    const kind = this.schema.kindOf(node);
    const required = this.schema.required(def).includes(name);
    if (path === 'actuals') return renderActuals(this, node, path, value);
    switch (kind.kind) {
      case 'param':
      case 'money':
        return renderParam(this, def, name, node, path, value, kind.kind === 'money', required);
      case 'object':
        return this.renderObject(def, name, node, kind.def, parts, value);
      case 'optobject':
        return this.renderOptObject(def, name, node, kind.def, parts, value);
      case 'list':
        return this.renderList(def, name, node, kind.def, parts, value);
      case 'budget':
        return renderBudget(this, node, path, value);
      case 'numbers':
        return renderSeasonality(this, def, name, node, path, value);
      case 'holidays':
        return renderHolidays(this, def, name, node, path, value);
      default: {
        const el = renderSimple(this, def, name, node, kind, path, value, required);
        return path === 'end' ? withYearEnds(this, el) : el;
      }
    }
  }

  /** Write a value; remember the last readable one so the engine can check the rest. */
  writeChecked(path: string, value: Json, readable: boolean) {
    const doc = this.host.doc();
    if (readable) {
      this.host.fallback[path] = clone(value);
    } else if (!(path in this.host.fallback)) {
      const old = getPath(doc, path);
      if (old !== undefined && old !== null) this.host.fallback[path] = clone(old);
    }
    setPath(doc, path, value);
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
