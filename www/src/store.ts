// The working scenario in localStorage: every edit is kept, so a reload (or a crash) never
// loses work. A value the engine cannot read is kept as typed, with its error.

import { $ } from './dom';
import { currentRuns, currentSeed } from './settings';
import { state, ui } from './state';
import type { Json, JsonObject } from './types';

const KEY = 'wfsim.working.v1';

export interface Saved {
  doc: JsonObject;
  fallback: Record<string, Json>;
  /** Text being edited in the text view that does not parse yet. */
  textDraft?: string;
  textFormat?: 'toml' | 'json';
  runs?: number;
  seed?: string;
  open?: string[];
  /** The preset the document came from (for its source notes). */
  preset?: string;
  /** The TOML a non-preset scenario came from (for its source notes). */
  notesFrom?: string;
  savedAt?: string;
}

export function load(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Saved;
    if (!v || typeof v !== 'object' || !v.doc || typeof v.doc !== 'object') return null;
    v.fallback ??= {};
    return v;
  } catch {
    return null;
  }
}

export function save(s: Saved): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...s, savedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

let saveTimer: number | undefined;

/** Save soon (edits come in bursts while typing). */
export function scheduleSave() {
  $('save-state').textContent = 'Saving…';
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(saveNow, 250);
}

/** Save the page's state now: the scenario as typed, the run settings, the open groups. */
export function saveNow() {
  clearTimeout(saveTimer);
  const ok = save({
    doc: state.doc,
    fallback: state.fallback,
    textDraft: state.textDraft,
    textFormat: state.textFormat,
    runs: currentRuns() ?? undefined,
    seed: currentSeed() ?? undefined,
    open: ui.editor ? [...ui.editor.open] : undefined,
    preset: state.presetName,
    notesFrom: state.notesFrom,
  });
  $('save-state').textContent = ok
    ? 'All changes saved in this browser'
    : 'Could not save in this browser (storage full or blocked)';
}
