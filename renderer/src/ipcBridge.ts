/**
 * The Electron IPC transport of the bridge: `Bridge` (shared/bridge/client.ts) on top of the
 * preload's `window.situationWall` = { invoke(channel, payload), onState(cb) } (electron/preload,
 * channels and payloads in shared/wall/ipc.ts).
 *
 *   request(method, params)  → invoke('hub:request', { method, params }) → { ok, result } | { ok: false, error }
 *                              (intent, getMessage and act are console-only: the shell answers a wall
 *                              window `forbidden`, keeping the protocol's error codes)
 *   subscribe(event, cb)     ← WallSnapshot pushes (invoke('wall:subscribe') once, then onState):
 *                              a newer `state` → wallState, a new `dataVersion` → viewChanged,
 *                              a changed `health` → health, a newly numbered `alerts.raised` /
 *                              `alerts.changed` → alertRaised / alertsChanged, a newly numbered
 *                              `outbox` (the console's only) → outboxChanged
 *   consoleAction(action)    → invoke('console:action', action)   (token, reload wall, about)
 *   onSnapshot(cb)           ← the whole snapshot (who this window is, the shell's notices)
 *
 * The hub restarts with its data version back at 0; the bridge keeps the `viewChanged` versions it
 * hands out increasing, so a window re-fetches after a restart instead of waiting to catch up.
 * Browser APIs only (no Node, no hub).
 */
import { BridgeError } from '../../shared/bridge/client.js';
import type { Bridge } from '../../shared/bridge/client.js';
import type { EventData, EventName, Method, Params, Result } from '../../shared/bridge/protocol.js';
import type { ConsoleAction, ConsoleActionResult, ReportSaveResult, WallSnapshot } from '../../shared/wall/ipc.js';

/** What the preload exposes as `window.situationWall`. */
export interface SituationWallApi {
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  onState(cb: (snapshot: unknown) => void): () => void;
}

export interface IpcBridge extends Bridge {
  /** The latest snapshot from the shell, null before the first. */
  snapshot(): WallSnapshot | null;
  onSnapshot(cb: (s: WallSnapshot) => void): () => void;
  /** Console-only shell actions (a wall window is refused). */
  consoleAction(action: ConsoleAction): Promise<ConsoleActionResult>;
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const ELECTRON_PREFIX = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/;

/** A rejected invoke as a BridgeError: the shell's «отказано: …» / «неверный запрос: …» keep their meaning. */
export function invokeError(e: unknown): BridgeError {
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw.replace(ELECTRON_PREFIX, '');
  if (message.includes('отказано')) return new BridgeError('forbidden', message);
  if (message.includes('неверный запрос')) return new BridgeError('bad_request', message);
  return new BridgeError('unavailable', message || 'оболочка не ответила');
}

/**
 * The console's «Справка» in the desktop app: `console:report` with the format only — the shell
 * asks the operator where to save it in its own dialog and writes the file.
 */
export function saveReportViaShell(api: SituationWallApi, format: 'pdf' | 'xlsx'): Promise<ReportSaveResult> {
  return api.invoke('console:report', { format }).then(
    (r) => r as ReportSaveResult,
    (e: unknown) => {
      throw invokeError(e);
    },
  );
}

function isSnapshot(s: unknown): s is WallSnapshot {
  return typeof s === 'object' && s !== null && 'window' in s && 'dataVersion' in s && typeof (s as { dataVersion: unknown }).dataVersion === 'number';
}

export function createIpcBridge(api: SituationWallApi): IpcBridge {
  const listeners = new Map<EventName, Set<(d: never) => void>>();
  const snapListeners = new Set<(s: WallSnapshot) => void>();
  let closed = false;
  let last: WallSnapshot | null = null;
  let wallVersion = -1;
  let rawVersion = -1;
  let base = 0;
  let shownVersion = -1;
  let healthJson = '';
  /** The numbers of the shell's kept events this window has had (null: no snapshot yet). */
  let seen: { raised: number; changed: number; outbox: number } | null = null;

  const emit = (event: EventName, data: unknown) => {
    const set = listeners.get(event);
    if (set) for (const cb of [...set]) (cb as (d: unknown) => void)(data);
  };

  const onSnapshot = (s: unknown) => {
    if (closed || !isSnapshot(s)) return;
    last = s;
    if (s.state && s.state.version > wallVersion) {
      wallVersion = s.state.version;
      emit('wallState', s.state);
    }
    if (s.dataVersion !== rawVersion) {
      if (s.dataVersion < rawVersion) base = shownVersion + 1; // the hub restarted
      rawVersion = s.dataVersion;
      const v = base + s.dataVersion;
      if (v !== shownVersion) {
        shownVersion = v;
        emit('viewChanged', { dataVersion: v });
      }
    }
    if (s.health) {
      const j = JSON.stringify(s.health);
      if (j !== healthJson) {
        healthJson = j;
        emit('health', s.health);
      }
    }
    // The early warning's and the outbox's events: the snapshot keeps the latest of each with its
    // number; a number not yet seen is that event again. The first snapshot only notes the numbers:
    // a window that opens late fetches the alerts itself, and an old incident raises no banner.
    const nums = { raised: s.alerts?.raised?.seq ?? 0, changed: s.alerts?.changed?.seq ?? 0, outbox: s.outbox?.seq ?? 0 };
    if (seen) {
      if (s.alerts?.raised && nums.raised > seen.raised) emit('alertRaised', s.alerts.raised.data);
      if (s.alerts?.changed && nums.changed > seen.changed) emit('alertsChanged', s.alerts.changed.data);
      if (s.outbox && nums.outbox > seen.outbox) emit('outboxChanged', s.outbox.data);
    }
    seen = nums;
    for (const cb of [...snapListeners]) cb(s);
  };

  const off = api.onState(onSnapshot);
  api.invoke('wall:subscribe').then(onSnapshot, () => undefined);

  return {
    request<M extends Method>(method: M, params?: Params<M>): Promise<Result<M>> {
      if (closed) return Promise.reject(new BridgeError('disconnected', 'мост закрыт'));
      return api.invoke('hub:request', { method, params: params ?? {} }).then(
        (r) => {
          const env = r as Envelope | null;
          if (env && env.ok === true) return env.result as Result<M>;
          if (env && env.ok === false && env.error) throw BridgeError.from(env.error as never);
          throw new BridgeError('internal', `оболочка ответила на ${method} не по протоколу`);
        },
        (e: unknown) => {
          throw invokeError(e);
        },
      );
    },
    subscribe<E extends EventName>(event: E, cb: (data: EventData<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (d: never) => void);
      return () => void set.delete(cb as (d: never) => void);
    },
    snapshot: () => last,
    onSnapshot(cb) {
      snapListeners.add(cb);
      return () => void snapListeners.delete(cb);
    },
    consoleAction(action) {
      if (closed) return Promise.reject(new BridgeError('disconnected', 'мост закрыт'));
      return api.invoke('console:action', action).then(
        (r) => r as ConsoleActionResult,
        (e: unknown) => {
          throw invokeError(e);
        },
      );
    },
    close() {
      if (closed) return;
      closed = true;
      off();
      listeners.clear();
      snapListeners.clear();
    },
  };
}

/** The preload's API of this window, when running inside the Electron shell. */
export function situationWallApi(g: unknown = globalThis): SituationWallApi | null {
  const api = (g as { situationWall?: unknown }).situationWall;
  if (typeof api !== 'object' || api === null) return null;
  const a = api as Partial<SituationWallApi>;
  return typeof a.invoke === 'function' && typeof a.onState === 'function' ? (api as SituationWallApi) : null;
}
