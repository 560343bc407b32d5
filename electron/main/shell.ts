/**
 * The shell: everything the Electron main process does, written against the injected ElectronApi
 * so it runs in tests with a recording fake. index.ts calls `startShell` with the real module.
 */
import { join } from 'node:path';
import type { ElectronApi } from './api.js';
import { realClock } from './backoff.js';
import type { BackoffOptions, Clock } from './backoff.js';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { hardenApp, hardenSession } from './security.js';
import { WindowManager } from './windows.js';
import type { ManagedWindow } from './windows.js';
import { HubSupervisor, UtilityHubProcess } from './hub-process.js';
import { applySwitches, ozoneDecision } from './switches.js';
import { probeKeyring } from './keyring.js';
import type { KeyringState } from './keyring.js';
import type { ProcessLike } from './api.js';
import type { HubProcess } from './hub-process.js';
import { registerIpc } from './ipc.js';
import { saveReport } from './report.js';
import { loadConfig, TokenStore, TokenStoreError, tokenRefOf } from './config-store.js';
import { RotatingLogger } from './logger.js';
import type { Logger } from './logger.js';
import { aboutInfo, PRODUCT_NAME } from './about.js';
import type { Config } from '../../shared/config.js';
import { planWall } from '../../shared/wall/plan.js';
import type { WallPlan } from '../../shared/wall/plan.js';
import { STATE_PUSH_CHANNEL } from '../../shared/wall/ipc.js';
import type { ConsoleAction, ConsoleActionResult, HubWireInit, Notice, WallSnapshot } from '../../shared/wall/ipc.js';
import type { BridgeEvent, Freshness } from '../../shared/bridge/protocol.js';
import type { WallState } from '../../shared/bridge/wallState.js';

export const REPLAN_DEBOUNCE_MS = 200;
const MAX_NOTICES = 20;

export interface ShellOptions {
  argv: readonly string[];
  /** Built preload (CommonJS: sandboxed preloads cannot be ES modules). */
  preloadPath: string;
  /** Built renderer served as app://wall/. */
  rendererDir: string;
  /** Built hub entry for the utility process. */
  hubEntry: string;
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Replace the utility process (tests). */
  hubProcess?: HubProcess;
  logger?: Logger & { setLevel?(l: Config['logLevel']): void };
  cwd?: string;
  /** The main process (uncaught errors, environment, argv); default the real one. */
  process?: ProcessLike;
  /** Is the libsecret keyring unlocked? Default: a D-Bus look with a timeout (keyring.ts). */
  keyringProbe?: () => Promise<KeyringState>;
}

/** The preload's reports of the page's WebGL context (one-way IPC, electron/preload/index.ts). */
export const WEBGL_LOST_CHANNEL = 'shell:webgl-lost';
export const WEBGL_RESTORED_CHANNEL = 'shell:webgl-restored';
/** GPU process losses within 10 minutes before the console is told the GPU is unstable. */
const GPU_CRASHES_NOTIFY = 3;

export interface Shell {
  readonly config: Config;
  readonly windows: WindowManager;
  readonly hub: HubSupervisor;
  readonly log: Logger;
  notices(): Notice[];
  plan(): WallPlan | null;
  /** Re-plan now (the screen events call it debounced). */
  replan(): void;
  snapshot(webContentsId: number): WallSnapshot;
  consoleAction(action: ConsoleAction): Promise<ConsoleActionResult>;
  stop(): void;
}

/** Must run at module load, before app 'ready'. */
export function registerSchemes(api: ElectronApi): void {
  api.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export async function startShell(api: ElectronApi, o: ShellOptions): Promise<Shell | null> {
  const clock = o.clock ?? realClock;
  const proc: ProcessLike = o.process ?? process;
  const earlyLog: string[] = [];
  let log: Logger = o.logger ?? {
    error: (m) => earlyLog.push(`ERROR ${m}`),
    warn: (m) => earlyLog.push(`WARN ${m}`),
    info: (m) => earlyLog.push(`INFO ${m}`),
    debug: () => undefined,
  };
  // Electron's default for an uncaught error is a modal dialog — on the wall, over the map.
  proc.on('uncaughtException', (e: unknown) => log.error(`необработанная ошибка оболочки: ${(e as Error)?.stack ?? String(e)}`));
  proc.on('unhandledRejection', (e: unknown) => log.error(`необработанный отказ промиса в оболочке: ${(e as Error)?.stack ?? String(e)}`));

  // Everything Chromium reads at start must be decided before 'ready': the configuration first.
  const userData = api.app.getPath('userData');
  if (!o.logger) {
    const rl = new RotatingLogger({ dir: join(userData, 'logs'), maxBytes: 2 * 1024 * 1024, files: 5 });
    for (const line of earlyLog) rl.info(line);
    log = rl;
  }
  const loaded = loadConfig(o.argv, userData, o.cwd);
  if (!loaded.ok) {
    for (const e of loaded.errors) log.error(`конфигурация: ${e}`);
    api.dialog.showErrorBox(`${PRODUCT_NAME}: ошибка конфигурации`, loaded.errors.join('\n'));
    api.app.exit(2);
    return null;
  }
  const config = loaded.config;
  (log as { setLevel?: (l: Config['logLevel']) => void }).setLevel?.(config.logLevel);

  const ozone = ozoneDecision(api, proc, config.hall);
  if (ozone.action === 'relaunch') {
    log.warn(`${ozone.reason}: перезапуск с --ozone-platform=${config.hall.ozone}`);
    api.app.relaunch({ args: ozone.args });
    api.app.exit(0);
    return null;
  }
  if (ozone.action === 'warn') log.warn(ozone.reason);
  if (!api.app.requestSingleInstanceLock()) {
    api.app.quit();
    return null;
  }
  applySwitches(api, config.hall, log);
  // No default menu: its accelerators (Ctrl+Q, Ctrl+W, F11, Ctrl+±, Ctrl+R) act on every window.
  api.Menu.setApplicationMenu(null);
  // Before any window exists: every webContents ever created gets navigation/pop-up/webview guards.
  hardenApp(api, { warn: (m) => log.warn(m) });
  await api.app.whenReady();
  log.info(
    `запуск ${PRODUCT_NAME} ${api.app.getVersion()}; конфигурация: ${loaded.path ?? 'по умолчанию'}; источник: ${config.source.kind}; Ozone: ${ozone.action === 'ok' ? ozone.platform : '?'}${config.hall.diagnostics ? '; диагностика включена' : ''}`,
  );

  const session = api.session.defaultSession;
  hardenSession(session, { warn: (m) => log.warn(m) });
  registerAppProtocol(session, o.rendererDir);

  let notices: Notice[] = [];
  let wallState: WallState | null = null;
  let dataVersion = 0;
  let health: Freshness | null = null;
  let alerts: WallSnapshot['alerts'] = { raised: null, changed: null };
  let outbox: WallSnapshot['outbox'] = null;
  const subscribers = new Set<number>();

  const snapshot = (wcId: number): WallSnapshot => {
    const m = windows.fromWebContents(wcId);
    if (!m) throw new Error('окно не найдено');
    const isConsole = m.slot.role === 'console';
    return { state: wallState, window: m.info, notices: isConsole ? [...notices] : [], dataVersion, health, alerts, outbox: isConsole ? outbox : null };
  };
  const push = (m: ManagedWindow) => {
    const id = m.win.webContents.id;
    if (!subscribers.has(id) || m.win.isDestroyed() || m.win.webContents.isDestroyed()) return;
    m.win.webContents.send(STATE_PUSH_CHANNEL, snapshot(id));
  };
  const pushAll = (role?: 'console') => {
    for (const m of windows.all()) if (!role || m.slot.role === role) push(m);
  };
  const notify = (level: Notice['level'], text: string) => {
    notices = [...notices, { level, text, at: clock.now() }].slice(-MAX_NOTICES);
    pushAll('console');
  };

  const windows = new WindowManager({
    api,
    preloadPath: o.preloadPath,
    kiosk: config.kiosk,
    diagnostics: config.hall.diagnostics,
    onUserClose: () => api.app.quit(),
    wallScene: config.wall.scene,
    ...(config.wall.geometry ? { geometry: config.wall.geometry } : {}),
    clock,
    ...(o.backoff ? { backoff: o.backoff } : {}),
    log,
    notify,
    onRetarget: push,
  });

  const tokens = new TokenStore(userData, api.safeStorage, log);
  const backend = api.safeStorage.getSelectedStorageBackend();
  tokens.state = { backend, plainText: false, blocked: null };
  if (backend === 'basic_text') {
    if (config.hall.plainTextToken) {
      api.safeStorage.setUsePlainTextEncryption(true);
      tokens.state.plainText = true;
      log.warn('safeStorage: basic_text, токен хранится без шифрования ОС (hall.plainTextToken), файл 0600');
    } else log.warn(`safeStorage: basic_text — токен API сохранить нельзя. ${'см. docs/kiosk.md, «Связка ключей»'}`);
  } else if (backend === 'gnome_libsecret') {
    // A locked keyring makes safeStorage block on an unlock prompt: ask D-Bus first (never blocks).
    const k = await (o.keyringProbe ?? probeKeyring)();
    if (k === 'locked') tokens.state.blocked = 'связка ключей заблокирована (сеанс с автовходом её не открывает): задайте ей пустой пароль или hall.passwordStore "basic" с hall.plainTextToken (docs/kiosk.md)';
    else if (k === 'unknown') tokens.state.blocked = 'состояние связки ключей не выяснить (нет gdbus или D-Bus не ответил за 2 с) — safeStorage не вызывается, чтобы не зависнуть на запросе пароля';
    if (tokens.state.blocked) log.warn(`safeStorage: ${tokens.state.blocked}`);
  }
  log.info(tokens.describe());
  const hubInit = (): HubWireInit => ({
    type: 'init',
    config,
    token: config.source.kind === 'api' ? tokens.get(tokenRefOf(config)) : null,
    userDataDir: userData,
    appVersion: api.app.getVersion(),
  });
  const utility = o.hubProcess ? null : new UtilityHubProcess(api, o.hubEntry, { log, clock });
  const hub = new HubSupervisor(o.hubProcess ?? utility!, hubInit, {
    clock,
    ...(o.backoff ? { backoff: o.backoff } : {}),
    log,
    notify,
    stderrTail: () => utility?.stderrTail ?? [],
    onEvent: (e: BridgeEvent) => {
      if (e.event === 'wallState') {
        if (wallState && e.data.version < wallState.version) return;
        wallState = e.data;
      } else if (e.event === 'viewChanged') dataVersion = e.data.dataVersion;
      else if (e.event === 'health') health = e.data;
      else if (e.event === 'alertRaised') alerts = { ...alerts, raised: { seq: (alerts.raised?.seq ?? 0) + 1, data: e.data } };
      else if (e.event === 'alertsChanged') alerts = { ...alerts, changed: { seq: (alerts.changed?.seq ?? 0) + 1, data: e.data } };
      else if (e.event === 'outboxChanged') {
        // the outbox is the console's: wall windows are not woken for it
        outbox = { seq: (outbox?.seq ?? 0) + 1, data: e.data };
        return pushAll('console');
      } else return;
      pushAll();
    },
  });
  hub.start();
  void hub.request('wall', 'getWallState', undefined).then((r) => {
    if (r.ok && !wallState) {
      wallState = r.result as WallState;
      pushAll();
    }
  });

  let blocker: number | null = null;
  const replan = () => {
    const plan = planWall(api.screen.getAllDisplays(), { wall: config.wall, console: config.console });
    const before = windows.current;
    const diff = windows.apply(plan);
    if (JSON.stringify(before?.warnings ?? []) !== JSON.stringify(plan.warnings))
      for (const w of plan.warnings) {
        log.warn(`план стены: ${w}`);
        notify('warning', w);
      }
    log.info(
      `план стены: ${plan.mode}, окон ${plan.windows.length}${plan.console ? ' + пульт' : ''}; открыто ${diff.open.length}, перемещено ${diff.move.length}, закрыто ${diff.close.length}, без изменений ${diff.keep.length}`,
    );
    const wallRunning = plan.windows.length > 0;
    if (wallRunning && blocker === null) blocker = api.powerSaveBlocker.start('prevent-display-sleep');
    else if (!wallRunning && blocker !== null) {
      api.powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  };

  let replanTimer: unknown = null;
  const scheduleReplan = () => {
    if (replanTimer !== null) clock.clearTimeout(replanTimer);
    replanTimer = clock.setTimeout(() => {
      replanTimer = null;
      replan();
    }, REPLAN_DEBOUNCE_MS);
  };
  api.screen.on('display-added', scheduleReplan);
  api.screen.on('display-removed', scheduleReplan);
  api.screen.on('display-metrics-changed', scheduleReplan);

  const consoleAction = async (a: ConsoleAction): Promise<ConsoleActionResult> => {
    switch (a.kind) {
      case 'about':
        return { ok: true, about: { ...aboutInfo(config, api.app.getVersion(), api.versions), hall: hallLines() } };
      case 'reloadWall':
        log.info('пульт: перезагрузка стены');
        windows.reloadWall();
        return { ok: true };
      case 'setApiToken':
      case 'clearApiToken':
        try {
          if (a.kind === 'setApiToken') tokens.set(tokenRefOf(config), a.token);
          else tokens.clear(tokenRefOf(config));
        } catch (e) {
          const msg = e instanceof TokenStoreError ? e.message : 'не удалось сохранить токен';
          log.warn(`пульт: ${msg}`);
          return { ok: false, error: msg };
        }
        log.info(a.kind === 'setApiToken' ? 'пульт: токен API сохранён (зашифрован)' : 'пульт: токен API удалён');
        if (config.source.kind === 'api') void hub.restart();
        return { ok: true };
    }
  };

  registerIpc(api.ipcMain, {
    roleOf: (id) => windows.fromWebContents(id)?.slot.role ?? null,
    snapshot,
    subscribe: (id) => subscribers.add(id),
    hubRequest: (role, method, params) => hub.request(role, method, params),
    consoleAction,
    saveReport: async (id, format) => {
      const win = windows.fromWebContents(id)?.win;
      if (!win) return { ok: false, error: 'окно пульта закрыто' };
      return saveReport(
        {
          hubRequest: (role, method, params) => hub.request(role, method, params),
          showSaveDialog: (o) => api.dialog.showSaveDialog(win, o),
          defaultDir: () => api.app.getPath('documents'),
          log,
        },
        format,
      );
    },
    log,
  });

  // The page's WebGL context (preload reports): reload a window whose context does not come back.
  api.ipcMain.on(WEBGL_LOST_CHANNEL, (e) => windows.webglLost(e.sender.id));
  api.ipcMain.on(WEBGL_RESTORED_CHANNEL, (e) => windows.webglRestored(e.sender.id));
  // The GPU process: Chromium restarts it (and after a few losses falls back to software, where
  // WebGL needs SwiftShader: hall.gpu.swiftshader). Say so in the log and, when it keeps dying, on the console.
  const gpuLosses: number[] = [];
  api.app.on('child-process-gone', (_e: unknown, d: { type?: string; reason?: string; exitCode?: number; name?: string } | undefined) => {
    if (d?.type !== 'GPU') {
      log.warn(`процесс ${d?.type ?? '?'}${d?.name ? ` (${d.name})` : ''} завершился: ${d?.reason ?? '?'}, код ${d?.exitCode ?? '?'}`);
      return;
    }
    const now = clock.now();
    gpuLosses.push(now);
    while (gpuLosses.length && gpuLosses[0]! < now - 10 * 60_000) gpuLosses.shift();
    log.warn(`процесс GPU завершился: ${d.reason ?? '?'}, код ${d.exitCode ?? '?'} (${gpuLosses.length} за 10 мин)`);
    if (gpuLosses.length === GPU_CRASHES_NOTIFY)
      notify(
        'error',
        `процесс GPU падает (${gpuLosses.length} раза за 10 мин): карта и показатели могут быть пустыми${config.hall.gpu.swiftshader ? '' : ' — включите hall.gpu.swiftshader'}; см. docs/kiosk.md, «Графика»`,
      );
  });
  const hallLines = () => [
    tokens.describe(),
    `платформа Ozone: ${ozone.action === 'ok' ? ozone.platform : config.hall.ozone}; GPU: ${[config.hall.gpu.ignoreBlocklist ? 'без чёрного списка' : 'чёрный список Chromium', config.hall.gpu.angle === 'default' ? 'ANGLE по умолчанию' : `ANGLE ${config.hall.gpu.angle}`, config.hall.gpu.swiftshader ? 'SwiftShader как запасной' : 'без SwiftShader'].join(', ')}`,
    `диагностика: ${config.hall.diagnostics ? 'включена (Ctrl+Shift+I, журнал Chromium в stderr)' : 'выключена (hall.diagnostics или --diagnostics)'}`,
  ];

  api.app.on('second-instance', () => {
    const m = windows.console() ?? windows.all()[0];
    if (m && !m.win.isDestroyed()) m.win.focus();
  });
  // A wall keeps running with no window (all displays unplugged): they come back with display-added.
  api.app.on('window-all-closed', () => log.info('все окна закрыты; ждём дисплеи'));

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (replanTimer !== null) clock.clearTimeout(replanTimer);
    if (blocker !== null) api.powerSaveBlocker.stop(blocker);
    blocker = null;
    windows.quitting = true;
    void hub.stop();
    windows.closeAll();
    log.info('остановка');
  };
  api.app.on('before-quit', stop);

  replan();

  return {
    config,
    windows,
    hub,
    log,
    notices: () => [...notices],
    plan: () => windows.current,
    replan,
    snapshot,
    consoleAction,
    stop,
  };
}
