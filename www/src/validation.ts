// Validation as the user types: the page's own checks (values the engine could not even read)
// and the engine's, in the tools worker, debounced; then the problems shown at their fields
// (by the form) and in the list above it, with links that jump to each field.

import { showSteady } from './check';
import { localProblems, sanitized } from './doc';
import { $, clear, h } from './dom';
import { updateRunButton } from './settings';
import { state, tools, ui } from './state';
import type { Problem } from './types';

let validateTimer: number | undefined;
/** The latest check; an answer to an older one is dropped. */
let validateSeq = 0;
/** Check the text view's text as typed (its line numbers), not the form's JSON. */
let validateFromText = false;
/** Go to a field in the form (views.ts sets it: the form may first need showing). */
let jumpToField: (path: string) => void = () => {};

export function onJumpToField(jump: (path: string) => void) {
  jumpToField = jump;
}

/** Validate after `delay` ms; `fromText` says whether the last edit was in the text view. */
export function validateSoon(delay = 350, fromText?: boolean) {
  if (fromText !== undefined) validateFromText = fromText;
  clearTimeout(validateTimer);
  validateTimer = window.setTimeout(() => void validate(), delay);
}

/** The decision analysis panel's choices (parameters, metrics, years) for a valid scenario. */
export function refreshAnalysisOptions(text = JSON.stringify(state.doc), seq = validateSeq) {
  if (state.problems.length || state.textDraft !== undefined) return;
  tools
    .analysisOptions(text)
    .then((o) => seq === validateSeq && ui.panel?.setOptions(o))
    .catch(() => undefined);
}

async function validate() {
  if (!state.schema) return;
  const seq = ++validateSeq;
  const local = localProblems(state.schema, state.doc);
  const text =
    validateFromText && state.view === 'text' && !state.textDraft && local.length === 0
      ? $<HTMLTextAreaElement>('scenario-text').value
      : JSON.stringify(sanitized(state.doc, local, state.fallback), null, 1);
  let engine: Problem[];
  try {
    engine = await tools.validate(text);
  } catch (e) {
    if (seq !== validateSeq) return;
    engine = [{ path: '', message: `The check could not run: ${(e as Error).message}` }];
  }
  if (seq !== validateSeq) return;
  const localPaths = new Set(local.map((p) => p.path));
  state.problems = [...local, ...engine.filter((p) => !localPaths.has(p.path))];
  showProblems();
  showSteady(state.problems.length ? undefined : tools.steady(text), () => seq === validateSeq);
  if (ui.panel?.active) refreshAnalysisOptions(text, seq);
}

/** The problems at their fields and in the list above the form; the Run button follows. */
export function showProblems() {
  const editor = ui.editor;
  const box = $('problems');
  clear(box);
  const unmatched = editor ? editor.showProblems(state.problems) : state.problems;
  const textProblems = state.textDraft !== undefined;
  const n = state.problems.length;
  if (n === 0 && !textProblems) {
    box.className = 'problems ok';
    box.append(h('p', {}, '✓ The scenario is valid.'));
  } else {
    box.className = 'problems bad';
    const matched = state.problems.filter((p) => !unmatched.includes(p));
    box.append(
      h(
        'p',
        { class: 'problems-title' },
        n === 1 ? '1 problem to fix before running' : `${n} problems to fix before running`,
      ),
    );
    if (unmatched.length) {
      const ul = h('ul', { id: 'top-problems' });
      for (const p of unmatched)
        ul.append(
          h('li', {}, p.path ? h('code', {}, p.path) : null, p.path ? ': ' : '', p.message),
        );
      box.append(ul);
    }
    if (matched.length) {
      const ul = h('ul', { class: 'jump' });
      for (const p of matched.slice(0, 8)) {
        ul.append(
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => jumpToField(p.path) },
              editor ? editor.describe(p.path) : p.path,
            ),
            `: ${p.message}`,
          ),
        );
      }
      if (matched.length > 8)
        ul.append(h('li', {}, `and ${matched.length - 8} more, shown next to their fields`));
      box.append(ul);
    }
  }
  updateRunButton();
}
