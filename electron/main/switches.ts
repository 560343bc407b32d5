/**
 * Chromium's switches for the hall (docs/kiosk.md, «Ключи запуска»), from the configuration's
 * `hall` section. GPU and password-store switches work from `app.commandLine.appendSwitch` before
 * 'ready'; the Ozone platform does not — Chromium picks it before the app's code runs — so it
 * travels in the launchers (electron-builder `executableArgs`, the kiosk launcher), and when the
 * running instance still got another one the shell relaunches itself once with the right switch.
 */
import type { ElectronApi, ProcessLike } from './api.js';
import type { HallConfig } from '../../shared/config.js';

/**
 * What every launcher passes (build/electron-builder.yml `linux.executableArgs`, the kiosk launcher).
 * X11: Electron 38+ picks Wayland on a Wayland session, where a window cannot place itself — a
 * wall of windows at fixed positions needs X11 (XWayland there).
 */
export const LAUNCHER_ARGS = ['--ozone-platform=x11'] as const;

/** Marks the one relaunch a shell does to fix its Ozone platform (never loops). */
export const RELAUNCHED_FLAG = '--sw-relaunched';

/** Switches appended before 'ready', in order. */
export function chromiumSwitches(hall: HallConfig): [string, string?][] {
  const out: [string, string?][] = [];
  if (hall.gpu.ignoreBlocklist) out.push(['ignore-gpu-blocklist']);
  if (hall.gpu.angle !== 'default') out.push(['use-angle', hall.gpu.angle]);
  // WebGL on SwiftShader (the CPU) when no GPU can serve it: Chromium no longer falls back by itself.
  if (hall.gpu.swiftshader) out.push(['enable-unsafe-swiftshader']);
  if (hall.passwordStore !== 'auto') out.push(['password-store', hall.passwordStore]);
  if (hall.diagnostics) out.push(['enable-logging', 'stderr'], ['log-level', '0']);
  return out;
}

export function applySwitches(api: ElectronApi, hall: HallConfig, log: { info(m: string): void }): void {
  const sw = chromiumSwitches(hall);
  for (const [name, value] of sw) api.app.commandLine.appendSwitch(name, value);
  log.info(`ключи Chromium: ${sw.length ? sw.map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`)).join(' ') : 'нет'}`);
}

export function isWaylandSession(env: ProcessLike['env']): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || (!!env.WAYLAND_DISPLAY && env.XDG_SESSION_TYPE !== 'x11');
}

export type OzoneDecision = { action: 'ok'; platform: string } | { action: 'relaunch'; args: string[]; reason: string } | { action: 'warn'; reason: string };

/**
 * Does the running instance have the Ozone platform the hall asks for? Electron 38+ runs with
 * `auto` unless told: Wayland on a Wayland session. X11 asked, a Wayland session, no switch →
 * relaunch once with --ozone-platform=x11.
 */
export function ozoneDecision(api: ElectronApi, proc: ProcessLike, hall: HallConfig): OzoneDecision {
  const given = api.app.commandLine.getSwitchValue('ozone-platform') || 'auto';
  const wayland = isWaylandSession(proc.env);
  const effective = given === 'auto' ? (wayland ? 'wayland' : 'x11') : given;
  if (hall.ozone === 'auto' || effective === hall.ozone) return { action: 'ok', platform: effective };
  const reason = `платформа Ozone ${effective}, а конфигурация требует ${hall.ozone}`;
  // Under systemd (situation-wall.service) a relaunched child would be killed with the unit: the
  // launcher's SITUATION_WALL_OZONE must say it.
  if (proc.env.INVOCATION_ID) return { action: 'warn', reason: `${reason}: задайте SITUATION_WALL_OZONE=${hall.ozone} в situation-wall.service (docs/kiosk.md)` };
  if (proc.argv.includes(RELAUNCHED_FLAG)) return { action: 'warn', reason: `${reason} и после перезапуска — проверьте ярлык запуска (docs/kiosk.md)` };
  const args = proc.argv.slice(1).filter((a) => !/^--ozone-platform(-hint)?(=|$)/.test(a));
  return { action: 'relaunch', args: [...args, `--ozone-platform=${hall.ozone}`, RELAUNCHED_FLAG], reason };
}
