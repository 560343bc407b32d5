/**
 * Issue 14, findings 10 and 11, and the addon floor: the packaging rules (build/packaging-rules.mjs,
 * run on the real package by build/check-packaging.mjs in CI) on the configuration as committed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { BUILDER_DEFAULT_DEPENDS, checkConfig, checkNative, compareVersions, elfVersionNeeds, LAUNCHER_ARGS, readKioskFiles } from '../../../../build/packaging-rules.mjs';
import { LAUNCHER_ARGS as SHELL_LAUNCHER_ARGS } from '../../../../electron/main/switches.js';

const root = join(import.meta.dirname, '../../../..');
const builder = () => yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
const files = () => readKioskFiles(root, 'electron/main/shell.ts');

describe('the packages', () => {
  it('the committed configuration passes every rule', () => {
    expect(checkConfig(builder(), files())).toEqual([]);
  });

  it('deb/rpm depends keep electron-builder’s own list (a depends replaces it) — dropping one fails', () => {
    const b = builder();
    for (const t of ['deb', 'rpm'] as const) {
      const cut = { ...b, [t]: { ...b[t], depends: (b[t]!.depends as string[]).filter((d) => d !== BUILDER_DEFAULT_DEPENDS[t][2]) } };
      expect(checkConfig(cut, files())).toEqual([expect.stringMatching(new RegExp(`^${t}\\.depends: не хватает ${BUILDER_DEFAULT_DEPENDS[t][2]!.replace(/[()]/g, '\\$&')}`))]);
    }
    const onlySecret = { ...b, deb: { depends: ['libsecret-1-0'] } };
    expect(checkConfig(onlySecret, files())[0]).toMatch(/deb\.depends: не хватает libgtk-3-0, libnotify4, libnss3/);
  });

  it('the launcher switches are in executableArgs and the launcher, the same as the shell’s', () => {
    expect(LAUNCHER_ARGS).toEqual([...SHELL_LAUNCHER_ARGS]);
    const b = builder();
    expect(checkConfig({ ...b, linux: { ...b.linux, executableArgs: [] } }, files())).toEqual(['linux.executableArgs: нет --ozone-platform=x11']);
  });

  it('the autostart entry names no app path (deb, rpm and AppImage alike); the unit restarts the app', () => {
    const f = files();
    expect(checkConfig(builder(), { ...f, autostart: f.autostart.replace(/^Exec=.*$/m, 'Exec=situation-wall') })).toContainEqual(expect.stringMatching(/^автозапуск: Exec должен запускать situation-wall\.service/));
    expect(checkConfig(builder(), { ...f, unit: f.unit.replace(/^Restart=.*$/m, 'Restart=no') })).toEqual(['situation-wall.service: нет Restart=always']);
    expect(checkConfig(builder(), { ...f, launcher: f.launcher.replaceAll('unprivileged_userns_clone', 'x') })).toEqual(['situation-wall-kiosk: AppImage без проверки пространств имён пользователя']);
    expect(checkConfig(builder(), { ...f, shell: f.shell.replace('setApplicationMenu(null)', 'setApplicationMenu(menu)') })).toEqual(['оболочка: меню по умолчанию не убрано (Menu.setApplicationMenu(null))']);
  });
});

describe('the native addons against the oldest target (glibc 2.28, GLIBCXX 3.4.25)', () => {
  const prebuilt = join(root, 'node_modules/better-sqlite3/prebuilds/linux-x64.node');

  it('reads the GLIBC_/GLIBCXX_ versions an ELF needs (better-sqlite3: 2.34 / 3.4.29)', () => {
    const needs = elfVersionNeeds(readFileSync(prebuilt));
    expect(needs).toContain('GLIBC_2.34');
    expect(needs).toContain('GLIBCXX_3.4.29');
    expect(needs).not.toContain('GLIBC_2.35');
  });

  it('better-sqlite3 is above the floor but optional (node:sqlite behind it); the same file elsewhere fails', () => {
    const buf = readFileSync(prebuilt);
    expect(checkNative('resources/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-x64.node', buf)).toMatchObject({
      glibc: '2.34',
      glibcxx: '3.4.29',
      above: ['GLIBC_2.34 > 2.28', 'GLIBCXX_3.4.29 > 3.4.25'],
      ok: true,
    });
    expect(checkNative('resources/app.asar.unpacked/node_modules/some-addon/build/Release/addon.node', buf)).toMatchObject({ optional: null, ok: false });
    expect(checkNative('x.node', buf, { GLIBC: '2.36', GLIBCXX: '3.4.30' })).toMatchObject({ above: [], ok: true });
  });

  it('versions compare numerically', () => {
    expect(compareVersions('2.28', '2.3')).toBe(1);
    expect(compareVersions('3.4.25', '3.4.29')).toBe(-1);
    expect(compareVersions('2.28', '2.28.0')).toBe(0);
  });
});
