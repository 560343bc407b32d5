/** Start the shell on the recording fake, with a temporary user data dir and a manual clock. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShell, registerSchemes } from '../../electron/main/shell.js';
import type { Shell } from '../../electron/main/shell.js';
import type { BackoffOptions } from '../../electron/main/backoff.js';
import { FakeClock, createFakeElectron } from './fake-electron.js';
import type { FakeOptions } from './fake-electron.js';
import type { DisplayInput } from '../../shared/wall/plan.js';

export function silentLog() {
  const lines: string[] = [];
  return {
    lines,
    error: (m: string) => void lines.push(`ERROR ${m}`),
    warn: (m: string) => void lines.push(`WARN ${m}`),
    info: (m: string) => void lines.push(`INFO ${m}`),
    debug: () => undefined,
  };
}

export async function boot(config: unknown, displays: DisplayInput[], extra: Partial<FakeOptions> & { argv?: string[]; backoff?: BackoffOptions } = {}) {
  // The shell's own argv (its flags) and the executable's command line (Chromium's switches) are one list.
  const userData = mkdtempSync(join(tmpdir(), 'sw-shell-'));
  if (config !== undefined) writeFileSync(join(userData, 'config.json'), JSON.stringify(config));
  const fake = createFakeElectron({ displays, userData, ...extra, ...(extra.argv ? { argv: extra.argv } : {}) });
  const clock = new FakeClock();
  const log = silentLog();
  registerSchemes(fake.api);
  const shell = (await startShell(fake.api, {
    argv: extra.argv ?? ['electron', '../unit/shell'],
    preloadPath: '/app/dist-electron/preload/index.cjs',
    rendererDir: '/app/dist/renderer',
    hubEntry: '/app/dist-electron/hub/utility.js',
    clock,
    logger: log,
    process: fake.process,
    keyringProbe: fake.keyringProbe,
    ...(extra.backoff ? { backoff: extra.backoff } : {}),
  })) as Shell;
  return { fake, clock, log, shell, userData };
}

