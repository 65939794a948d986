// The Downloads section of the results: the run's CSV and JSON files, the scenario that was
// run, and the report (the budget paper of `wfsim report`, made in the worker and zipped here).

import { zipSync } from 'fflate';
import { $, clear, h } from './dom';
import { downloadBlob, downloadText, fileStem } from './download';
import { int, seconds } from './format';
import { runner, state } from './state';
import { toToml } from './toml';
import type { RunResult } from './types';

/** The Downloads section for a run. */
export function downloadsSection(cur: RunResult): HTMLElement {
  const s = cur.summary;
  const stem = `${fileStem(s.scenario.name)}-${s.scenario.hash}-${s.runs}runs-seed${s.seed}`;
  return h(
    'section',
    { id: 'sec-downloads', class: 'card', 'aria-labelledby': 'h-downloads' },
    h('h2', { id: 'h-downloads' }, 'Downloads'),
    h(
      'div',
      { class: 'downloads' },
      h(
        'button',
        {
          type: 'button',
          id: 'dl-series-csv',
          onclick: () => downloadText(`${stem}-series.csv`, cur.seriesCsv, 'text/csv'),
        },
        'Weekly series (CSV)',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'dl-budget-csv',
          onclick: () => downloadText(`${stem}-budget.csv`, cur.budgetCsv, 'text/csv'),
        },
        'Budget table (CSV)',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'dl-summary-json',
          onclick: () => downloadText(`${stem}-summary.json`, cur.summaryText, 'application/json'),
        },
        'Full summary (JSON)',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'dl-report',
          class: 'primary',
          onclick: () => void makeReport(cur),
        },
        'Download report (zip)',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'dl-run-scenario',
          onclick: () =>
            downloadText(
              `${fileStem(s.scenario.name)}-${s.scenario.hash}.toml`,
              toToml(cur.doc, state.notes),
              'application/toml',
            ),
        },
        'Scenario of this run (TOML)',
      ),
    ),
    h('div', {
      id: 'report-status',
      class: 'run-message',
      role: 'status',
      'aria-live': 'polite',
    }),
    h(
      'p',
      { class: 'help' },
      'The report is the budget paper of wfsim report, made by the same Rust code in this browser: summary.html (printable), summary.md, workbook.xlsx, budget.csv, the charts as SVG and PNG (the same pictures as the command line’s) and the scenario. The weekly series CSV has one row per week, metric and statistic (mean and percentiles), as the command-line tool writes it. Each chart has its own SVG and PNG downloads.',
    ),
  );
}

/** The summary.html of the last report, for its link (revoked when the next one is made). */
let reportUrl: string | undefined;
/** Make the report of a run and download it as a zip; summary.html also opens in a tab. */
async function makeReport(cur: RunResult) {
  const box = $('report-status');
  const s = cur.summary;
  clear(box);
  box.className = 'run-message';
  const started = performance.now();
  const text = h('span', {}, 'Making the report…');
  box.append(text);
  const button = $<HTMLButtonElement>('dl-report');
  button.disabled = true;
  try {
    const files = await runner.report(
      JSON.stringify(cur.doc),
      s.runs,
      String(s.seed),
      toToml(cur.doc, state.notes),
      (done, total) => {
        text.textContent = `Making the report: the runs again in the report module, ${int(done)} of ${int(total)}…`;
      },
    );
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])), {
      level: 6,
      mtime: new Date('2000-01-01T00:00:00Z'),
    });
    const name = `wfsim-report-${fileStem(s.scenario.name)}-${s.seed}.zip`;
    downloadBlob(name, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const html = files.find((f) => f.name === 'summary.html');
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = html
      ? URL.createObjectURL(
          new Blob([html.bytes as Uint8Array<ArrayBuffer>], { type: 'text/html' }),
        )
      : undefined;
    clear(box);
    box.append(
      `Report ready (${files.length} files, ${seconds(performance.now() - started)}): ${name}. `,
    );
    if (reportUrl)
      box.append(
        h(
          'a',
          { id: 'open-report-html', href: reportUrl, target: '_blank', rel: 'noopener' },
          'Open summary.html',
        ),
      );
  } catch (e) {
    box.className = 'run-message bad';
    box.textContent = `The report could not be made: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
}
