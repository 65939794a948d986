// Share links: the whole scenario, deflated and base64url-encoded, in the URL fragment
// (`#s=...`), so it never reaches a server. Run settings ride along (`&runs=`, `&seed=`), and
// the kept options (`&o=`, each a merge patch of the scenario, deflated the same way).

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { SharedOptions } from './options';
import type { JsonObject } from './types';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface Shared {
  doc: JsonObject;
  runs?: number;
  seed?: string;
  options?: SharedOptions;
}

const pack = (v: unknown) => toBase64Url(deflateSync(strToU8(JSON.stringify(v)), { level: 9 }));
const unpack = (s: string): unknown => JSON.parse(strFromU8(inflateSync(fromBase64Url(s))));

export function encodeShare(
  doc: JsonObject,
  runs?: number,
  seed?: string,
  options?: SharedOptions,
): string {
  const params = [`s=${pack(doc)}`];
  if (runs) params.push(`runs=${runs}`);
  if (seed) params.push(`seed=${encodeURIComponent(seed)}`);
  if (options) params.push(`o=${pack(options)}`);
  return params.join('&');
}

export function shareUrl(
  doc: JsonObject,
  runs?: number,
  seed?: string,
  options?: SharedOptions,
): string {
  const base = `${location.origin}${location.pathname}${location.search}`;
  return `${base}#${encodeShare(doc, runs, seed, options)}`;
}

/** The scenario in a fragment, if there is one. Throws if it is there but unreadable. */
export function decodeShare(hash: string): Shared | null {
  const frag = hash.replace(/^#/, '');
  if (!frag) return null;
  const params = new URLSearchParams(frag);
  const s = params.get('s');
  if (!s) return null;
  let doc: unknown;
  let options: unknown;
  try {
    doc = unpack(s);
    const o = params.get('o');
    options = o ? unpack(o) : undefined;
  } catch {
    throw new Error('The shared link is damaged (it may have been cut short when copied).');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error('The shared link does not hold a scenario.');
  const runs = Number(params.get('runs'));
  const seed = params.get('seed') ?? undefined;
  return {
    doc: doc as JsonObject,
    runs: Number.isInteger(runs) && runs > 0 ? runs : undefined,
    seed: seed && /^\d+$/.test(seed) ? seed : undefined,
    options:
      options && typeof options === 'object' && Array.isArray((options as SharedOptions).options)
        ? (options as SharedOptions)
        : undefined,
  };
}
