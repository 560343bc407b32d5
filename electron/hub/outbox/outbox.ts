/**
 * Outbox of operator actions (central-api.md, POST /v1/actions): an action is first written to
 * the `outbox` table of the cache, then delivered with `Idempotency-Key: <id>`.
 *
 * - Delivery is serial in creation order, so actions on one message keep their order (an action
 *   waits while an earlier one is pending or being sent).
 * - 200/201 → done (with the server's rev); 409/422 (and other 4xx but 401/403/404) → failed with
 *   the server's reason, never retried; 5xx, 429, network errors, timeouts → retried with backoff.
 * - 401/403/404 stop delivery (wrong token, read-only token, wrong address): actions stay pending.
 * - Crash safety: the state goes `pending → sending` (committed) before the request; a `sending`
 *   action found at start goes back to `pending` and is re-sent with the SAME key — the server's
 *   idempotency makes it apply exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { SqliteDb as Database } from '../cache/sqlite.js';
import { ActionAcceptedSchema, ActionSchema, describeZodError, type Action, type ActionType } from '../../../shared/schema.js';
import type { Cache } from '../cache/api.js';
import { applyMigrations, registerMigrations, type Migration } from '../cache/migrations.js';
import {
  authStop,
  DEFAULT_BACKOFF,
  HttpStatusError,
  requestJson,
  retryDelay,
  sleep,
  SyncStoppedError,
  TransientError,
  type Backoff,
} from '../sync/http.js';

export const OUTBOX_NAMESPACE = 'outbox';
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'outbox of operator actions',
    up: `
      CREATE TABLE outbox (
        id          TEXT PRIMARY KEY,
        message_id  TEXT NOT NULL,
        type        TEXT NOT NULL,
        payload     TEXT NOT NULL,
        at          TEXT NOT NULL,
        operator    TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT,
        server_rev  INTEGER,
        created_seq INTEGER NOT NULL UNIQUE,
        updated_at  TEXT NOT NULL
      );
      CREATE INDEX outbox_open ON outbox (created_seq) WHERE state IN ('pending', 'sending');
    `,
  },
  {
    version: 2,
    description: 'outbox: actions of a message (the console card)',
    up: `CREATE INDEX outbox_message ON outbox (message_id, created_seq);`,
  },
];
registerMigrations(OUTBOX_NAMESPACE, OUTBOX_MIGRATIONS);

export type OutboxState = 'pending' | 'sending' | 'done' | 'failed';

export interface OutboxEntry {
  action: Action;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  serverRev: number | null;
  createdSeq: number;
  updatedAt: string;
}

const ensured = new WeakSet<Database>();

/**
 * Who listens to the outbox of a cache in this process (the console's action states): every
 * queued action and every change of state is told to them. Another process (`act` on the same
 * file) is not heard here: its action is seen when a deliverer of this process picks it up.
 */
const watchers = new WeakMap<Database, Set<(e: OutboxEntry) => void>>();

/** Listen to the outbox of `cache` in this process; returns what stops listening. */
export function watchOutbox(cache: Pick<Cache, 'db'>, cb: (e: OutboxEntry) => void): () => void {
  let set = watchers.get(cache.db);
  if (!set) watchers.set(cache.db, (set = new Set()));
  const s = set;
  s.add(cb);
  return () => void s.delete(cb);
}

function tell(db: Database, e: OutboxEntry): void {
  const set = watchers.get(db);
  if (!set) return;
  for (const cb of [...set]) {
    try {
      cb(e);
    } catch {
      // a broken listener never stops delivery
    }
  }
}
function ensure(db: Database) {
  if (ensured.has(db)) return;
  applyMigrations(db, OUTBOX_NAMESPACE, OUTBOX_MIGRATIONS);
  ensured.add(db);
}

export interface NewAction {
  messageId: string;
  type: ActionType;
  payload?: Action['payload'];
  operator: string;
  /** RFC 3339 with offset; default now (UTC). */
  at?: string;
}

/** Validates and queues an action; returns it (with its new id). Throws a clear error on a bad action. */
export function enqueueAction(cache: Cache, a: NewAction): Action {
  ensure(cache.db);
  const parsed = ActionSchema.safeParse({
    id: randomUUID(),
    messageId: a.messageId,
    type: a.type,
    payload: a.payload ?? {},
    at: a.at ?? new Date().toISOString(),
    operator: a.operator,
  });
  if (!parsed.success) throw new Error(`действие не по контракту: ${describeZodError(parsed.error)}`);
  const act = parsed.data;
  cache.db
    .prepare(
      `INSERT INTO outbox (id, message_id, type, payload, at, operator, state, attempts, created_seq, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM outbox), ?)`,
    )
    .run(act.id, act.messageId, act.type, JSON.stringify(act.payload), act.at, act.operator, new Date().toISOString());
  if (watchers.get(cache.db)?.size) {
    const row = cache.db.prepare('SELECT * FROM outbox WHERE id = ?').get(act.id) as Row | undefined;
    if (row) tell(cache.db, toEntry(row));
  }
  return act;
}

interface Row {
  id: string;
  message_id: string;
  type: string;
  payload: string;
  at: string;
  operator: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  server_rev: number | null;
  created_seq: number;
  updated_at: string;
}

function toEntry(r: Row): OutboxEntry {
  return {
    action: {
      id: r.id,
      messageId: r.message_id,
      type: r.type as ActionType,
      payload: JSON.parse(r.payload) as Action['payload'],
      at: r.at,
      operator: r.operator,
    },
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    serverRev: r.server_rev,
    createdSeq: r.created_seq,
    updatedAt: r.updated_at,
  };
}

/** The outbox in creation order. */
export function listOutbox(cache: Cache, opts: { state?: OutboxState; limit?: number } = {}): OutboxEntry[] {
  ensure(cache.db);
  const rows = (
    opts.state
      ? cache.db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY created_seq LIMIT ?').all(opts.state, opts.limit ?? -1)
      : cache.db.prepare('SELECT * FROM outbox ORDER BY created_seq LIMIT ?').all(opts.limit ?? -1)
  ) as Row[];
  return rows.map(toEntry);
}

/** The actions on each of `messageIds`, in creation order (at most `perMessage` latest each). */
export function outboxByMessage(cache: Cache, messageIds: readonly string[], perMessage = 50): Map<string, OutboxEntry[]> {
  ensure(cache.db);
  const out = new Map<string, OutboxEntry[]>();
  if (messageIds.length === 0) return out;
  const stmt = cache.db.prepare('SELECT * FROM outbox WHERE message_id = ? ORDER BY created_seq DESC LIMIT ?');
  for (const id of new Set(messageIds)) {
    const rows = stmt.all(id, perMessage) as Row[];
    if (rows.length) out.set(id, rows.reverse().map(toEntry));
  }
  return out;
}

/** One action of the outbox, or null. */
export function getOutboxEntry(cache: Cache, id: string): OutboxEntry | null {
  ensure(cache.db);
  const r = cache.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  return r ? toEntry(r) : null;
}

export function outboxCounts(cache: Cache): { pending: number; failed: number } {
  ensure(cache.db);
  const r = cache.db
    .prepare(
      `SELECT SUM(state IN ('pending', 'sending')) AS pending, SUM(state = 'failed') AS failed FROM outbox`,
    )
    .get() as { pending: number | null; failed: number | null };
  return { pending: r.pending ?? 0, failed: r.failed ?? 0 };
}

/**
 * Where an action goes: answers its acceptance (the server's new rev), or throws HttpStatusError
 * for a refusal (409/422 …) or TransientError for a failure worth retrying — as the HTTP transport
 * to POST /v1/actions does. The demo's local endpoint (./local.ts) is another one.
 */
export type ActionTransport = (a: Action, signal?: AbortSignal) => Promise<{ rev: number }>;

export interface OutboxDelivererOptions {
  cache: Cache;
  /** The central API (with `token`), unless `transport` is given. */
  api?: string;
  token?: string;
  /** Deliver through this instead of HTTP (the demo plays the API with it). */
  transport?: ActionTransport;
  fetch?: typeof fetch;
  random?: () => number;
  backoff?: Backoff;
  requestTimeoutMs?: number;
  /** Called after every change of an action's state. */
  onChange?: (e: OutboxEntry) => void;
}

export interface OutboxDeliverer {
  /** Delivers every pending action (retrying transient failures); resolves when none is pending. Throws SyncStoppedError. */
  deliverPending(signal?: AbortSignal): Promise<{ done: number; failed: number }>;
  /** Delivers whatever becomes pending (checks every `intervalMs`, or at once after wake()) until `signal` aborts. */
  run(signal: AbortSignal, intervalMs?: number): Promise<void>;
  /** An action was queued: a running `run` checks now instead of at the end of its interval. */
  wake(): void;
}

/** The HTTP transport: POST /v1/actions with Idempotency-Key = the action's id. */
export function httpActionTransport(o: { api: string; token: string; fetch?: typeof fetch; requestTimeoutMs?: number }): ActionTransport {
  const api = o.api.trim().replace(/\/+$/, '');
  const fetchFn = o.fetch ?? globalThis.fetch;
  return async (a, signal) => {
    const res = await requestJson(fetchFn, `${api}/v1/actions`, {
      token: o.token,
      timeoutMs: o.requestTimeoutMs ?? 30_000,
      signal,
      method: 'POST',
      body: JSON.stringify(a),
      headers: { 'idempotency-key': a.id },
    });
    const ok = ActionAcceptedSchema.safeParse(res.body);
    if (!ok.success) throw new TransientError(`ответ на действие не по контракту: ${describeZodError(ok.error)}`);
    return { rev: ok.data.rev };
  };
}

export function createOutboxDeliverer(opts: OutboxDelivererOptions): OutboxDeliverer {
  const { cache } = opts;
  ensure(cache.db);
  let transport = opts.transport;
  if (!transport) {
    if (opts.api === undefined || opts.token === undefined) throw new Error('доставка действий: нужен адрес API с токеном или транспорт');
    transport = httpActionTransport({
      api: opts.api,
      token: opts.token,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    });
  }
  const send = transport;
  const random = opts.random ?? Math.random;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const db = cache.db;
  const now = () => new Date().toISOString();

  // A crash may have left an action `sending`: it goes back to pending, same key.
  db.prepare(`UPDATE outbox SET state = 'pending', updated_at = ? WHERE state = 'sending'`).run(now());

  const next = db.prepare(`SELECT * FROM outbox WHERE state IN ('pending', 'sending') ORDER BY created_seq LIMIT 1`);
  const markSending = db.prepare(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`,
  );
  const markDone = db.prepare(`UPDATE outbox SET state = 'done', server_rev = ?, last_error = NULL, updated_at = ? WHERE id = ?`);
  const markFailed = db.prepare(`UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?`);
  const markPending = db.prepare(`UPDATE outbox SET state = 'pending', last_error = ?, updated_at = ? WHERE id = ?`);
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const changed = (id: string) => {
    const r = byId.get(id) as Row | undefined;
    if (!r) return;
    const e = toEntry(r);
    opts.onChange?.(e);
    tell(db, e);
  };

  async function deliverOne(e: OutboxEntry, signal?: AbortSignal): Promise<'done' | 'failed'> {
    let attempt = 0;
    for (;;) {
      markSending.run(now(), e.action.id);
      changed(e.action.id);
      try {
        const ok = await send(e.action, signal);
        markDone.run(ok.rev, now(), e.action.id);
        changed(e.action.id);
        return 'done';
      } catch (err) {
        if (signal?.aborted) {
          markPending.run(null, now(), e.action.id);
          // the console shows «ждёт отправки» again, not «отправляется» until the next change
          changed(e.action.id);
          throw signal.reason;
        }
        if (err instanceof HttpStatusError) {
          const stop =
            authStop(err.status, '/v1/actions') ??
            (err.status === 404
              ? new SyncStoppedError('forbidden', `адрес действий не найден (404): проверьте --api; действия ждут отправки`)
              : null);
          if (stop) {
            markPending.run(stop.message, now(), e.action.id);
            changed(e.action.id);
            throw stop;
          }
          markFailed.run(`${err.status}: ${err.serverMessage}`, now(), e.action.id);
          changed(e.action.id);
          return 'failed';
        }
        if (err instanceof TransientError) {
          markPending.run(err.message, now(), e.action.id);
          changed(e.action.id);
          await sleep(retryDelay(attempt++, backoff, random, err.retryAfterMs), signal);
          continue;
        }
        markPending.run(String((err as Error)?.message ?? err), now(), e.action.id);
        changed(e.action.id);
        throw err;
      }
    }
  }

  async function deliverPending(signal?: AbortSignal) {
    let done = 0;
    let failed = 0;
    for (;;) {
      const r = next.get() as Row | undefined;
      if (!r) return { done, failed };
      const out = await deliverOne(toEntry(r), signal);
      if (out === 'done') done++;
      else failed++;
    }
  }

  let woken: (() => void) | null = null;
  let wokenEarly = false;
  const wake = () => {
    wokenEarly = true;
    woken?.();
  };
  /** Sleeps `ms`, or less when woken. */
  const nap = async (ms: number, signal: AbortSignal) => {
    if (wokenEarly) {
      wokenEarly = false;
      return;
    }
    const inner = new AbortController();
    const both = AbortSignal.any([signal, inner.signal]);
    woken = () => inner.abort();
    try {
      await sleep(ms, both);
    } catch (e) {
      if (signal.aborted) throw e;
    } finally {
      woken = null;
      wokenEarly = false;
    }
  };

  async function run(signal: AbortSignal, intervalMs = 1000) {
    try {
      while (!signal.aborted) {
        wokenEarly = false;
        await deliverPending(signal);
        await nap(intervalMs, signal);
      }
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    }
  }

  return { deliverPending, run, wake };
}
