// End-to-end tests of the forecast outturn in the browser app (issue 16): actual spend to
// date entered in the form and carried into the run, the report's PNG charts against the
// native `wfsim report`, and the paired headline of a comparison.
//
//   node tests/e2e-outturn.mjs    (from www/, after scripts/build-web)

import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { cli, cliSummary, finish, firstDifference, openApp, runTo, shots, valid } from './app.mjs';
import { assert, downloadOf, eq, gbp, test } from './harness.mjs';

const tmp = await mkdtemp(join(tmpdir(), 'wfsim-e2e-outturn-'));
const RUNS = 200;
const SEED = 16;

/** Actual spend from 1 April 2011 to 27 November 2011, as a finance officer types it. */
const ACTUALS = {
  permanent_staffing: ['1,234,567.89', '1234567.89'],
  agency_staffing: ['£456,000', '456000'],
  peripatetic_pods: ['0', '0'],
  recruitment: ['12,000', '12000'],
  early_help: ['38,250.5', '38250.5'],
  placements: ['2,345,678', '2345678'],
};

/**
 * The RGB pixels of a PNG as the engine writes it (8-bit RGB, not interlaced): the IDAT
 * chunks inflated and each row's filter undone (PNG spec, section 9).
 */
function decodePng(buf) {
  eq(buf.subarray(1, 4).toString('latin1'), 'PNG', 'PNG signature');
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString('latin1');
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      eq(`${data[8]}/${data[9]}/${data[12]}`, '8/2/0', 'bit depth 8, RGB, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= 3 ? row[i - 3] : 0;
      const b = up[i];
      const c = i >= 3 ? up[i - 3] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const e = a + b - c;
        const [pa, pb, pc] = [Math.abs(e - a), Math.abs(e - b), Math.abs(e - c)];
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[i] = (src[i] + p) & 0xff;
    }
  }
  return { width, height, pixels: out };
}

const { context, page } = await openApp();
await valid(page);
let tomlPath = '';

await test('actuals: a grid in the Budget group; a bad amount is shown at its line and kept', async () => {
  await page.click('#group-budget > summary');
  eq(await page.locator('#actuals-grid tbody tr').count(), 6, 'a row per budget line');
  eq(await page.inputValue('#in-actuals-to'), '', 'no actuals in the preset');
  assert(
    (await page.locator('label[for="in-actuals-to"]').innerText()).includes('1 April 2011'),
    'the actuals run from 1 April of the first year',
  );
  // A letter O for a zero: the page cannot read it, says so under the grid, keeps the text.
  await page.fill('#in-actuals-placements', '2,345,67O');
  await page.waitForFunction(() =>
    document.querySelector('#err-actuals')?.textContent.includes('Looked-after placements'),
  );
  eq(await page.inputValue('#in-actuals-placements'), '2,345,67O', 'the edit is kept');
  eq(await page.getAttribute('#in-actuals-placements', 'aria-invalid'), 'true', 'marked invalid');
  // The first amount opened the block with the day before the start.
  eq(await page.inputValue('#in-actuals-to'), '2011-11-27', 'actuals to the day before the start');
  assert(
    (await page.locator('#problems').innerText()).includes('Budget'),
    'the problem is listed under its group',
  );
  // A negative amount: the engine's error, at its line.
  await page.fill('#in-actuals-recruitment', '-500');
  await page.waitForFunction(() =>
    /Recruitment.*negative/.test(document.querySelector('#err-actuals')?.textContent ?? ''),
  );
  eq(await page.inputValue('#in-actuals-recruitment'), '-500', 'the negative edit is kept');
  // A date that leaves days neither actual nor simulated.
  await page.fill('#in-actuals-to', '2011-10-31');
  await page.waitForFunction(() =>
    /working days/.test(document.querySelector('#err-actuals')?.textContent ?? ''),
  );
  await page.fill('#in-actuals-to', '2011-11-27');
  for (const [line, [typed]] of Object.entries(ACTUALS))
    await page.fill(`#in-actuals-${line}`, typed);
  await valid(page);
  eq(await page.locator('#err-actuals li').count(), 0, 'no problems left');
  await page.locator('#actuals-grid').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'actuals.png') });
});

await test('actuals: the run reports the outturn as the engine does (actuals + rest of year)', async () => {
  await runTo(page, RUNS, SEED);
  // The scenario of the run, downloaded as TOML, carries the actuals; the CLI runs it to the
  // same summary, byte for byte.
  const toml = await downloadOf(page, () => page.click('#dl-run-scenario'));
  const text = toml.data.toString('utf8');
  assert(/\[actuals\]/.test(text), 'the TOML has an [actuals] table');
  assert(text.includes('placements = "2345678"'), 'with the amounts as typed');
  tomlPath = join(tmp, 'with-actuals.toml');
  await writeFile(tomlPath, text);
  const native = cliSummary('run', tomlPath, '--runs', String(RUNS), '--seed', String(SEED));
  const mine = await page.evaluate(() => window.wfsimTest.state().summaryText);
  assert(mine === native, `page and CLI summaries: ${firstDifference(mine, native)}`);
  const summary = JSON.parse(mine);
  const year = page.locator('#budget-table tbody[data-year="2011-12"]');
  eq(await year.getAttribute('data-partial'), 'false', '2011-12 is a whole year');
  assert(
    (await year.innerText()).includes('actual spend to date plus the simulated rest of the year'),
    'the year says what it is',
  );
  for (const [line, [, exact]] of Object.entries(ACTUALS)) {
    const row = summary.budget.find((r) => r.financial_year === '2011-12' && r.line === line);
    eq(Number(row.actuals).toFixed(2), Number(exact).toFixed(2), `${line}: actuals in the summary`);
    assert(
      Number(row.p5) >= Number(exact),
      `${line}: every run's outturn includes the actuals (${row.p5} >= ${exact})`,
    );
    const tr = page.locator(`#budget-table tr[data-line="${line}"][data-year="2011-12"]`);
    eq(await tr.locator('[data-col="actuals"]').innerText(), gbp(exact), `${line}: actual shown`);
    eq(await tr.locator('[data-col="mean"]').innerText(), gbp(row.mean), `${line}: expected`);
    eq(
      await tr.locator('[data-col="expected_variance"]').getAttribute('data-value'),
      row.expected_variance,
      `${line}: expected outturn against the full-year budget`,
    );
  }
  const total = summary.budget.find((r) => r.financial_year === '2011-12' && r.line === 'total');
  const sum = Object.values(ACTUALS).reduce((s, [, x]) => s + Number(x), 0);
  eq(Number(total.actuals).toFixed(2), sum.toFixed(2), 'the total of the actuals');
});

await test('actuals: kept in this browser and in a share link', async () => {
  await page.reload();
  await valid(page);
  if (!(await page.locator('#group-budget').getAttribute('open')))
    await page.click('#group-budget > summary');
  eq(await page.inputValue('#in-actuals-placements'), '2,345,678', 'after a reload');
  eq(await page.inputValue('#in-actuals-to'), '2011-11-27', 'the date after a reload');
  await page.click('#share');
  const url = await page.inputValue('#share-url');
  await page.click('#close-share');
  const other = await openApp(new URL(url).hash);
  await valid(other.page);
  await other.page.click('#group-budget > summary');
  eq(
    await other.page.inputValue('#in-actuals-permanent_staffing'),
    '1,234,567.89',
    'from the link',
  );
  await other.context.close();
});

await test('report: the zip has PNG charts, the same pictures as the native wfsim report', async () => {
  // The run above is the one reported.
  await runTo(page, RUNS, SEED);
  await page.locator('#dl-report').scrollIntoViewIfNeeded();
  const zip = await downloadOf(page, () => page.click('#dl-report'));
  const files = unzipSync(new Uint8Array(zip.data));
  const names = Object.keys(files);
  const svgs = names.filter((n) => /charts\/[^/]+\.svg$/.test(n));
  const pngs = names.filter((n) => /charts\/[^/]+\.png$/.test(n));
  assert(svgs.length >= 8, `charts in the zip: ${svgs.length}`);
  eq(pngs.length, svgs.length, 'a PNG beside every SVG');
  assert(
    pngs.some((n) => n.endsWith('cumulative-spend-2011-12.png')),
    'the first year’s cumulative spend',
  );
  const html = strFromU8(files[names.find((n) => n.endsWith('summary.html'))]);
  assert(/charts\/[^"]+\.png/.test(html), 'the paper links the PNGs');

  const out = join(tmp, 'native');
  cli('report', tomlPath, '--runs', String(RUNS), '--seed', String(SEED), '--quiet', '--out', out);
  const native = (await readdir(join(out, 'charts'))).filter((n) => n.endsWith('.png')).sort();
  eq(
    pngs
      .map((n) => n.split('/').pop())
      .sort()
      .join(' '),
    native.join(' '),
    'the same charts as native',
  );
  // Tolerance: none. Both PNGs come from the same Rust code (report::charts::to_png on
  // report::raster) given the byte-identical summary; the rasteriser and the glyph outlines
  // use IEEE-754 arithmetic with no fused multiply-add on either target, so every pixel is
  // the same. A difference of even one pixel means the two builds draw differently.
  let pixels = 0;
  for (const n of native) {
    const mine = decodePng(Buffer.from(files[pngs.find((p) => p.endsWith(`/${n}`))]));
    const theirs = decodePng(await readFile(join(out, 'charts', n)));
    eq(`${mine.width}x${mine.height}`, `${theirs.width}x${theirs.height}`, `${n}: size`);
    let differ = 0;
    let worst = 0;
    for (let i = 0; i < mine.pixels.length; i += 3) {
      const d = Math.max(
        Math.abs(mine.pixels[i] - theirs.pixels[i]),
        Math.abs(mine.pixels[i + 1] - theirs.pixels[i + 1]),
        Math.abs(mine.pixels[i + 2] - theirs.pixels[i + 2]),
      );
      if (d > 0) differ++;
      worst = Math.max(worst, d);
    }
    eq(differ, 0, `${n}: pixels differing from native (worst channel difference ${worst})`);
    // Not a blank picture: ink on at least 2% of it.
    let ink = 0;
    for (let i = 0; i < mine.pixels.length; i += 3) if (mine.pixels[i] < 200) ink++;
    assert(ink > (0.02 * mine.pixels.length) / 3, `${n}: has a chart drawn (${ink} dark pixels)`);
    pixels += mine.width * mine.height;
  }
  console.log(`     ${native.length} PNG charts, ${pixels} pixels, identical to native`);
});

await test('compare: the headline is the paired mean difference with its 90% interval', async () => {
  const { context: ctx, page: p } = await openApp();
  await valid(p);
  await p.fill('#runs', '300');
  await p.fill('#seed', '5');
  await p.fill('#in-workforce-establishment', '90');
  await p.fill('#run-name', 'ninety posts');
  await valid(p);
  await p.click('#run');
  const cell = (option, measure, col) =>
    p.locator(
      `#sbs-paired tr[data-measure="${measure}"] td[data-option="${option}"] [data-col="${col}"]`,
    );
  const SPEND = 'spend (all lines, whole horizon)';
  await cell('ninety posts', SPEND, 'ci90').waitFor({ timeout: 180000 });
  // The same comparison from the CLI (common random numbers, the same runs and seed).
  const cmp = JSON.parse(
    cli(
      'compare',
      '--preset',
      'peterborough-2012',
      '--set',
      'workforce.establishment=90',
      '--runs',
      '300',
      '--seed',
      '5',
      '--quiet',
      '--json',
      '-',
    ),
  );
  const h = cmp.variants[0].headlines.find((x) => x.name === SPEND);
  const money = (x) => {
    const s = gbp(Math.round(x).toString());
    return s.startsWith('\u2212') ? s : `+${s}`;
  };
  eq(await cell('ninety posts', SPEND, 'mean-diff').innerText(), money(h.paired.mean), 'mean');
  eq(
    await cell('ninety posts', SPEND, 'ci90').innerText(),
    `90% CI ${money(h.paired.ci90_low)} to ${money(h.paired.ci90_high)}`,
    'its 90% confidence interval',
  );
  assert(h.paired.ci90_low < h.paired.mean && h.paired.mean < h.paired.ci90_high, 'CI around it');
  const caption = await p.locator('#sbs-paired caption').innerText();
  assert(caption.includes('mean difference'), `the caption says what it is: ${caption}`);
  // Differences of medians elsewhere are labelled as such.
  const med = p.locator('#sbs-budget [data-col="median-diff"]').first();
  assert((await med.innerText()).startsWith('difference of medians'), 'labelled');

  // The preset again in other words: identical in every run, so "no change" throughout.
  await p.fill('#in-workforce-establishment', '81');
  await p.fill('#in-description', 'The preset, described again');
  await p.fill('#run-name', 'same plan');
  await valid(p);
  await p.click('#run');
  await cell('same plan', SPEND, 'mean-diff').waitFor({ timeout: 180000 });
  const same = await p
    .locator('#sbs-paired td[data-option="same plan"] [data-col="mean-diff"]')
    .allInnerTexts();
  eq(same.join(' | '), 'no change | no change | no change | no change', 'no change');
  eq(
    await p.locator('#sbs-paired td[data-option="same plan"] [data-col="ci90"]').count(),
    0,
    'no interval for no change',
  );
  eq(
    await p.locator('#sbs-paired td[data-option="same plan"] [data-col="p-better"]').count(),
    0,
    'no "better in 50% of runs" for no change',
  );
  await p.locator('#sec-options').scrollIntoViewIfNeeded();
  await p.screenshot({ path: join(shots, 'compare-paired.png') });
  await ctx.close();
});

await context.close();
await finish();
