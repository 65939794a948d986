// The two views of the working scenario and the tabs between them: the form (the Editor, hosted
// here) and the text view (TOML or JSON, editable; text that does not parse is kept as a draft
// and reported, and the form shows the last version that could be read).

import { $, clear, h } from './dom';
import { Editor } from './editor';
import { notify } from './notice';
import { updateHeader } from './header';
import { updateStale } from './resultspane';
import type { Schema } from './schema';
import { replaceDoc } from './files';
import { state, tools, ui } from './state';
import { saveNow, scheduleSave } from './store';
import { ParseError, looksLikeJson, parseScenario, toToml } from './toml';
import type { DistFamilies, Json } from './types';
import { onJumpToField, showProblems, validateSoon } from './validation';

/** Fields whose change alters other parts of the form (years, item titles, grades). */
const RERENDER_ON_CHANGE = /^(start|weeks|end)$|\.name$|^events\[|\.grade$/;

/** Make the form, bound to the working scenario. */
export function setupEditor(schema: Schema, families: DistFamilies) {
  const editor = new Editor($('form'), {
    schema,
    families,
    doc: () => state.doc,
    notes: () => state.notes,
    get fallback() {
      return state.fallback;
    },
    edited: () => {
      ui.editor?.refreshNotes();
      scheduleSave();
      validateSoon(350, false);
      updateStale();
      updateHeader();
    },
    restructured: () => {
      ui.editor?.render();
      showProblems();
      scheduleSave();
      validateSoon(100, false);
      updateStale();
      updateHeader();
    },
  });
  ui.editor = editor;
  // The start as it was when its field took the focus, to offer moving the dated items.
  let startBefore: Json | undefined;
  $('form').addEventListener('focusin', (e) => {
    if ((e.target as HTMLElement).closest<HTMLElement>('.field')?.dataset.path === 'start')
      startBefore ??= state.doc.start;
  });
  $('form').addEventListener('change', (e) => {
    const field = (e.target as HTMLElement).closest<HTMLElement>('.field');
    const path = field?.dataset.path ?? '';
    if (path === 'start') {
      offerShift(startBefore, state.doc.start);
      startBefore = undefined;
    }
    if (RERENDER_ON_CHANGE.test(path)) {
      // After the focus has moved on (Tab), so that it is kept on the new element.
      setTimeout(() => {
        ui.editor?.render();
        showProblems();
      }, 0);
    }
  });
  $('form').addEventListener('toggle', () => scheduleSave(), true);
  onJumpToField((path) => {
    showView('form');
    ui.editor?.reveal(path);
  });
}

/** After the start date changed: offer to move every dated item by the same amount. */
function offerShift(from: Json | undefined, to: Json | undefined) {
  const iso = (v: Json | undefined): v is string =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (!iso(from) || !iso(to) || from === to) return;
  notify(
    `The start moved from ${from} to ${to}. Move every dated item (pods, campaigns, the early help team, the pay award, questions, actuals, the end and the budget years) by the same amount?`,
    {
      label: 'Move them too',
      id: 'shift-dated',
      run: () =>
        void tools
          .shift(JSON.stringify(state.doc), from, to)
          .then((r) =>
            replaceDoc(r.doc, {
              message: `${r.note} ${r.moved.length - 1} items moved.`,
              origin: false,
              presetName: state.presetName,
              notesFrom: state.notesFrom,
            }),
          )
          .catch((e: Error) =>
            notify(`The dated items could not be moved: ${e.message}`, undefined, 'error'),
          ),
    },
  );
}

function showView(view: 'form' | 'text') {
  state.view = view;
  const formTab = $('tab-form');
  const textTab = $('tab-text');
  formTab.setAttribute('aria-selected', String(view === 'form'));
  textTab.setAttribute('aria-selected', String(view === 'text'));
  formTab.tabIndex = view === 'form' ? 0 : -1;
  textTab.tabIndex = view === 'text' ? 0 : -1;
  $('panel-form').hidden = view !== 'form';
  $('panel-text').hidden = view !== 'text';
  if (view === 'text') fillText(false);
  else {
    updateTextWarning();
    ui.editor?.render();
    showProblems();
  }
}

/** The tabs (click, arrow keys) and the text view's editing and format switch. */
export function wireViews() {
  $('tab-form').addEventListener('click', () => showView('form'));
  $('tab-text').addEventListener('click', () => showView('text'));
  for (const id of ['tab-form', 'tab-text'])
    $(id).addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const next = state.view === 'form' ? 'text' : 'form';
        showView(next);
        $(`tab-${next}`).focus();
        e.preventDefault();
      }
    });
  $('scenario-text').addEventListener('input', onTextInput);
  $('text-format').addEventListener('change', () => {
    const f = $<HTMLSelectElement>('text-format').value as 'toml' | 'json';
    if (state.textDraft !== undefined) {
      $<HTMLSelectElement>('text-format').value = state.textFormat;
      notify(
        'Fix or discard the text that cannot be read before switching format.',
        undefined,
        'error',
      );
      return;
    }
    state.textFormat = f;
    fillText(true);
    saveNow();
  });
}

// ---- the text view ---------------------------------------------------------------------------

/** The parse error of the text view's draft, shown under it. */
let textParseError: string | undefined;
let textTimer: number | undefined;

function docText(format: 'toml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(state.doc, null, 2)}\n`;
  return toToml(state.doc, state.notes);
}

/** Fill the text view: the draft if there is one (unless `force`), else the scenario. */
export function fillText(force: boolean) {
  const ta = $<HTMLTextAreaElement>('scenario-text');
  $<HTMLSelectElement>('text-format').value = state.textFormat;
  if (state.textDraft !== undefined && !force) {
    ta.value = state.textDraft;
    textStatus();
    return;
  }
  ta.value = docText(state.textFormat);
  textStatus();
}

function textStatus() {
  const s = $('text-status');
  s.className = `text-status ${textParseError ? 'bad' : ''}`;
  s.textContent = textParseError
    ? textParseError
    : state.textDraft !== undefined
      ? ''
      : 'Edits here update the form as you type.';
}

function onTextInput() {
  clearTimeout(textTimer);
  const ta = $<HTMLTextAreaElement>('scenario-text');
  state.textDraft = ta.value; // kept until it parses
  scheduleSave();
  textTimer = window.setTimeout(() => {
    try {
      const doc = parseScenario(ta.value);
      state.doc = doc;
      state.fallback = {};
      state.textDraft = undefined;
      state.textFormat = looksLikeJson(ta.value) ? 'json' : 'toml';
      textParseError = undefined;
      updateStale();
      updateHeader();
      validateSoon(0, true);
    } catch (e) {
      textParseError = e instanceof ParseError ? e.message : String(e);
      state.problems = [{ path: '', message: `The text cannot be read: ${textParseError}` }];
      showProblems();
    }
    textStatus();
    scheduleSave();
  }, 300);
}

/** Text that does not parse (an opened file) goes to the text view as a draft; its error. */
export function showUnreadableText(text: string, e: unknown): string {
  state.textDraft = text;
  state.textFormat = looksLikeJson(text) ? 'json' : 'toml';
  textParseError = e instanceof ParseError ? e.message : String(e);
  showView('text');
  return textParseError;
}

/** Above the form while the text view has a draft that does not parse: back to it, or discard. */
export function updateTextWarning() {
  const w = $('text-warning');
  clear(w);
  w.hidden = state.textDraft === undefined;
  if (state.textDraft === undefined) return;
  w.append(
    h(
      'p',
      {},
      'The text view has changes that cannot be read yet (a syntax error). The form shows the last version that could be read.',
    ),
    h(
      'button',
      { type: 'button', class: 'small', onclick: () => showView('text') },
      'Back to the text',
    ),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: () => {
          state.textDraft = undefined;
          textParseError = undefined;
          updateTextWarning();
          saveNow();
          validateSoon(0);
        },
      },
      'Discard the text changes',
    ),
  );
}
