import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

export function tempDir(prefix = 'sw-sync-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const BIN = join(process.cwd(), 'electron/hub/cli/bin.mjs');

/** Runs the CLI in a child process (Node 22 of vitest); resolves with its exit and output. */
export function runCli(
  args: string[],
  opts: { killAfterMs?: number; timeoutMs?: number } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timers: NodeJS.Timeout[] = [];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs));
    timers.push(setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000));
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
