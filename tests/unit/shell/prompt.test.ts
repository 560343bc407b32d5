/**
 * Issue 14, finding 12: Electron answers every window.prompt (and alert/confirm has no dialog)
 * with null — an action that asks with prompt() does nothing. The fake's prompt() is Electron's.
 * The renderer's assign/comment still use window.prompt (renderer/src/Console.tsx); the lead is
 * replacing them with in-app dialogs. This check fails until then (`it.fails`): when the last
 * prompt() is gone it starts passing as a plain `it` — flip it then.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from './boot.js';
import { gridDisplays } from './fake-electron.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(tsx?|jsx?)$/.test(f) ? [p] : [];
  });
}

describe('window.prompt in Electron', () => {
  it('returns null in every window (no dialog exists)', async () => {
    const { fake } = await boot({}, gridDisplays(1, 1));
    expect(fake.open()[0]!.webContents.prompt('Кому назначить?')).toBeNull();
  });

  it.fails('the renderer never calls window.prompt / alert / confirm (covered by the lead: in-app dialogs)', () => {
    const offenders = sources(join(import.meta.dirname, '../../../renderer/src')).filter((f) => /\bwindow\.(prompt|alert|confirm)\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
