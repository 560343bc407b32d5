/**
 * The layer rules of DESIGN.md are enforced by ESLint (eslint.config.js). These tests lint small
 * probe files placed, virtually, in each layer and check that every forbidden import is reported —
 * so that a change to the lint config cannot silently switch the rule off.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The import lines (1-based) that the layer rule flags in a probe file. */
async function restricted(filePath: string, code: string): Promise<number[]> {
  const [res] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
}

/** The lines of a probe that are import statements: every one of them must be flagged. */
const importLines = (lines: string[]): number[] => lines.flatMap((l, i) => (l.startsWith('import ') ? [i + 1] : []));

async function expectAllFlagged(filePath: string, lines: string[]): Promise<void> {
  expect(await restricted(filePath, lines.join('\n'))).toEqual(importLines(lines));
}

describe('layer rules', () => {
  it('shared/ may not import Node, the hub, the renderer or electron', async () => {
    await expectAllFlagged(
      'shared/probe.ts',
      [
        "import fs from 'node:fs';",
        "import os from 'os';",
        "import Database from 'better-sqlite3';",
        "import { app } from 'electron';",
        "import { a } from '../electron/hub/cache/api.js';",
        "import { b } from '../renderer/x.js';",
        'export const all = [fs, os, Database, app, a, b];',
      ],
    );
  });

  it('the renderer may not import Node, the hub or electron', async () => {
    await expectAllFlagged(
      'renderer/panels/probe.ts',
      [
        "import path from 'node:path';",
        "import { WebSocketServer } from 'ws';",
        "import { ipcRenderer } from 'electron';",
        "import { c } from '../../electron/hub/cache/api.js';",
        "import { d } from '../../electron/preload/index.js';",
        'export const all = [path, WebSocketServer, ipcRenderer, c, d];',
      ],
    );
  });

  it('the hub may not import electron, the shell or the renderer', async () => {
    await expectAllFlagged(
      'electron/hub/cache/probe.ts',
      [
        "import { app } from 'electron';",
        "import { m } from '../../main/index.js';",
        "import { p } from '../../preload/index.js';",
        "import { r } from '../../../renderer/main.js';",
        'export const all = [app, m, p, r];',
      ],
    );
  });

  it('allowed imports pass: shared in every layer, Node in the hub, electron in the shell', async () => {
    expect(await restricted('electron/hub/x/probe.ts', "import fs from 'node:fs';\nimport { z } from '../../../shared/schema.js';\nexport const all = [fs, z];")).toEqual([]);
    expect(await restricted('electron/main/probe.ts', "import { app } from 'electron';\nimport fs from 'node:fs';\nexport const all = [app, fs];")).toEqual([]);
    expect(await restricted('renderer/probe.ts', "import { create } from 'zustand';\nimport { BLOCK_LABELS } from '../shared/blocks.js';\nexport const all = [create, BLOCK_LABELS];")).toEqual([]);
  });
});

describe('no browser dialogs in the renderer (Electron lacks them)', () => {
  const DIALOG_RULES = new Set(['no-alert', 'no-restricted-globals', 'no-restricted-properties']);
  async function flagged(filePath: string, lines: string[]): Promise<number[]> {
    const [res] = await eslint.lintText(lines.join('\n'), { filePath: `${root}/${filePath}` });
    return [...new Set((res?.messages ?? []).filter((m) => m.ruleId && DIALOG_RULES.has(m.ruleId)).map((m) => m.line))];
  }
  const probe = [
    "const who = window.prompt('Кому назначить?');",
    "window.alert('Готово');",
    "const sure = window.confirm('Точно?');",
    "alert('Готово');",
    "const again = confirm('Точно?');",
    "const typed = prompt('Комментарий');",
    "globalThis.alert('Готово');",
    'export const all = [who, sure, again, typed];',
  ];

  it('window.prompt, alert, confirm — called any way — are errors in renderer/**', async () => {
    expect(await flagged('renderer/src/console/probe.tsx', probe)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('an in-app dialog (a component named Dialog, a method called confirm on an object) is fine', async () => {
    const ok = ["import { Dialog } from './Dialog.js';", 'const form = { confirm: () => 1 };', 'export const all = [Dialog, form.confirm()];'];
    expect(await flagged('renderer/src/console/probe.tsx', ok)).toEqual([]);
  });
});
