#!/usr/bin/env node
// Check the packaging configuration without an Electron binary (none can be downloaded on the
// build machine): make a placeholder Electron distribution (a tiny file carrying the fuse wire, so
// the security fuses are flipped for real), run electron-builder --dir with it, and check what
// app.asar holds. Build the shell (build/build-shell.mjs) and the renderer first.
// Then the kiosk rules (build/packaging-rules.mjs, issue 14): the deb/rpm dependency lists, the
// launcher switches in executableArgs, the autostart entry and the systemd unit, the default menu
// removed in the built shell, and every packaged .node's GLIBC_/GLIBCXX_ needs against the oldest
// target (Astra Linux SE 1.7: glibc 2.28, GLIBCXX 3.4.25) — an optional module (better-sqlite3,
// with node:sqlite behind it) may need more, nothing else may.
// Run: npx node build/check-packaging.mjs      (--rules-only: the rules without electron-builder)
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { checkConfig, checkNative, FLOOR, readKioskFiles } from './packaging-rules.mjs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- the kiosk rules on the configuration and the built shell ----
const builtShell = existsSync(join(root, 'dist-electron/main/index.js')) ? 'dist-electron/main/index.js' : 'electron/main/shell.ts';
const rules = checkConfig(yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')), readKioskFiles(root, builtShell));
for (const p of rules) console.error(`check-packaging: ${p}`);
if (rules.length) process.exit(1);
console.log(`check-packaging: зависимости deb/rpm, executableArgs, автозапуск, systemd, меню (${builtShell}) — OK`);

/** Every .node under dir, checked against the floor. */
function checkNatives(dir, hubBundle, base = dir) {
  const found = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.node')) found.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  let bad = 0;
  for (const p of found) {
    const buf = readFileSync(p);
    if (buf.readUInt32BE(0) !== 0x7f454c46) {
      console.warn(`check-packaging: ${p.slice(base.length + 1)}: не ELF (не для Linux) — пропущен`);
      continue;
    }
    const r = checkNative(p.slice(base.length + 1), buf);
    const needs = `GLIBC_${r.glibc ?? '—'}, GLIBCXX_${r.glibcxx ?? '—'}`;
    if (!r.above.length) console.log(`check-packaging: ${r.path}: ${needs} — не выше ${FLOOR.GLIBC} / ${FLOOR.GLIBCXX}`);
    else if (r.optional) {
      // Optional only if the hub really has the other driver.
      const fallback = hubBundle && /getBuiltinModule/.test(hubBundle) && /node:sqlite/.test(hubBundle);
      if (!fallback) {
        bad++;
        console.error(`check-packaging: ${r.path}: ${r.above.join(', ')} — и в сборке хаба нет запасного node:sqlite`);
      } else console.warn(`check-packaging: ${r.path}: ${r.above.join(', ')} — ${r.optional}`);
    } else {
      bad++;
      console.error(`check-packaging: ${r.path}: ${r.above.join(', ')} — не загрузится на Astra Linux SE 1.7`);
    }
  }
  return { found: found.length, bad };
}
if (process.argv.includes('--rules-only')) {
  const hub = existsSync(join(root, 'dist-electron/hub/utility.js')) ? readFileSync(join(root, 'dist-electron/hub/utility.js'), 'utf8') : readFileSync(join(root, 'electron/hub/cache/sqlite.ts'), 'utf8');
  const n = checkNatives(join(root, 'node_modules/better-sqlite3/prebuilds'), hub, root);
  process.exit(n.bad ? 1 : 0);
}

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
const unpacked = join(out, 'linux-unpacked/resources/app.asar.unpacked');
const hubBundle = existsSync(join(root, 'dist-electron/hub/utility.js')) ? readFileSync(join(root, 'dist-electron/hub/utility.js'), 'utf8') : null;
const natives = checkNatives(unpacked, hubBundle);
if (natives.bad) process.exit(1);
// Electron itself (a real distribution on the build machine; the placeholder is a script): the
// executable and its .so files must load on the oldest target too.
for (const f of ['situation-wall', ...readdirSync(join(out, 'linux-unpacked')).filter((x) => x.endsWith('.so') || x.endsWith('.so.1'))]) {
  const buf = readFileSync(join(out, 'linux-unpacked', f));
  if (buf.readUInt32BE(0) !== 0x7f454c46) {
    console.warn(`check-packaging: ${f}: не ELF (заглушка Electron?) — пропущен`);
    continue;
  }
  const r = checkNative(f, buf);
  if (r.above.length) {
    console.error(`check-packaging: ${f}: ${r.above.join(', ')} — Electron не запустится на Astra Linux SE 1.7`);
    process.exit(1);
  }
  console.log(`check-packaging: ${f}: GLIBC_${r.glibc ?? '—'}, GLIBCXX_${r.glibcxx ?? '—'} — OK`);
}
for (const f of ['kiosk/situation-wall-kiosk', 'kiosk/situation-wall.service', 'kiosk/situation-wall-kiosk.desktop', 'kiosk/install-kiosk.sh'])
  if (!existsSync(join(out, 'linux-unpacked/resources', f))) {
    console.error(`check-packaging: в поставке нет resources/${f}`);
    process.exit(1);
  }
console.log(`check-packaging: OK (${natives.found} файлов .node проверено)`);
