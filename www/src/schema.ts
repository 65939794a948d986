// Reading the engine's JSON Schema of the scenario (from `schema()` in the worker): which
// kind of input each field needs, its description (the help text) and its default.

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: SchemaNode | boolean;
  [k: string]: unknown;
}

export interface RootSchema extends SchemaNode {
  $defs: Record<string, SchemaNode>;
}

export type FieldKind =
  | { kind: 'param' }
  | { kind: 'money' }
  | { kind: 'money-exact' }
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'date'; optional: boolean }
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'enum'; options: { value: string; description?: string }[] }
  | { kind: 'object'; def: string }
  | { kind: 'optobject'; def: string }
  | { kind: 'list'; def: string }
  | { kind: 'numbers'; optional: boolean }
  | { kind: 'holidays' }
  | { kind: 'budget' }
  | { kind: 'unknown' };

export function refName(ref: string | undefined): string | undefined {
  return ref?.startsWith('#/$defs/') ? ref.slice(8) : undefined;
}

function types(node: SchemaNode): string[] {
  return node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
}

export class Schema {
  constructor(readonly root: RootSchema) {}

  def(name: string): SchemaNode | undefined {
    return this.root.$defs[name];
  }

  /** The properties of an object definition ('' is the scenario itself). */
  properties(def: string): Record<string, SchemaNode> {
    const node = def === '' ? this.root : this.def(def);
    return node?.properties ?? {};
  }

  required(def: string): string[] {
    const node = def === '' ? this.root : this.def(def);
    return node?.required ?? [];
  }

  enumOptions(node: SchemaNode): { value: string; description?: string }[] | undefined {
    if (Array.isArray(node.enum))
      return node.enum.filter((v) => typeof v === 'string').map((v) => ({ value: v as string }));
    if (Array.isArray(node.oneOf) && node.oneOf.every((o) => typeof o.const === 'string'))
      return node.oneOf.map((o) => ({ value: o.const as string, description: o.description }));
    return undefined;
  }

  /** What kind of input a property needs. */
  kindOf(node: SchemaNode): FieldKind {
    const ref = refName(node.$ref);
    if (ref === 'Param') return { kind: 'param' };
    if (ref === 'MoneyParam') return { kind: 'money' };
    if (ref === 'Money') return { kind: 'money-exact' };
    if (ref === 'BankHolidays') return { kind: 'holidays' };
    if (ref === 'BudgetInput') return { kind: 'budget' };
    if (ref) {
      const d = this.def(ref);
      if (d) {
        const opts = this.enumOptions(d);
        if (opts) return { kind: 'enum', options: opts };
        if (d.properties) return { kind: 'object', def: ref };
      }
      return { kind: 'unknown' };
    }
    if (node.anyOf) {
      const refs = node.anyOf.map((n) => refName(n.$ref)).filter(Boolean) as string[];
      const hasNull = node.anyOf.some((n) => types(n).includes('null'));
      // An optional amount (actuals per line) is money, not an optional object.
      if (refs.length === 1 && hasNull && refs[0] === 'Money') return { kind: 'money-exact' };
      if (refs.length === 1 && hasNull) return { kind: 'optobject', def: refs[0] };
    }
    const t = types(node);
    if (t.includes('array')) {
      const itemRef = refName(node.items?.$ref);
      if (itemRef) return { kind: 'list', def: itemRef };
      return { kind: 'numbers', optional: t.includes('null') };
    }
    if (t.includes('boolean')) return { kind: 'bool' };
    if (t.includes('integer')) return { kind: 'int' };
    if (t.includes('number')) return { kind: 'number' };
    if (t.includes('string')) {
      if (node.format === 'date') return { kind: 'date', optional: t.includes('null') };
      const opts = this.enumOptions(node);
      if (opts) return { kind: 'enum', options: opts };
      return { kind: 'string' };
    }
    return { kind: 'unknown' };
  }
}

/** A schema description as help text: first paragraph kept, Markdown code marks dropped. */
export function helpText(description: string | undefined): string {
  if (!description) return '';
  return description
    .replace(/\[`([^`\]]+)`\]/g, '$1')
    .replace(/`/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
