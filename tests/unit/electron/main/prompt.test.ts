/**
 * Issue 14, finding 12: Electron answers every window.prompt (and alert/confirm has no dialog)
 * with null — an action that asks with prompt() does nothing. The fake's prompt() is Electron's.
 * The console asks through in-app dialogs (renderer/src/console/Dialog.tsx), and ESLint forbids
 * the browser's dialogs in renderer/** (eslint.config.js, tests/unit/layers.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays } from '../../../support/fake-electron.js';

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

  it('the renderer never calls window.prompt / alert / confirm (in-app dialogs instead)', () => {
    const offenders = sources(join(import.meta.dirname, '../../../../renderer/src')).filter((f) => /\bwindow\.(prompt|alert|confirm)\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
