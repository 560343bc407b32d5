/**
 * Fast path of item validation for bulk applies (a million-line import spends most of its time
 * here otherwise). It checks the common valid shape of a live message by hand — the same rules as
 * `MessageSchema` plus the reference checks of `checkItem` — and returns the normalised message.
 *
 * It is conservative: it may answer `null` ("not sure") for an item that is valid, and the caller
 * then asks `checkItem` (the zod schema, the contract's type), which also gives the reason for
 * items that are invalid. It must never accept an item `checkItem` rejects; a unit test
 * (tests/unit/cache/fastcheck.test.ts) holds the two to that.
 */
import { STATUSES, Timestamp, type ReferenceIndex } from '../../../shared/schema.js';
import { resonanceWeight, type NormalizedMessage } from '../../../shared/model.js';
import type { Message, Status } from '../../../shared/schema.js';

/** The exact pattern zod checks timestamps with (so the two cannot disagree on a timestamp). */
const TIMESTAMP: RegExp = (() => {
  const p = (Timestamp as unknown as { _zod: { def: { pattern?: RegExp } } })._zod.def.pattern;
  if (!(p instanceof RegExp)) throw new Error('zod: no pattern on the Timestamp schema');
  return new RegExp(p.source, p.flags.replace('g', ''));
})();

const STATUS_SET: ReadonlySet<string> = new Set(STATUSES);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const absent = (v: unknown): v is null | undefined => v === undefined || v === null;
const count = (v: unknown): boolean => absent(v) || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const intNonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function instant(v: unknown): number {
  if (typeof v !== 'string' || !TIMESTAMP.test(v)) return NaN;
  return Date.parse(v);
}

function optInstant(v: unknown): number | null | undefined {
  if (absent(v)) return null;
  const t = instant(v);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The normalised message when `raw` is certainly a valid live message (and, when `ref` is given,
 * refers only to known dictionary entries); `null` when not certain — ask `checkItem` then.
 */
export function fastNormalize(raw: unknown, ref: ReferenceIndex | null): NormalizedMessage | null {
  if (!isObj(raw)) return null;
  const { id, rev, channel, municipality, block, category, status } = raw;
  if (!nonEmpty(id) || !intNonNeg(rev)) return null;
  const deleted = raw.deleted;
  if (deleted !== undefined && deleted !== null && deleted !== false) return null;
  if (!nonEmpty(channel) || !nonEmpty(municipality) || !nonEmpty(block) || !nonEmpty(category)) return null;
  if (typeof status !== 'string' || !STATUS_SET.has(status)) return null;

  const createdAt = instant(raw.createdAt);
  const dueAt = instant(raw.dueAt);
  if (Number.isNaN(createdAt) || Number.isNaN(dueAt)) return null;
  const firstResponseAt = optInstant(raw.firstResponseAt);
  const answeredAt = optInstant(raw.answeredAt);
  const updatedAt = optInstant(raw.updatedAt);
  if (firstResponseAt === undefined || answeredAt === undefined || updatedAt === undefined) return null;

  let lat: number | null = null;
  let lon: number | null = null;
  const loc = raw.location;
  if (!absent(loc)) {
    if (!isObj(loc)) return null;
    const la = loc.lat;
    const lo = loc.lon;
    if (typeof la !== 'number' || !(la >= -90 && la <= 90)) return null;
    if (typeof lo !== 'number' || !(lo >= -180 && lo <= 180)) return null;
    lat = la;
    lon = lo;
  }

  const reworkCount = raw.reworkCount;
  if (!absent(reworkCount) && !intNonNeg(reworkCount)) return null;
  const res = raw.resonance;
  if (!absent(res)) {
    if (!isObj(res)) return null;
    if (!count(res.views) || !count(res.likes) || !count(res.reposts) || !count(res.comments)) return null;
  }
  const sat = raw.satisfaction;
  if (!absent(sat) && !(typeof sat === 'number' && Number.isSafeInteger(sat) && sat >= 1 && sat <= 5)) return null;
  if (!absent(raw.assignee) && typeof raw.assignee !== 'string') return null;
  if (!absent(raw.text) && typeof raw.text !== 'string') return null;

  if (ref) {
    if (!ref.municipalities.has(municipality) || !ref.blocks.has(block) || !ref.channels.has(channel)) return null;
    if (ref.categories.get(category) !== block) return null;
  }

  return {
    id,
    rev,
    channel,
    municipality,
    block,
    category,
    createdAt,
    dueAt,
    firstResponseAt,
    answeredAt,
    status: status as Status,
    reworkCount: (reworkCount as number | null | undefined) ?? 0,
    weight: resonanceWeight(res as Message['resonance']),
    satisfaction: (sat as number | null | undefined) ?? null,
    lat,
    lon,
    updatedAt,
  };
}
