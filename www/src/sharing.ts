// Share links on the page: the Share panel (the link to copy) and opening a link, whose
// scenario becomes the working one (the old one kept for Undo). The link's format is share.ts.

import { $ } from './dom';
import { replaceDoc } from './files';
import { optionsForShare, takeSharedOptions } from './options';
import { requestRun } from './running';
import { int } from './format';
import { notify } from './notice';
import { currentRuns, currentSeed, setRunSettings, updateRunButton } from './settings';
import { decodeShare, shareUrl } from './share';
import { state } from './state';
import { saveNow } from './store';

function openShare() {
  const panel = $('share-panel');
  const url = shareUrl(
    state.doc,
    currentRuns() ?? undefined,
    currentSeed() ?? undefined,
    optionsForShare(state.doc),
  );
  $<HTMLInputElement>('share-url').value = url;
  $('share-status').textContent = `${int(url.length)} characters.`;
  panel.hidden = false;
  $<HTMLInputElement>('share-url').select();
  $('share-url').focus();
}

async function copyShare() {
  const input = $<HTMLInputElement>('share-url');
  try {
    await navigator.clipboard.writeText(input.value);
    $('share-status').textContent = 'Link copied to the clipboard.';
  } catch {
    input.select();
    $('share-status').textContent = 'Select the link and copy it (Ctrl+C).';
  }
}

/** A scenario in the URL fragment becomes the working scenario (old one kept for Undo). */
export function takeSharedScenario(): boolean {
  if (!location.hash.includes('s=')) return false;
  try {
    const shared = decodeShare(location.hash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (!shared) return false;
    // The link's options replace the kept ones (Undo puts them back); a link without any
    // leaves them as they are.
    const restore = shared.options ? takeSharedOptions(shared.doc, shared.options) : undefined;
    const n = shared.options?.options.length ?? 0;
    replaceDoc(shared.doc, {
      message: `Opened the shared scenario “${String(shared.doc.name ?? '')}”${n ? ` with ${n} option${n === 1 ? '' : 's'}` : ''}. It is now your working scenario.`,
      actions: [{ label: 'Run it', id: 'notice-run', run: requestRun }],
      origin: 'shared',
      onUndo: restore,
    });
    setRunSettings(shared.runs, shared.seed);
    saveNow();
    updateRunButton();
    return true;
  } catch (e) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    notify((e as Error).message, undefined, 'error');
    return false;
  }
}

/** The Share button and panel, and links opened while the page is open. */
export function wireSharing() {
  $('share').addEventListener('click', openShare);
  $('copy-share').addEventListener('click', () => void copyShare());
  $('close-share').addEventListener('click', () => {
    $('share-panel').hidden = true;
    $('share').focus();
  });
  window.addEventListener('hashchange', () => takeSharedScenario());
}
