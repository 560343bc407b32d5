/**
 * Starts `situation-wall serve …` as a child process and resolves with the wall's URL and the
 * console's URL (with its key, docs/threat-model.md) once both are printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'electron/hub/cli/bin.mjs');

/** `nodeArgs`: options for the serve process's Node (the soak's `--inspect=127.0.0.1:0`); `output()` is what it printed. */
export function startServe(
  args: string[],
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<{ proc: ChildProcess; url: string; consoleUrl: string; output: () => string }> {
  return new Promise((res, rej) => {
    const proc = spawn(process.execPath, [...nodeArgs, BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const on = (d: Buffer) => {
      buf += d.toString();
      const m = /стена:\s*(http:\/\/\S+)/.exec(buf);
      const c = /пульт:\s*(http:\/\/\S+)/.exec(buf);
      if (m && c) {
        clearTimeout(timer);
        res({ proc, url: m[1]!.replace(/\/$/, ''), consoleUrl: c[1]!, output: () => buf });
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', (c) => rej(new Error(`serve exited ${c}: ${buf}`)));
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${buf}`)), timeoutMs);
  });
}
