// The header's account of the working scenario: its name, and the preset picker showing the
// preset it came from (or none), so a scenario opened from a link or a file never sits under
// another scenario's name.

import { updateExampleLine } from './council';
import { $ } from './dom';
import { state } from './state';

/** The working scenario's name as the page shows it. */
export function workingName(): string {
  const n = state.doc.name;
  return typeof n === 'string' && n.trim() ? n : '(unnamed scenario)';
}

/** Name the working scenario in the header; point the preset picker at its preset, if any. */
export function updateHeader() {
  $('working-name').textContent = workingName();
  const select = $<HTMLSelectElement>('preset-select');
  const preset = state.presets.some((p) => p.name === state.presetName) ? state.presetName! : '';
  if (select.value !== preset) select.value = preset;
  $<HTMLButtonElement>('load-preset').disabled = select.value === '';
  updateExampleLine();
}
