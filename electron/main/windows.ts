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
import { diffPlans } from '../../shared/wall/plan.js';
import type { PlanDiff, WallPlan, WindowSlot } from '../../shared/wall/plan.js';
import type { WindowInfo } from '../../shared/wall/ipc.js';

export interface ManagedWindow {
  win: WindowLike;
  slot: WindowSlot;
  info: WindowInfo;
  url: string;
  guard: RestartGuard;
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
}

export function windowInfo(slot: WindowSlot, wallScene: string): WindowInfo {
  const follows = slot.role === 'console' || slot.scene === wallScene;
  return { role: slot.role, display: slot.display, scene: follows ? null : slot.scene, slice: slot.slice, canvas: slot.canvas };
}

/** The page a slot loads: app://wall/index.html?role=…&display=…[&scene=…|&panels=…][&slice=x,y,w,h&canvas=W,H]. */
export function slotUrl(info: WindowInfo): string {
  const scene = info.scene;
  return appUrl('index.html', {
    role: info.role,
    display: String(info.display),
    scene: typeof scene === 'string' ? scene : undefined,
    panels: scene && typeof scene !== 'string' ? scene.panels.join(',') : undefined,
    slice: info.slice ? [info.slice.x, info.slice.y, info.slice.width, info.slice.height].join(',') : undefined,
    canvas: info.canvas ? [info.canvas.width, info.canvas.height].join(',') : undefined,
  });
}

export function windowOptions(slot: WindowSlot, preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  const wall = slot.role === 'wall';
  return {
    ...slot.bounds,
    show: false,
    frame: !wall,
    kiosk: wall && kiosk,
    fullscreen: wall,
    autoHideMenuBar: true,
    backgroundColor: '#0b0f14',
    title: wall ? `Ситуационная стена — дисплей ${slot.display}` : 'Ситуационная стена — пульт',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export class WindowManager {
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

  private open(slot: WindowSlot): void {
    const info = windowInfo(slot, this.o.wallScene);
    const win = new this.o.api.BrowserWindow(windowOptions(slot, this.o.preloadPath, this.o.kiosk));
    const m: ManagedWindow = { win, slot, info, url: slotUrl(info), guard: new RestartGuard(this.o.clock, this.o.backoff) };
    this.byDisplay.set(slot.display, m);
    this.byContents.set(win.webContents.id, m);
    const wcId = win.webContents.id;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      m.guard.cancel();
      this.byContents.delete(wcId);
      if (this.byDisplay.get(slot.display) === m) this.byDisplay.delete(m.slot.display);
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
    m.url = slotUrl(m.info);
    if (moved) {
      const wall = slot.role === 'wall';
      // A fullscreen / kiosk window does not move: leave the mode, move, enter it again.
      if (wall && this.o.kiosk) m.win.setKiosk(false);
      if (wall) m.win.setFullScreen(false);
      m.win.setBounds(slot.bounds);
      if (wall) m.win.setFullScreen(true);
      if (wall && this.o.kiosk) m.win.setKiosk(true);
    }
    this.o.onRetarget(m);
  }

  private close(display: number): void {
    const m = this.byDisplay.get(display);
    if (!m) return;
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
      if (reason === 'clean-exit') return;
      failed(`процесс отрисовки завершился (${reason}${details?.exitCode !== undefined ? `, код ${details.exitCode}` : ''})`);
    });
    wc.on('unresponsive', () => failed('окно не отвечает'));
    wc.on('responsive', () => {
      // It recovered before the reload: do not reload (the failure stays counted).
      if (m.guard.pending) {
        m.guard.cancel();
        this.o.log.info(`окно ${name()} снова отвечает`);
      }
    });
  }
}
