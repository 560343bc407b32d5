#!/usr/bin/env node
// Build the Electron shell: main (ESM) → dist-electron/main/index.js, preload (CommonJS: sandboxed
// preloads cannot be ES modules) → dist-electron/preload/index.cjs, and the hub's utility-process
// entry, when present, → dist-electron/hub/utility.js. Uses esbuild (a dependency of tsx).
// Run: npx node build/build-shell.mjs
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const esmRequire = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info', absWorkingDir: root };

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'dist-electron/main/index.js',
  format: 'esm',
  external: ['electron'],
  banner: { js: esmRequire },
});
await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'dist-electron/preload/index.cjs',
  format: 'cjs',
  external: ['electron'],
});
const hubEntry = ['electron/hub/utility.ts', 'electron/hub/entry.ts'].find((p) => existsSync(join(root, p)));
if (hubEntry)
  await build({
    ...common,
    entryPoints: [hubEntry],
    outfile: 'dist-electron/hub/utility.js',
    format: 'esm',
    external: ['electron', 'better-sqlite3'],
    banner: { js: esmRequire },
  });
else console.warn('build-shell: нет входа хаба (electron/hub/utility.ts) — хаб не собран');
