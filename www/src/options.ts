// Options side by side: every run of the working scenario is kept as an option under a name
// (the one typed in the run bar, or one made from what it changes), with one option as the
// base and up to five compared with it. The list is kept in this browser and travels in
// share links; results are kept for this session only (the same scenario, runs and seed give
// the same results, so they are made again when needed).
//
// The scenario as it was opened (a preset, a file, a link) is remembered, so the first run of
// an edited scenario is compared with it without a run of its own first.

import { clone } from './doc';
import { diffDocs } from './results';
import { splitPath } from './toml';
import type { Json, JsonObject, RunResult } from './types';

export interface RunOption {
  id: number;
  name: string;
  /** Named by the user; otherwise named after what it changes, and renamed as the base changes. */
  named: boolean;
  doc: JsonObject;
  /** This session's results, by `runs|seed`. */
  results: Map<string, RunResult>;
}

/** Options set against the base at once. */
export const MAX_COMPARED = 5;
/** Options kept; beyond, the oldest neither the base nor compared is dropped. */
export const MAX_OPTIONS = 12;

interface Study {
  options: RunOption[];
  baseId?: number;
  /** Options compared with the base, in the order they were chosen. */
  compared: number[];
  /** The working scenario as it was last opened, and how ("preset", "shared link"...). */
  origin?: { doc: JsonObject; label: string };
  nextId: number;
}

export const study: Study = { options: [], compared: [], nextId: 1 };

const KEY = 'wfsim.options.v1';
const listeners: (() => void)[] = [];

/** Call `f` whenever the options change. */
export function onOptionsChange(f: () => void) {
  listeners.push(f);
}

function changed() {
  save();
  for (const f of listeners) f();
}

export const resultKey = (runs: number, seed: string | number) => `${runs}|${seed}`;
const same = (a: JsonObject, b: JsonObject) => JSON.stringify(a) === JSON.stringify(b);

export function optionById(id: number | undefined): RunOption | undefined {
  return study.options.find((o) => o.id === id);
}
export function baseOption(): RunOption | undefined {
  return optionById(study.baseId);
}
export function comparedOptions(): RunOption[] {
  return study.compared.map(optionById).filter((o): o is RunOption => Boolean(o));
}

// ---- naming ---------------------------------------------------------------------------------

/** How a field is named in option names: set by the page (the form knows its labels). */
let fieldLabel: (path: string) => string = (path) => String(splitPath(path).at(-1) ?? path);
export function setFieldLabeller(f: (path: string) => string) {
  fieldLabel = f;
}

/** "Establishment 90, Most agency workers at once 10": what `doc` changes from `base`. */
export function describeChanges(doc: JsonObject, base: JsonObject): string {
  const changes = diffDocs(base, doc).filter((c) => c.path !== 'name');
  if (!changes.length) return '';
  const parts = changes.slice(0, 3).map((c) => `${fieldLabel(c.path)} ${c.after}`);
  if (changes.length > 3) parts.push(`${changes.length - 3} more`);
  return parts.join(', ');
}

function autoName(doc: JsonObject): string {
  const base = baseOption();
  const changes = base ? describeChanges(doc, base.doc) : '';
  const name = typeof doc.name === 'string' && doc.name ? doc.name : 'scenario';
  return changes || name;
}

// ---- changes to the list --------------------------------------------------------------------

function add(doc: JsonObject, name: string, named: boolean): RunOption {
  const o: RunOption = { id: study.nextId++, name, named, doc: clone(doc), results: new Map() };
  study.options.push(o);
  return o;
}

/** Remember the working scenario as it was opened (`label` says how: "preset", "file"...). */
export function noteOrigin(doc: JsonObject, label: string) {
  study.origin = { doc: clone(doc), label };
  save();
}

/**
 * Keep a finished run as an option: the option with the same scenario gets the result (and
 * the name, if one is given), or a new option is made. The first option is the base (the
 * scenario as opened, if the run changes it); a later one is compared with the base.
 */
export function keepRun(r: RunResult, name?: string): RunOption {
  let opt = study.options.find((o) => same(o.doc, r.doc));
  if (!opt) {
    if (!study.options.length && study.origin && !same(study.origin.doc, r.doc)) {
      const o = study.origin;
      study.baseId = add(o.doc, `${String(o.doc.name ?? 'scenario')} (${o.label})`, true).id;
    }
    opt = add(r.doc, name || autoName(r.doc), Boolean(name));
  } else if (name) {
    opt.name = name;
    opt.named = true;
  }
  opt.results.set(resultKey(r.summary.runs, r.summary.seed), r);
  if (study.baseId === undefined || !baseOption()) study.baseId = opt.id;
  else if (opt.id !== study.baseId && !study.compared.includes(opt.id)) {
    study.compared.push(opt.id);
    if (study.compared.length > MAX_COMPARED) study.compared.shift();
  }
  trim();
  changed();
  return opt;
}

/** Drop the oldest options beyond `MAX_OPTIONS` that are neither the base nor compared. */
function trim() {
  while (study.options.length > MAX_OPTIONS) {
    const i = study.options.findIndex(
      (o) => o.id !== study.baseId && !study.compared.includes(o.id),
    );
    if (i < 0) break;
    study.options.splice(i, 1);
  }
}

export function setBase(id: number) {
  if (!optionById(id)) return;
  study.baseId = id;
  study.compared = study.compared.filter((x) => x !== id);
  renameUnnamed();
  changed();
}

/** Compare an option with the base or stop; false if five are already compared. */
export function setCompared(id: number, on: boolean): boolean {
  const has = study.compared.includes(id);
  if (on && !has) {
    if (study.compared.length >= MAX_COMPARED || id === study.baseId) return false;
    study.compared.push(id);
  } else if (!on && has) study.compared = study.compared.filter((x) => x !== id);
  changed();
  return true;
}

export function rename(id: number, name: string) {
  const o = optionById(id);
  if (!o) return;
  const t = name.trim();
  o.named = t !== '';
  o.name = t || autoName(o.doc);
  changed();
}

export function remove(id: number) {
  study.options = study.options.filter((o) => o.id !== id);
  study.compared = study.compared.filter((x) => x !== id);
  if (study.baseId === id) study.baseId = study.options[0]?.id;
  study.compared = study.compared.filter((x) => x !== study.baseId);
  renameUnnamed();
  changed();
}

export function clearOptions() {
  study.options = [];
  study.compared = [];
  study.baseId = undefined;
  changed();
}

/** Options named after their changes are named again against a new base. */
function renameUnnamed() {
  for (const o of study.options) if (!o.named) o.name = autoName(o.doc);
}

// ---- kept in this browser -------------------------------------------------------------------

interface SavedOption {
  id: number;
  name: string;
  named: boolean;
  doc: JsonObject;
}
interface Saved {
  options: SavedOption[];
  baseId?: number;
  compared: number[];
  origin?: { doc: JsonObject; label: string };
}

function save() {
  const saved: Saved = {
    options: study.options.map(({ id, name, named, doc }) => ({ id, name, named, doc })),
    baseId: study.baseId,
    compared: study.compared,
    origin: study.origin,
  };
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage full or blocked: the options live on in this page.
  }
}

/** The options kept in this browser, if any (at start). */
export function loadOptions() {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return;
    const v = JSON.parse(raw) as Saved;
    if (!v || !Array.isArray(v.options)) return;
    study.options = v.options
      .filter((o) => o && typeof o.doc === 'object' && typeof o.name === 'string')
      .map((o) => ({ ...o, named: Boolean(o.named), results: new Map() }));
    study.nextId = Math.max(0, ...study.options.map((o) => o.id)) + 1;
    study.baseId = optionById(v.baseId)?.id ?? study.options[0]?.id;
    study.compared = (v.compared ?? []).filter((id) => optionById(id) && id !== study.baseId);
    study.origin = v.origin && typeof v.origin.doc === 'object' ? v.origin : undefined;
  } catch {
    // Unreadable: start without options.
  }
  for (const f of listeners) f();
}

// ---- carried in share links -----------------------------------------------------------------

/** The options in a share link: each as a merge patch (RFC 7386) of the link's scenario. */
export interface SharedOptions {
  options: { name: string; named: boolean; patch: Json }[];
  /** Index of the base in `options`, and of the compared ones. */
  base: number;
  compared: number[];
}

export function optionsForShare(working: JsonObject): SharedOptions | undefined {
  if (!study.options.length) return undefined;
  const index = (id: number) => study.options.findIndex((o) => o.id === id);
  return {
    options: study.options.map((o) => ({
      name: o.name,
      named: o.named,
      patch: mergePatch(working, o.doc),
    })),
    base: study.baseId === undefined ? -1 : index(study.baseId),
    compared: study.compared.map(index).filter((i) => i >= 0),
  };
}

/** The options of a share link (replacing these); the previous ones, to put back on Undo. */
export function takeSharedOptions(working: JsonObject, shared: SharedOptions | undefined) {
  const before = snapshot();
  study.options = [];
  study.compared = [];
  study.baseId = undefined;
  if (shared && Array.isArray(shared.options)) {
    const ids = shared.options.map((o) => {
      const doc = applyPatch(working, o.patch);
      return add(doc, String(o.name ?? ''), Boolean(o.named)).id;
    });
    study.baseId = ids[shared.base] ?? ids[0];
    study.compared = (shared.compared ?? [])
      .map((i) => ids[i])
      .filter((id) => id !== undefined && id !== study.baseId)
      .slice(0, MAX_COMPARED);
  }
  changed();
  return () => {
    Object.assign(study, before);
    changed();
  };
}

function snapshot(): Study {
  return { ...study, options: [...study.options], compared: [...study.compared] };
}

/** The JSON merge patch (RFC 7386) taking `a` to `b`: changed members only, arrays whole. */
export function mergePatch(a: Json, b: Json): Json {
  if (!isObject(a) || !isObject(b)) return clone(b);
  const out: JsonObject = {};
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const [k, v] of Object.entries(b))
    if (!(k in a) || JSON.stringify(a[k]) !== JSON.stringify(v)) out[k] = mergePatch(a[k], v);
  return out;
}

/** `doc` with a JSON merge patch (RFC 7386) applied; `doc` itself is left as it is. */
export function applyPatch(doc: Json, patch: Json): JsonObject {
  const apply = (target: Json, p: Json): Json => {
    if (!isObject(p)) return clone(p);
    const out: JsonObject = isObject(target) ? clone(target) : {};
    for (const [k, v] of Object.entries(p)) {
      if (v === null) delete out[k];
      else out[k] = apply(out[k] ?? null, v);
    }
    return out;
  };
  const r = apply(doc, patch);
  return isObject(r) ? r : {};
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
