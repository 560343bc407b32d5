/** `actions`: the outbox in the operator's words and the region's time; a closed pipe ends quietly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openCache } from '../../../../../../electron/hub/cache/cache.js';
import { enqueueAction } from '../../../../../../electron/hub/outbox/outbox.js';
import { ROOT, BIN } from '../../../../../support/serve.js';
import { runCli } from '../../../../../support/cli.js';

const run = runCli;

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-actions-'));
  db = join(dir, 'c.db');
  const cache = openCache(db);
  cache.setRegion({ code: 'kamchatka', name: 'Камчатский край', timezone: 'Asia/Kamchatka' });
  cache.close();
  // One through the command itself, the rest straight into the outbox (enough to fill a pipe).
  const r = await run(['act', '--cache', db, '--message', 'm0', '--type', 'acknowledge', '--operator', 'дежурный']);
  expect(r.code, r.err).toBe(0);
  const c = openCache(db);
  for (let i = 1; i < 600; i++) {
    enqueueAction(c, {
      messageId: `m${i}`,
      type: i % 2 ? 'assign' : 'acknowledge',
      payload: i % 2 ? { assignee: 'Иванов' } : {},
      operator: 'дежурный',
      at: new Date(Date.UTC(2026, 10, 24, 5, 0, i)).toISOString(),
    });
  }
  c.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('actions', () => {
  it('names each action in Russian and gives its time in the region’s zone as «МСК+N»', async () => {
    const r = await run(['actions', '--cache', db]);
    expect(r.code).toBe(0);
    const first = r.out.split('\n')[0]!;
    expect(first).toContain('принять в работу');
    expect(first).toContain('ждёт отправки');
    expect(first).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d \(МСК\+9\)/);
    expect(r.out).not.toMatch(/acknowledge|assign\b|T\d\d:\d\d:\d\d/);
    expect(r.out.split('\n')[1]).toContain('назначить');
  });

  it('gives UTC on request and keeps the contract’s words in --json', async () => {
    expect((await run(['actions', '--cache', db, '--utc'])).out.split('\n')[0]).toMatch(/\(UTC\+12\)/);
    const json = JSON.parse((await run(['actions', '--cache', db, '--json'])).out.split('\n')[0]!);
    expect(json.action.type).toBe('acknowledge');
  });

  it('ends quietly with exit 0 when the reader closes the pipe (`actions --json | head -1`)', async () => {
    const child = spawn(process.execPath, [BIN, 'actions', '--cache', db, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});
