#!/usr/bin/env node
// Check the packaging configuration without an Electron binary (none can be downloaded on the
// build machine): make a placeholder Electron distribution (a tiny file carrying the fuse wire, so
// the security fuses are flipped for real), run electron-builder --dir with it, and check what
// app.asar holds. Build the shell (build/build-shell.mjs) and the renderer first.
// Run: npx node build/check-packaging.mjs
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'sw-pack-'));
const dist = join(work, 'electron-dist');
mkdirSync(dist);
const version = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
// @electron/fuses: sentinel, wire version 1, wire length, then one ASCII '0'/'1' per fuse.
const wire = '01000001';
writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho placeholder\n# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\x01${String.fromCharCode(wire.length)}${wire}\n`, 'latin1');
chmodSync(join(dist, 'electron'), 0o755);
writeFileSync(join(dist, 'version'), version);
const out = join(work, 'out');
const bin = (n) => join(root, 'node_modules/.bin', n);
execFileSync(bin('electron-builder'), ['--config', 'build/electron-builder.yml', '--linux', 'dir', `-c.electronDist=${dist}`, `-c.directories.output=${out}`, '--publish', 'never'], { cwd: root, stdio: 'inherit' });
const listing = execFileSync(bin('asar'), ['list', join(out, 'linux-unpacked/resources/app.asar')], { encoding: 'utf8' }).split('\n');
const must = ['/package.json', '/dist-electron/main/index.js', '/dist-electron/preload/index.cjs', '/assets/geo', '/node_modules/better-sqlite3/lib/index.js'];
const should = ['/dist/renderer/index.html', '/dist-electron/hub/utility.js'];
const missing = must.filter((p) => !listing.includes(p));
for (const p of should.filter((p) => !listing.includes(p))) console.warn(`check-packaging: в app.asar нет ${p} (не собран?)`);
const leaked = listing.filter((p) => /^\/(tests|electron|renderer\/src|shared)\//.test(p) || (/\.ts$/.test(p) && !p.includes('node_modules')) || /^\/node_modules\/(?!better-sqlite3)/.test(p));
const fuses = readFileSync(join(out, 'linux-unpacked/situation-wall'), 'latin1');
console.log(`check-packaging: ${listing.length} записей в app.asar; предохранители: ${fuses.slice(fuses.indexOf('dL7p') + 34).slice(0, wire.length)}`);
if (missing.length || leaked.length) {
  if (missing.length) console.error(`check-packaging: в app.asar не хватает: ${missing.join(', ')}`);
  if (leaked.length) console.error(`check-packaging: в app.asar попали исходники: ${leaked.slice(0, 5).join(', ')}`);
  process.exit(1);
}
console.log('check-packaging: OK');
