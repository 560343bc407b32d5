import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { main } from '../../../../../../electron/hub/cli/main.js';
import { makeFixture, type Fixture } from '../../../../../support/hub-fixtures.js';

let fx: Fixture;
beforeAll(() => {
  fx = makeFixture(10);
});
afterAll(() => fx.cleanup());

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _e, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, get text() { return text; } };
}

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(['serve', ...args], { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text, stderr: err.text };
}

describe('situation-wall serve (command line)', () => {
  it('refuses bad usage with one Russian line and a non-zero exit', async () => {
    for (const [args, re] of [
      [[], /нужен --cache ФАЙЛ или --demo РЕГИОН/],
      [['--demo', 'atlantis'], /неизвестный регион «atlantis»/],
      [['--cache', fx.path, '--port', '70000'], /--port/],
      [['--cache', fx.path, '--live', '5'], /--live работает только с --demo/],
      [['--cache', fx.path, '--console-token', 'abc'], /не короче 8/],
      [['--cache', fx.path, '--window', 'week'], /--window: неизвестный период «week»; доступны: today, 24h, 7d, 30d/],
    ] as const) {
      const r = await run([...args]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('starts on an ephemeral loopback port, prints the URL on stderr and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['electron/hub/cli/bin.mjs', 'serve', '--cache', fx.path, '--port', '0'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const url = await new Promise<string>((ok, fail) => {
      child.stderr.on('data', (d) => {
        err += String(d);
        const m = /стена: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`вышел с кодом ${code}: ${err}`)));
    });
    try {
      const r = await fetch(`${url}healthz`);
      expect(await r.json()).toMatchObject({ ok: true, region: { name: 'Камчатский край' } });
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).not.toMatch(/at .*\.ts:\d+/); // no stack
  });
});
