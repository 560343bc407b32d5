import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../../../electron/hub/cli/main.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { getOutboxEntry } from '../../../../../electron/hub/outbox/outbox.js';

const BIN = resolve(import.meta.dirname, '../../../../../electron/hub/cli/bin.mjs');
let child: ChildProcess | null = null;
let dir: string | null = null;
afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function run(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += String(d)));
  const code = await main(args, { stdout: out, stderr: err });
  return { code, stdout };
}

describe('demo --cache DB --live plays the central API for the outbox', () => {
  it('an action queued with `act` from another process is accepted within seconds and the message changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-demo-act-'));
    const db = join(dir, 'wall.db');
    const proc = spawn(process.execPath, [BIN, 'demo', '--cache', db, '--days', '1', '--seed', '5', '--live'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    const t0 = Date.now();
    while (!/Живой поток/.test(stderr)) {
      if (Date.now() - t0 > 60_000 || proc.exitCode !== null) throw new Error(`demo did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const probe = openCache(db, { readonly: true });
    const target = [...probe.exportMessages()].find((m) => m.status === 'new');
    probe.close();
    expect(target).toBeDefined();
    const r = await run(['act', '--cache', db, '--message', target!.id, '--type', 'acknowledge', '--operator', 'дежурный']);
    expect(r.code).toBe(0);
    const actionId = r.stdout.trim();
    const t1 = Date.now();
    let state = 'pending';
    while (Date.now() - t1 < 10_000) {
      const c = openCache(db, { readonly: true });
      try {
        state = getOutboxEntry(c, actionId)?.state ?? 'missing';
        if (state === 'done') {
          const m = c.getMessage(target!.id)!;
          expect(m.status).toBe('in_progress');
          expect(m.rev).toBeGreaterThan(target!.rev);
          expect(m.firstResponseAt).not.toBeNull();
          break;
        }
      } finally {
        c.close();
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(state).toBe('done');
    expect(Date.now() - t1).toBeLessThan(5000);
    await new Promise((res) => setTimeout(res, 300));
    expect(stderr).toMatch(new RegExp(`действие acknowledge для ${target!.id}: принято, ревизия \\d+`));
  }, 90_000);
});
