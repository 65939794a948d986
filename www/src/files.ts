// The working scenario replaced as a whole (a preset, an opened file, a share link, a
// calibrated scenario), with an Undo back to the previous one; and saved as a TOML or JSON file.

import { $ } from './dom';
import { downloadText, fileStem } from './download';
import { notify, type NoticeAction } from './notice';
import { noteOrigin } from './options';
import { updateHeader } from './header';
import { updateStale } from './resultspane';
import { syncRunSettingsFromDoc } from './settings';
import { notesFor, state, ui } from './state';
import { saveNow } from './store';
import { looksLikeJson, parseScenario, toToml } from './toml';
import type { JsonObject } from './types';
import { showProblems, validateSoon } from './validation';
import { fillText, showUnreadableText, updateTextWarning } from './views';

/** Replace the whole working scenario (preset, file, share link), keeping the old one for Undo. */
export function replaceDoc(
  doc: JsonObject,
  opts: {
    presetName?: string;
    message: string;
    undo?: boolean;
    actions?: NoticeAction[];
    /** How it was opened ("preset", "file"...), for the option it starts as; false: not an opening. */
    origin?: string | false;
    /** Also undone by Undo (the options a share link replaced). */
    onUndo?: () => void;
    /** The TOML the scenario came from, whose comments are its source notes (not a preset). */
    notesFrom?: string;
  },
) {
  const previous = {
    doc: state.doc,
    fallback: state.fallback,
    presetName: state.presetName,
    textDraft: state.textDraft,
    notesFrom: state.notesFrom,
  };
  state.doc = doc;
  state.fallback = {};
  state.textDraft = undefined;
  state.presetName =
    opts.presetName ??
    (state.presets.some((p) => p.name === doc.name) ? (doc.name as string) : undefined);
  state.notesFrom = state.presetName ? undefined : opts.notesFrom;
  state.notes = notesFor(state.presetName, state.notesFrom);
  syncRunSettingsFromDoc();
  if (opts.origin !== false)
    noteOrigin(doc, opts.origin ?? (state.presetName ? 'preset' : 'opened'));
  afterDocReplaced();
  const undo: NoticeAction = {
    label: 'Undo',
    id: 'notice-undo',
    run: () => {
      state.doc = previous.doc;
      state.fallback = previous.fallback;
      state.presetName = previous.presetName;
      state.textDraft = previous.textDraft;
      state.notesFrom = previous.notesFrom;
      state.notes = notesFor(state.presetName, state.notesFrom);
      opts.onUndo?.();
      afterDocReplaced();
    },
  };
  notify(opts.message, [...(opts.actions ?? []), ...(opts.undo === false ? [] : [undo])]);
}

function afterDocReplaced() {
  ui.editor?.render();
  if (state.view === 'text') fillText(true);
  updateTextWarning();
  saveNow();
  validateSoon(0);
  updateStale();
  updateHeader();
}

/** A scenario's text (TOML or JSON) as the working one, or `failure` and why it could not be. */
export function useScenarioText(
  text: string,
  opts: { presetName?: string; message: string },
  failure: string,
) {
  try {
    replaceDoc(parseScenario(text), opts);
  } catch (e) {
    notify(`${failure}: ${(e as Error).message}`, undefined, 'error');
  }
}

async function openFile(file: File) {
  const text = await file.text();
  try {
    const doc = parseScenario(text);
    replaceDoc(doc, {
      message: `Opened ${file.name}.`,
      origin: `from ${file.name}`,
      notesFrom: looksLikeJson(text) ? undefined : text,
    });
  } catch (e) {
    // Keep the text: it goes to the text view with its error, nothing is lost.
    const error = showUnreadableText(text, e);
    notify(
      `${file.name} could not be read: ${error}. It is in the text view to fix.`,
      undefined,
      'error',
    );
    state.problems = [{ path: '', message: `The text cannot be read: ${error}` }];
    showProblems();
    saveNow();
  }
}

function scenarioStem(): string {
  return fileStem(typeof state.doc.name === 'string' ? state.doc.name : 'scenario');
}

/** The header's presets, Open and Save buttons. */
export function wireFiles() {
  $('load-preset').addEventListener('click', () => {
    const name = $<HTMLSelectElement>('preset-select').value;
    const p = state.presets.find((x) => x.name === name);
    if (!p) return;
    useScenarioText(
      p.toml,
      { presetName: p.name, message: `Loaded the preset ${p.name}.` },
      'The preset could not be read',
    );
  });
  $('preset-select').addEventListener('change', () => {
    $<HTMLButtonElement>('load-preset').disabled =
      $<HTMLSelectElement>('preset-select').value === '';
  });
  $('open-file').addEventListener('click', () => $<HTMLInputElement>('file-input').click());
  $('file-input').addEventListener('change', () => {
    const input = $<HTMLInputElement>('file-input');
    const f = input.files?.[0];
    if (f) void openFile(f);
    input.value = '';
  });
  $('save-toml').addEventListener('click', () =>
    downloadText(
      `${scenarioStem()}.toml`,
      toToml(
        state.doc,
        state.notes,
        `${String(state.doc.name ?? 'scenario')}: saved from the wfsim web app on ${new Date().toISOString().slice(0, 10)}.`,
      ),
      'application/toml',
    ),
  );
  $('save-json').addEventListener('click', () =>
    downloadText(
      `${scenarioStem()}.json`,
      `${JSON.stringify(state.doc, null, 2)}\n`,
      'application/json',
    ),
  );
}
