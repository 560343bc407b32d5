/**
 * The hand-written line splitter of importJsonl against readline (what the import used before):
 * the same lines, line numbers, stored texts and quarantine, on awkward files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { importJsonl } from '../../../../../electron/hub/cache/import.js';
import { REF, msg, tempDir, tomb } from '../../../../support/cache-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** The old import: readline lines, BOM dropped from line 1, applied as strings in chunks. */
async function oracle(file: string, db: string, chunk: number) {
  const cache = openCache(db);
  cache.setReference(REF);
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) lines.push(lines.length === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
  const sum = { lines: lines.filter((l) => l.trim() !== '').length, applied: 0, ignored: 0, deleted: 0, quarantined: 0 };
  for (let i = 0; i < lines.length; i += chunk) {
    const r = cache.applyJsonLines(lines.slice(i, i + chunk), { firstLine: i + 1, source: 'x', collect: false });
    sum.applied += r.applied;
    sum.ignored += r.ignored;
    sum.deleted += r.deleted;
    sum.quarantined += r.quarantined;
  }
  return { cache, sum };
}

function contents(cache: ReturnType<typeof openCache>) {
  return {
    messages: cache.db.prepare('SELECT id, rev, deleted, status, json, typeof(json) FROM messages ORDER BY id').raw().all(),
    quarantine: cache.listQuarantine(1000).map((q) => [q.itemId, q.rev, q.reason, q.raw]),
  };
}

const line = (o: unknown) => JSON.stringify(o);

describe('importJsonl line splitting', () => {
  const cases: [string, () => Buffer][] = [
    ['LF, CRLF, lone CR, blank and padded lines, no final newline', () =>
      Buffer.from(
        [line(msg('a', 1)), '', '   ', `  ${line(msg('b', 1))}\t`].join('\n') + '\r\n' +
          line(msg('c', 1)) + '\r' + line(msg('a', 2, { status: 'closed' })) + '\r\n\r\n' + '{"id":"x","rev":1,' + '\n' +
          line(tomb('b', 5)) + '\n' + line(msg('d', 1, { text: 'ёлка 𝄞 «кавычки»' })),
      )],
    ['a BOM, trailing newline, NBSP padding', () =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${line(msg('a', 1))}\n\u00a0${line(msg('b', 1))}\n\n`)])],
    ['invalid UTF-8 inside a string', () =>
      Buffer.concat([Buffer.from(line(msg('a', 1, { text: 'AAA' })).replace('AAA', 'A\u0001A')), Buffer.from('\n'), Buffer.from(line(msg('b', 1)) + '\n')]).map((b) => (b === 1 ? 0xff : b)) as Buffer],
    ['a line longer than a read block, CR at block ends', () => {
      const long = line(msg('long', 1, { text: 'я'.repeat(3 << 20) }));
      const many = Array.from({ length: 3000 }, (_, i) => line(msg(`m${i}`, 1 + (i % 3), { text: 'x'.repeat(1000 + (i % 7)) })));
      return Buffer.from([many.slice(0, 1500).join('\r\n'), long, many.slice(1500).join('\r')].join('\n'));
    }],
  ];
  for (const [name, make] of cases) {
    it(`matches readline: ${name}`, async () => {
      const file = tmp.file('in.jsonl');
      writeFileSync(file, make());
      for (const chunk of [1, 7, 5000]) {
        const ours = openCache(tmp.file(`ours-${chunk}.sqlite`));
        ours.setReference(REF);
        const s = await importJsonl(ours, file, { chunk, source: 'x' });
        const want = await oracle(file, tmp.file(`old-${chunk}.sqlite`), chunk);
        expect({ ...s, ms: 0 }).toEqual({ ...want.sum, ms: 0 });
        expect(contents(ours)).toEqual(contents(want.cache));
        ours.close();
        want.cache.close();
      }
    });
  }
});
