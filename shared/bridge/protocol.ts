/**
 * The bridge protocol between a view (renderer window, console) and the hub. Transport-agnostic:
 * the same messages travel as JSON text frames over a WebSocket (browser mode) or as structured
 * clones over Electron IPC (the preload's contextBridge).
 *
 *   request   view → hub   { id, method, params }
 *   response  hub → view   { id, ok: true, result } | { id, ok: false, error: { code, message } }
 *   event     hub → view   { event, data }
 *
 * Binary results (the heat map's Float32Array) travel as one binary WebSocket frame
 * (`encodeBinaryFrame`: a 24-byte header tying it to the request id, then the floats), or over IPC
 * as a transferable ArrayBuffer inside an ordinary response. A failed binary request is answered
 * by an ordinary JSON error response.
 *
 * Roles: every client is a `wall` client unless the hub has admitted it as a `console`
 * (see electron/hub/serve/server.ts). Methods in CONSOLE_ONLY are refused to wall clients with
 * error code `forbidden`. Texts of messages are masked for wall clients (personal data never on
 * the wall); `getMessage` gives the full text, to a console only.
 *
 * Stability: only ever add to this file (new optional fields, new methods, new events).
 */
import { z } from 'zod';
import { ReferenceSchema, MessageSchema, ActionTypeSchema, Timestamp, StatusSchema } from '../schema.js';
import { WallStateSchema, IntentSchema, WindowPresetSchema, SceneIdSchema, BriefingPeriodSchema } from './wallState.js';
// The engine's shapes and thresholds (docs/spec/kpi.md) are defined once, in shared/engine/types.ts.
import { ThresholdsSchema, KpiGroupSchema, RatingResultSchema, QueueItemSchema, ReasonCodeSchema, ZoneSchema } from '../engine/types.js';
// The alert of docs/spec/alerts.md and the operator's marks are defined once, in shared/alerts/schema.ts.
import { AlertSchema, ALERT_MARKS } from '../alerts/schema.js';

export const PROTOCOL_VERSION = 1;

export const ROLES = ['wall', 'console'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Request ids are unsigned 32-bit integers (they go into the binary frame header). */
export const RequestIdSchema = z.number().int().min(0).max(0xffff_ffff);

const Id = z.string().min(1).max(100);
const IdList = z.array(Id).max(100);

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

export const RegionInfoSchema = z.object({
  /** Bundled region id (kamchatka …) when known, else null. */
  id: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
});
export type BridgeRegionInfo = z.infer<typeof RegionInfoSchema>;

const Num = z.number();

/** A queue item of kpi.md, enriched for display. `excerpt` is masked for wall clients. */
export const ViewQueueItemSchema = QueueItemSchema.extend({
  blockName: z.string(),
  municipalityName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  channel: z.string(),
  status: StatusSchema,
  createdAt: Timestamp,
  dueAt: Timestamp,
  /** Masked (wall) or full (console) text, cut to about 200 characters; '' when the message has none. */
  excerpt: z.string(),
});
export type ViewQueueItem = z.infer<typeof ViewQueueItemSchema>;

export const ViewQueueSchema = z.object({
  now: Timestamp,
  /** Items in kpi.md's queue order (at most `queueLimit`). */
  items: z.array(ViewQueueItemSchema),
  /** Length of the whole queue, before the limit. */
  total: z.number().int().nonnegative(),
  /** Count per level over the whole queue. */
  byLevel: z.object({ 1: Num, 2: Num, 3: Num }),
});
export type ViewQueue = z.infer<typeof ViewQueueSchema>;

export const TickerItemSchema = z.object({
  id: z.string(),
  at: Timestamp,
  block: z.string(),
  blockName: z.string(),
  municipality: z.string(),
  municipalityName: z.string(),
  channel: z.string(),
  channelName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  status: StatusSchema,
  /** Masked (wall) or full (console) text, cut to about 200 characters. */
  text: z.string(),
});
export type TickerItem = z.infer<typeof TickerItemSchema>;

export const SYNC_STATES = ['demo', 'idle', 'online', 'catching_up', 'offline', 'error', 'stopped'] as const;
/** The sync's state as a view sees it (the hub's own, fuller record is shared/sync-health.ts). */
export const BridgeSyncHealthSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** 0..1 while catching up, else null. */
  progress: z.number().min(0).max(1).nullable(),
  offlineSince: Timestamp.nullable(),
  lastError: z.string().nullable(),
  /** Items held in quarantine (failed validation). */
  quarantined: z.number().int().nonnegative(),
});
export type BridgeSyncHealth = z.infer<typeof BridgeSyncHealthSchema>;

export const FreshnessSchema = z.object({
  /** The newest instant the data speaks of (latest createdAt/answeredAt seen), null for no data. */
  dataAsOf: Timestamp.nullable(),
  /** When the cache last received a batch (sync page, demo batch), null if never. */
  lastSyncAt: Timestamp.nullable(),
  sync: BridgeSyncHealthSchema,
});
export type Freshness = z.infer<typeof FreshnessSchema>;

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

export const HelloParamsSchema = z.object({
  /** Free label of the window/console (for logs), e.g. "display-2". */
  client: z.string().max(100).optional(),
  protocol: z.number().int().optional(),
});

export const SceneInfoSchema = z.object({ id: SceneIdSchema, title: z.string() });

export const HelloResultSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  appVersion: z.string(),
  role: RoleSchema,
  region: RegionInfoSchema,
  reference: ReferenceSchema.nullable(),
  thresholds: ThresholdsSchema,
  /** Lines to show on the map (data sources, licences). */
  attribution: z.array(z.string()),
  /** Every scene available in this region, with its Russian title. */
  scenes: z.array(SceneInfoSchema),
  dataVersion: z.number().int().nonnegative(),
  /** The hub's clock at the answer (epoch ms) — lets windows show a hub-synchronised clock. */
  serverNow: z.number(),
});
export type HelloResult = z.infer<typeof HelloResultSchema>;

/**
 * What to compute. Either an explicit window `[from, to)` or a preset resolved by the hub in the
 * region's time zone ('today' = [local midnight, now], '24h', '7d', '30d' ending at now).
 * `now` defaults to the hub's clock. Empty/absent blocks or channels = all.
 */
export const ViewSpecSchema = z
  .object({
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    window: WindowPresetSchema.optional(),
    now: Timestamp.optional(),
    blocks: IdList.optional(),
    channels: IdList.optional(),
    municipality: z.string().min(1).max(20).nullable().optional(),
    /** Ticker length (default 20, at most 200). */
    tickerLimit: z.number().int().min(0).max(200).optional(),
    /** Queue items sent (default 50, at most 500). */
    queueLimit: z.number().int().min(0).max(500).optional(),
  })
  .refine((v) => (v.from !== undefined) === (v.to !== undefined), {
    message: 'from и to задаются вместе',
  })
  .refine((v) => v.window !== undefined || v.from !== undefined, {
    message: 'нужно окно: window или from и to',
  })
  .refine((v) => v.from === undefined || v.to === undefined || Date.parse(v.from) < Date.parse(v.to), {
    message: 'from должен быть раньше to',
  });
export type ViewSpec = z.infer<typeof ViewSpecSchema>;

export const ViewResultSchema = z.object({
  /** The resolved window and instant. */
  from: Timestamp,
  to: Timestamp,
  now: Timestamp,
  /** Start of the previous window of the same length (for trends: incomingPrev). */
  prevFrom: Timestamp,
  dataVersion: z.number().int().nonnegative(),
  kpi: z.object({
    region: KpiGroupSchema,
    byBlock: z.array(KpiGroupSchema),
    byMunicipality: z.array(KpiGroupSchema),
    byBlockMunicipality: z.array(KpiGroupSchema),
  }),
  rating: RatingResultSchema,
  queue: ViewQueueSchema,
  ticker: z.array(TickerItemSchema),
  freshness: FreshnessSchema,
});
export type ViewResult = z.infer<typeof ViewResultSchema>;

/** Heat points: same filter as getView (window, blocks, channels, municipality). */
export const HeatParamsSchema = ViewSpecSchema;

export const HeatPointsResultSchema = z.object({
  /** [lon, lat, weight] interleaved. */
  points: z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'ожидался Float32Array' }),
  /** Number of points (points.length / 3). */
  count: z.number().int().nonnegative(),
  dataVersion: z.number().int().nonnegative(),
});
export type HeatPointsResult = z.infer<typeof HeatPointsResultSchema>;

export const GeoParamsSchema = z.object({}).optional();
/** GeoJSON FeatureCollection; each feature's properties carry kind ('region' | 'municipality'), oktmo, name, population. */
export const GeoFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).passthrough(),
  properties: z
    .object({
      kind: z.enum(['region', 'municipality']),
      oktmo: z.string(),
      name: z.string(),
      population: z.number().nullable(),
    })
    .passthrough(),
});
export const GeoResultSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GeoFeatureSchema),
  /** [minLon, minLat, maxLon, maxLat] of the region. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  attribution: z.array(z.string()),
});
export type GeoResult = z.infer<typeof GeoResultSchema>;

export const GetMessageParamsSchema = z.object({ id: Id });
export const GetMessageResultSchema = z.object({
  /** The message in the contract's shape, with its full (unmasked) text. */
  message: MessageSchema,
  blockName: z.string(),
  categoryName: z.string(),
  municipalityName: z.string(),
  channelName: z.string(),
});
export type GetMessageResult = z.infer<typeof GetMessageResultSchema>;

export const ActParamsSchema = z.object({
  messageId: Id,
  type: ActionTypeSchema,
  payload: z
    .object({
      assignee: z.string().max(500).optional(),
      level: z.number().int().min(1).max(3).optional(),
      comment: z.string().max(4000).optional(),
    })
    .default({}),
  /** Operator id; defaults to the console's configured operator. */
  operator: z.string().min(1).max(100).optional(),
});
export const ActResultSchema = z.object({
  /** The action id (also its Idempotency-Key). */
  actionId: z.string(),
  queued: z.literal(true),
});

// ---------------------------------------------------------------------------------------------
// Trends of the briefing (issue 11; electron/hub/service/trends.ts)
// ---------------------------------------------------------------------------------------------

export const BriefingPeriodNameSchema = BriefingPeriodSchema;
export type BriefingPeriodName = z.infer<typeof BriefingPeriodNameSchema>;

export const TrendsParamsSchema = z.object({
  /** 'week': today and the six days before; 'month': today and the 29 before (default week). */
  period: BriefingPeriodNameSchema.optional(),
  now: Timestamp.optional(),
  /** Days of the per-day series (default 14 for a week, 30 for a month). */
  days: z.number().int().min(2).max(60).optional(),
});
export type TrendsParams = z.infer<typeof TrendsParamsSchema>;

const Count = z.number().int().nonnegative();
const Share = z.number().min(0).max(1).nullable();
const WeekCompareSchema = z.object({
  incoming: Count,
  incomingPrev: Count,
  onTimeRate: Share,
  onTimeRatePrev: Share,
  answered: Count,
  answeredPrev: Count,
});
const CategoryTrendSchema = z.object({
  category: z.string(),
  name: z.string(),
  /** Messages created in the period. */
  count: Count,
  /** In the previous period of the same length. */
  prev: Count,
  change: z.number().int(),
});

export const TrendsResultSchema = z.object({
  period: BriefingPeriodNameSchema,
  /** The period [from, to) and the start of the previous one of the same length. */
  from: Timestamp,
  to: Timestamp,
  prevFrom: Timestamp,
  now: Timestamp,
  dataVersion: z.number().int().nonnegative(),
  daily: z.object({
    /** Start of each local day, oldest first; the last day ends at `now`. */
    days: z.array(Timestamp).max(60),
    region: z.array(Count).max(60),
    byBlock: z.array(z.object({ block: z.string(), name: z.string(), counts: z.array(Count).max(60) })).max(100),
  }),
  /** The week (today and the six days before) against the seven days before it. */
  week: z.object({
    from: Timestamp,
    prevFrom: Timestamp,
    region: WeekCompareSchema,
    byBlock: z.array(WeekCompareSchema.extend({ block: z.string(), name: z.string() })).max(100),
  }),
  categories: z.object({ top: z.array(CategoryTrendSchema).max(20), growing: z.array(CategoryTrendSchema).max(20) }),
  rating: z.object({
    /** change = prevRank − rank: positive moved up. */
    moved: z.array(z.object({ municipality: z.string(), name: z.string(), rank: z.number().int(), prevRank: z.number().int(), change: z.number().int() })).max(50),
    enteredRed: z.array(z.object({ municipality: z.string(), name: z.string(), rank: z.number().int().nullable(), prevZone: ZoneSchema })).max(50),
  }),
  /** Open messages grouped by category × municipality, most overdue first. */
  problems: z
    .array(
      z.object({
        category: z.string(),
        categoryName: z.string(),
        municipality: z.string(),
        municipalityName: z.string(),
        open: Count,
        overdue: Count,
        /** The oldest open message's createdAt. */
        oldest: Timestamp,
      }),
    )
    .max(50),
});
export type TrendsResult = z.infer<typeof TrendsResultSchema>;

export const EmptyParamsSchema = z.object({}).optional();

/** The console's timeline (issue 10): how many days back, ending with the present hour. */
export const TIMELINE_MAX_DAYS = 30;
export const TimelineParamsSchema = z
  .object({ days: z.number().int().min(1).max(TIMELINE_MAX_DAYS).optional() })
  .optional();
export const TimelineIncidentSchema = z.object({
  id: z.string(),
  raisedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  level: z.number().int().min(1).max(3),
  municipality: z.string(),
  block: z.string(),
  /** Russian, e.g. «Отопление — Петропавловск-Камчатский». */
  title: z.string(),
});
export type TimelineIncident = z.infer<typeof TimelineIncidentSchema>;
export const TimelineResultSchema = z.object({
  /** Start of the first hour (a whole UTC hour). */
  from: Timestamp,
  /** End of the last hour (the present hour's end). */
  to: Timestamp,
  hourMs: z.literal(3_600_000),
  /** Messages created in each hour from `from` (as the cache holds them now), one number per hour. */
  incoming: z.array(z.number().int().nonnegative()).max(TIMELINE_MAX_DAYS * 24 + 1),
  /** Incidents raised in the span (early warning), by raisedAt; empty where none are stored. */
  incidents: z.array(TimelineIncidentSchema).max(1000),
  dataVersion: z.number().int().nonnegative(),
});
export type TimelineResult = z.infer<typeof TimelineResultSchema>;
// ---------------------------------------------------------------------------------------------
// Early warning (docs/spec/alerts.md): incidents, their messages and the operator's marks
// ---------------------------------------------------------------------------------------------

export const AlertMarkSchema = z.object({
  mark: z.enum(ALERT_MARKS),
  operator: z.string(),
  /** The operator's comment (masked for wall clients), null when none. */
  comment: z.string().nullable(),
  at: Timestamp,
});
export type BridgeAlertMark = z.infer<typeof AlertMarkSchema>;

/** An alert as a view shows it: the contract's alert (state as of `now`), names, its current mark. */
export const IncidentSchema = z.object({
  alert: AlertSchema,
  blockName: z.string(),
  categoryName: z.string(),
  municipalityName: z.string(),
  /** The latest operator mark, null when unmarked. */
  mark: AlertMarkSchema.nullable(),
  /** Hub clock (epoch ms) when this hub raised it live; null for one raised before the hub started. */
  detectedAt: z.number().nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const GetAlertsParamsSchema = z
  .object({
    /** The period: alerts raised in [from, to) besides the active ones (both or neither). */
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    /** At most this many of the period's alerts (default 100), the latest raised kept. */
    limit: z.number().int().min(0).max(500).optional(),
  })
  .refine((v) => (v.from !== undefined) === (v.to !== undefined), { message: 'from и to задаются вместе' })
  .optional();
export const GetAlertsResultSchema = z.object({
  /** The hub's clock at the answer (epoch ms). */
  now: z.number(),
  /** The instant the detector has processed messages up to (epoch ms). */
  processedTo: z.number().nullable(),
  /** Alerts active now, by level (highest first), then raisedAt (latest first). */
  active: z.array(IncidentSchema),
  /** Alerts raised in the period (empty without one), by raisedAt (latest first). */
  period: z.array(IncidentSchema),
});
export type GetAlertsResult = z.infer<typeof GetAlertsResultSchema>;

export const GetAlertParamsSchema = z.object({ id: Id, limit: z.number().int().min(1).max(500).optional() });
export const AlertMessageSchema = z.object({
  id: z.string(),
  createdAt: Timestamp,
  channelName: z.string(),
  status: StatusSchema,
  /** Masked (wall) or full (console) text; '' when the message has none. */
  text: z.string(),
});
export const GetAlertResultSchema = z.object({
  incident: IncidentSchema,
  /** Its messages, latest first (at most `limit`, default 200). */
  messages: z.array(AlertMessageSchema),
  /** Every mark of the alert, oldest first. */
  marks: z.array(AlertMarkSchema),
});
export type GetAlertResult = z.infer<typeof GetAlertResultSchema>;

export const MarkAlertParamsSchema = z
  .object({
    id: Id,
    mark: z.enum(ALERT_MARKS),
    comment: z.string().max(2000).optional(),
    /** Operator id; defaults to the console's configured operator. */
    operator: z.string().min(1).max(100).optional(),
  })
  .refine((m) => m.mark !== 'under_control' || (m.comment ?? '').trim() !== '', {
    message: 'для отметки «взято на контроль» нужен комментарий',
    path: ['comment'],
  });
export const MarkAlertResultSchema = z.object({ incident: IncidentSchema });

export const AlertRaisedSchema = z.object({ incident: IncidentSchema });
export const AlertsChangedSchema = z.object({
  /** The alerts that changed (raised, grown, ended or marked). */
  ids: z.array(z.string()),
  reason: z.enum(['detector', 'mark']),
});
// The duty officer's console (console-only: full texts, assignees, the outbox)
// ---------------------------------------------------------------------------------------------

export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/**
 * The console's own queue filter (independent of what the wall shows). Every list empty or absent
 * = all. `text`: a case-insensitive substring of the message's text, id, assignee, municipality or
 * category name. `since`: when the officer last looked — items created after it are marked new
 * (`isNew`) and counted (`newCount`); with `onlyNew` only they are listed.
 */
export const ConsoleQueueFilterSchema = z.object({
  levels: z.array(LevelSchema).max(3).optional(),
  reasons: z.array(ReasonCodeSchema).max(5).optional(),
  blocks: IdList.optional(),
  municipalities: IdList.optional(),
  channels: IdList.optional(),
  text: z.string().max(200).optional(),
  since: Timestamp.optional(),
  onlyNew: z.boolean().optional(),
});
export type ConsoleQueueFilter = z.infer<typeof ConsoleQueueFilterSchema>;

export const ConsoleQueueParamsSchema = ConsoleQueueFilterSchema.extend({
  /** First item of the page, in kpi.md's queue order over the filtered queue. */
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Page length (default 50, at most 200). */
  limit: z.number().int().min(1).max(200).default(50),
});
export type ConsoleQueueParams = z.input<typeof ConsoleQueueParamsSchema>;

/** The outbox state of an action, as the console shows it: queued → sending → accepted, or failed. */
export const CONSOLE_ACTION_STATES = ['queued', 'sending', 'accepted', 'failed'] as const;
export const ConsoleActionStateSchema = z.enum(CONSOLE_ACTION_STATES);
export type ConsoleActionState = z.infer<typeof ConsoleActionStateSchema>;

export const ConsoleActionSchema = z.object({
  /** The action id (its Idempotency-Key). */
  id: z.string(),
  type: ActionTypeSchema,
  payload: z.object({ assignee: z.string().optional(), level: z.number().int().optional(), comment: z.string().optional() }),
  at: Timestamp,
  operator: z.string(),
  state: ConsoleActionStateSchema,
  attempts: z.number().int().nonnegative(),
  /** The server's reason for a failure (or the last transient error while it retries). */
  error: z.string().nullable(),
  /** The revision the API answered with (accepted). */
  serverRev: z.number().int().nullable(),
  /** The message's revision from the API has come back through the feed (cache rev ≥ serverRev). */
  applied: z.boolean(),
  updatedAt: Timestamp,
});
export type ConsoleAction = z.infer<typeof ConsoleActionSchema>;

export const ConsoleQueueItemSchema = ViewQueueItemSchema.extend({
  rev: z.number().int(),
  assignee: z.string().nullable(),
  /** Created after the filter's `since`. */
  isNew: z.boolean(),
  /** The latest action on it (null: none), and how many there are. */
  lastAction: ConsoleActionSchema.nullable(),
  actionCount: z.number().int().nonnegative(),
});
export type ConsoleQueueItem = z.infer<typeof ConsoleQueueItemSchema>;

export const ConsoleQueueResultSchema = z.object({
  now: Timestamp,
  dataVersion: z.number().int().nonnegative(),
  /** The whole escalation queue, before the console's filter. */
  total: z.number().int().nonnegative(),
  /** Items that pass the filter (the pages run through these). */
  matched: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  items: z.array(ConsoleQueueItemSchema),
  /** Count per level over the matched items. */
  byLevel: z.object({ 1: Num, 2: Num, 3: Num }),
  /** Of the whole queue, items created after `since` (0 without `since`). */
  newCount: z.number().int().nonnegative(),
});
export type ConsoleQueueResult = z.infer<typeof ConsoleQueueResultSchema>;

export const ExecutorSchema = z.object({
  name: z.string(),
  /** 'seen': assignee of messages of this municipality and block (or of the block region-wide); 'reference': built from the reference dictionaries. */
  source: z.enum(['seen', 'reference']),
  scope: z.enum(['municipality', 'block']),
  /** Messages seen with it (0 for reference entries never seen). */
  count: z.number().int().nonnegative(),
});
export type Executor = z.infer<typeof ExecutorSchema>;

export const MessageCardParamsSchema = z.object({ id: Id });
export const MessageCardResultSchema = GetMessageResultSchema.extend({
  /**
   * The revisions of the message, oldest first, the current one last. Today the cache keeps only
   * the current revision (`historyComplete: false`); the time machine fills in the rest.
   */
  history: z.array(MessageSchema).max(1000),
  historyComplete: z.boolean(),
  /** Its place in the escalation queue now (null: not in the queue). */
  queue: z
    .object({ level: LevelSchema, reasons: z.array(ReasonCodeSchema), overdueMin: Num, weight: Num })
    .nullable(),
  /** The highest level it was escalated to by an operator (not failed), null if never. */
  escalatedTo: LevelSchema.nullable(),
  /** The actions taken on it, oldest first (the latest 50). */
  actions: z.array(ConsoleActionSchema),
  /** Whom it can be assigned to (the municipality's and block's executors, most used first). */
  executors: z.array(ExecutorSchema).max(50),
});
export type MessageCardResult = z.infer<typeof MessageCardResultSchema>;


/**
 * `makeReport` (console only): the справка of docs/spec/report.md for the period the wall shows —
 * the wall state's window resolved by the hub at its `now` — as file bytes (base64, so the answer
 * stays one JSON/structured-clone message on every transport). No file is written by the hub.
 */
export const REPORT_FILE_FORMATS = ['pdf', 'xlsx'] as const;
export const ReportFileFormatSchema = z.enum(REPORT_FILE_FORMATS);
export const MakeReportParamsSchema = z.object({ format: ReportFileFormatSchema });
export const MakeReportResultSchema = z.object({
  format: ReportFileFormatSchema,
  /** «Справка-<регион>-<период>.<format>»: a file name only, never a path. */
  fileName: z.string().min(1).max(200),
  /** The window and instant of the report, RFC 3339 with the region's offset. */
  from: z.string(),
  to: z.string(),
  now: z.string(),
  /** The file's bytes, base64. */
  base64: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type MakeReportResult = z.infer<typeof MakeReportResultSchema>;

export const METHODS = {
  hello: { params: HelloParamsSchema.optional(), result: HelloResultSchema, consoleOnly: false },
  getWallState: { params: EmptyParamsSchema, result: WallStateSchema, consoleOnly: false },
  intent: { params: IntentSchema, result: WallStateSchema, consoleOnly: true },
  getView: { params: ViewSpecSchema, result: ViewResultSchema, consoleOnly: false },
  getHeatPoints: { params: HeatParamsSchema, result: HeatPointsResultSchema, consoleOnly: false },
  getGeo: { params: GeoParamsSchema, result: GeoResultSchema, consoleOnly: false },
  getMessage: { params: GetMessageParamsSchema, result: GetMessageResultSchema, consoleOnly: true },
  act: { params: ActParamsSchema, result: ActResultSchema, consoleOnly: true },
  getTrends: { params: TrendsParamsSchema, result: TrendsResultSchema, consoleOnly: false },
  getAlerts: { params: GetAlertsParamsSchema, result: GetAlertsResultSchema, consoleOnly: false },
  getAlert: { params: GetAlertParamsSchema, result: GetAlertResultSchema, consoleOnly: false },
  markAlert: { params: MarkAlertParamsSchema, result: MarkAlertResultSchema, consoleOnly: true },
  getTimeline: { params: TimelineParamsSchema, result: TimelineResultSchema, consoleOnly: false },
  getConsoleQueue: { params: ConsoleQueueParamsSchema, result: ConsoleQueueResultSchema, consoleOnly: true },
  getMessageCard: { params: MessageCardParamsSchema, result: MessageCardResultSchema, consoleOnly: true },
  makeReport: { params: MakeReportParamsSchema, result: MakeReportResultSchema, consoleOnly: true },
} as const;

export type Method = keyof typeof METHODS;
export const METHOD_NAMES = Object.keys(METHODS) as Method[];
export const CONSOLE_ONLY: ReadonlySet<Method> = new Set(
  METHOD_NAMES.filter((m) => METHODS[m].consoleOnly),
);
/** Methods whose result is binary (a WebSocket answers them with a binary frame). */
export const BINARY_METHODS: ReadonlySet<Method> = new Set(['getHeatPoints']);

export type Params<M extends Method> = z.input<(typeof METHODS)[M]['params']>;
export type ParsedParams<M extends Method> = z.output<(typeof METHODS)[M]['params']>;
export type Result<M extends Method> = M extends 'getHeatPoints' ? HeatPointsResult : z.output<(typeof METHODS)[M]['result']>;
/**
 * Per method: the params its handler receives (after parseParams) and the result it returns. The
 * hub's router (electron/hub/service/router.ts) types one handler per method with it.
 */
export type MethodTypes = { [M in Method]: { params: ParsedParams<M>; result: Result<M> } };

export function isMethod(s: unknown): s is Method {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(METHODS, s);
}

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------

export const RequestSchema = z.object({
  id: RequestIdSchema,
  method: z.enum(METHOD_NAMES as [Method, ...Method[]]),
  params: z.unknown().optional(),
});
export type Request = { id: number; method: Method; params?: unknown };

export const ERROR_CODES = ['bad_request', 'forbidden', 'not_found', 'unavailable', 'internal'] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export const BridgeErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type BridgeErrorInfo = z.infer<typeof BridgeErrorSchema>;

export const ResponseSchema = z.discriminatedUnion('ok', [
  z.object({ id: RequestIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: RequestIdSchema, ok: z.literal(false), error: BridgeErrorSchema }),
]);
export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: BridgeErrorInfo };

export const ViewChangedSchema = z.object({
  /** Increases whenever the hub's data changed (batches applied); re-fetch views older than it. */
  dataVersion: z.number().int().nonnegative(),
});

/** An operator action changed its outbox state (queued, sending, accepted, failed). No personal data. */
export const OutboxChangedSchema = z.object({
  actionId: z.string(),
  messageId: z.string(),
  state: ConsoleActionStateSchema,
});

export const EVENTS = {
  wallState: WallStateSchema,
  /** Throttled to at most about four per second. */
  viewChanged: ViewChangedSchema,
  health: FreshnessSchema,
  /** A new alert (docs/spec/alerts.md); the wall shows a banner for level 2 and 3. */
  alertRaised: AlertRaisedSchema,
  /** Alerts changed (grown, ended, marked): re-fetch getAlerts. */
  alertsChanged: AlertsChangedSchema,
  outboxChanged: OutboxChangedSchema,
} as const;
export type EventName = keyof typeof EVENTS;
export type EventData<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export const EventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('wallState'), data: WallStateSchema }),
  z.object({ event: z.literal('viewChanged'), data: ViewChangedSchema }),
  z.object({ event: z.literal('health'), data: FreshnessSchema }),
  z.object({ event: z.literal('alertRaised'), data: AlertRaisedSchema }),
  z.object({ event: z.literal('alertsChanged'), data: AlertsChangedSchema }),
  z.object({ event: z.literal('outboxChanged'), data: OutboxChangedSchema }),
]);
export type BridgeEvent = { [E in EventName]: { event: E; data: EventData<E> } }[EventName];

/** Any JSON message from the hub. */
export type HubMessage = Response | BridgeEvent;

export function isResponse(m: unknown): m is Response {
  return typeof m === 'object' && m !== null && 'id' in m && 'ok' in m;
}
export function isEvent(m: unknown): m is BridgeEvent {
  return typeof m === 'object' && m !== null && 'event' in m && typeof (m as { event: unknown }).event === 'string';
}

/** Validate the params of a request; returns a Russian one-line error on failure. */
export function parseParams<M extends Method>(
  method: M,
  params: unknown,
): { ok: true; params: ParsedParams<M> } | { ok: false; message: string } {
  const r = (METHODS[method].params as z.ZodType).safeParse(params);
  if (r.success) return { ok: true, params: r.data as ParsedParams<M> };
  const msg = r.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ');
  return { ok: false, message: `неверные параметры ${method}: ${msg}` };
}

// ---------------------------------------------------------------------------------------------
// Binary frames (WebSocket)
// ---------------------------------------------------------------------------------------------

/** 'SWB1' little-endian. */
export const BINARY_MAGIC = 0x31425753;
export const BINARY_HEADER_BYTES = 24;
export const BINARY_KIND_HEAT_POINTS = 1;

/**
 * Header (little-endian): u32 magic 'SWB1', u32 kind (1 = heat points), u32 request id,
 * u32 dataVersion, u32 count (points), u32 reserved; then count*3 float32 [lon, lat, weight].
 */
export function encodeHeatFrame(id: number, r: HeatPointsResult): ArrayBuffer {
  const floats = r.points.length;
  const buf = new ArrayBuffer(BINARY_HEADER_BYTES + floats * 4);
  const dv = new DataView(buf);
  dv.setUint32(0, BINARY_MAGIC, true);
  dv.setUint32(4, BINARY_KIND_HEAT_POINTS, true);
  dv.setUint32(8, id >>> 0, true);
  dv.setUint32(12, r.dataVersion >>> 0, true);
  dv.setUint32(16, Math.floor(floats / 3), true);
  dv.setUint32(20, 0, true);
  new Float32Array(buf, BINARY_HEADER_BYTES, floats).set(r.points);
  return buf;
}

/** Decode a binary frame; null when it is not one of ours. The points are a copy-free view when aligned. */
export function decodeBinaryFrame(buf: ArrayBuffer): { id: number; result: HeatPointsResult } | null {
  if (buf.byteLength < BINARY_HEADER_BYTES) return null;
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== BINARY_MAGIC || dv.getUint32(4, true) !== BINARY_KIND_HEAT_POINTS) return null;
  const id = dv.getUint32(8, true);
  const dataVersion = dv.getUint32(12, true);
  const count = dv.getUint32(16, true);
  if (BINARY_HEADER_BYTES + count * 12 > buf.byteLength) return null;
  const points = new Float32Array(buf, BINARY_HEADER_BYTES, count * 3);
  return { id, result: { points, count, dataVersion } };
}
