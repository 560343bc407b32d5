/**
 * Property tests (fast-check): the cache against a naive implementation of the contract's rules
 * (docs/spec/central-api.md: per id the highest rev wins, equal or older ignored, a tombstone
 * removes, a higher rev re-creates), on random logs of revisions and tombstones in random orders,
 * applied in random chunks with the cache closed and reopened ("killed") between chunks; and the
 * parsers that take bytes from outside (the JSONL splitter of import, the bounded SSE parser, the
 * configuration parser) fed random bytes: they end normally or throw only their own error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { importJsonl } from '../../../electron/hub/cache/import.js';
import { createBoundedSseParser, SseLimitError } from '../../../electron/hub/sync/sse.js';
import { parseConfigText } from '../../../shared/config.js';
import { message } from '../sync/fixture.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';
import { REFERENCE } from '../sync/fixture.js';
import { tempDir } from '../sync/helpers.js';

/** One log entry: the same (id, rev) is always the same item (a resend), live or a tombstone. */
function item(id: number, rev: number, tomb: boolean): unknown {
  const key = `im-${id}`;
  if (tomb) return { id: key, rev, deleted: true };
  return message(key, rev, seededRandom(id * 1000 + rev), 'new');
}

/** The rules written out plainly: highest rev per id, ties ignored (first seen wins), tombstones remove. */
function naive(log: readonly { id: string; rev: number; deleted?: boolean }[]): Map<string, number> {
  const held = new Map<string, { rev: number; deleted: boolean }>();
  for (const it of log) {
    const h = held.get(it.id);
    if (h === undefined || it.rev > h.rev) held.set(it.id, { rev: it.rev, deleted: it.deleted === true });
  }
  const out = new Map<string, number>();
  for (const [id, h] of held) if (!h.deleted) out.set(id, h.rev);
  return out;
}

const entry = fc.record({ id: fc.integer({ min: 0, max: 12 }), rev: fc.integer({ min: 1, max: 8 }), tomb: fc.boolean() });

describe('the cache equals a naive implementation of the rules', () => {
  it('random logs, random order, random chunks, killed between chunks', () => {
    const t = tempDir('sw-prop-');
    let run = 0;
    try {
      fc.assert(
        fc.property(
          fc.array(entry, { minLength: 1, maxLength: 60 }),
          fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
          (entries, chunkSizes, kills) => {
            // The tombstone flag is a property of (id, rev): a resend is the same item.
            const kind = new Map<string, boolean>();
            const log = entries.map((e) => {
              const k = `${e.id}/${e.rev}`;
              if (!kind.has(k)) kind.set(k, e.tomb);
              return item(e.id, e.rev, kind.get(k)!) as { id: string; rev: number; deleted?: boolean };
            });
            const path = join(t.dir, `c${run++}.db`);
            let cache = openCache(path);
            cache.setReference(REFERENCE);
            try {
              let i = 0;
              let c = 0;
              while (i < log.length) {
                const n = chunkSizes[c % chunkSizes.length]!;
                cache.applyBatch(log.slice(i, i + n), { cursor: String(i + n) });
                i += n;
                if (kills[c % kills.length]) {
                  cache.close();
                  cache = openCache(path);
                }
                c++;
              }
              const got = new Map([...cache.exportMessages()].map((m) => [m.id, m.rev]));
              expect(got).toEqual(naive(log));
              expect(cache.getCursor()).toBe(String(i));
            } finally {
              cache.close();
            }
          },
        ),
        { numRuns: 60, seed: 20261201 },
      );
    } finally {
      t.cleanup();
    }
  });
});

describe('parsers fed random bytes never throw anything but their own error', () => {
  it('the JSONL splitter of import: random bytes (with line breaks) import, quarantining what is not a message', async () => {
    const t = tempDir('sw-fuzz-');
    try {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(new Uint8Array([10]), new Uint8Array([13, 10]), new Uint8Array([13]))), {
            maxLength: 30,
          }),
          async (parts) => {
            const file = join(t.dir, `f${k}.jsonl`);
            writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p))));
            const cache = openCache(join(t.dir, `f${k++}.db`));
            cache.setReference(REFERENCE);
            try {
              const s = await importJsonl(cache, file, { chunk: 3 });
              expect(s.applied + s.quarantined + s.ignored).toBeLessThanOrEqual(s.lines);
              expect(cache.quarantineCount()).toBe(s.quarantined);
            } finally {
              cache.close();
            }
          },
        ),
        { numRuns: 30, seed: 7 },
      );
    } finally {
      t.cleanup();
    }
  });

  it('the bounded SSE parser: any text in any chunks gives events or SseLimitError, never another error', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('\n', '\r\n', '\r', 'data: ', 'event: change\n', 'id: 1\n', ': c\n')), { maxLength: 60 }), (chunks) => {
        let events = 0;
        const p = createBoundedSseParser(() => events++, { maxLine: 200, maxEvent: 400 });
        try {
          for (const c of chunks) p.feed(c);
        } catch (e) {
          expect(e).toBeInstanceOf(SseLimitError);
        }
        expect(events).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('the bounded SSE parser never holds a line past its limit (the limit is checked before the parser sees the text)', () => {
    const p = createBoundedSseParser(() => undefined, { maxLine: 1000, maxEvent: 10_000 });
    p.feed('data: ' + 'x'.repeat(990));
    expect(() => p.feed('x'.repeat(10))).toThrow(SseLimitError);
  });

  it('the configuration parser: any text gives ok or a list of Russian errors, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 4 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8'))), (text) => {
        const r = parseConfigText(text);
        if (!r.ok) for (const e of r.errors) expect(e).toMatch(/[а-яё]/i);
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
