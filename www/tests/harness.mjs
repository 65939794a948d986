// What the end-to-end tests (e2e*.mjs) stand on: a static server for the built site, a tiny
// test runner that reports each test and goes on after a failure, assertions, and helpers
// for money, CSV and downloads.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

// ---- a static server for www/dist ----------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve the folder `dist` on a free 127.0.0.1 port. */
export function serve(dist) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      if (path.endsWith('/')) path += 'index.html';
      const file = join(dist, path);
      if (!file.startsWith(dist)) throw new Error('outside');
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'content-type': MIME[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---- a tiny test runner ----------------------------------------------------------------------

/** Each test's name and outcome, in order. */
export const results = [];
export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    console.log(
      `FAIL ${name}\n     ${String(e && e.stack ? e.stack : e)
        .split('\n')
        .slice(0, 6)
        .join('\n     ')}`,
    );
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
export function eq(a, b, message) {
  if (a !== b)
    throw new Error(`${message}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}

/** "£1,234,567" from an exact decimal string, rounding half away from zero (as the page). */
export function gbp(value) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  let whole = BigInt(m[2]);
  if (m[3] && Number(m[3][0]) >= 5) whole += 1n;
  const neg = m[1] === '-' && whole !== 0n;
  return `${neg ? '\u2212' : ''}£${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** A CSV without quoted fields: its header and rows as objects. */
export function parseCsv(text) {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  return {
    header,
    rows: lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v]))),
  };
}

/** The file a click downloads: its suggested name and bytes. */
export async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: download.suggestedFilename(), data: Buffer.concat(chunks) };
}
