/**
 * End-to-end runner: builds the renderer if needed, seeds a demo cache (fixed seed), starts
 * `situation-wall serve --demo kamchatka --cache … --port 0`, runs every tests/e2e/*.e2e.ts in Debian's
 * Chromium, and prints `e2e: N passed, N failed`. Screenshots go to tests/artifacts/ (git-ignored).
 *   npx tsx tests/e2e/run.ts [filter]
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './browser.js';
import { startServe } from '../support/serve.js';
import { writeDemoJsonl } from './seed.js';
import type { E2eContext, E2eTest } from './context.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'electron/hub/cli/bin.mjs');
const NODE = process.execPath;
const ARTIFACTS = join(ROOT, 'tests/artifacts');

function cli(args: string[]): string {
  return execFileSync(NODE, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}


async function main() {
  const started = Date.now();
  const filter = process.argv[2];
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')) || process.env.E2E_BUILD === '1') {
    execFileSync(NODE, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'wall-e2e-'));
  const db = join(dir, 'wall.db');
  const end = Date.now();
  const seed = await writeDemoJsonl(dir, 'kamchatka', 7, 7, end);
  cli(['import', '--cache', db, '--reference', seed.reference, seed.jsonl]);
  const servers: ChildProcess[] = [];
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  try {
    // The last 24 hours, not «today»: the region's day may have just begun when the suite runs
    // (Kamchatka's midnight is 12:00 UTC), and an empty «today» would prove nothing about the colours.
    const main = await startServe(['--demo', 'kamchatka', '--cache', db, '--port', '0', '--live', '0', '--seed', '7', '--window', '24h']);
    servers.push(main.proc);
    const ctx: E2eContext = {
      url: main.url,
      consoleUrl: main.consoleUrl,
      db,
      browser,
      artifacts: ARTIFACTS,
      texts: seed.texts,
      reference: JSON.parse(readFileSync(seed.reference, 'utf8')) as E2eContext['reference'],
      cli,
      startServe: async (args) => {
        const s = await startServe(args);
        servers.push(s.proc);
        return s.url;
      },
      serve: async (args) => {
        const s = await startServe(args);
        servers.push(s.proc);
        return s;
      },
      tmp: dir,
    };
    const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.e2e.ts')).sort();
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(import.meta.dirname, f)).href)) as { tests: E2eTest[] };
      for (const t of mod.tests) {
        if (filter && !t.name.includes(filter)) continue;
        const t0 = Date.now();
        try {
          await t.run(ctx);
          passed++;
          console.log(`  ✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (e) {
          failed++;
          console.log(`  ✗ ${t.name}\n      ${(e instanceof Error ? e.stack ?? e.message : String(e)).split('\n').slice(0, 6).join('\n      ')}`);
        }
      }
    }
  } finally {
    await browser.close();
    for (const p of servers) p.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`e2e time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
