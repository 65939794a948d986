// Scenario files: reading TOML or JSON into a plain document, writing a document back as
// readable TOML, and the per-field notes (source comments) of a preset file.
//
// TOML is written here rather than with smol-toml's stringify so that uncertain values stay
// inline (`turnover = { p5 = 0.18, p95 = 0.34 }`), years stay quoted keys, and a preset's
// source comment follows each value the user has not changed.

import { parse, TomlError } from 'smol-toml';
import type { Json, JsonObject } from './types';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Turn smol-toml's values (dates, bigints) into plain JSON values. */
function normalize(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    const iso = (v as Date).toISOString();
    const d = v as Date & { isDate?: () => boolean };
    return typeof d.isDate === 'function' && d.isDate() ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = normalize(x);
    return out;
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** Is the text JSON (as the engine decides: it starts with `{`)? */
export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** Parse a scenario file (TOML or JSON) into a document. Throws ParseError. */
export function parseScenario(text: string): JsonObject {
  if (looksLikeJson(text)) {
    try {
      const v = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        throw new ParseError('the JSON is not an object');
      return v as JsonObject;
    } catch (e) {
      if (e instanceof ParseError) throw e;
      throw new ParseError(`JSON: ${(e as Error).message}`);
    }
  }
  try {
    return normalize(parse(text)) as JsonObject;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0];
      throw new ParseError(`TOML, line ${e.line}, column ${e.column}: ${first}`, e.line, e.column);
    }
    throw new ParseError(`TOML: ${(e as Error).message}`);
  }
}

const DIST_KEYS = new Set([
  'dist',
  'mean',
  'sd',
  'mu',
  'sigma',
  'alpha',
  'beta',
  'shape',
  'scale',
  'min',
  'mode',
  'max',
  'p5',
  'p95',
]);

function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object';
}

function isPlainObject(v: Json): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Objects written inline: distributions of uncertain values. */
function isInline(v: Json): boolean {
  return (
    isPlainObject(v) &&
    Object.keys(v).length > 0 &&
    Object.entries(v).every(([k, x]) => DIST_KEYS.has(k) && isScalar(x))
  );
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k);
}

function scalar(v: Json): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  if (Array.isArray(v))
    return `[${v
      .filter((x) => x !== null)
      .map(scalar)
      .join(', ')}]`;
  if (isPlainObject(v))
    return `{ ${Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => `${key(k)} = ${scalar(x)}`)
      .join(', ')} }`;
  return '""';
}

export type Notes = Map<string, { note: string; value: Json }>;

function pathJoin(prefix: string, k: string | number): string {
  if (typeof k === 'number') return `${prefix}[${k}]`;
  return prefix ? `${prefix}.${k}` : k;
}

export function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The note of a value the user changed: it no longer cites the source, but says what the
 * source gave (a note that already says "set by user" stays as it is). */
export function setByUser(n: { note: string; value: Json }): string {
  if (n.note.startsWith('set by user')) return n.note;
  return n.value === null ? 'set by user' : `set by user (was ${scalar(n.value)})`;
}

/** Write a scenario document as TOML. `notes` (a preset's comments) follow unchanged values. */
export function toToml(doc: JsonObject, notes?: Notes, header?: string): string {
  const out: string[] = [];
  if (header) out.push(...header.split('\n').map((l) => `# ${l}`.trimEnd()), '');

  // A note belongs to the value it was written for: an edited value is the user's.
  const comment = (path: string, v: Json) => {
    const n = notes?.get(path);
    if (!n) return '';
    return sameJson(n.value, v) ? `  # ${n.note}` : `  # ${setByUser(n)}`;
  };

  const table = (obj: JsonObject, prefix: string, headerLine: string | null) => {
    const simple: [string, Json][] = [];
    const nested: [string, Json][] = [];
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || v === undefined) continue;
      if (isPlainObject(v) && !isInline(v)) nested.push([k, v]);
      else if (Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) nested.push([k, v]);
      else simple.push([k, v]);
    }
    if (headerLine !== null) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(headerLine);
    }
    for (const [k, v] of simple) {
      const p = pathJoin(prefix, k);
      out.push(`${key(k)} = ${scalar(v)}${comment(p, v)}`);
    }
    for (const [k, v] of nested) {
      const p = pathJoin(prefix, k);
      const dotted = prefix ? `${tomlPath(prefix)}.${key(k)}` : key(k);
      if (Array.isArray(v)) {
        v.forEach((item, i) => table(item as JsonObject, pathJoin(p, i), `[[${dotted}]]`));
      } else {
        table(v as JsonObject, p, `[${dotted}]`);
      }
    }
  };
  table(doc, '', null);
  return `${out.join('\n')}\n`;
}

/** `pods[0].x` -> `pods.x` for a TOML table header inside an array item (the last item). */
function tomlPath(path: string): string {
  return path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .map(key)
    .join('.');
}

/** Find where a `#` comment starts in a TOML value, outside strings. */
function commentStart(rest: string): number {
  let quote: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

/**
 * The end-of-line comments of a TOML file, by field path (`workforce.turnover`,
 * `pods[0].start`, `budget.placements.2012-13`), with the value they annotate.
 */
export function extractNotes(text: string): Notes {
  const notes: Notes = new Map();
  let doc: JsonObject;
  try {
    doc = parseScenario(text);
  } catch {
    return notes;
  }
  let table = '';
  const counters = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let m = /^\[\[\s*([^\]]+?)\s*\]\](\s*#.*)?$/.exec(line);
    if (m) {
      const name = m[1]
        .split('.')
        .map((s) => s.trim().replace(/^"|"$/g, ''))
        .join('.');
      const n = counters.get(name) ?? 0;
      counters.set(name, n + 1);
      table = `${name}[${n}]`;
      continue;
    }
    m = /^\[\s*([^\]]+?)\s*\](\s*#.*)?$/.exec(line);
    if (m) {
      table = m[1]
        .split('.')
        .map((s) => s.trim().replace(/^"|"$/g, ''))
        .join('.');
      continue;
    }
    m = /^("([^"]+)"|[A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const k = m[2] ?? m[1];
    const rest = m[3];
    const at = commentStart(rest);
    if (at < 0) continue;
    const note = rest.slice(at + 1).trim();
    if (!note) continue;
    const path = table ? `${table}.${k}` : k;
    notes.set(path, { note, value: getPath(doc, path) ?? null });
  }
  return notes;
}

/** Split `a.b[0].c` into ['a', 'b', 0, 'c']. Keys with dots are not supported (none exist). */
export function splitPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const seg of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) {
      parts.push(seg);
      continue;
    }
    if (m[1]) parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

export function joinPath(parts: (string | number)[]): string {
  let s = '';
  for (const p of parts) s = pathJoin(s, p);
  return s;
}

export function getPath(doc: Json, path: string | (string | number)[]): Json | undefined {
  const parts = typeof path === 'string' ? splitPath(path) : path;
  let cur: Json | undefined = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, Json>)[p as string];
  }
  return cur;
}
