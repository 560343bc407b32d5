import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../../../../electron/hub/cli/main.js';
import { openCache } from '../../../../../../electron/hub/cache/cache.js';

async function run(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += String(d)));
  err.on('data', (d) => (stderr += String(d)));
  const code = await main(args, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

describe('situation-wall demo', () => {
  it('fills a new cache with the region, its reference and the history, and says so in Russian', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-demo-'));
    try {
      const db = join(dir, 'wall.db');
      const r = await run(['demo', '--cache', db, '--region', 'murmansk', '--days', '2', '--seed', '3', '--now', '2026-11-21T12:00:00+03:00']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Мурманская область, 2 дн\. до 2026-11-21T12:00:00\+03:00, зерно 3: [\d\s ]+ сообщений, [\d\s ]+ ревизий/);
      const cache = openCache(db, { readonly: true });
      try {
        expect(cache.getRegion()).toEqual({ code: '47', name: 'Мурманская область', timezone: 'Europe/Moscow' });
        expect(cache.getReference()?.municipalities.length).toBe(17);
        expect(cache.messageCount()).toBeGreaterThan(150); // ~660 thousand people: about 150 a day (docs/demo.md)
        expect(cache.quarantineCount()).toBe(0);
      } finally {
        cache.close();
      }
      // A second run on a filled cache is refused in one line.
      const again = await run(['demo', '--cache', db, '--region', 'murmansk', '--days', '1']);
      expect(again.code).not.toBe(0);
      expect(again.stderr.trim().split('\n')).toHaveLength(1);
      expect(again.stderr).toMatch(/уже содержит/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown region is one clear line listing the valid ones', async () => {
    const r = await run(['demo', '--cache', '/tmp/never-created.db', '--region', 'moscow']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/kamchatka, perm, murmansk, buryatia, volgograd/);
  });

  it('--scale 2 doubles the volume (stress and benchmarks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-demo-'));
    try {
      const count = async (scale: string) => {
        const db = join(dir, `s${scale}.db`);
        const r = await run(['demo', '--cache', db, '--region', 'murmansk', '--days', '4', '--seed', '3', '--now', '2026-11-21T12:00:00+03:00', '--scale', scale]);
        expect(r.code).toBe(0);
        const cache = openCache(db, { readonly: true });
        try {
          return cache.messageCount();
        } finally {
          cache.close();
        }
      };
      const ratio = (await count('2')) / (await count('1'));
      expect(ratio).toBeGreaterThan(1.8);
      expect(ratio).toBeLessThan(2.2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--live is a time speed-up and --scale a multiplier: nonsense is one Russian usage line', async () => {
    for (const args of [['--live', 'быстро'], ['--live=-1'], ['--live', '100000'], ['--scale', '0'], ['--scale', 'x']]) {
      const r = await run(['demo', '--cache', '/tmp/never-created.db', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(args[0]!.startsWith('--live') ? /ускорение времени/ : /множитель объёмов/);
    }
  });

  it('bad numbers and times are usage errors', async () => {
    expect((await run(['demo', '--cache', '/tmp/x.db', '--days', '0'])).code).toBe(2);
    expect((await run(['demo', '--cache', '/tmp/x.db', '--now', 'вчера'])).code).toBe(2);
    expect((await run(['demo', '--region', 'perm'])).stderr).toMatch(/--cache/);
  });
});
