// The working scenario document: path edits, and the checks the page makes itself before
// the engine sees the text (a value that is not a number at all cannot reach the engine's
// field-by-field validation, so it is reported here, at its field).

import { Schema, type SchemaNode } from './schema';
import { joinPath, splitPath } from './toml';
import type { Json, JsonObject, Problem } from './types';

export function clone<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function setPath(doc: JsonObject, path: string, value: Json) {
  const parts = splitPath(path);
  let cur: Json = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    const next = parts[i + 1];
    const c = cur as Record<string | number, Json>;
    if (c[p] === null || c[p] === undefined || typeof c[p] !== 'object')
      c[p] = typeof next === 'number' ? [] : {};
    cur = c[p];
  }
  (cur as Record<string | number, Json>)[parts[parts.length - 1]] = value;
}

export function deletePath(doc: JsonObject, path: string) {
  const parts = splitPath(path);
  let cur: Json = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const c = cur as Record<string | number, Json>;
    if (c[parts[i]] === null || typeof c[parts[i]] !== 'object') return;
    cur = c[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
  else delete (cur as Record<string, Json>)[last as string];
}

const NUMBER_MSG = 'not a number: enter a plain number such as 0.25';
const MONEY_MSG = 'not an amount of money: enter pounds such as 1234.56';
const INT_MSG = 'not a whole number';
const DATE_MSG = 'not a date: enter one as YYYY-MM-DD';

/**
 * A number as typed without its spaces and underscores, and its commas if they group
 * thousands ("12,500", "1,234.5"); null if a comma does anything else ("1,5" is a decimal
 * comma, which this page cannot tell from a typo, so it is refused rather than read as 15).
 */
export function ungrouped(text: string): string | null {
  const t = text.trim().replace(/[\s_]/g, '');
  if (!t.includes(',')) return t;
  return /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?%?$/.test(t) ? t.replace(/,/g, '') : null;
}

/** Parse a number as typed: spaces and thousands commas allowed ("1,000", "12 500"); "26%" is 0.26. */
export function parseNumber(text: string): number | null {
  const t = ungrouped(text);
  if (t === null) return null;
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1) : t;
  const pattern = percent ? /^[-+]?(\d+\.?\d*|\.\d+)$/ : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  if (!pattern.test(body)) return null;
  // A percentage moves the decimal point in the text, so "0.1%" is exactly the double of 0.001.
  const n = percent ? Number(`${body}e-2`) : Number(body);
  return Number.isFinite(n) ? n : null;
}

/** A decimal comma ("1,5"), said as such, or null. */
function decimalComma(text: string, what: string): string | null {
  const t = text.trim();
  if (!/^(GBP|£)?\s*[-+]?\d*,\d+\s*%?$/i.test(t) || ungrouped(t.replace(/^(GBP|£)/i, '')) !== null)
    return null;
  return `“${t}” is not ${what}: write decimals with a point (${t.replace(',', '.')})`;
}

/** Why a value typed in a number field cannot be read. */
export function numberMessage(text: string): string {
  return decimalComma(text, 'a number') ?? NUMBER_MSG;
}

/** Why a value typed in a money field cannot be read. */
export function moneyMessage(text: string): string {
  return decimalComma(text, 'an amount of money') ?? MONEY_MSG;
}

/** Parse money as typed: "12,500", "£12,500.50", "GBP 12500" -> "12500.50"-style string. */
export function parseMoney(text: string): string | null {
  const t = ungrouped(text.trim().replace(/^(GBP|£)\s*/i, ''));
  if (t === null || !/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  return t.replace(/^(-?)0+(?=\d)/, '$1');
}

export function parseInteger(text: string): number | null {
  const t = ungrouped(text);
  if (t === null || !/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export function isIsoDate(v: Json | undefined): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function isNum(v: Json | undefined): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Problems the page finds itself (types the engine could not even read), by path. */
export function localProblems(schema: Schema, doc: JsonObject): Problem[] {
  const out: Problem[] = [];
  const walkObject = (def: string, obj: Json | undefined, prefix: (string | number)[]) => {
    if (obj === null || obj === undefined || typeof obj !== 'object' || Array.isArray(obj)) return;
    const props = schema.properties(def);
    for (const [name, node] of Object.entries(props)) {
      const v = (obj as JsonObject)[name];
      if (v === undefined || v === null) continue;
      walkValue(node, v, [...prefix, name]);
    }
  };
  const walkParamObject = (v: Json, path: string) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'dist') continue;
      if (x !== null && !isNum(x))
        out.push({
          path: `${path}.${k}`,
          message: typeof x === 'string' ? numberMessage(x) : NUMBER_MSG,
        });
    }
  };
  const walkValue = (node: SchemaNode, v: Json, parts: (string | number)[]) => {
    const path = joinPath(parts);
    const kind = schema.kindOf(node);
    switch (kind.kind) {
      case 'param':
        if (typeof v === 'string') out.push({ path, message: numberMessage(v) });
        else walkParamObject(v, path);
        break;
      case 'money':
        if (typeof v === 'string' && parseMoney(v) === null)
          out.push({ path, message: moneyMessage(v) });
        else if (typeof v === 'number' && !Number.isInteger(v))
          out.push({ path, message: MONEY_MSG });
        else walkParamObject(v, path);
        break;
      case 'money-exact':
        if (
          (typeof v === 'string' && parseMoney(v) === null) ||
          (typeof v === 'number' && !Number.isInteger(v))
        )
          out.push({ path, message: typeof v === 'string' ? moneyMessage(v) : MONEY_MSG });
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
          out.push({
            path,
            message: (typeof v === 'string' && decimalComma(v, 'a whole number')) || INT_MSG,
          });
        break;
      case 'number':
        if (!isNum(v))
          out.push({ path, message: typeof v === 'string' ? numberMessage(v) : NUMBER_MSG });
        break;
      case 'date':
        if (!isIsoDate(v)) out.push({ path, message: DATE_MSG });
        break;
      case 'object':
      case 'optobject':
        walkObject(kind.def, v, parts);
        break;
      case 'list':
        if (Array.isArray(v)) v.forEach((item, i) => walkObject(kind.def, item, [...parts, i]));
        break;
      case 'numbers':
        if (Array.isArray(v))
          v.forEach(
            (x, i) => !isNum(x) && out.push({ path: joinPath([...parts, i]), message: NUMBER_MSG }),
          );
        break;
      case 'budget':
        if (v && typeof v === 'object' && !Array.isArray(v))
          for (const [line, years] of Object.entries(v)) {
            if (years && typeof years === 'object' && !Array.isArray(years))
              for (const [year, amount] of Object.entries(years)) {
                if (
                  (typeof amount === 'string' && parseMoney(amount) === null) ||
                  (typeof amount === 'number' && !Number.isInteger(amount))
                )
                  out.push({
                    path: `${path}.${line}.${year}`,
                    message: typeof amount === 'string' ? moneyMessage(amount) : MONEY_MSG,
                  });
              }
          }
        break;
      case 'holidays':
        if (Array.isArray(v))
          v.forEach(
            (x, i) =>
              !isIsoDate(x) && out.push({ path: joinPath([...parts, i]), message: DATE_MSG }),
          );
        break;
      default:
        break;
    }
  };
  walkObject('', doc, []);
  return out;
}

/**
 * The document the engine validates: each value the page found unreadable is replaced by
 * the last readable value of that field (so the engine can still check everything else),
 * or dropped.
 */
export function sanitized(
  doc: JsonObject,
  local: Problem[],
  fallback: Record<string, Json>,
): JsonObject {
  if (local.length === 0) return doc;
  const copy = clone(doc);
  // Deepest paths first, and list elements from the end, so removals do not shift others.
  const paths = [...new Set(local.map((p) => p.path))].sort().reverse();
  for (const path of paths) {
    const parts = splitPath(path);
    // A bad value inside a distribution: fall back for the whole parameter if we can.
    const candidates = [path];
    if (parts.length > 1) candidates.push(joinPath(parts.slice(0, -1)));
    const fb = candidates.find((c) => fallback[c] !== undefined);
    if (fb) setPath(copy, fb, clone(fallback[fb]));
    else deletePath(copy, path);
  }
  return copy;
}
