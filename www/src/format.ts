// Number, money and date formatting for display. Money comes from the engine as exact
// decimal strings ("1234567.89"); it is rounded to whole pounds here with string
// arithmetic (half away from zero), never through a float.

import type { Json } from './types';

const intFmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Group the digits of a non-negative integer string: "1234567" -> "1,234,567". */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Round an exact decimal string to whole pounds: returns [negative, integer digits]. */
export function roundPounds(value: string): [boolean, string] {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return [false, '0'];
  const negative = m[1] === '-';
  let whole = (m[2] || '0').replace(/^0+(?=\d)/, '');
  const frac = m[3] || '';
  if (frac.length > 0 && frac.charCodeAt(0) >= 53 /* '5' */) {
    // Add one to the whole part, as a string.
    const d = whole.split('').map(Number);
    let i = d.length - 1;
    while (i >= 0) {
      if (d[i] === 9) {
        d[i] = 0;
        i--;
      } else {
        d[i]++;
        break;
      }
    }
    whole = (i < 0 ? '1' : '') + d.join('');
  }
  const isZero = /^0+$/.test(whole);
  return [negative && !isZero, whole];
}

/** The minus sign of money, as the engine writes it (U+2212). */
const MINUS = '\u2212';

/** "£1,234,567" (negative: "−£1,234,567"), as the engine's `Money::format_gbp`. */
export function gbp(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const [neg, whole] = roundPounds(value);
  return `${neg ? MINUS : ''}£${groupDigits(whole)}`;
}

/** "£1,234 to £5,678": a range, as the engine's reports write it. */
export function gbpRange(a: string | null | undefined, b: string | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return '–';
  return `${gbp(a)} to ${gbp(b)}`;
}

/** Difference a - b of two exact decimal strings. */
export function subMoney(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  const pa = toPence(a);
  const pb = toPence(b);
  if (pa === null || pb === null) return null;
  return penceToString(pa - pb);
}

function toPence(v: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?\d*$/.exec(v.trim());
  if (!m) return null;
  const p = BigInt(m[2]) * 100n + BigInt((m[3] || '0').padEnd(2, '0'));
  return m[1] === '-' ? -p : p;
}

function penceToString(p: bigint): string {
  const neg = p < 0n;
  const a = neg ? -p : p;
  const pounds = a / 100n;
  const pence = (a % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${pounds}.${pence}`;
}

/** Compact money for axes: "£1.2m", "£350k". */
export function gbpCompact(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? MINUS : '';
  if (a >= 1e6) return `${sign}£${trim(a / 1e6)}m`;
  if (a >= 1e3) return `${sign}£${trim(a / 1e3)}k`;
  return `${sign}£${Math.round(a)}`;
}

function trim(x: number): string {
  return x >= 100
    ? x.toFixed(0)
    : x >= 10
      ? x.toFixed(1).replace(/\.0$/, '')
      : x.toFixed(2).replace(/\.?0+$/, '');
}

/** Money for a float (chart tips): "£412,345". */
export function gbpNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const r = Math.round(Math.abs(x));
  return `${x < 0 && r > 0 ? MINUS : ''}£${intFmt.format(r)}`;
}

/** A count or measure for display, with sensible precision. */
export function num(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return new Intl.NumberFormat('en-GB', {
    maximumFractionDigits: d,
    minimumFractionDigits: 0,
  }).format(x);
}

/** A measure of any size for tables: whole above 100, two decimals above 1, else 3 figures. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a >= 100 ? num(x, 0) : a >= 1 ? num(x, 2) : x.toPrecision(3);
}

/**
 * A probability as a percentage. Whole percentages round half up from the four-decimal
 * value, as the engine's `report::figures::percent` (0.485 is "49%" everywhere).
 */
export function pct(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (digits === 0) {
    const bp = Math.round(Math.min(1, Math.max(0, x)) * 10000);
    return `${Math.floor((bp + 50) / 100)}%`;
  }
  return `${(x * 100).toFixed(digits)}%`;
}

export function int(x: number): string {
  return intFmt.format(x);
}

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2012-03-14" -> "14 Mar 2012". */
export function isoToText(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function dateText(d: Date): string {
  return dateFmt.format(d);
}

export function seconds(ms: number): string {
  return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Money for an input: digits grouped ("16,540,000"), pence kept. */
export function groupMoney(v: Json): string {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${groupDigits(m[2])}${m[3] ?? ''}`;
}
