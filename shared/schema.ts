/**
 * Runtime schemas of the central API contract (docs/spec/central-api.md, version 1).
 * Types are derived from these schemas (z.infer) — one source of truth.
 * Pure and isomorphic: imports nothing outside shared/ but zod.
 */
import { z } from 'zod';

/** RFC 3339 timestamp with an explicit offset (`Z` or `±hh:mm`). */
export const Timestamp = z.iso.datetime({ offset: true, local: false });

export const SUPPORTED_SCHEMA_VERSION = 1;

export const MetaSchema = z.object({
  schemaVersion: z.number().int(),
  region: z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    timezone: z.string().min(1),
  }),
  serverTime: Timestamp,
});
export type Meta = z.infer<typeof MetaSchema>;

export const BlockRefSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export const CategoryRefSchema = z.object({
  id: z.string().min(1),
  block: z.string().min(1),
  name: z.string().min(1),
});
export const ChannelRefSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export const MunicipalityRefSchema = z.object({
  oktmo: z.string().min(1),
  name: z.string().min(1),
  population: z.number().int().nonnegative().nullable().optional(),
});

export const ReferenceSchema = z.object({
  referenceVersion: z.string().min(1),
  blocks: z.array(BlockRefSchema),
  categories: z.array(CategoryRefSchema),
  channels: z.array(ChannelRefSchema),
  municipalities: z.array(MunicipalityRefSchema),
});
export type Reference = z.infer<typeof ReferenceSchema>;
export type BlockRef = z.infer<typeof BlockRefSchema>;
export type CategoryRef = z.infer<typeof CategoryRefSchema>;
export type ChannelRef = z.infer<typeof ChannelRefSchema>;
export type MunicipalityRef = z.infer<typeof MunicipalityRefSchema>;

export const STATUSES = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;
export const OPEN_STATUSES: ReadonlySet<Status> = new Set(['new', 'in_progress', 'rework']);
export const DONE_STATUSES: ReadonlySet<Status> = new Set(['answered', 'closed']);

const Count = z.number().nonnegative().nullable().optional();
export const ResonanceSchema = z.object({
  views: Count,
  likes: Count,
  reposts: Count,
  comments: Count,
});

export const LocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** A live (non-deleted) message. Required fields per the contract; the rest may be absent or null. */
export const MessageSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  deleted: z.literal(false).nullable().optional(),
  channel: z.string().min(1),
  municipality: z.string().min(1),
  location: LocationSchema.nullable().optional(),
  block: z.string().min(1),
  category: z.string().min(1),
  createdAt: Timestamp,
  /** Since central-api 1.1 (docs/spec/central-api.md): when the source system made this revision. */
  updatedAt: Timestamp.nullable().optional(),
  dueAt: Timestamp,
  firstResponseAt: Timestamp.nullable().optional(),
  answeredAt: Timestamp.nullable().optional(),
  status: StatusSchema,
  reworkCount: z.number().int().nonnegative().nullable().optional(),
  resonance: ResonanceSchema.nullable().optional(),
  satisfaction: z.number().int().min(1).max(5).nullable().optional(),
  assignee: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
});
export type Message = z.infer<typeof MessageSchema>;

/** A tombstone: only id and rev are guaranteed. */
export const TombstoneSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  deleted: z.literal(true),
  /** Since central-api 1.1: the instant of the deletion, when the source gives it. */
  updatedAt: Timestamp.nullable().optional(),
});
export type Tombstone = z.infer<typeof TombstoneSchema>;

export type MessageItem = Message | Tombstone;

export const ChangesPageSchema = z.object({
  // Items are validated one by one (a bad item is quarantined, not fatal), so keep them raw here.
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1),
  hasMore: z.boolean(),
  referenceVersion: z.string().min(1),
});
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

export const ACTION_TYPES = ['acknowledge', 'assign', 'escalate', 'comment', 'resolve'] as const;
export const ActionTypeSchema = z.enum(ACTION_TYPES);
export type ActionType = z.infer<typeof ActionTypeSchema>;

export const ActionSchema = z.object({
  id: z.string().min(1),
  messageId: z.string().min(1),
  type: ActionTypeSchema,
  payload: z
    .object({
      assignee: z.string().optional(),
      level: z.number().int().min(1).max(3).optional(),
      comment: z.string().optional(),
    })
    .default({}),
  at: Timestamp,
  operator: z.string().min(1),
});
export type Action = z.infer<typeof ActionSchema>;

export const ActionAcceptedSchema = z.object({ accepted: z.literal(true), rev: z.number().int() });

/** Human-readable one-line summary of a zod error: `path: message; path: message`. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(корень)'}: ${i.message}`)
    .join('; ');
}

export type ItemCheck =
  | { ok: true; item: MessageItem }
  | { ok: false; reason: string; id: string | null; rev: number | null };

/**
 * Validate one raw item of a changes page (or a line of a JSONL import) against the schema and,
 * when given, the reference dictionaries. Never throws.
 */
export function checkItem(raw: unknown, ref?: ReferenceIndex): ItemCheck {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
  const revRaw = (raw as { rev?: unknown })?.rev;
  const rev = typeof revRaw === 'number' && Number.isInteger(revRaw) ? revRaw : null;
  if ((raw as { deleted?: unknown })?.deleted === true) {
    const t = TombstoneSchema.safeParse(raw);
    if (!t.success) return { ok: false, reason: describeZodError(t.error), id, rev };
    return { ok: true, item: t.data };
  }
  const m = MessageSchema.safeParse(raw);
  if (!m.success) return { ok: false, reason: describeZodError(m.error), id, rev };
  if (ref) {
    const msg = m.data;
    if (!ref.municipalities.has(msg.municipality))
      return { ok: false, reason: `municipality: неизвестный ОКТМО «${msg.municipality}»`, id, rev };
    if (!ref.blocks.has(msg.block))
      return { ok: false, reason: `block: неизвестный блок «${msg.block}»`, id, rev };
    const catBlock = ref.categories.get(msg.category);
    if (catBlock === undefined)
      return { ok: false, reason: `category: неизвестная категория «${msg.category}»`, id, rev };
    if (catBlock !== msg.block)
      return {
        ok: false,
        reason: `category: категория «${msg.category}» относится к блоку «${catBlock}», а не «${msg.block}»`,
        id,
        rev,
      };
    if (!ref.channels.has(msg.channel))
      return { ok: false, reason: `channel: неизвестный канал «${msg.channel}»`, id, rev };
  }
  return { ok: true, item: m.data };
}

/** Lookup sets built once per reference version. */
export interface ReferenceIndex {
  readonly municipalities: ReadonlyMap<string, MunicipalityRef>;
  readonly blocks: ReadonlyMap<string, BlockRef>;
  /** category id -> block id */
  readonly categories: ReadonlyMap<string, string>;
  readonly channels: ReadonlyMap<string, ChannelRef>;
}

export function indexReference(ref: Reference): ReferenceIndex {
  return {
    municipalities: new Map(ref.municipalities.map((m) => [m.oktmo, m])),
    blocks: new Map(ref.blocks.map((b) => [b.id, b])),
    categories: new Map(ref.categories.map((c) => [c.id, c.block])),
    channels: new Map(ref.channels.map((c) => [c.id, c])),
  };
}
