/**
 * Fault injection of the reference central server: `--faults SPEC`, e.g.
 * `5xx=0.1,429=0.05,503=0.02,drop=0.05,truncate=0.05,slow=0.05:200ms,repeat=0.1,stale=0.05,invalid=0.01,seed=7,retryAfter=1`.
 * Rates are probabilities per request (per item for `invalid`). A seeded RNG makes runs reproducible.
 */
import { z } from 'zod';
import type { CentralStore } from './store.js';

const Rate = z.number().min(0).max(1);

export const FaultSpecSchema = z
  .object({
    /** 500/502/504 before the handler runs. */
    '5xx': Rate.optional(),
    /** 429 Too Many Requests with Retry-After. */
    '429': Rate.optional(),
    /** 503 Service Unavailable with Retry-After. */
    '503': Rate.optional(),
    /** Connection destroyed mid-response (headers and part of the body sent). For POST /v1/actions
     * the action IS processed first: the answer is lost, the client must re-send with the same key. */
    drop: Rate.optional(),
    /** Body cut in the middle but the response ended cleanly (chunked): unparsable JSON. */
    truncate: Rate.optional(),
    /** Response delayed by `slowMs`. */
    slow: Rate.optional(),
    slowMs: z.number().int().min(0).max(120_000).optional(),
    /** A changes page served from an older position than asked (overlapping, repeated items). */
    repeat: Rate.optional(),
    /** Per item: an OLDER revision of the same id (held in the log before it) resent right after it
     * in a changes page — docs/spec/central-api.md allows it ("the server may also resend older
     * items"); a client must keep the higher revision (live row or tombstone). */
    stale: Rate.optional(),
    /** Per item: a malformed record inserted after it in a changes page. */
    invalid: Rate.optional(),
    /** Seconds in Retry-After of 429/503 (default 1). */
    retryAfter: z.number().int().min(0).max(3600).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

const KEYS = new Set(Object.keys(FaultSpecSchema.shape));

/** Parses `key=value,…`; throws an Error with a one-line Russian message on a bad spec. */
export function parseFaultSpec(spec: string): FaultSpec {
  const obj: Record<string, number> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9]+)=(.+)$/.exec(part);
    if (!m) throw new Error(`--faults: не понял «${part}»: ожидалось имя=значение`);
    const key = m[1]!;
    let value = m[2]!;
    if (!KEYS.has(key) || key === 'slowMs')
      throw new Error(
        `--faults: неизвестный сбой «${key}»; известны 5xx, 429, 503, drop, truncate, slow, repeat, stale, invalid, retryAfter, seed`,
      );
    if (key === 'slow' && value.includes(':')) {
      const [rate, dur] = value.split(':') as [string, string];
      const d = /^(\d+)(ms|s)?$/.exec(dur);
      if (!d) throw new Error(`--faults: slow: задержка «${dur}» — ожидалось, например, 200ms или 2s`);
      obj.slowMs = Number(d[1]) * (d[2] === 's' ? 1000 : 1);
      value = rate;
    }
    const n = Number(value);
    if (value === '' || !Number.isFinite(n)) throw new Error(`--faults: ${key}: «${value}» — не число`);
    obj[key] = n;
  }
  const r = FaultSpecSchema.safeParse(obj);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`--faults: ${i.path.join('.')}: ${i.message} (доли — от 0 до 1)`);
  }
  return r.data;
}

/** The fault injector's seeded random numbers: the demo generator's mulberry32. */
export { mulberry32 as seededRandom } from '../demo/rng.js';

/** How far back in the log `earlierRevision` looks (bounded work per injected stale item). */
export const STALE_WINDOW = 5000;

/**
 * The JSON of the latest earlier revision of the item `json` (at log position `seq`) — an entry
 * of the same id with a LOWER rev held below `seq`, at most `window` positions back — or null when
 * there is none (a first revision, a compacted log, a malformed item).
 */
export function earlierRevision(store: Pick<CentralStore, 'read'>, json: string, seq: number, window = STALE_WINDOW): string | null {
  let item: { id?: unknown; rev?: unknown };
  try {
    item = JSON.parse(json) as { id?: unknown; rev?: unknown };
  } catch {
    return null;
  }
  if (typeof item?.id !== 'string' || typeof item.rev !== 'number' || item.rev <= 1) return null;
  const from = Math.max(0, seq - window);
  const page = store.read(from, Math.max(0, seq - from));
  const needle = `"id":${JSON.stringify(item.id)}`;
  for (let k = page.jsons.length - 1; k >= 0; k--) {
    if (page.seqs[k]! >= seq) continue;
    const j = page.jsons[k]!;
    if (!j.includes(needle)) continue;
    const old = JSON.parse(j) as { id?: unknown; rev?: unknown };
    if (old.id === item.id && typeof old.rev === 'number' && old.rev < item.rev) return j;
  }
  return null;
}
