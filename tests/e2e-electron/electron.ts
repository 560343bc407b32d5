/**
 * Where is the Electron binary, and can it run here? Resolved the way `require('electron')` does
 * (node_modules/electron/path.txt → node_modules/electron/dist/<path>, or ELECTRON_OVERRIDE_DIST_PATH),
 * but without its side effect: `require('electron')` downloads the binary when it is missing, and
 * nothing may be downloaded on the build machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string; version: string } | { ok: false; reason: string };

export function findElectron(root: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { ok: false, reason: 'пакет electron не установлен (npm ci)' };
  const pathFile = join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let bin: string;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) bin = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
  else if (rel) bin = join(pkg, 'dist', rel);
  else
    return {
      ok: false,
      reason: 'двоичный файл Electron не скачан (нет node_modules/electron/path.txt); на машине с сетью: npx install-electron',
    };
  if (!existsSync(bin)) return { ok: false, reason: `двоичного файла Electron нет: ${bin}` };
  try {
    const version = execFileSync(bin, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...env, ELECTRON_RUN_AS_NODE: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    return { ok: true, path: bin, version };
  } catch (e) {
    return { ok: false, reason: `Electron не запускается (${bin} --version): ${String((e as Error).message).split('\n')[0]}` };
  }
}

/** Can a window be shown here (Linux needs an X or Wayland display; xvfb-run provides one)? */
export function displayProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'нет дисплея (DISPLAY/WAYLAND_DISPLAY не заданы): запустите под xvfb-run -a';
}
