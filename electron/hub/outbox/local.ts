/**
 * The demo's central API for operator actions: a local transport of the outbox deliverer
 * (./outbox.ts `ActionTransport`) that takes an action as POST /v1/actions would
 * (docs/spec/central-api.md): the idempotency key is the action's id, the same key answers the
 * first answer again (the action applies exactly once, across restarts: the answers live in the
 * cache), a different action under a used key is 422, a conflict with the message's state is 409
 * with the reason, and an accepted action makes the message's next revision — decided by the
 * reference server's own rules (electron/hub/central/actions.ts) — which is written through the
 * cache's applyBatch and handed to `ingest`, the path every sync batch takes.
 */
import type { SqliteDb as Database } from '../cache/sqlite.js';
import type { Action, Message } from '../../../shared/schema.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import { applyMigrations, registerMigrations, type Migration } from '../cache/migrations.js';
import { decideOn } from '../central/actions.js';
import { HttpStatusError, sleep } from '../sync/http.js';
import type { ActionTransport } from './outbox.js';

export const LOCAL_ACTIONS_NAMESPACE = 'demo_actions';
export const LOCAL_ACTIONS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'answers of the demo central API to operator actions (idempotency)',
    up: `
      CREATE TABLE demo_action_answers (
        key          TEXT PRIMARY KEY,
        fingerprint  TEXT NOT NULL,
        status       INTEGER NOT NULL,
        body         TEXT NOT NULL,
        message_id   TEXT NOT NULL,
        rev          INTEGER,
        at           TEXT NOT NULL
      );
    `,
  },
];
registerMigrations(LOCAL_ACTIONS_NAMESPACE, LOCAL_ACTIONS_MIGRATIONS);

const ensured = new WeakSet<Database>();
function ensure(db: Database) {
  if (ensured.has(db)) return;
  applyMigrations(db, LOCAL_ACTIONS_NAMESPACE, LOCAL_ACTIONS_MIGRATIONS);
  ensured.add(db);
}

export interface LocalActionEndpointOptions {
  cache: Cache;
  /** A revision was applied to the cache: refresh what mirrors it (the hub's sink.ingest). */
  ingest?: (r: ApplyResult) => void;
  /** The message got a revision from an action (the live feed stops planning its own for it). */
  onRevision?: (m: Message) => void;
  /** The endpoint's clock (epoch ms), stamped as the revision's updatedAt; default Date.now. */
  now?: () => number;
  /**
   * How long the demo API takes to answer (ms; default 0): a demonstration shows «отправляется»
   * for a moment, as over a network, before «принято».
   */
  latencyMs?: number;
}

interface AnswerRow {
  fingerprint: string;
  status: number;
  body: string;
}

/** What the demo endpoint answered to one key (tests, the `actions` listing). */
export interface LocalAnswer {
  key: string;
  status: number;
  body: unknown;
  messageId: string;
  rev: number | null;
}

export function listLocalAnswers(cache: Cache): LocalAnswer[] {
  ensure(cache.db);
  const rows = cache.db.prepare('SELECT * FROM demo_action_answers ORDER BY rowid').all() as {
    key: string;
    status: number;
    body: string;
    message_id: string;
    rev: number | null;
  }[];
  return rows.map((r) => ({ key: r.key, status: r.status, body: JSON.parse(r.body) as unknown, messageId: r.message_id, rev: r.rev }));
}

/** The transport: decide, apply and remember in one transaction; refusals thrown as the HTTP transport would. */
export function localActionTransport(o: LocalActionEndpointOptions): ActionTransport {
  const { cache } = o;
  ensure(cache.db);
  const db = cache.db;
  const clock = o.now ?? Date.now;
  const find = db.prepare('SELECT fingerprint, status, body FROM demo_action_answers WHERE key = ?');
  const remember = db.prepare(
    'INSERT INTO demo_action_answers (key, fingerprint, status, body, message_id, rev, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const take = db.transaction((a: Action): { status: number; body: string; applied: ApplyResult | null; next: Message | null } => {
    const fingerprint = JSON.stringify(a);
    const held = find.get(a.id) as AnswerRow | undefined;
    if (held) {
      if (held.fingerprint !== fingerprint)
        return { status: 422, body: JSON.stringify({ error: 'Idempotency-Key уже использован для другого действия' }), applied: null, next: null };
      return { status: held.status, body: held.body, applied: null, next: null };
    }
    const nowIso = new Date(clock()).toISOString();
    const d = decideOn(cache.getMessage(a.messageId), a, nowIso);
    const body = JSON.stringify(d.body);
    let applied: ApplyResult | null = null;
    if (d.next) applied = cache.applyBatch([d.next], { source: 'demo-actions' });
    // A 422 is not remembered (as the reference server: the client may correct and resend).
    if (d.status !== 422) remember.run(a.id, fingerprint, d.status, body, a.messageId, d.next?.rev ?? null, nowIso);
    return { status: d.status, body, applied, next: d.next };
  });

  const latency = Math.max(0, o.latencyMs ?? 0);
  return async (a, signal) => {
    if (latency > 0) await sleep(latency, signal);
    const r = take(a);
    if (r.applied) o.ingest?.(r.applied);
    if (r.next) o.onRevision?.(r.next);
    const body = JSON.parse(r.body) as { rev?: number; error?: string };
    if (r.status >= 200 && r.status < 300) return { rev: body.rev! };
    throw new HttpStatusError(r.status, body.error ?? '');
  };
}
