/** The quarantine under a flood of garbage: rows capped (the oldest dropped), the count kept, raw copies cut. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { QUARANTINE_MAX_ROWS, QUARANTINE_RAW_CHARS } from '../../../electron/hub/cache/limits.js';
import { tempDir } from '../sync/helpers.js';

describe('quarantine bounds', () => {
  it(`keeps at most ${QUARANTINE_MAX_ROWS} rows, newest kept, every record counted; a 50 MB line keeps 8 KB`, () => {
    const t = tempDir('sw-q-');
    const cache = openCache(join(t.dir, 'c.db'));
    try {
      const n = QUARANTINE_MAX_ROWS + 2345;
      for (let i = 0; i < n; i += 5000)
        cache.applyBatch(Array.from({ length: Math.min(5000, n - i) }, (_, k) => `мусор ${i + k}`), { cursor: String(i) });
      cache.applyJsonLines(['x'.repeat(50 << 20)], { firstLine: 1, source: 'import:big' });
      expect(cache.quarantineCount()).toBe(n + 1);
      const rows = cache.db.prepare('SELECT COUNT(*) FROM quarantine').pluck().get() as number;
      expect(rows).toBe(QUARANTINE_MAX_ROWS);
      const [latest, before] = cache.listQuarantine(2);
      expect(latest!.reason).toBe('строка 1: не JSON');
      expect(latest!.raw.length).toBeLessThan(QUARANTINE_RAW_CHARS + 40);
      expect(latest!.raw).toMatch(/… \[обрезано: 52\s428\s800 символов\]$/);
      expect(before!.raw).toBe(`мусор ${n - 1}`);
      expect(cache.listQuarantine(QUARANTINE_MAX_ROWS + 10).at(-1)!.raw).toBe(`мусор ${n - QUARANTINE_MAX_ROWS + 1}`);
    } finally {
      cache.close();
      t.cleanup();
    }
  });
});
