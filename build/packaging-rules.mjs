// The packaging rules of the kiosk (issue 14, docs/kiosk.md), as pure functions: build/check-packaging.mjs
// runs them on the real package in CI, tests/unit/electron/main/packaging.test.ts on the configuration.
//  - deb / rpm `depends` hold electron-builder's own list in full (a `depends` replaces it) plus libsecret;
//  - linux.executableArgs carry the launcher switches (electron/main/switches.ts LAUNCHER_ARGS);
//  - the autostart entry names no app path (it starts the systemd user unit), the unit restarts the app;
//  - the shell removes the default menu (its accelerators act on every window);
//  - every packaged .node needs no newer GLIBC_ / GLIBCXX_ than the oldest target (Astra Linux SE 1.7:
//    glibc 2.28, GCC 8 → GLIBCXX_3.4.25), unless it is an optional module the hub can do without.
import { readFileSync } from 'node:fs';

/** The oldest target: Astra Linux SE 1.7 (Debian 10 base). */
export const FLOOR = { GLIBC: '2.28', GLIBCXX: '3.4.25' };

/** electron-builder 26's own lists (app-builder-lib/out/targets/FpmTarget.js getDefaultDepends). */
export const BUILDER_DEFAULT_DEPENDS = {
  deb: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  rpm: ['gtk3', 'libnotify', 'nss', 'libXScrnSaver', '(libXtst or libXtst6)', 'xdg-utils', 'at-spi2-core', '(libuuid or libuuid1)'],
};
/** What Electron 45 links beyond electron-builder's list, and safeStorage's libsecret. */
export const EXTRA_DEPENDS = {
  deb: ['libsecret-1-0', 'libgbm1', 'libasound2', 'libdrm2', 'libxkbcommon0', 'libxrandr2', 'libxcomposite1', 'libxdamage1', 'libxfixes3', 'libcups2', 'libatk-bridge2.0-0', 'libdbus-1-3', 'libexpat1'],
  rpm: ['libsecret', 'mesa-libgbm', 'alsa-lib', 'libdrm', 'libxkbcommon', 'libXrandr', 'libXcomposite', 'libXdamage', 'libXfixes', 'cups-libs', 'at-spi2-atk', 'dbus-libs', 'expat'],
};
/** Same as electron/main/switches.ts LAUNCHER_ARGS (tests/unit/electron/main/packaging.test.ts checks). */
export const LAUNCHER_ARGS = ['--ozone-platform=x11'];

/**
 * Native modules the app can run without: path fragment → why. better-sqlite3 is loaded lazily by
 * electron/hub/cache/sqlite.ts; where its .node does not load (glibc < 2.34) the hub uses node:sqlite.
 */
export const OPTIONAL_NATIVE = {
  'node_modules/better-sqlite3/': 'необязательный: хаб загружает его лениво, а на glibc < 2.34 берёт node:sqlite (electron/hub/cache/sqlite.ts)',
};

export function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/**
 * The symbol versions an ELF shared object needs (its .gnu.version_r section), e.g.
 * ['GLIBC_2.2.5', 'GLIBC_2.34', 'GLIBCXX_3.4.29']. 64- and 32-bit, either byte order.
 */
export function elfVersionNeeds(buf) {
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('не ELF');
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const addr = (o) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const shoff = addr(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({ type: u32(o + 4), offset: addr(o + (is64 ? 0x18 : 0x10)), size: addr(o + (is64 ? 0x20 : 0x14)), link: u32(o + (is64 ? 0x28 : 0x18)) });
  }
  const SHT_GNU_VERNEED = 0x6ffffffe;
  const out = new Set();
  for (const s of sections.filter((x) => x.type === SHT_GNU_VERNEED)) {
    const strtab = sections[s.link];
    const str = (off) => {
      const start = strtab.offset + off;
      const end = buf.indexOf(0, start);
      return buf.toString('latin1', start, end);
    };
    let vn = s.offset;
    for (;;) {
      const cnt = u16(vn + 2);
      let aux = vn + u32(vn + 8);
      for (let j = 0; j < cnt; j++) {
        out.add(str(u32(aux + 8)));
        const next = u32(aux + 12);
        if (!next) break;
        aux += next;
      }
      const next = u32(vn + 12);
      if (!next) break;
      vn += next;
    }
  }
  return [...out].sort();
}

/** The highest GLIBC_ and GLIBCXX_ a .node needs, and whether they pass the floor. */
export function checkNative(path, buf, floor = FLOOR) {
  const needs = elfVersionNeeds(buf);
  const max = (prefix) => needs.filter((n) => n.startsWith(prefix + '_') && /^[\d.]+$/.test(n.slice(prefix.length + 1))).map((n) => n.slice(prefix.length + 1)).sort(compareVersions).at(-1) ?? null;
  const glibc = max('GLIBC');
  const glibcxx = max('GLIBCXX');
  const above = [];
  if (glibc && compareVersions(glibc, floor.GLIBC) > 0) above.push(`GLIBC_${glibc} > ${floor.GLIBC}`);
  if (glibcxx && compareVersions(glibcxx, floor.GLIBCXX) > 0) above.push(`GLIBCXX_${glibcxx} > ${floor.GLIBCXX}`);
  const optional = Object.entries(OPTIONAL_NATIVE).find(([frag]) => path.replaceAll('\\', '/').includes(frag))?.[1] ?? null;
  return { path, glibc, glibcxx, above, optional, ok: above.length === 0 || optional !== null };
}

const lines = (s) => s.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
function desktopField(text, key) {
  const l = lines(text).find((x) => x.startsWith(`${key}=`));
  return l ? l.slice(key.length + 1) : null;
}

/**
 * The configuration rules. `builder` is build/electron-builder.yml parsed; `files` the texts of
 * the kiosk files and the built (or source) shell. Returns a list of Russian problems (empty: OK).
 */
export function checkConfig(builder, files) {
  const problems = [];
  for (const t of ['deb', 'rpm']) {
    const deps = builder?.[t]?.depends ?? null;
    if (!Array.isArray(deps)) {
      problems.push(`${t}.depends не задан списком`);
      continue;
    }
    const missing = [...BUILDER_DEFAULT_DEPENDS[t], ...EXTRA_DEPENDS[t]].filter((d) => !deps.includes(d));
    if (missing.length) problems.push(`${t}.depends: не хватает ${missing.join(', ')} (depends заменяет список electron-builder целиком)`);
  }
  const args = builder?.linux?.executableArgs ?? [];
  for (const a of LAUNCHER_ARGS) if (!args.includes(a)) problems.push(`linux.executableArgs: нет ${a}`);
  const res = (builder?.extraResources ?? []).map((r) => (typeof r === 'string' ? r : r.from));
  if (!res.includes('build/kiosk')) problems.push('extraResources: нет build/kiosk (запуск киоска)');

  const exec = desktopField(files.autostart, 'Exec') ?? '';
  if (!/systemctl --user start situation-wall\.service/.test(exec)) problems.push(`автозапуск: Exec должен запускать situation-wall.service, а не «${exec}»`);
  if (/\/opt\/|\.AppImage|^situation-wall\b/.test(exec)) problems.push('автозапуск: Exec называет путь к программе — он не един для deb, rpm и AppImage');
  if (!/import-environment[^;]*DISPLAY/.test(exec)) problems.push('автозапуск: Exec не передаёт DISPLAY в systemd');
  const unit = files.unit;
  if (!/^Restart=(always|on-failure)$/m.test(unit)) problems.push('situation-wall.service: нет Restart=always');
  if (!/^ExecStart=%h\/\.local\/bin\/situation-wall-kiosk\b/m.test(unit)) problems.push('situation-wall.service: ExecStart не запускает situation-wall-kiosk');
  const launcher = files.launcher;
  for (const a of LAUNCHER_ARGS) {
    const [name] = a.split('=');
    if (!launcher.includes(`${name}=`)) problems.push(`situation-wall-kiosk: не передаёт ${name}`);
  }
  if (!/xset s off s noblank -dpms/.test(launcher)) problems.push('situation-wall-kiosk: гашение экрана не отключается');
  if (!/unprivileged_userns_clone/.test(launcher)) problems.push('situation-wall-kiosk: AppImage без проверки пространств имён пользователя');
  if (!/setApplicationMenu\(null\)/.test(files.shell)) problems.push('оболочка: меню по умолчанию не убрано (Menu.setApplicationMenu(null))');
  return problems;
}

export function readKioskFiles(root, shellFile) {
  const r = (p) => readFileSync(new URL(p, `file://${root.replace(/\/?$/, '/')}`), 'utf8');
  return {
    autostart: r('build/kiosk/situation-wall-kiosk.desktop'),
    unit: r('build/kiosk/situation-wall.service'),
    launcher: r('build/kiosk/situation-wall-kiosk'),
    shell: r(shellFile),
  };
}
