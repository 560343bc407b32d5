/** Shared fixtures of the cache tests: a small reference, a message builder, temp cache files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Reference } from '../../shared/schema.js';
import { openCache, type SqliteCache } from '../../electron/hub/cache/cache.js';

export const REF: Reference = {
  referenceVersion: 't1',
  blocks: [
    { id: 'housing', name: 'ЖКХ' },
    { id: 'roads', name: 'Дороги' },
  ],
  categories: [
    { id: 'housing.heating', block: 'housing', name: 'Отопление' },
    { id: 'roads.pits', block: 'roads', name: 'Ямы' },
  ],
  channels: [
    { id: 'pos', name: 'ПОС' },
    { id: 'vk', name: 'ВКонтакте' },
  ],
  municipalities: [
    { oktmo: '30701000', name: 'Петропавловск-Камчатский городской округ', population: 163000 },
    { oktmo: '30607000', name: 'Елизовский муниципальный район', population: 60000 },
  ],
};

export const REGION = { code: '41', name: 'Камчатский край', timezone: 'Asia/Kamchatka' };

export function msg(id: string, rev: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    rev,
    deleted: false,
    channel: 'vk',
    municipality: '30701000',
    location: { lat: 53.02, lon: 158.65 },
    block: 'housing',
    category: 'housing.heating',
    createdAt: '2026-11-21T07:02:11+12:00',
    dueAt: '2026-11-21T15:02:11+12:00',
    firstResponseAt: null,
    answeredAt: null,
    status: 'new',
    reworkCount: 0,
    resonance: { views: 5400, likes: 120, reposts: 31, comments: 48 },
    satisfaction: null,
    assignee: null,
    text: `обращение ${id} ревизия ${rev}`,
    ...extra,
  };
}

export const tomb = (id: string, rev: number) => ({ id, rev, deleted: true });

/** A fresh temp directory; `cleanup()` removes it. */
export type TempDir = { dir: string; file: (name: string) => string; cleanup: () => void };

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'sw-cache-'));
  return { dir, file: (n) => join(dir, n), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh cache file (`c.sqlite` in its own temp dir, with REF set unless `reference: false`) before
 * each test of the calling file or describe block, handed to `use`; after the test the cache that
 * `current` returns (a test may have reopened it) is closed and the dir removed.
 */
export function freshCacheEachTest(use: (cache: SqliteCache, tmp: TempDir) => void, current: () => SqliteCache, o: { reference?: boolean } = {}): void {
  let tmp: TempDir | null = null;
  beforeEach(() => {
    tmp = tempDir();
    const cache = openCache(tmp.file('c.sqlite'));
    if (o.reference !== false) cache.setReference(REF);
    use(cache, tmp);
  });
  afterEach(() => {
    current().close();
    tmp?.cleanup();
  });
}
