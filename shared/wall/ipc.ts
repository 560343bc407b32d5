/**
 * IPC contract between the shell (Electron main) and its windows, carried by the preload bridge
 * `window.situationWall` (electron/preload/index.ts). The renderer's IPC transport is built on it.
 *
 *   situationWall.invoke(channel, payload): Promise<result>       (ipcRenderer.invoke underneath)
 *   situationWall.onState(cb: (s: WallSnapshot) => void): () => void  (push on 'wall:state')
 *
 *   channel          who      payload                                result
 *   wall:getState    any      undefined | {}                         WallSnapshot
 *   wall:subscribe   any      undefined | {}                         WallSnapshot; then pushes on every change
 *   wall:intent      console  WallIntent (shared/wall/state.ts)      WallSnapshot (after the change)
 *   hub:request      any*     { method, params } (HUB_METHODS)       the hub's answer (unknown, typed by method)
 *   console:action   console  ConsoleAction                          { ok: true } | { ok: false, error }
 *   (* methods in CONSOLE_ONLY_METHODS, e.g. full message texts, only from a console.)
 *
 * WallSnapshot = { state: WallState, window: WindowInfo, notices: Notice[] }
 *   WindowInfo tells a window who it is: role, display, scene, and in span mode its slice of the
 *   canvas — it changes without a reload when displays are re-planned.
 *   notices: shell health (a window or the hub gave up restarting), shown by the console.
 *
 * Every payload is validated with these schemas in the main process and its sender checked (an
 * app:// page in a window the shell created; wall windows are read-only). A refused call rejects
 * with an Error whose message starts with `refused:`.
 *
 * The shell ↔ hub utility process messages (HubWire*) are at the end of this file.
 */
import { z } from 'zod';
import { ActionTypeSchema } from '../schema.js';
import { RectSchema, SceneRefSchema } from './plan.js';
import { WallIntentSchema, WallStateSchema } from './state.js';
export { INVOKE_CHANNELS, CONSOLE_ONLY_CHANNELS, STATE_PUSH_CHANNEL, isInvokeChannel } from './channels.js';
export type { InvokeChannel } from './channels.js';

export const WindowInfoSchema = z.strictObject({
  role: z.enum(['wall', 'console']),
  display: z.number(),
  scene: SceneRefSchema,
  slice: RectSchema.nullable(),
  canvas: z.strictObject({ width: z.number(), height: z.number() }).nullable(),
});
export type WindowInfo = z.infer<typeof WindowInfoSchema>;

export const NoticeSchema = z.strictObject({
  level: z.enum(['info', 'warning', 'error']),
  /** Russian, one line. */
  text: z.string(),
  at: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const WallSnapshotSchema = z.strictObject({
  state: WallStateSchema,
  window: WindowInfoSchema,
  notices: z.array(NoticeSchema),
});
export type WallSnapshot = z.infer<typeof WallSnapshotSchema>;

const Empty = z.union([z.undefined(), z.null(), z.strictObject({})]);
const Iso = z.iso.datetime({ offset: true });
const Range = { from: Iso.optional(), to: Iso.optional() };

/** Methods the renderer may call on the hub, with their params. Unknown methods are refused. */
export const HUB_METHODS = {
  kpi: z.strictObject({ grouping: z.enum(['region', 'block', 'municipality', 'block,municipality', 'channel']).optional(), ...Range }),
  rating: z.strictObject({ ...Range }),
  queue: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
  heatmap: z.strictObject({ ...Range, blocks: z.array(z.string().min(1)).max(100).optional() }),
  ticker: z.strictObject({ limit: z.number().int().min(1).max(200).optional() }),
  'sync.status': Empty,
  /** Full text of one message: operators only (the wall shows masked texts). */
  'messages.get': z.strictObject({ id: z.string().min(1).max(200) }),
  /** Answered by the shell itself: version, data source, licences. */
  about: Empty,
} as const;
export type HubMethod = keyof typeof HUB_METHODS;
export const CONSOLE_ONLY_METHODS: readonly HubMethod[] = ['messages.get'];

export const HubRequestSchema = z
  .strictObject({ method: z.string(), params: z.unknown().optional() })
  .superRefine((v, ctx) => {
    const schema = (HUB_METHODS as Record<string, z.ZodType>)[v.method];
    if (!schema) {
      ctx.addIssue({ code: 'custom', path: ['method'], message: `неизвестный метод «${v.method}»` });
      return;
    }
    const r = schema.safeParse(v.params);
    if (!r.success)
      for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['params', ...i.path], message: i.message });
  });
export type HubRequest = { method: HubMethod; params?: unknown };

export const ConsoleActionSchema = z.discriminatedUnion('kind', [
  /** An operator's action on the escalation queue; the shell adds id and time, the hub's outbox sends it. */
  z.strictObject({
    kind: z.literal('operator'),
    action: z.strictObject({
      messageId: z.string().min(1).max(200),
      type: ActionTypeSchema,
      operator: z.string().min(1).max(200),
      payload: z
        .strictObject({
          assignee: z.string().max(200).optional(),
          level: z.number().int().min(1).max(3).optional(),
          comment: z.string().max(4000).optional(),
        })
        .default({}),
    }),
  }),
  /** Store the central API token (encrypted with the OS keychain; never written in plain text). */
  z.strictObject({ kind: z.literal('setApiToken'), token: z.string().min(1).max(8192) }),
  z.strictObject({ kind: z.literal('clearApiToken') }),
  /** Reload every wall window (also clears a "gave up restarting" state). */
  z.strictObject({ kind: z.literal('reloadWall') }),
]);
export type ConsoleAction = z.infer<typeof ConsoleActionSchema>;

export const CHANNEL_PAYLOADS = {
  'wall:getState': Empty,
  'wall:subscribe': Empty,
  'wall:intent': WallIntentSchema,
  'hub:request': HubRequestSchema,
  'console:action': ConsoleActionSchema,
} as const;

export type ConsoleActionResult = { ok: true } | { ok: false; error: string };

// ---- shell ↔ hub (Electron utilityProcess, parentPort messages) ----

/** First message to the hub after it starts. The token never travels through files or argv. */
export interface HubWireInit {
  type: 'init';
  config: unknown;
  token: string | null;
  userDataDir: string;
}
export interface HubWireRequest {
  type: 'request';
  id: number;
  method: string;
  params: unknown;
}
export const HubWireResponseSchema = z.union([
  z.strictObject({ type: z.literal('response'), id: z.number(), result: z.unknown() }),
  z.strictObject({ type: z.literal('response'), id: z.number(), error: z.string() }),
]);
export type HubWireResponse = z.infer<typeof HubWireResponseSchema>;
/** The hub announces changes (new data, sync state) so the shell can refresh windows. */
export const HubWireEventSchema = z.strictObject({ type: z.literal('event'), name: z.string(), data: z.unknown() });
