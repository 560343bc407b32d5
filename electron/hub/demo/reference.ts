/**
 * The reference dictionaries and meta of a demonstration region, as /v1/reference and /v1/meta
 * would give them: the nine standard blocks, the demo's categories, the channels, and the
 * region's municipalities with population (from the bundled boundaries, gaps filled).
 */
import { DateTime } from 'luxon';
import type { Meta, Reference } from '../../../shared/schema.js';
import { SUPPORTED_SCHEMA_VERSION } from '../../../shared/schema.js';
import { BLOCK_LABELS, STANDARD_BLOCKS } from '../../../shared/blocks.js';
import { REGIONS, type RegionId } from '../../../shared/regions.js';
import { loadRegionGeo } from '../geo/regions.js';
import { CATEGORIES, CHANNELS } from './catalog.js';

/** Version of the demo dictionaries; bump when categories or channels change. */
export const DEMO_REFERENCE_VERSION = 'demo-2026-11.1';

export function demoReference(region: RegionId): Reference {
  const geo = loadRegionGeo(region);
  return {
    referenceVersion: DEMO_REFERENCE_VERSION,
    blocks: STANDARD_BLOCKS.map((id) => ({ id, name: BLOCK_LABELS[id] })),
    categories: CATEGORIES.map((c) => ({ id: c.id, block: c.block, name: c.name })),
    channels: CHANNELS.map((c) => ({ id: c.id, name: c.name })),
    municipalities: geo.municipalities.map((m) => ({ oktmo: m.oktmo, name: m.name, population: m.population })),
  };
}

/** RFC 3339 with the zone's offset at that instant, whole seconds (e.g. 2026-11-21T09:15:00+12:00). */
export function formatInZone(ms: number, timezone: string): string {
  const s = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone: timezone }).toISO({ suppressMilliseconds: true, includeOffset: true });
  if (!s) throw new Error(`недопустимый часовой пояс ${timezone}`);
  return s.replace(/\+00:00$/, 'Z');
}

export function demoMeta(region: RegionId, now: number): Meta {
  const r = REGIONS[region];
  return {
    schemaVersion: SUPPORTED_SCHEMA_VERSION,
    region: { code: r.code, name: r.name, timezone: r.timezone },
    serverTime: formatInZone(now, r.timezone),
  };
}
