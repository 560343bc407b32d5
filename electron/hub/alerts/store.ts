/**
 * Alerts and operator marks in the cache (docs/spec/alerts.md: "An alert raised is never taken
 * back … The operator's marks on it are kept in the cache and survive restarts"), and the
 * detector's snapshot for a warm restart. Own migration namespace `alerts`.
 *
 * - `saveAlerts` upserts alerts as they stand now; a stored alert never loses a message (the
 *   stored messageIds are kept and new ones appended, in the contract's order) and never un-ends.
 * - Marks are append-only rows (who, when, which mark, comment); the current mark of an alert is
 *   its latest row; input is checked with `AlertMarkInputSchema` (errors in Russian).
 */
import type { SqliteDb } from '../cache/sqlite.js';
import type { Cache } from '../cache/api.js';
import { applyMigrations, registerMigrations, type Migration } from '../cache/migrations.js';
import { AlertMarkInputSchema, AlertSchema, type Alert, type AlertMark, type AlertMarkInput } from '../../../shared/alerts/schema.js';
import type { DetectorSnapshot } from '../../../shared/alerts/detector.js';
import { describeZodError } from '../../../shared/schema.js';

export const ALERTS_NAMESPACE = 'alerts';
export const ALERTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'alerts, operator marks, detector snapshot',
    up: `
      CREATE TABLE alerts (
        id         TEXT PRIMARY KEY,
        raised_at  INTEGER NOT NULL,
        ended_at   INTEGER,
        json       TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX alerts_raised ON alerts (raised_at);
      CREATE TABLE alert_marks (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL,
        mark     TEXT NOT NULL CHECK (mark IN ('seen', 'under_control', 'false_alarm')),
        operator TEXT NOT NULL,
        comment  TEXT,
        at       TEXT NOT NULL
      );
      CREATE INDEX alert_marks_alert ON alert_marks (alert_id, seq);
      CREATE TABLE alerts_detector (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        processed_to INTEGER,
        written_at   TEXT NOT NULL,
        json         TEXT NOT NULL
      );
    `,
  },
];
registerMigrations(ALERTS_NAMESPACE, ALERTS_MIGRATIONS);

const ensured = new WeakSet<SqliteDb>();
function ensure(db: SqliteDb): void {
  if (ensured.has(db)) return;
  applyMigrations(db, ALERTS_NAMESPACE, ALERTS_MIGRATIONS);
  ensured.add(db);
}

/** A clear Russian error for bad input; nothing is applied. */
export class AlertInputError extends Error {}

function merge(held: Alert, next: Alert, order: Map<string, number>): Alert {
  const ids = [...held.messageIds];
  const have = new Set(ids);
  for (const id of next.messageIds) if (!have.has(id)) ids.push(id);
  const pos = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const stable = new Map(next.messageIds.map((id, i) => [id, i]));
  ids.sort((a, b) => (stable.has(a) && stable.has(b) ? stable.get(a)! - stable.get(b)! : pos(a) - pos(b)));
  const endedAt = held.endedAt ?? next.endedAt;
  return {
    ...next,
    messageIds: ids,
    count: ids.length,
    raisedAt: held.raisedAt,
    firstAt: held.firstAt < next.firstAt ? held.firstAt : next.firstAt,
    endedAt,
    state: endedAt !== null ? 'ended' : next.state,
  };
}

/** Upserts alerts (each validated); returns how many rows were written. */
export function saveAlerts(cache: Cache, alerts: readonly Alert[]): number {
  ensure(cache.db);
  const get = cache.db.prepare('SELECT json FROM alerts WHERE id = ?');
  const put = cache.db.prepare(
    `INSERT INTO alerts (id, raised_at, ended_at, json, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET ended_at = excluded.ended_at, json = excluded.json, updated_at = excluded.updated_at`,
  );
  const now = new Date().toISOString();
  let n = 0;
  cache.db.transaction(() => {
    for (const raw of alerts) {
      const r = AlertSchema.safeParse(raw);
      if (!r.success) throw new AlertInputError(`всплеск ${raw?.id ?? ''} не по контракту alerts.md: ${describeZodError(r.error)}`);
      let a = r.data;
      const row = get.get(a.id) as { json: string } | undefined;
      if (row) {
        const held = JSON.parse(row.json) as Alert;
        const order = new Map(a.messageIds.map((id, i) => [id, i]));
        a = merge(held, a, order);
      }
      put.run(a.id, Date.parse(a.raisedAt), a.endedAt === null ? null : Date.parse(a.endedAt), JSON.stringify(a), now);
      n++;
    }
  })();
  return n;
}

/** Stored alerts raised in [from, to) (all when omitted), by raisedAt then id. */
export function listAlerts(cache: Cache, opts: { from?: number; to?: number; limit?: number } = {}): Alert[] {
  ensure(cache.db);
  const rows = cache.db
    .prepare('SELECT json FROM alerts WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at, id LIMIT ?')
    .all(opts.from ?? -8.64e15, opts.to ?? 8.64e15, opts.limit ?? 10_000) as { json: string }[];
  return rows.map((r) => JSON.parse(r.json) as Alert);
}

export function getAlert(cache: Cache, id: string): Alert | null {
  ensure(cache.db);
  const row = cache.db.prepare('SELECT json FROM alerts WHERE id = ?').get(id) as { json: string } | undefined;
  return row ? (JSON.parse(row.json) as Alert) : null;
}

/** Records an operator's mark (validated; the alert must be stored). */
export function addMark(cache: Cache, input: AlertMarkInput): AlertMark {
  ensure(cache.db);
  const r = AlertMarkInputSchema.safeParse(input);
  if (!r.success) throw new AlertInputError(`отметка не принята: ${describeZodError(r.error)}`);
  const m = r.data;
  if (!getAlert(cache, m.alertId)) throw new AlertInputError(`всплеск ${m.alertId} не найден в кэше`);
  const comment = m.comment?.trim() ? m.comment.trim() : null;
  cache.db
    .prepare('INSERT INTO alert_marks (alert_id, mark, operator, comment, at) VALUES (?, ?, ?, ?, ?)')
    .run(m.alertId, m.mark, m.operator.trim(), comment, m.at);
  return { alertId: m.alertId, mark: m.mark, operator: m.operator.trim(), comment, at: m.at };
}

interface MarkRow {
  alert_id: string;
  mark: AlertMark['mark'];
  operator: string;
  comment: string | null;
  at: string;
}
const fromRow = (r: MarkRow): AlertMark => ({ alertId: r.alert_id, mark: r.mark, operator: r.operator, comment: r.comment, at: r.at });

/** Every mark of one alert, oldest first (the history). */
export function listMarks(cache: Cache, alertId: string): AlertMark[] {
  ensure(cache.db);
  return (cache.db.prepare('SELECT * FROM alert_marks WHERE alert_id = ? ORDER BY seq').all(alertId) as MarkRow[]).map(fromRow);
}

/** The latest mark of each marked alert. */
export function currentMarks(cache: Cache): Map<string, AlertMark> {
  ensure(cache.db);
  const rows = cache.db
    .prepare('SELECT m.* FROM alert_marks m JOIN (SELECT alert_id, MAX(seq) AS s FROM alert_marks GROUP BY alert_id) x ON m.seq = x.s')
    .all() as MarkRow[];
  return new Map(rows.map((r) => [r.alert_id, fromRow(r)]));
}

/** Stores the detector's snapshot (one row, replaced). */
export function saveDetectorSnapshot(cache: Cache, snap: DetectorSnapshot): void {
  ensure(cache.db);
  cache.db
    .prepare(
      `INSERT INTO alerts_detector (id, processed_to, written_at, json) VALUES (1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET processed_to = excluded.processed_to, written_at = excluded.written_at, json = excluded.json`,
    )
    .run(snap.processedTo, new Date().toISOString(), JSON.stringify(snap));
}

/** The stored detector snapshot, or null (none, or unreadable: the detector then relearns). */
export function loadDetectorSnapshot(cache: Cache): DetectorSnapshot | null {
  ensure(cache.db);
  const row = cache.db.prepare('SELECT json FROM alerts_detector WHERE id = 1').get() as { json: string } | undefined;
  if (!row) return null;
  try {
    const s = JSON.parse(row.json) as DetectorSnapshot;
    return s?.v === 1 ? s : null;
  } catch {
    return null;
  }
}
