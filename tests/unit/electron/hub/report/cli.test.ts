/** `report` on the command line: format from the extension or --format, --now defaults to --to, clear errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../../../electron/hub/cli/main.js';

const NOW = '2026-11-30T00:00:00+12:00';
const FROM = '2026-11-29T00:00:00+12:00';
let dir: string;
let db: string;

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-report-cli-'));
  db = join(dir, 'c.db');
  expect((await cli(['demo', '--cache', db, '--region', 'kamchatka', '--days', '3', '--now', NOW])).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report command', () => {
  it('takes the format from the extension; --format wins over it', async () => {
    const a = await cli(['report', '--cache', db, '--from', FROM, '--to', NOW, '--out', join(dir, 'a.PDF')]);
    expect(a.code).toBe(0);
    expect(readFileSync(join(dir, 'a.PDF')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.err).toContain('Справка (PDF');
    const b = await cli(['report', '--cache', db, '--from', FROM, '--to', NOW, '--out', join(dir, 'b.bin'), '--format', 'xlsx']);
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, 'b.bin')).subarray(0, 2).toString()).toBe('PK');
  });

  it('says what is wrong, in Russian, and writes nothing', async () => {
    const ext = await cli(['report', '--cache', db, '--from', FROM, '--to', NOW, '--out', join(dir, 'c.txt')]);
    expect(ext.code).toBe(2);
    expect(ext.err).toContain('укажите --format pdf или --format xlsx');
    const fmt = await cli(['report', '--cache', db, '--from', FROM, '--to', NOW, '--out', join(dir, 'c.pdf'), '--format', 'docx']);
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain('неизвестный формат «docx»');
    const order = await cli(['report', '--cache', db, '--from', NOW, '--to', FROM, '--out', join(dir, 'c.pdf')]);
    expect(order.code).toBe(2);
    expect(order.err).toContain('--from должно быть раньше --to');
    const noOut = await cli(['report', '--cache', db, '--from', FROM, '--to', NOW]);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    const noCache = await cli(['report', '--cache', join(dir, 'none.db'), '--from', FROM, '--to', NOW, '--out', join(dir, 'c.pdf')]);
    expect(noCache.code).toBe(1);
    expect(noCache.err).toContain('кэш не найден');
    expect(existsSync(join(dir, 'c.pdf'))).toBe(false);
  });

  it('is listed in --help', async () => {
    const r = await cli(['--help']);
    expect(r.out).toMatch(/report\s+справка/);
  });
});
