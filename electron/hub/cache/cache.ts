/**
 * The local cache: one SQLite file per region (WAL), implementing ./api.ts.
 *
 * Rules of central-api.md, applied in `applyBatch`:
 * - per id the highest `rev` wins; an item whose rev is not higher than the held one is ignored —
 *   the held one may be a tombstone, which keeps its row (deleted = 1) exactly for that;
 * - a tombstone removes the message; a later, higher rev re-creates it;
 * - an invalid item goes to `quarantine` with the reason, and the batch goes on;
 * - the batch and its cursor commit in ONE transaction.
 *
 * Writes are one `INSERT … ON CONFLICT(id) DO UPDATE … WHERE excluded.rev > messages.rev` per item
 * (the rev comparison happens in the same B-tree lookup as the insert). Validation first tries a
 * hand-written fast path (./fastcheck.ts) and falls back to the zod schema (`checkItem`).
 */
import { loadDriver, open as openSqlite, openImmutable } from './sqlite.js';
import type { SqliteDb as Db, SqliteStatement as Statement } from './sqlite.js';
import { isUtf8 } from 'node:buffer';
import { accessSync, constants as fsConstants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  checkItem,
  describeZodError,
  indexReference,
  ReferenceSchema,
  type Message,
  type Reference,
  type ReferenceIndex,
} from '../../../shared/schema.js';
import { normalizeMessage, type NormalizedMessage } from '../../../shared/model.js';
import type { RevisionInput } from '../../../shared/engine/history.js';
import type { ApplyResult, Cache, HistoryRevision, QuarantineEntry, RegionMeta, StoreSnapshot } from './api.js';
import { fastNormalize } from './fastcheck.js';
import { poisonReason, QUARANTINE_MAX_ROWS, rawForQuarantine, truncateRaw } from './limits.js';
import { CacheSchemaError, checkSchemaReadonly, migrateAll } from './migrations.js';

export { registerMigrations, applyMigrations, type Migration } from './migrations.js';

export interface OpenCacheOptions {
  /** Open read-only: never creates, never migrates; a missing file is an error. */
  readonly?: boolean;
  /** Create the file when missing (default: true unless readonly). */
  create?: boolean;
}

/** `PRAGMA application_id` of a situation-wall cache ("SWC1"): tells our files from other SQLite files. */
export const APPLICATION_ID = 0x53574331;

/** A cache that cannot be opened: missing, not a cache, newer schema … (message in Russian). */
export class CacheOpenError extends Error {}
/** Binding a cache to a second region or API. */
export class CacheBindingError extends Error {}

const KEY_REGION = 'region';
const KEY_API = 'api_url';
const KEY_REFERENCE = 'reference';
const KEY_CURSOR = 'cursor';
const KEY_QUARANTINE_DROPPED = 'quarantine_dropped';

/** Rows per page when scanning (a statement never stays open across a `yield`). */
const PAGE = 50_000;

const LIVE_COLUMNS =
  'id, rev, channel, municipality, block, category, created_at, due_at, first_response_at, answered_at, ' +
  'status, rework_count, weight, satisfaction, lat, lon';

export interface ApplyOptions {
  cursor?: string | null;
  source?: string;
  /** Build `changed` / `removed` (default true; a bulk import turns it off to save memory). */
  collect?: boolean;
  /**
   * Keep the history of revisions (default true, central-api.md 1.1). Only the benchmark turns it
   * off, to measure what the history costs against the current-state cache of before.
   */
  history?: boolean;
}

interface BatchCtx {
  ref: ReferenceIndex | null;
  source: string;
  at: string;
  collect: boolean;
  history: boolean;
  result: ApplyResult;
  changed: Map<string, NormalizedMessage>;
  removed: Set<string>;
  revisions: RevisionInput[];
}

function sqliteCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c : undefined;
}

function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export class SqliteCache implements Cache {
  readonly db: Db;
  private readonly st: {
    upsertLive: Statement;
    upsertTomb: Statement;
    revOf: Statement;
    addRevision: Statement;
    addTombRevision: Statement;
    quarantine: Statement;
    getState: Statement;
    setState: Statement;
    delState: Statement;
    dataVersion: Statement;
    bumpVersion: Statement;
  };
  private refCache: { json: string; ref: Reference; index: ReferenceIndex } | null = null;

  constructor(
    readonly path: string,
    db: Db,
    readonly readonly: boolean,
  ) {
    this.db = db;
    const cols =
      'channel, municipality, block, category, created_at, due_at, first_response_at, answered_at, status, ' +
      'rework_count, weight, satisfaction, lat, lon, json';
    const set = cols
      .split(', ')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    this.st = {
      upsertLive: db.prepare(
        // The JSON text may come as a string or as its UTF-8 bytes (an import line): CAST makes
        // the bytes TEXT as they are (the file's encoding is UTF-8), and leaves a string alone.
        `INSERT INTO messages (id, rev, deleted, ${cols}) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))
         ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, deleted = 0, ${set} WHERE excluded.rev > messages.rev`,
      ),
      upsertTomb: db.prepare(
        `INSERT INTO messages (id, rev, deleted) VALUES (?, ?, 1)
         ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, deleted = 1, ${cols
           .split(', ')
           .map((c) => `${c} = NULL`)
           .join(', ')} WHERE excluded.rev > messages.rev`,
      ),
      revOf: db.prepare('SELECT rev, deleted FROM messages WHERE id = ?').raw(),
      // History (central-api.md 1.1): every distinct (id, rev), the first copy seen wins.
      addRevision: db.prepare(
        `INSERT OR IGNORE INTO revisions (id, rev, deleted, updated_at, ${cols})
         VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))`,
      ),
      addTombRevision: db.prepare('INSERT OR IGNORE INTO revisions (id, rev, deleted, updated_at) VALUES (?, ?, 1, ?)'),
      quarantine: db.prepare(
        'INSERT INTO quarantine (item_id, rev, reason, raw, source, at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getState: db.prepare('SELECT value FROM state WHERE key = ?').pluck(),
      setState: db.prepare(
        'INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      delState: db.prepare('DELETE FROM state WHERE key = ?'),
      dataVersion: db.prepare('SELECT version FROM data_version WHERE id = 1').pluck(),
      bumpVersion: db.prepare('UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version').pluck(),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- key/value state -------------------------------------------------------------------------

  getState(key: string): string | null {
    const v = this.st.getState.get(key) as string | undefined;
    return v ?? null;
  }

  setState(key: string, value: string | null): void {
    if (value === null) this.st.delState.run(key);
    else this.st.setState.run(key, value);
  }

  // ---- bindings --------------------------------------------------------------------------------

  getRegion(): RegionMeta | null {
    const v = this.getState(KEY_REGION);
    return v === null ? null : (JSON.parse(v) as RegionMeta);
  }

  setRegion(region: RegionMeta): void {
    const held = this.getRegion();
    if (held && held.code !== region.code)
      throw new CacheBindingError(
        `кэш ${this.path} принадлежит региону ${held.code} ${held.name}, а не ${region.code} ${region.name}`,
      );
    this.setState(KEY_REGION, JSON.stringify({ code: region.code, name: region.name, timezone: region.timezone }));
  }

  getApiUrl(): string | null {
    return this.getState(KEY_API);
  }

  setApiUrl(url: string): void {
    const want = normalizeUrl(url);
    const held = this.getApiUrl();
    if (held !== null && held !== want)
      throw new CacheBindingError(`кэш ${this.path} синхронизируется с API ${held}, а не ${want}`);
    this.setState(KEY_API, want);
  }

  // ---- reference -------------------------------------------------------------------------------

  private loadReference(): { ref: Reference; index: ReferenceIndex } | null {
    const json = this.getState(KEY_REFERENCE);
    if (json === null) return (this.refCache = null);
    // Another connection may have replaced it: the index is rebuilt only when the text changed.
    if (this.refCache?.json !== json) {
      const ref = JSON.parse(json) as Reference;
      this.refCache = { json, ref, index: indexReference(ref) };
    }
    return this.refCache;
  }

  getReference(): Reference | null {
    return this.loadReference()?.ref ?? null;
  }

  /** Replaces the stored dictionaries (validated with ReferenceSchema; throws a clear error). */
  setReference(ref: Reference): void {
    const parsed = ReferenceSchema.safeParse(ref);
    if (!parsed.success) throw new Error(`справочники не по контракту: ${describeZodError(parsed.error)}`);
    this.setState(KEY_REFERENCE, JSON.stringify(parsed.data));
  }

  getCursor(): string | null {
    return this.getState(KEY_CURSOR);
  }

  // ---- applying changes ------------------------------------------------------------------------

  private newCtx(opts: ApplyOptions | undefined): BatchCtx {
    return {
      ref: this.loadReference()?.index ?? null,
      source: opts?.source ?? 'api',
      at: new Date().toISOString(),
      collect: opts?.collect ?? true,
      history: opts?.history ?? true,
      result: { applied: 0, ignored: 0, deleted: 0, quarantined: 0, changed: [], removed: [], historyAdded: 0 },
      changed: new Map(),
      removed: new Set(),
      revisions: [],
    };
  }

  private finish(ctx: BatchCtx, cursor: string | null | undefined): ApplyResult {
    if (cursor !== undefined) this.setState(KEY_CURSOR, cursor);
    if (ctx.result.quarantined > 0) this.capQuarantine();
    // Every write to messages is counted in applied (tombstones included), every new revision of
    // the history in historyAdded: only then bump.
    ctx.result.dataVersion =
      ctx.result.applied > 0 || (ctx.result.historyAdded ?? 0) > 0 ? this.bumpDataVersion() : this.dataVersion();
    ctx.result.changed = [...ctx.changed.values()];
    ctx.result.removed = [...ctx.removed];
    if (ctx.collect) ctx.result.revisions = ctx.revisions;
    return ctx.result;
  }

  private quarantine(ctx: BatchCtx, id: string | null, rev: number | null, reason: string, raw: string): void {
    this.st.quarantine.run(typeof id === 'string' ? id.slice(0, 200) : id, rev, reason.slice(0, 1000), truncateRaw(raw), ctx.source, ctx.at);
    ctx.result.quarantined++;
  }

  /** Keeps the quarantine at QUARANTINE_MAX_ROWS: the oldest rows dropped, their number kept in state. */
  private capQuarantine(): void {
    const edge = this.db.prepare('SELECT seq FROM quarantine ORDER BY seq DESC LIMIT 1 OFFSET ?').pluck().get(QUARANTINE_MAX_ROWS) as
      | number
      | undefined;
    if (edge === undefined) return;
    const dropped = Number(this.db.prepare('DELETE FROM quarantine WHERE seq <= ?').run(edge).changes);
    this.setState(KEY_QUARANTINE_DROPPED, String(this.quarantineDropped() + dropped));
  }

  /** Quarantined records dropped from the table by its cap (counted in quarantineCount). */
  quarantineDropped(): number {
    return Number(this.getState(KEY_QUARANTINE_DROPPED) ?? 0) || 0;
  }

  /**
   * One raw item; `text` is its JSON as received when the caller has it (an import line), `bytes`
   * the same text as valid UTF-8 when the caller has that too.
   */
  private applyOne(raw: unknown, text: string | undefined, ctx: BatchCtx, bytes?: Uint8Array | null): void {
    const poison = poisonReason(raw);
    if (poison !== null) {
      const o = raw as { id?: unknown; rev?: unknown };
      const id = typeof o.id === 'string' ? o.id : null;
      const rev = typeof o.rev === 'number' && Number.isFinite(o.rev) ? o.rev : null;
      this.quarantine(ctx, id, rev, poison, text ?? rawForQuarantine(raw, true));
      return;
    }
    let n = fastNormalize(raw, ctx.ref);
    if (n === null) {
      const chk = checkItem(raw, ctx.ref ?? undefined);
      if (!chk.ok) {
        this.quarantine(ctx, chk.id, chk.rev, chk.reason, text ?? rawForQuarantine(raw, false));
        return;
      }
      const item = chk.item;
      if (item.deleted === true) {
        this.applyTombstone(item.id, item.rev, item.updatedAt ? Date.parse(item.updatedAt) : null, ctx);
        return;
      }
      try {
        n = normalizeMessage(item);
      } catch (e) {
        this.quarantine(ctx, item.id, item.rev, (e as Error).message, text ?? rawForQuarantine(raw, false));
        return;
      }
    }
    const json = bytes ?? text ?? JSON.stringify(raw);
    const hist = !ctx.history ? { changes: 1 } : this.st.addRevision.run(
      n.id,
      n.rev,
      n.updatedAt ?? null,
      n.channel,
      n.municipality,
      n.block,
      n.category,
      n.createdAt,
      n.dueAt,
      n.firstResponseAt,
      n.answeredAt,
      n.status,
      n.reworkCount,
      n.weight,
      n.satisfaction,
      n.lat,
      n.lon,
      json,
    );
    if (hist.changes > 0) {
      if (ctx.history) ctx.result.historyAdded!++;
      if (ctx.collect) ctx.revisions.push({ id: n.id, rev: n.rev, updatedAt: n.updatedAt ?? null, message: n });
    } else {
      // This (id, rev) is held: the first copy seen wins, in the history and the current state alike.
      ctx.result.ignored++;
      return;
    }
    const info = this.st.upsertLive.run(
      n.id,
      n.rev,
      n.channel,
      n.municipality,
      n.block,
      n.category,
      n.createdAt,
      n.dueAt,
      n.firstResponseAt,
      n.answeredAt,
      n.status,
      n.reworkCount,
      n.weight,
      n.satisfaction,
      n.lat,
      n.lon,
      json,
    );
    if (info.changes === 0) {
      ctx.result.ignored++;
      return;
    }
    ctx.result.applied++;
    if (ctx.collect) {
      ctx.changed.set(n.id, n);
      ctx.removed.delete(n.id);
    }
  }

  private applyTombstone(id: string, rev: number, updatedAt: number | null, ctx: BatchCtx): void {
    if (ctx.history) {
      if (this.st.addTombRevision.run(id, rev, updatedAt).changes === 0) {
        ctx.result.ignored++;
        return;
      }
      ctx.result.historyAdded!++;
    }
    if (ctx.collect) ctx.revisions.push({ id, rev, updatedAt, message: null });
    const held = this.st.revOf.get(id) as [number, number] | undefined;
    if (held && held[0] >= rev) {
      ctx.result.ignored++;
      return;
    }
    this.st.upsertTomb.run(id, rev);
    ctx.result.applied++;
    if (held && held[1] === 0) ctx.result.deleted++;
    if (ctx.collect) {
      ctx.changed.delete(id);
      ctx.removed.add(id);
    }
  }

  applyBatch(items: readonly unknown[], opts?: ApplyOptions): ApplyResult {
    return this.db.transaction(() => {
      const ctx = this.newCtx(opts);
      for (const raw of items) this.applyOne(raw, undefined, ctx);
      return this.finish(ctx, opts?.cursor);
    }).immediate();
  }

  /**
   * A chunk of JSONL lines (an import), in one transaction. Line `i` of `lines` is line
   * `firstLine + i` of the file; blank lines are skipped, a line that is not JSON is quarantined
   * with «строка N: не JSON», and each stored message keeps its line (trimmed) as its JSON text.
   * A line may be given as a string or as its UTF-8 bytes (decoded as Buffer#toString does).
   */
  applyJsonLines(lines: readonly (string | Uint8Array)[], opts: ApplyOptions & { firstLine: number }): ApplyResult {
    return this.db.transaction(() => {
      const ctx = this.newCtx(opts);
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i] as string | Uint8Array;
        let untrimmed: string;
        let valid = false;
        if (typeof l === 'string') untrimmed = l;
        else {
          // Decoded here, just in time, so that the text of a chunk's lines never piles up.
          untrimmed = (Buffer.isBuffer(l) ? l : Buffer.from(l.buffer, l.byteOffset, l.byteLength)).toString('utf8');
          valid = isUtf8(l);
        }
        const line = untrimmed.trim();
        if (line === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          this.quarantine(ctx, null, null, `строка ${opts.firstLine + i}: не JSON`, line);
          continue;
        }
        // The bytes are stored as the text only when they are exactly the text: valid UTF-8 (no
        // replacement characters) and nothing trimmed. SQLite then gets them without re-encoding.
        this.applyOne(raw, line, ctx, valid && line.length === untrimmed.length ? (l as Uint8Array) : null);
      }
      return this.finish(ctx, opts.cursor);
    }).immediate();
  }

  // ---- data version and the store snapshot -----------------------------------------------------

  dataVersion(): number {
    return this.st.dataVersion.get() as number;
  }

  bumpDataVersion(): number {
    return this.st.bumpVersion.get() as number;
  }

  readSnapshot(): StoreSnapshot | null {
    return this.db.transaction((): StoreSnapshot | null => {
      const current = this.dataVersion();
      const blob = this.db
        .prepare('SELECT blob FROM store_snapshot WHERE id = 1 AND data_version = ?')
        .pluck()
        .get(current) as Buffer | undefined;
      return blob === undefined ? null : { dataVersion: current, blob };
    })();
  }

  writeSnapshot(dataVersion: number, blob: Uint8Array): boolean {
    if (this.readonly) return false;
    const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    return this.db.transaction(() => {
      if (this.dataVersion() !== dataVersion) return false;
      this.db
        .prepare(
          `INSERT INTO store_snapshot (id, data_version, written_at, blob) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET data_version = excluded.data_version, written_at = excluded.written_at, blob = excluded.blob`,
        )
        .run(dataVersion, new Date().toISOString(), bytes);
      return true;
    }).immediate();
  }

  // ---- reading ---------------------------------------------------------------------------------

  messageCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM messages WHERE deleted = 0').pluck().get() as number;
  }

  /** Records ever quarantined: the rows kept plus those the cap dropped. */
  quarantineCount(): number {
    return (this.db.prepare('SELECT COUNT(*) FROM quarantine').pluck().get() as number) + this.quarantineDropped();
  }

  /** The latest `limit` quarantined items, newest first. */
  listQuarantine(limit = 100): QuarantineEntry[] {
    const rows = this.db
      .prepare('SELECT seq, item_id, rev, reason, raw, source, at FROM quarantine ORDER BY seq DESC LIMIT ?')
      .all(limit) as { seq: number; item_id: string | null; rev: number | null; reason: string; raw: string; source: string; at: string }[];
    return rows.map((r) => ({
      seq: r.seq,
      itemId: r.item_id,
      rev: r.rev,
      reason: r.reason,
      raw: r.raw,
      source: r.source,
      at: r.at,
    }));
  }

  getMessage(id: string): Message | null {
    const json = this.db.prepare('SELECT json FROM messages WHERE id = ? AND deleted = 0').pluck().get(id) as
      | string
      | undefined;
    return json === undefined ? null : (JSON.parse(json) as Message);
  }

  /** Current messages as JSON text (as received), sorted by id. */
  *exportJson(): IterableIterator<string> {
    const stmt = this.db
      .prepare('SELECT id, json FROM messages WHERE deleted = 0 AND id > ? ORDER BY id LIMIT ?')
      .raw();
    let after = '';
    for (;;) {
      const rows = stmt.all(after, PAGE) as [string, string][];
      for (const r of rows) yield r[1];
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as [string, string])[0];
    }
  }

  *exportMessages(): IterableIterator<Message> {
    for (const json of this.exportJson()) yield JSON.parse(json) as Message;
  }

  *scanNormalized(): IterableIterator<NormalizedMessage> {
    const stmt = this.db
      .prepare(`SELECT rowid, ${LIVE_COLUMNS} FROM messages WHERE deleted = 0 AND rowid > ? ORDER BY rowid LIMIT ?`)
      .raw();
    // Few distinct values: share one string each instead of a million copies.
    const pool = new Map<string, string>();
    const intern = (s: string): string => {
      const v = pool.get(s);
      if (v !== undefined) return v;
      pool.set(s, s);
      return s;
    };
    let after = 0;
    for (;;) {
      const rows = stmt.all(after, PAGE) as unknown[][];
      for (const r of rows) {
        yield {
          id: r[1] as string,
          rev: r[2] as number,
          channel: intern(r[3] as string),
          municipality: intern(r[4] as string),
          block: intern(r[5] as string),
          category: intern(r[6] as string),
          createdAt: r[7] as number,
          dueAt: r[8] as number,
          firstResponseAt: r[9] as number | null,
          answeredAt: r[10] as number | null,
          status: intern(r[11] as string) as NormalizedMessage['status'],
          reworkCount: r[12] as number,
          weight: r[13] as number,
          satisfaction: r[14] as number | null,
          lat: r[15] as number | null,
          lon: r[16] as number | null,
        };
      }
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as unknown[])[0] as number;
    }
  }

  // ---- history (central-api.md 1.1, kpi.md v2) -----------------------------------------------

  revisionCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM revisions').pluck().get() as number;
  }

  /**
   * Every revision of the history, in the order seen, to `fn`, inside one read transaction; returns
   * the data_version the rows reflect. ONE object (and one message object) is reused for every
   * row: copy what you keep (HistoryStore.add copies).
   */
  forEachRevision(fn: (r: RevisionInput) => void): number {
    return this.db.transaction(() => {
      const version = this.dataVersion();
      const stmt = this.db.prepare(`SELECT deleted, updated_at, ${LIVE_COLUMNS} FROM revisions ORDER BY seq`).raw();
      const m = blankMessage();
      const r: RevisionInput = { id: '', rev: 0, updatedAt: null, message: m };
      for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
        r.id = row[2] as string;
        r.rev = row[3] as number;
        r.updatedAt = row[1] as number | null;
        if (row[0] === 1) {
          r.message = null;
        } else {
          r.message = m;
          readLiveColumns(m, row, 2);
          m.updatedAt = r.updatedAt;
        }
        fn(r);
      }
      return version;
    })();
  }

  /** The history of one message: every revision held, in rev order, as received (tombstones too). */
  history(id: string): HistoryRevision[] {
    const rows = this.db
      .prepare('SELECT rev, deleted, updated_at, json FROM revisions WHERE id = ? ORDER BY rev')
      .raw()
      .all(id) as [number, number, number | null, string | null][];
    return rows.map(([rev, deleted, updatedAt, json]) => ({
      rev,
      deleted: deleted === 1,
      updatedAt: updatedAt === null ? null : new Date(updatedAt).toISOString(),
      message: json === null ? null : (JSON.parse(json) as Message),
    }));
  }

  /**
   * The messages as they stood at instant t (docs/spec/kpi.md v2, "The state at an instant"): per
   * id, among its revisions whose instant is at or before t, the one with the highest rev, when it
   * is not a tombstone; as JSON text (as received), sorted by id.
   */
  *exportJsonAt(t: number): IterableIterator<string> {
    const stmt = this.db
      .prepare(
        'SELECT id, rev, deleted, updated_at, created_at, json FROM revisions WHERE (id, rev) > (?, ?) ORDER BY id, rev LIMIT ?',
      )
      .raw();
    type Row = [string, number, number, number | null, number | null, string | null];
    let group: Row[] = [];
    const flush = (): string | null => {
      if (group.length === 0) return null;
      // the message's createdAt, for a tombstone without updatedAt: from its highest live revision
      let created: number | null = null;
      for (const g of group) if (g[2] === 0) created = g[4];
      let best: Row | null = null;
      for (const g of group) {
        const at = g[3] ?? (g[2] === 0 ? g[4]! : (created ?? -Infinity));
        if (at <= t && (best === null || g[1] > best[1])) best = g;
      }
      group = [];
      return best !== null && best[2] === 0 ? best[5] : null;
    };
    let afterId = '';
    let afterRev = -1;
    for (;;) {
      const rows = stmt.all(afterId, afterRev, PAGE) as Row[];
      for (const r of rows) {
        if (group.length > 0 && group[0]![0] !== r[0]) {
          const out = flush();
          if (out !== null) yield out;
        }
        group.push(r);
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      afterId = last[0];
      afterRev = last[1];
    }
    const out = flush();
    if (out !== null) yield out;
  }

  liveCountBound(): number {
    return (this.db.prepare('SELECT MAX(rowid) FROM messages').pluck().get() as number | null) ?? 0;
  }

  forEachLive(fn: (m: NormalizedMessage) => void): number {
    // One read transaction: the rows and the version read are one consistent state of the file.
    return this.db.transaction(() => {
      const version = this.dataVersion();
      const stmt = this.db.prepare(`SELECT ${LIVE_COLUMNS} FROM messages WHERE deleted = 0 ORDER BY rowid`).raw();
      const m = blankMessage();
      for (const r of stmt.iterate() as IterableIterator<unknown[]>) {
        readLiveColumns(m, r, 0);
        fn(m);
      }
      return version;
    })();
  }
}

/** A reusable message record that the row readers below fill in place (no allocation per row). */
function blankMessage(): NormalizedMessage {
  return {
    id: '',
    rev: 0,
    channel: '',
    municipality: '',
    block: '',
    category: '',
    createdAt: 0,
    dueAt: 0,
    firstResponseAt: null,
    answeredAt: null,
    status: 'new',
    reworkCount: 0,
    weight: 0,
    satisfaction: null,
    lat: null,
    lon: null,
  };
}

/** Fills `m` from a raw row whose LIVE_COLUMNS start at `at` (the one decoding of those columns). */
function readLiveColumns(m: NormalizedMessage, row: unknown[], at: number): void {
  m.id = row[at] as string;
  m.rev = row[at + 1] as number;
  m.channel = row[at + 2] as string;
  m.municipality = row[at + 3] as string;
  m.block = row[at + 4] as string;
  m.category = row[at + 5] as string;
  m.createdAt = row[at + 6] as number;
  m.dueAt = row[at + 7] as number;
  m.firstResponseAt = row[at + 8] as number | null;
  m.answeredAt = row[at + 9] as number | null;
  m.status = row[at + 10] as NormalizedMessage['status'];
  m.reworkCount = row[at + 11] as number;
  m.weight = row[at + 12] as number;
  m.satisfaction = row[at + 13] as number | null;
  m.lat = row[at + 14] as number | null;
  m.lon = row[at + 15] as number | null;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** «unable to open database file» in words: what is missing. */
function cantOpenReason(path: string, e: unknown): string {
  if (sqliteCode(e) !== 'SQLITE_CANTOPEN') return (e as Error)?.message?.split('\n')[0] ?? String(e);
  try {
    accessSync(path, fsConstants.R_OK);
  } catch {
    return 'нет права читать файл';
  }
  if (!writable(dirname(path))) return 'папка кэша только для чтения, а рядом нет файлов -wal и -shm';
  return 'SQLite не открывает файл (нет доступа или файл повреждён)';
}

function notACache(path: string, why: string): CacheOpenError {
  return new CacheOpenError(`файл ${path} не является кэшем стены (${why})`);
}

/**
 * Opens (and by default creates and migrates) the cache at `path`. Errors are CacheOpenError /
 * CacheSchemaError with one clear Russian line: «кэш не найден», not a cache, newer schema.
 */
export function openCache(path: string, opts: OpenCacheOptions = {}): SqliteCache {
  const readonly = opts.readonly ?? false;
  const create = !readonly && (opts.create ?? true);
  const memory = path === ':memory:';
  if (!memory && !existsSync(path)) {
    if (!create) throw new CacheOpenError(`кэш не найден: ${path}`);
    mkdirSync(dirname(path), { recursive: true });
  }
  // The driver loads here, lazily; one that cannot load is a SqliteDriverError, not wrapped.
  loadDriver();
  let db: Db;
  try {
    db = openSqlite(path, { readonly, fileMustExist: !create });
  } catch (e) {
    throw new CacheOpenError(`не удалось открыть кэш ${path}: ${cantOpenReason(path, e)}`);
  }
  try {
    let appId: number;
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
    } catch (e) {
      if (sqliteCode(e) === 'SQLITE_NOTADB') throw notACache(path, 'это не база SQLite');
      // A WAL cache in a folder that cannot be written (its -shm file cannot be made): a reader
      // opens it as an unchanging file instead.
      if (readonly && sqliteCode(e) === 'SQLITE_CANTOPEN' && !writable(dirname(path))) {
        db.close();
        try {
          db = openImmutable(path);
          appId = db.pragma('application_id', { simple: true }) as number;
        } catch (e2) {
          throw new CacheOpenError(`не удалось открыть кэш ${path} только для чтения: ${cantOpenReason(path, e2)}`);
        }
      } else if (sqliteCode(e) === 'SQLITE_CANTOPEN') throw new CacheOpenError(`не удалось открыть кэш ${path}: ${cantOpenReason(path, e)}`);
      else throw e;
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (appId !== APPLICATION_ID) {
      const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").pluck().get() as number;
      if (appId !== 0 || tables > 0) throw notACache(path, 'это база SQLite другой программы');
      if (readonly) throw notACache(path, 'пустая база SQLite');
    }
    if (readonly) {
      db.pragma('query_only = ON');
      checkSchemaReadonly(db);
    } else {
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -65536');
      if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
      migrateAll(db);
    }
    return new SqliteCache(path, db, readonly);
  } catch (e) {
    db.close();
    if (e instanceof CacheSchemaError) throw new CacheOpenError(e.message);
    throw e;
  }
}
