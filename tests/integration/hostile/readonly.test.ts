/**
 * Read-only commands in a read-only folder (a cache on a mounted share, a copy handed out):
 * export, kpi, rating, queue, actions, alerts and report open the cache read-only and work; a
 * command that writes says so in one Russian line with a non-zero exit. The folder is made
 * read-only with a read-only bind mount when run as root (chmod binds nobody then), else chmod.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../sync/helpers.js';

const t = tempDir('sw-ro-');
const src = join(t.dir, 'src');
const ro = join(t.dir, 'ro');
let mounted = false;

beforeAll(async () => {
  mkdirSync(src);
  mkdirSync(ro);
  const made = await runCli(['demo', '--region', 'kamchatka', '--cache', join(src, 'c.db'), '--days', '2', '--now', '2026-11-21T12:00:00+12:00'], { timeoutMs: 60_000 });
  expect(made.code, made.stderr).toBe(0);
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['--bind', src, ro]);
    execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
    mounted = true;
  } else {
    copyFileSync(join(src, 'c.db'), join(ro, 'c.db'));
    chmodSync(ro, 0o555);
  }
  expect(() => writeFileSync(join(ro, 'probe'), 'x')).toThrow();
}, 90_000);

afterAll(() => {
  if (mounted) execFileSync('umount', [ro]);
  else chmodSync(ro, 0o755);
  t.cleanup();
});

const FROM = '2026-11-20T00:00:00+12:00';
const TO = '2026-11-21T12:00:00+12:00';

describe('read-only commands in a read-only folder', () => {
  const db = () => join(ro, 'c.db');
  for (const [name, args] of [
    ['export', () => ['export', '--cache', db()]],
    ['kpi', () => ['kpi', '--cache', db(), '--from', FROM, '--to', TO, '--now', TO]],
    ['rating', () => ['rating', '--cache', db(), '--from', FROM, '--to', TO, '--now', TO]],
    ['queue', () => ['queue', '--cache', db(), '--now', TO]],
    ['actions', () => ['actions', '--cache', db()]],
    ['alerts', () => ['alerts', '--cache', db(), '--from', FROM, '--to', TO]],
    ['report', () => ['report', '--cache', db(), '--from', FROM, '--to', TO, '--now', TO, '--out', join(t.dir, 'r.pdf')]],
  ] as const)
    it(`${name} works`, async () => {
      const r = await runCli([...args()], { timeoutMs: 60_000 });
      expect(r.stderr).not.toMatch(/unable to open|SQLITE_|Error:|ExperimentalWarning/);
      expect(r.code, r.stderr).toBe(0);
    });

  it('a command that writes: one Russian line, non-zero exit', async () => {
    const r = await runCli(['import', '--cache', db(), join(t.dir, 'none.jsonl')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^situation-wall import: [а-яё]/i);
    const w = join(t.dir, 'in.jsonl');
    writeFileSync(w, '');
    const r2 = await runCli(['import', '--cache', db(), w]);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr.trim().split('\n'), r2.stderr).toHaveLength(1);
    expect(r2.stderr).toMatch(/^situation-wall import: .*[а-яё]/i);
    expect(r2.stderr).not.toMatch(/SQLITE_|unable to open/);
  });
});
