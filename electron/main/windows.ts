/**
 * The wall's windows: opened, moved and closed from wall plans (diffPlans), so that a display
 * added / removed / resized re-plans without restarting the renderers that survive. Each window
 * reloads itself after a crash or a hang with backoff, and gives up after too many.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronApi, WindowLike } from './api.js';
import { RestartGuard } from './backoff.js';
import type { BackoffOptions, Clock } from './backoff.js';
import { appUrl } from './app-protocol.js';
import { secureWebPreferences } from './security.js';
import { diffPlans, planSlots } from '../../shared/wall/plan.js';
import type { PlanDiff, WallPlan, WindowSlot } from '../../shared/wall/plan.js';
import type { WindowInfo } from '../../shared/wall/ipc.js';
import type { WallGeometry } from '../../shared/wall/legibility.js';

export interface ManagedWindow {
  win: WindowLike;
  slot: WindowSlot;
  info: WindowInfo;
  url: string;
  guard: RestartGuard;
  /** The move under way (a newer move supersedes it). */
  moveToken?: object;
  /** The shell itself crashed the renderer (a hang): its 'render-process-gone' is expected. */
  killing?: boolean;
  /** The shell closes it (plan, quit): not a user's Ctrl+W or Alt+F4. */
  closing?: boolean;
  glTimer?: unknown;
  glFailed?: (why: string) => void;
}

/** How long the window manager gets to answer a fullscreen change before the shell goes on. */
export const FULLSCREEN_TIMEOUT_MS = 3000;
/** A page whose WebGL context was lost and not restored within this is reloaded. */
export const WEBGL_RESTORE_MS = 3000;

/**
 * Keys no one at the hall should press by accident: quit, close, reload, fullscreen, zoom (which
 * breaks the span's slices), DevTools. The menu that owned their accelerators is removed; this is
 * the second lock (Chromium and the window manager still see keys).
 */
export function isKioskKey(i: { control?: boolean; meta?: boolean; shift?: boolean; alt?: boolean; key?: string; type?: string }): boolean {
  if (i.type && i.type !== 'keyDown' && i.type !== 'rawKeyDown') return false;
  const key = String(i.key ?? '');
  const k = key.toLowerCase();
  if (k === 'f5' || k === 'f11' || k === 'f12') return true;
  if (!(i.control || i.meta)) return false;
  return ['q', 'w', 'r', 'n', 't', 'p', 's', 'o', 'u', 'i', 'j', '+', '=', '-', '_', '0'].includes(k);
}

export interface WindowManagerOptions {
  api: ElectronApi;
  preloadPath: string;
  kiosk: boolean;
  /** The wall's (rotating) scene: windows showing it follow the wall state. */
  wallScene: string;
  clock: Clock;
  backoff?: BackoffOptions;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  /** A window gave up restarting, or another health event the console should show. */
  notify(level: 'warning' | 'error', text: string): void;
  /** The window's info changed (moved, retargeted): push it a fresh snapshot. */
  onRetarget(w: ManagedWindow): void;
  /** DevTools allowed (Ctrl+Shift+I) — the hall's diagnostics switch. */
  diagnostics?: boolean;
  /** A user closed a window of a non-kiosk shell: the app quits. */
  onUserClose?(): void;
  /** The wall's physical width and viewing distance: each wall window's minimum text height follows. */
  geometry?: WallGeometry;
}

export function windowInfo(slot: WindowSlot, wallScene: string): WindowInfo {
  const follows = slot.role === 'console' || slot.scene === wallScene;
  return { role: slot.role, display: slot.display, scene: follows ? null : slot.scene, slice: slot.slice, canvas: slot.canvas };
}

/**
 * The page a slot loads: app://wall/index.html?role=…&display=…[&scene=…|&panels=…][&slice=x,y,w,h&canvas=W,H]
 * [&wallWidth=M&viewDistance=M] — a wall window is told the wall's geometry (shared/wall/legibility.ts).
 */
export function slotUrl(info: WindowInfo, geometry?: WallGeometry): string {
  const scene = info.scene;
  const geo = info.role === 'wall' && geometry ? geometry : undefined;
  return appUrl('index.html', {
    role: info.role,
    display: String(info.display),
    scene: typeof scene === 'string' ? scene : undefined,
    panels: scene && typeof scene !== 'string' ? scene.panels.join(',') : undefined,
    slice: info.slice ? [info.slice.x, info.slice.y, info.slice.width, info.slice.height].join(',') : undefined,
    canvas: info.canvas ? [info.canvas.width, info.canvas.height].join(',') : undefined,
    wallWidth: geo ? String(geo.widthM) : undefined,
    viewDistance: geo ? String(geo.distanceM) : undefined,
  });
}

export function windowOptions(slot: WindowSlot, preloadPath: string, kiosk: boolean, diagnostics = false): BrowserWindowConstructorOptions {
  const wall = slot.role === 'wall';
  return {
    ...slot.bounds,
    show: false,
    frame: !wall,
    // Frameless windows get rounded corners on Linux (client-side decorations): not on a wall.
    roundedCorners: !wall,
    kiosk: wall && kiosk,
    fullscreen: wall,
    autoHideMenuBar: true,
    backgroundColor: '#0b0f14',
    title: wall ? `Ситуационная стена — дисплей ${slot.display}` : 'Ситуационная стена — пульт',
    webPreferences: { ...secureWebPreferences(preloadPath), devTools: diagnostics },
  };
}

export class WindowManager {
  /** The app is quitting: windows may close. */
  quitting = false;
  private plan: WallPlan | null = null;
  private readonly byDisplay = new Map<number, ManagedWindow>();
  private readonly byContents = new Map<number, ManagedWindow>();

  constructor(private readonly o: WindowManagerOptions) {}

  get current(): WallPlan | null {
    return this.plan;
  }

  all(): ManagedWindow[] {
    return [...this.byDisplay.values()];
  }

  /** The window a webContents belongs to, if the shell created it (IPC sender check). */
  fromWebContents(id: number): ManagedWindow | null {
    return this.byContents.get(id) ?? null;
  }

  console(): ManagedWindow | null {
    return this.all().find((w) => w.slot.role === 'console') ?? null;
  }

  /** Bring the windows in line with a new plan; survivors keep their renderer. */
  apply(plan: WallPlan): PlanDiff {
    const diff = diffPlans(this.plan, plan);
    this.plan = plan;
    for (const s of diff.close) this.close(s.display);
    for (const s of diff.move) this.move(s);
    for (const s of diff.open) this.open(s);
    return diff;
  }

  private open(slot: WindowSlot, guard?: RestartGuard): void {
    const info = windowInfo(slot, this.o.wallScene);
    const win = new this.o.api.BrowserWindow(windowOptions(slot, this.o.preloadPath, this.o.kiosk, this.o.diagnostics));
    const m: ManagedWindow = { win, slot, info, url: slotUrl(info, this.o.geometry), guard: guard ?? new RestartGuard(this.o.clock, this.o.backoff) };
    this.byDisplay.set(slot.display, m);
    this.byContents.set(win.webContents.id, m);
    const wcId = win.webContents.id;
    // No menu: its accelerators (Ctrl+Q, Ctrl+W, F11, Ctrl+±, Ctrl+R) would act on every window.
    win.removeMenu();
    // A wall window never takes the keyboard from the console.
    win.once('ready-to-show', () => (m.slot.role === 'wall' ? win.showInactive() : win.show()));
    win.webContents.on('before-input-event', (event: { preventDefault(): void }, input: Parameters<typeof isKioskKey>[0]) => {
      if (this.o.diagnostics && input.control && input.shift && String(input.key).toLowerCase() === 'i') {
        event.preventDefault();
        win.webContents.toggleDevTools?.();
        return;
      }
      if (isKioskKey(input)) event.preventDefault();
    });
    win.on('close', (event: { preventDefault(): void }) => {
      if (m.closing || this.quitting) return;
      if (this.o.kiosk) {
        event.preventDefault();
        this.o.log.warn(`окно ${m.slot.role === 'console' ? 'пульта' : `стены на дисплее ${m.slot.display}`}: закрытие отклонено (киоск)`);
      } else this.o.onUserClose?.();
    });
    win.on('closed', () => {
      m.guard.cancel();
      if (m.glTimer !== undefined) this.o.clock.clearTimeout(m.glTimer);
      this.byContents.delete(wcId);
      const mine = this.byDisplay.get(slot.display) === m;
      if (mine) this.byDisplay.delete(m.slot.display);
      // Gone without the shell asking (a window manager, a kill): the plan still has the slot.
      if (mine && !m.closing && !this.quitting && this.o.kiosk) {
        const r = m.guard.fail(() => {
          const again = this.plan ? planSlots(this.plan).find((s) => s.display === m.slot.display) : undefined;
          if (again && !this.byDisplay.has(again.display) && !this.quitting) this.open(again, m.guard);
        });
        if (r.action === 'retry') this.o.log.warn(`окно дисплея ${m.slot.display} закрылось само; открываем снова через ${r.delayMs / 1000} с`);
        else if (r.first) this.o.notify('error', `окно дисплея ${m.slot.display} закрывается снова и снова — больше не открываем`);
      }
    });
    this.watch(m);
    void win.loadURL(m.url).catch((e: unknown) => this.o.log.warn(`окно дисплея ${slot.display}: страница не загрузилась (${String(e)})`));
    this.o.log.info(`открыто окно ${slot.role === 'console' ? 'пульта' : 'стены'} на дисплее ${slot.display}`);
  }

  private move(slot: WindowSlot): void {
    const m = this.byDisplay.get(slot.display);
    if (!m) return this.open(slot);
    const moved = JSON.stringify(m.slot.bounds) !== JSON.stringify(slot.bounds);
    m.slot = slot;
    m.info = windowInfo(slot, this.o.wallScene);
    m.url = slotUrl(m.info, this.o.geometry);
    if (moved) {
      if (slot.role === 'wall') void this.relocate(m, slot);
      else m.win.setBounds(slot.bounds);
    }
    this.o.onRetarget(m);
  }

  /**
   * Move a fullscreen wall window to another display. The window manager answers fullscreen
   * changes later (on Linux kiosk is fullscreen, and fullscreen covers the display the window is
   * on): leave it and wait for 'leave-full-screen', move, enter it and wait for 'enter-full-screen',
   * then check where it landed; a window that did not land is opened anew on its display.
   */
  private async relocate(m: ManagedWindow, slot: WindowSlot): Promise<void> {
    const token = {};
    m.moveToken = token;
    const win = m.win;
    const live = () => m.moveToken === token && !win.isDestroyed();
    const until = (event: 'enter-full-screen' | 'leave-full-screen', want: boolean) =>
      new Promise<boolean>((resolve) => {
        if (win.isFullScreen() === want) return resolve(true);
        const timer = this.o.clock.setTimeout(() => resolve(false), FULLSCREEN_TIMEOUT_MS);
        win.once(event, () => {
          this.o.clock.clearTimeout(timer);
          resolve(true);
        });
      });
    const mode = (f: boolean) => (this.o.kiosk ? win.setKiosk(f) : win.setFullScreen(f));
    if (win.isFullScreen()) {
      mode(false);
      if (!(await until('leave-full-screen', false))) this.o.log.warn(`окно стены на дисплее ${slot.display}: оконный менеджер не вышел из полноэкранного режима за ${FULLSCREEN_TIMEOUT_MS / 1000} с`);
      if (!live()) return;
    }
    win.setBounds(slot.bounds);
    mode(true);
    await until('enter-full-screen', true);
    if (!live()) return;
    const b = win.getBounds();
    const cx = b.x + b.width / 2;
    const cy = b.y + b.height / 2;
    const t = slot.bounds;
    if (cx < t.x || cx >= t.x + t.width || cy < t.y || cy >= t.y + t.height) {
      this.o.log.warn(`окно стены не перешло на дисплей ${slot.display} (стоит на ${b.x},${b.y}): открываем его там заново`);
      const guard = m.guard;
      this.close(slot.display);
      this.open(slot, guard);
    }
  }

  private close(display: number): void {
    const m = this.byDisplay.get(display);
    if (!m) return;
    m.closing = true;
    m.moveToken = undefined;
    m.guard.cancel();
    this.byDisplay.delete(display);
    this.byContents.delete(m.win.webContents.id);
    if (!m.win.isDestroyed()) m.win.destroy();
    this.o.log.info(`закрыто окно дисплея ${display}`);
  }

  closeAll(): void {
    for (const d of [...this.byDisplay.keys()]) this.close(d);
    this.plan = null;
  }

  /** Reload every wall window now and forget their crash history (an operator asked). */
  reloadWall(): void {
    for (const m of this.all())
      if (m.slot.role === 'wall' && !m.win.isDestroyed()) {
        m.guard.reset();
        void m.win.loadURL(m.url).catch(() => undefined);
      }
  }

  private watch(m: ManagedWindow): void {
    const wc = m.win.webContents;
    const name = () => (m.slot.role === 'console' ? 'пульта' : `стены на дисплее ${m.slot.display}`);
    const failed = (why: string) => {
      if (m.win.isDestroyed()) return;
      const r = m.guard.fail(() => {
        if (m.win.isDestroyed()) return;
        this.o.log.info(`перезагрузка окна ${name()}`);
        void m.win.loadURL(m.url).catch(() => undefined);
      });
      if (r.action === 'retry') {
        if (r.delayMs > 0) this.o.log.warn(`окно ${name()}: ${why}; перезагрузка через ${r.delayMs / 1000} с (сбой ${r.failures})`);
      } else if (r.first) {
        const minutes = Math.round(m.guard.opts.windowMs / 60_000);
        const text = `окно ${name()}: ${why}; ${r.failures} сбоев за ${minutes} мин — перезапуски остановлены, нужна проверка (пульт: «Перезагрузить стену»)`;
        this.o.log.error(text);
        this.o.notify('error', text);
      }
    };
    wc.on('render-process-gone', (_e: unknown, details: { reason?: string; exitCode?: number } | undefined) => {
      const reason = details?.reason ?? 'unknown';
      if (m.killing) {
        // The shell killed a hung renderer itself; the reload is already on its way.
        m.killing = false;
        return;
      }
      if (reason === 'clean-exit') return;
      failed(`процесс отрисовки завершился (${reason}${details?.exitCode !== undefined ? `, код ${details.exitCode}` : ''})`);
    });
    wc.on('unresponsive', () => {
      if (m.win.isDestroyed()) return;
      // A load queued into a hung renderer stays there: Electron's recovery is to crash the
      // renderer, then reload into a new process.
      const r = m.guard.fail(() => {
        if (m.win.isDestroyed()) return;
        this.o.log.info(`окно ${name()} не отвечает: перезапуск процесса отрисовки`);
        m.killing = true;
        wc.forcefullyCrashRenderer();
        m.killing = false;
        if (wc.getURL() === m.url) wc.reload();
        else void m.win.loadURL(m.url).catch(() => undefined);
      });
      if (r.action === 'retry') this.o.log.warn(`окно ${name()}: окно не отвечает; перезапуск через ${r.delayMs / 1000} с (сбой ${r.failures})`);
      else if (r.first) {
        const text = `окно ${name()}: окно не отвечает; ${r.failures} сбоев за ${Math.round(m.guard.opts.windowMs / 60_000)} мин — перезапуски остановлены, нужна проверка (пульт: «Перезагрузить стену»)`;
        this.o.log.error(text);
        this.o.notify('error', text);
      }
    });
    wc.on('responsive', () => {
      // It recovered before the reload: do not reload (the failure stays counted).
      if (m.guard.pending) {
        m.guard.cancel();
        this.o.log.info(`окно ${name()} снова отвечает`);
      }
    });
    m.glFailed = failed;
  }

  /** The page's WebGL context was lost (preload report): reload unless it comes back soon. */
  webglLost(webContentsId: number): void {
    const m = this.byContents.get(webContentsId);
    if (!m || m.glTimer !== undefined) return;
    this.o.log.warn(`окно ${m.slot.role === 'console' ? 'пульта' : `стены на дисплее ${m.slot.display}`}: контекст WebGL потерян`);
    m.glTimer = this.o.clock.setTimeout(() => {
      m.glTimer = undefined;
      m.glFailed?.('контекст WebGL потерян и не восстановился');
    }, WEBGL_RESTORE_MS);
  }

  webglRestored(webContentsId: number): void {
    const m = this.byContents.get(webContentsId);
    if (!m || m.glTimer === undefined) return;
    this.o.clock.clearTimeout(m.glTimer);
    m.glTimer = undefined;
    this.o.log.info('контекст WebGL восстановлен');
  }
}
