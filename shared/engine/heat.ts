/**
 * Points of the heat map: interleaved [lon, lat, weight] of the messages created in [from, to)
 * that have a location, for a deck.gl HeatmapLayer (getPosition/getWeight read the buffer with a
 * stride of 3). Every message weighs 1: the heat map shows where complaints come from, not their
 * resonance (the queue shows that).
 * Pure and isomorphic.
 */
import type { MessageStore } from './store.js';

export interface HeatFilter {
  from: number;
  to: number;
  blocks?: readonly string[];
  channels?: readonly string[];
  municipality?: string;
}

function maskOf(dict: { size: number; lookup(s: string): number | undefined }, values: readonly string[] | undefined): Uint8Array | null {
  if (!values) return null;
  const m = new Uint8Array(Math.max(1, dict.size));
  for (const v of values) {
    const i = dict.lookup(v);
    if (i !== undefined) m[i] = 1;
  }
  return m;
}

export function heatPoints(store: MessageStore, filter: HeatFilter): Float32Array {
  const { from, to } = filter;
  const n = store.size;
  const created = store.createdAt;
  const lat = store.lat;
  const lon = store.lon;
  const bMask = maskOf(store.blocks, filter.blocks);
  const cMask = maskOf(store.channels, filter.channels);
  const bc = store.block;
  const cc = store.channel;
  const mc = store.municipality;
  let mIdx = -1;
  if (filter.municipality !== undefined) {
    const i = store.municipalities.lookup(filter.municipality);
    if (i === undefined) return new Float32Array(0);
    mIdx = i;
  }
  // one pass collecting matching rows, then one writing the buffer
  const hits = new Int32Array(n);
  let k = 0;
  for (let r = 0; r < n; r++) {
    const c = created[r]!;
    if (c >= from && c < to && lat[r] === lat[r]) {
      if (bMask && !bMask[bc[r]!]) continue;
      if (cMask && !cMask[cc[r]!]) continue;
      if (mIdx >= 0 && mc[r] !== mIdx) continue;
      hits[k++] = r;
    }
  }
  const out = new Float32Array(k * 3);
  for (let i = 0, j = 0; i < k; i++, j += 3) {
    const r = hits[i]!;
    out[j] = lon[r]!;
    out[j + 1] = lat[r]!;
    out[j + 2] = 1;
  }
  return out;
}
