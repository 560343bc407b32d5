/**
 * End-to-end runner of the desktop app under Playwright's `_electron`:
 *   npx tsx tests/e2e-electron/run.ts [filter]        (npm run e2e:electron)
 * Where the Electron binary exists (and a display: xvfb-run -a on a headless Linux), builds the
 * shell (build/build-shell.mjs: main, preload, hub utility entry) and, when missing or with
 * E2E_BUILD=1, the renderer, then runs every tests/e2e-electron/*.e2e.ts against the real app.
 * Where it does not (this build machine: no Electron can be downloaded), every test is SKIPPED
 * with the reason; what they cover without the binary is tested under Node
 * (tests/unit/electron/hub/utility.chain.test.ts: shell → hub utility → IPC bridge on the fake electron).
 * Closing line: `e2e-electron: N passed, N failed, N skipped`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ElectronApplication } from 'playwright-core';
import { displayProblem, findElectron } from './electron.js';
import type { ElectronE2eContext, ElectronE2eTest } from './context.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE = process.execPath;

async function loadTests(filter: string | undefined): Promise<ElectronE2eTest[]> {
  const out: ElectronE2eTest[] = [];
  const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.e2e.ts')).sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(import.meta.dirname, f)).href)) as { tests: ElectronE2eTest[] };
    out.push(...mod.tests.filter((t) => !filter || t.name.includes(filter)));
  }
  return out;
}

function build(): void {
  execFileSync(NODE, [join(ROOT, 'build/build-shell.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')) || process.env.E2E_BUILD === '1')
    execFileSync(NODE, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  for (const f of ['dist-electron/main/index.js', 'dist-electron/preload/index.cjs', 'dist-electron/hub/utility.js', 'dist/renderer/index.html'])
    if (!existsSync(join(ROOT, f))) throw new Error(`сборка не дала ${f}`);
}

async function main(): Promise<void> {
  const tests = await loadTests(process.argv[2]);
  const bin = findElectron(ROOT);
  const noDisplay = bin.ok ? displayProblem() : null;
  if (!bin.ok || noDisplay) {
    const why = !bin.ok ? bin.reason : noDisplay!;
    console.log(`e2e-electron: ПРОПУЩЕНО — ${why}`);
    console.log('  (без двоичного файла оболочка, хаб и мост IPC проверяются под Node: tests/unit/electron/hub/utility.chain.test.ts)');
    for (const t of tests) console.log(`  - ${t.name} (пропущен)`);
    console.log(`e2e-electron: 0 passed, 0 failed, ${tests.length} skipped`);
    return;
  }
  console.log(`e2e-electron: Electron ${bin.version} (${bin.path})`);
  build();
  const { _electron } = await import('playwright-core');
  const tmp = mkdtempSync(join(tmpdir(), 'sw-e2e-electron-'));
  const running: ElectronApplication[] = [];
  const ctx: ElectronE2eContext = {
    root: ROOT,
    electronPath: bin.path,
    async launch(config) {
      const userData = mkdtempSync(join(tmp, 'user-'));
      const cfg = join(userData, 'e2e-config.json');
      writeFileSync(cfg, JSON.stringify(config));
      // As the packages' launchers start it (electron/main/switches.ts LAUNCHER_ARGS): no self-relaunch.
      const args = [ROOT, `--user-data-dir=${userData}`, `--config=${cfg}`, '--ozone-platform=x11'];
      // Chromium refuses to run as root with its sandbox (containers in CI); the renderers keep
      // contextIsolation and the app's own checks either way.
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      const app = await _electron.launch({
        executablePath: bin.path,
        args,
        cwd: ROOT,
        env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
        timeout: 120_000,
      });
      running.push(app);
      const logs: string[] = [];
      app.process().stdout?.on('data', (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean)));
      app.process().stderr?.on('data', (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean)));
      return { app, userData, logs };
    },
  };
  let passed = 0;
  let failed = 0;
  try {
    for (const t of tests) {
      const t0 = Date.now();
      try {
        await t.run(ctx);
        passed++;
        console.log(`  ✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${t.name}\n      ${(e instanceof Error ? (e.stack ?? e.message) : String(e)).split('\n').slice(0, 6).join('\n      ')}`);
      }
    }
  } finally {
    for (const a of running) await a.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`e2e-electron: ${passed} passed, ${failed} failed, 0 skipped`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  console.log('e2e-electron: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
});
