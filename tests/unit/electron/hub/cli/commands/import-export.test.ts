/** `import` and `export` end to end through the CLI dispatcher, with captured stdout/stderr. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../../../../../../electron/hub/cli/main.js';
import { openCache } from '../../../../../../electron/hub/cache/cache.js';
import { REF, msg, tempDir, tomb } from '../../../../../support/cache-fixtures.js';

class Sink extends Writable {
  text = '';
  constructor(private readonly failWith?: string) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.failWith) {
      cb(Object.assign(new Error('write EPIPE'), { code: this.failWith }));
      return;
    }
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function run(argv: string[], stdout = new Sink()) {
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

let tmp: ReturnType<typeof tempDir>;
let refPath: string;
let dbPath: string;
beforeEach(() => {
  tmp = tempDir();
  refPath = tmp.file('ref.json');
  dbPath = tmp.file('wall.sqlite');
  writeFileSync(refPath, JSON.stringify(REF));
});
afterEach(() => tmp.cleanup());

const line = (o: unknown) => JSON.stringify(o);

describe('import', () => {
  it('imports a JSONL with broken lines: applies the rest, quarantines, summarises, exits 0', async () => {
    const lines = [
      line(msg('m-2', 1)),
      '',
      line(msg('m-1', 3, { status: 'closed' })),
      '{"id": "m-3", "rev": 1, ',
      line(msg('m-1', 2)),
      line(msg('m-4', 1, { municipality: '99999999' })),
      '   ',
      line(msg('m-5', 1)),
      line(tomb('m-5', 2)),
      'not json at all',
    ];
    const file = tmp.file('in.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await run(['import', '--cache', dbPath, '--reference', refPath, file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/строк 8; применено 4, пропущено \(не новее хранящихся\) 1, удалено 1, в карантине 3/);
    expect(r.err).toMatch(/в кэше обращений 2/);
    expect(r.err).toMatch(/строк\/с/);
    const c = openCache(dbPath, { readonly: true });
    try {
      expect(c.listQuarantine().map((q) => q.reason)).toEqual([
        'строка 10: не JSON',
        expect.stringContaining('99999999'),
        'строка 4: не JSON',
      ]);
      expect(c.listQuarantine()[2]!.raw).toBe('{"id": "m-3", "rev": 1,');
      expect(c.listQuarantine()[0]!.source).toBe('import:in.jsonl');
      expect(c.getReference()).toEqual(REF);
    } finally {
      c.close();
    }
  });

  it('round trip: import then export gives the current messages by id, highest revs, as received', async () => {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < 50; i++) items.push(msg(`im-${String((i * 37) % 50).padStart(3, '0')}`, 1 + (i % 3)));
    const later = items.slice(0, 10).map((m) => ({ ...m, rev: (m.rev as number) + 10, status: 'answered', answeredAt: '2026-11-21T11:00:00+12:00' }));
    const older = items.slice(10, 20).map((m) => ({ ...m, rev: 0, status: 'rejected' }));
    const tombs = [tomb('im-020', 99), tomb('im-021', 99)];
    const all: Record<string, unknown>[] = [...items, ...later, ...older, ...tombs];
    const file = tmp.file('in.jsonl');
    writeFileSync(file, all.map(line).join('\r\n'));
    expect((await run(['import', '--cache', dbPath, '--reference', refPath, '--chunk', '7', file])).code).toBe(0);

    const expected = new Map<string, Record<string, unknown>>();
    for (const m of all) {
      const id = m.id as string;
      const held = expected.get(id);
      if (!held || (m.rev as number) > (held.rev as number)) expected.set(id, m);
    }
    const want = [...expected.values()]
      .filter((m) => m.deleted !== true)
      .sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1))
      .map(line);

    const r = await run(['export', '--cache', dbPath]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(want.join('\n') + '\n');
    expect(want).toHaveLength(48);

    // Re-importing the export changes nothing: every rev is already held.
    const again = tmp.file('again.jsonl');
    writeFileSync(again, r.out);
    const r2 = await run(['import', '--cache', dbPath, again]);
    expect(r2.err).toMatch(/применено 0, пропущено \(не новее хранящихся\) 48/);
  });

  it('a bad reference file is one clear line naming the bad field, and no cache is created', async () => {
    const bad = tmp.file('bad-ref.json');
    writeFileSync(bad, JSON.stringify({ ...REF, categories: [{ id: 'x', name: 'без блока' }] }));
    const file = tmp.file('in.jsonl');
    writeFileSync(file, line(msg('a', 1)) + '\n');
    const r = await run(['import', '--cache', dbPath, '--reference', bad, file]);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^situation-wall import: справочники .*bad-ref\.json не по контракту: categories\.0\.block: /);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('reference that is not JSON, missing files, missing options: one line, non-zero exit', async () => {
    const notJson = tmp.file('ref.txt');
    writeFileSync(notJson, '{ нет');
    const file = tmp.file('in.jsonl');
    writeFileSync(file, line(msg('a', 1)) + '\n');
    const cases: [string[], RegExp, number][] = [
      [['import', '--cache', dbPath, '--reference', notJson, file], /справочники .*ref\.txt: не JSON/, 1],
      [['import', '--cache', dbPath, '--reference', tmp.file('nope.json'), file], /файл справочников не найден: .*nope\.json/, 1],
      [['import', '--cache', dbPath, '--reference', refPath, tmp.file('nope.jsonl')], /файл обращений не найден: .*nope\.jsonl/, 1],
      [['import', '--reference', refPath, file], /не задан обязательный параметр --cache/, 2],
      [['import', '--cache', dbPath, '--reference', refPath], /ровно один файл/, 2],
      [['import', '--cache', dbPath, file], /ещё нет справочников: укажите --reference/, 2],
      [['import', '--cache', dbPath, '--reference', refPath, '--chunk', '0', file], /--chunk/, 2],
      [['export', '--cache', tmp.file('missing.sqlite')], /кэш не найден: .*missing\.sqlite/, 1],
    ];
    for (const [argv, re, code] of cases) {
      const r = await run(argv);
      expect(r.err, argv.join(' ')).toMatch(re);
      expect(r.err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
      expect(r.code, argv.join(' ')).toBe(code);
    }
    expect(existsSync(tmp.file('missing.sqlite'))).toBe(false);
  });

  it('a file that is not a cache is refused clearly', async () => {
    const junk = tmp.file('junk.sqlite');
    writeFileSync(junk, 'x'.repeat(4096));
    const r = await run(['export', '--cache', junk]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^situation-wall export: файл .*junk\.sqlite не является кэшем стены/);
  });

  it('--help prints usage on stdout', async () => {
    for (const name of ['import', 'export']) {
      const r = await run([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Использование: situation-wall ${name} --cache`));
    }
  });
});

describe('export', () => {
  it('a closed pipe (EPIPE) ends the export quietly with exit 0', async () => {
    const c = openCache(dbPath);
    c.setReference(REF);
    c.applyBatch(Array.from({ length: 3000 }, (_, i) => msg(`m${i}`, 1)), { collect: false });
    c.close();
    const r = await run(['export', '--cache', dbPath], new Sink('EPIPE'));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});
