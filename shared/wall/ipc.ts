/**
 * IPC contract between the shell (Electron main) and its windows, carried by the preload bridge
 * `window.situationWall` (electron/preload/index.ts). It carries the bridge protocol of
 * shared/bridge/protocol.ts (the same methods, params and events as the WebSocket transport), plus
 * what only the shell knows: which window this is (role, display, slice of the canvas) and the
 * shell's health notices. The renderer's IPC transport implements `Bridge` (shared/bridge/client.ts)
 * on top of it.
 *
 *   situationWall.invoke(channel, payload): Promise<result>            (ipcRenderer.invoke)
 *   situationWall.onState(cb: (s: WallSnapshot) => void): () => void   (push on 'wall:state')
 *
 *   channel          who      payload                                   result
 *   wall:getState    any      undefined | {}                            WallSnapshot
 *   wall:subscribe   any      undefined | {}                            WallSnapshot; then a push on every change
 *   wall:intent      console  Intent (shared/bridge/wallState.ts)       WallState after the intent
 *   hub:request      any*     { method: Method, params? }               { ok: true, result: Result<method> } | { ok: false, error: { code, message } }
 *   console:action   console  ConsoleAction                             ConsoleActionResult
 *   console:report   console  { format: 'pdf' | 'xlsx' }                ReportSaveResult: the shell has the hub build the
 *                                                                       справка, asks the operator where to save it
 *                                                                       (its own save dialog) and writes the file; the
 *                                                                       renderer never names a path
 *   (* methods in CONSOLE_ONLY — intent, getMessage, act — only from a console window.)
 *
 * WallSnapshot = { state, window, notices, dataVersion, health }
 *   state        the authoritative WallState (null until the hub has answered)
 *   window       who this window is: role, display, scene ("follows the wall" = null), slice and
 *                canvas in span mode (DIP). It changes without a reload when displays are re-planned.
 *   notices      shell health, e.g. «окно дисплея 3 перезапускалось 8 раз за 10 мин — остановлено»
 *   dataVersion  the hub's data version (the `viewChanged` event); re-fetch views older than it
 *   health       the hub's freshness/sync state (the `health` event), null until known
 * A bridge transport turns snapshot pushes into the `wallState` / `viewChanged` / `health` events.
 *
 * The main process validates every payload with these schemas and checks the sender (an app://
 * page in a window the shell created; wall windows are read-only). A refused call rejects with an
 * Error whose message contains «отказано: …», a bad payload «неверный запрос: …» (Electron prefixes
 * "Error invoking remote method …" to the message). On hub:request, a console-only method from a
 * wall or bad params answer `{ ok: false, error: { code: 'forbidden' | 'bad_request' } }` instead, so
 * the bridge keeps the protocol's error codes.
 *
 * Where the wall state lives: in the hub, in Electron mode as in browser mode (the hub runs the
 * playlist timer, shared/bridge/wallState.ts); the shell relays intents to it and broadcasts its
 * `wallState` events. The shell ↔ hub messages (HubWire*) are at the end of this file.
 */
import { z } from 'zod';
import { AlertRaisedSchema, AlertsChangedSchema, FreshnessSchema, METHOD_NAMES, OutboxChangedSchema, ReportFileFormatSchema, RoleSchema } from '../bridge/protocol.js';
import type { BridgeEvent, Method, Request, Response } from '../bridge/protocol.js';
import { IntentSchema, WallStateSchema } from '../bridge/wallState.js';
import { RectSchema, SceneRefSchema } from './plan.js';
export { INVOKE_CHANNELS, CONSOLE_ONLY_CHANNELS, STATE_PUSH_CHANNEL, isInvokeChannel } from './channels.js';
export type { InvokeChannel } from './channels.js';

export const WindowInfoSchema = z.strictObject({
  role: RoleSchema,
  display: z.number(),
  /** This window's own scene or panel set; null: it shows the wall state's (rotating) scene. */
  scene: SceneRefSchema.nullable(),
  slice: RectSchema.nullable(),
  canvas: z.strictObject({ width: z.number(), height: z.number() }).nullable(),
});
export type WindowInfo = z.infer<typeof WindowInfoSchema>;

export const NoticeSchema = z.strictObject({
  level: z.enum(['info', 'warning', 'error']),
  /** Russian, one line. */
  text: z.string(),
  /** Epoch ms. */
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** An event the shell keeps for its windows, with its number (1, 2, …: one more for each). */
function sequenced<T extends z.ZodType>(data: T) {
  return z.strictObject({ seq: z.number().int().positive(), data });
}

export const WallSnapshotSchema = z.strictObject({
  state: WallStateSchema.nullable(),
  window: WindowInfoSchema,
  notices: z.array(NoticeSchema),
  dataVersion: z.number().int().nonnegative(),
  health: FreshnessSchema.nullable(),
  /**
   * The early warning's events as the hub announced them: the latest `alertRaised` and the latest
   * `alertsChanged`, each numbered by the shell (the bridge hands a window each number once). The
   * incident is the wall's (texts masked).
   */
  alerts: z.strictObject({ raised: sequenced(AlertRaisedSchema).nullable(), changed: sequenced(AlertsChangedSchema).nullable() }),
  /** The console's outbox: the latest `outboxChanged`, numbered; null on a wall window and before the first. */
  outbox: sequenced(OutboxChangedSchema).nullable(),
});
export type WallSnapshot = z.infer<typeof WallSnapshotSchema>;

export const EmptyPayloadSchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

/** `hub:request`: the method must be a bridge method; params are checked by parseParams(). */
export const HubRequestSchema = z.strictObject({
  method: z.enum(METHOD_NAMES as [Method, ...Method[]]),
  params: z.unknown().optional(),
});
export type HubRequest = z.infer<typeof HubRequestSchema>;

export const ConsoleActionSchema = z.discriminatedUnion('kind', [
  /** Store the central API token (encrypted with the OS keychain via safeStorage, never in plain text). */
  z.strictObject({ kind: z.literal('setApiToken'), token: z.string().min(1).max(8192) }),
  z.strictObject({ kind: z.literal('clearApiToken') }),
  /** Reload every wall window (also clears a "gave up restarting" state). */
  z.strictObject({ kind: z.literal('reloadWall') }),
  /** Version, data source, licences (OSM attribution included). */
  z.strictObject({ kind: z.literal('about') }),
]);
export type ConsoleAction = z.infer<typeof ConsoleActionSchema>;

export interface AboutInfo {
  name: string;
  version: string;
  electron: string | null;
  chrome: string | null;
  /** Russian description of the data source («демонстрационные данные: Пермский край», «API: https://…»). */
  source: string;
  region: string;
  licences: string[];
  /** The hall machine as the shell runs it: token storage, Ozone, GPU, diagnostics (docs/kiosk.md). */
  hall?: string[];
}

export type ConsoleActionResult = { ok: true; about?: AboutInfo } | { ok: false; error: string };

/** `console:report`: only the format; the path comes from the shell's save dialog, never from a window. */
export const ReportRequestSchema = z.strictObject({ format: ReportFileFormatSchema });
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export type ReportSaveResult =
  | { ok: true; path: string; format: 'pdf' | 'xlsx'; bytes: number }
  /** The operator closed the dialog: nothing was written. */
  | { ok: false; cancelled: true }
  /** Russian, one line. */
  | { ok: false; cancelled?: false; error: string };

export const CHANNEL_PAYLOADS = {
  'wall:getState': EmptyPayloadSchema,
  'wall:subscribe': EmptyPayloadSchema,
  'wall:intent': IntentSchema,
  'hub:request': HubRequestSchema,
  'console:action': ConsoleActionSchema,
  'console:report': ReportRequestSchema,
} as const;

// ---- shell ↔ hub (Electron utilityProcess: process.parentPort messages, structured clones) ----

/** First message to the hub after it starts. The token never travels through files, argv or env. */
export interface HubWireInit {
  type: 'init';
  /** The parsed shell configuration (shared/config.ts Config). */
  config: unknown;
  token: string | null;
  userDataDir: string;
  appVersion: string;
}
/** A bridge request with the role of the window it came from (the hub masks texts for walls). */
export type HubWireRequest = Request & { type: 'request'; role: z.infer<typeof RoleSchema> };
/** Answers are bridge responses; pushes are bridge events. */
export type HubWireMessage = Response | BridgeEvent;
