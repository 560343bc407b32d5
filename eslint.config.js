// ESLint flat config. The layer rules of DESIGN.md are enforced here, not by memory:
//   shared/            — pure, isomorphic: imports nothing of the other layers, no Node built-ins.
//   electron/hub/      — plain Node: shared, Node, SQLite; never `electron`, never the renderer.
//   electron/main|preload — the shell: the only code that may import `electron`.
//   renderer/          — browser: shared and browser libraries; no Node built-ins, no hub, no electron.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyLibs = ['better-sqlite3', 'ws', 'tsx', 'electron-builder'];

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron (DESIGN.md, layers).' };
const nodeBanned = nodeBuiltins.map((name) => ({ name, message: 'This layer runs in a browser too: no Node built-ins.' }));
const nodeLibBanned = nodeOnlyLibs.map((name) => ({ name, message: 'Node-only library: not in this layer.' }));

// The renderer never uses the browser's own dialogs: Electron does not implement them (the
// console's dialogs are in-app: renderer/src/console/Dialog.tsx). Exported for tests/unit/layers.test.ts.
const noDialogMessage = 'Electron lacks window.prompt/alert/confirm: use an in-app dialog (renderer/src/console/Dialog.tsx).';
export const rendererNoDialogs = {
  'no-alert': 'error',
  'no-restricted-globals': ['error', ...['prompt', 'alert', 'confirm'].map((name) => ({ name, message: noDialogMessage }))],
  'no-restricted-properties': [
    'error',
    ...['window', 'globalThis', 'self'].flatMap((object) =>
      ['prompt', 'alert', 'confirm'].map((property) => ({ object, property, message: noDialogMessage })),
    ),
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-*/**', 'out/**', 'tests/artifacts/**', 'build/**', 'coverage/**', 'reports/**', '.stryker-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts', 'shared/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBanned, ...nodeLibBanned],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', '**/tests/**'], message: 'shared/ imports nothing outside shared/ (DESIGN.md, layers).' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/hub/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**', ...['../', '../../', '../../../'].flatMap((up) => [`${up}main/**`, `${up}preload/**`])],
              message: 'The hub is plain Node: it imports shared/ and Node only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'The shell does not import renderer code.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBanned, ...nodeLibBanned],
          patterns: [
            { group: ['**/electron/**'], message: 'The renderer never touches Node or the hub: talk through the bridge.' },
          ],
        },
      ],
      ...rendererNoDialogs,
    },
  },
);
