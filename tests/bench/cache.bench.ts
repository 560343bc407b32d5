/**
 * Cache benchmark: importing one million contract messages against the physical floor of SQLite.
 *
 * (a) floor: the final rows of the import, values pre-extracted, inserted with ONE bare prepared
 *     INSERT in one transaction into an empty cache file of the same schema and pragmas;
 * (b) our import path: JSONL file → line splitter over byte blocks → JSON.parse → validation (fast path, zod fallback)
 *     → applyJsonLines in chunks, into an empty cache;
 * (c) scanNormalized of every live row (what the engine loads at the wall's start);
 * (d) upsert-per-item vs. preloaded rev lookup, the two ways of "highest rev wins";
 * (e) opening the wall from the cache: the engine's store from a scan vs. from the store snapshot.
 * (f) the two SQLite drivers of cache/sqlite.ts in the same run: better-sqlite3 (the default where
 *     it loads) against node:sqlite (the fallback on glibc 2.28, Astra Linux SE 1.7): the import
 *     (b) and the open (e, cold scan and warm snapshot) on each, and their ratios.
 *
 * Data: a seeded synthetic stream of valid contract messages with realistic fields; ~10% of the
 * lines are later revisions of earlier ids (90% of them of one of the 20 000 latest messages, as
 * work on a message follows its arrival; 10% of any older one), ~0.1% tombstones, ~0.1% invalid
 * (broken JSON, unknown status, timestamp without offset, unknown municipality).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bench } from './harness.js';
import type { Reference } from '../../shared/schema.js';
import { openCache } from '../../electron/hub/cache/cache.js';
import { DEFAULT_IMPORT_CHUNK, importJsonl } from '../../electron/hub/cache/import.js';
import type { SqliteCache } from '../../electron/hub/cache/cache.js';
import { loadStoreFromCache } from '../../electron/hub/engine/load.js';
import { MessageStore } from '../../shared/engine/store.js';
import { mulberry32 } from '../../electron/hub/demo/rng.js';
import { loadDriver, resetDriverForTests } from '../../electron/hub/cache/sqlite.js';


const BLOCKS: Record<string, string[]> = {
  housing: ['heating', 'water', 'repair', 'elevator'],
  waste: ['collection', 'dump'],
  energy: ['outage', 'tariff'],
  education: ['school', 'kindergarten'],
  health: ['clinic', 'drugs', 'ambulance'],
  roads: ['pits', 'snow', 'lights'],
  transport: ['bus', 'schedule'],
  social: ['benefits', 'care'],
  urban: ['yards', 'parks', 'playgrounds'],
};
const CHANNELS = ['pos', 'vk', 'ok', 'telegram', 'phone', 'email', 'portal'];
const MUNIS = Array.from({ length: 14 }, (_, i) => ({
  oktmo: `30${String(600 + i * 3).padStart(3, '0')}000`,
  name: `Муниципальное образование № ${i + 1}`,
  population: 5000 + i * 11_000,
  lat: 52.5 + i * 0.35,
  lon: 156.5 + i * 0.3,
}));
export const REF: Reference = {
  referenceVersion: 'bench-1',
  blocks: Object.keys(BLOCKS).map((id) => ({ id, name: id })),
  categories: Object.entries(BLOCKS).flatMap(([b, cs]) => cs.map((c) => ({ id: `${b}.${c}`, block: b, name: c }))),
  channels: CHANNELS.map((id) => ({ id, name: id })),
  municipalities: MUNIS.map(({ oktmo, name, population }) => ({ oktmo, name, population })),
};
const WORDS = 'не работает отопление в доме уже третий день просим срочно принять меры двор не убран мусор не вывозят яма на дороге возле школы автобус не пришёл по расписанию'.split(' ');
const STATUSES = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;
const T0 = Date.parse('2026-09-01T00:00:00+12:00');

function iso(ms: number): string {
  // Region time with an explicit offset, as the API sends it.
  return new Date(ms + 12 * 3600_000).toISOString().slice(0, 19) + '+12:00';
}

/** Writes `n` JSONL lines; returns the counts of each kind. */
export async function generate(file: string, n: number, seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const held: { rev: number; base: Record<string, unknown> }[] = [];
  const counts = { lines: n, revisions: 0, tombstones: 0, invalid: 0 };
  let buf = '';
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let line: string;
    if (r < 0.001 && held.length) {
      const k = Math.floor(rnd() * held.length);
      const h = held[k]!;
      h.rev++;
      line = JSON.stringify({ id: h.base.id, rev: h.rev, deleted: true });
      counts.tombstones++;
    } else if (r < 0.002) {
      const kind = Math.floor(rnd() * 4);
      counts.invalid++;
      line =
        kind === 0
          ? `{"id":"im-bad-${i}","rev":1,"channel":`
          : JSON.stringify({
              id: `im-bad-${i}`,
              rev: 1,
              channel: 'vk',
              municipality: kind === 3 ? '99999999' : MUNIS[0]!.oktmo,
              block: 'housing',
              category: 'housing.heating',
              createdAt: kind === 2 ? '2026-11-21T07:02:11' : '2026-11-21T07:02:11+12:00',
              dueAt: '2026-11-21T15:02:11+12:00',
              status: kind === 1 ? 'lost' : 'new',
            });
    } else if (r < 0.102 && held.length > 100) {
      // A later revision of an earlier message: answered, closed, reworked … Mostly a recent one
      // (messages are worked on in the days after they come), sometimes any older one (re-opened).
      const recent = rnd() < 0.9;
      const k = recent
        ? held.length - 1 - Math.floor(rnd() * Math.min(held.length, 20_000))
        : Math.floor(rnd() * held.length);
      const h = held[k]!;
      h.rev++;
      const created = Date.parse(h.base.createdAt as string);
      const status = pick(STATUSES);
      const done = status === 'answered' || status === 'closed';
      line = JSON.stringify({
        ...h.base,
        rev: h.rev,
        status,
        firstResponseAt: iso(created + 600_000 + Math.floor(rnd() * 7200_000)),
        answeredAt: done ? iso(created + 3600_000 + Math.floor(rnd() * 86_400_000)) : null,
        reworkCount: status === 'rework' ? 1 + Math.floor(rnd() * 3) : 0,
        satisfaction: done && rnd() < 0.5 ? 1 + Math.floor(rnd() * 5) : null,
      });
      counts.revisions++;
    } else {
      const m = pick(MUNIS);
      const block = pick(Object.keys(BLOCKS));
      const created = T0 + Math.floor(rnd() * 90 * 86_400_000);
      const words = 8 + Math.floor(rnd() * 20);
      let text = '';
      for (let w = 0; w < words; w++) text += (w ? ' ' : '') + pick(WORDS);
      const base: Record<string, unknown> = {
        id: `im-2026-${String(i).padStart(7, '0')}`,
        rev: 1,
        deleted: false,
        channel: pick(CHANNELS),
        municipality: m.oktmo,
        location: rnd() < 0.8 ? { lat: +(m.lat + (rnd() - 0.5) * 0.2).toFixed(5), lon: +(m.lon + (rnd() - 0.5) * 0.2).toFixed(5) } : null,
        block,
        category: `${block}.${pick(BLOCKS[block]!)}`,
        createdAt: iso(created),
        dueAt: iso(created + (1 + Math.floor(rnd() * 10)) * 86_400_000),
        firstResponseAt: null,
        answeredAt: null,
        status: 'new',
        reworkCount: 0,
        resonance: rnd() < 0.3 ? { views: Math.floor(rnd() * 20000), likes: Math.floor(rnd() * 300), reposts: Math.floor(rnd() * 50), comments: Math.floor(rnd() * 80) } : null,
        satisfaction: null,
        assignee: `Администрация: ${m.name}`,
        text,
      };
      held.push({ rev: 1, base });
      line = JSON.stringify(base);
    }
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return counts;
}

const COLS =
  'id, rev, deleted, channel, municipality, block, category, created_at, due_at, first_response_at, answered_at, ' +
  'status, rework_count, weight, satisfaction, lat, lon, json';

export default async function cacheBench(b: Bench): Promise<void> {
  const n = Math.round(1_000_000 * b.scale);
  const dir = mkdtempSync(join(tmpdir(), 'sw-cache-bench-'));
  const savedDriver = process.env.SW_SQLITE;
  process.env.SW_SQLITE = 'better';
  resetDriverForTests();
  loadDriver();
  try {
    b.section(`cache: import of ${n} messages`);
    const file = join(dir, 'messages.jsonl');
    const tg = performance.now();
    const counts = await generate(file, n, 20261121);
    b.metric('generate JSONL (setup, not compared)', performance.now() - tg, 'ms',
      `${counts.revisions} revisions, ${counts.tombstones} tombstones, ${counts.invalid} invalid`);

    // (b) our import path.
    const cache = openCache(join(dir, 'ours.sqlite'));
    cache.setReference(REF);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const sum = await importJsonl(cache, file);
    const rows = cache.db.prepare('SELECT COUNT(*) FROM messages').pluck().get() as number;
    const live = cache.messageCount();
    b.metric(`(b) import: JSONL → parse → validate → apply, chunks of ${DEFAULT_IMPORT_CHUNK}`, sum.ms, 'ms',
      `${Math.round(n / (sum.ms / 1000))} lines/s; applied ${sum.applied}, ignored ${sum.ignored}, deleted ${sum.deleted}, quarantined ${sum.quarantined}`);

    // (a) the floor: the same final rows, pre-extracted, one bare INSERT, one transaction.
    const floor = openCache(join(dir, 'floor.sqlite'));
    const ins = floor.db.prepare(`INSERT INTO messages (${COLS}) VALUES (${COLS.split(', ').map(() => '?').join(', ')})`);
    const page = cache.db.prepare(`SELECT rowid, ${COLS} FROM messages WHERE rowid > ? ORDER BY rowid LIMIT 100000`).raw();
    let floorMs = 0;
    let after = 0;
    floor.db.exec('BEGIN');
    for (;;) {
      const chunk = page.all(after) as unknown[][]; // pre-extraction: not timed
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1]![0] as number;
      const vals = chunk.map((r) => r.slice(1));
      const t = performance.now();
      for (const v of vals) ins.run(v);
      floorMs += performance.now() - t;
    }
    const tc = performance.now();
    floor.db.exec('COMMIT');
    floorMs += performance.now() - tc;
    floor.close();
    b.metric('(a) floor: bare prepared INSERT of the final rows, 1 transaction', floorMs, 'ms',
      `${rows} rows, ${Math.round(rows / (floorMs / 1000))} rows/s`);
    b.ratio('import speed / floor speed (lines/s vs rows/s)', n / sum.ms / (rows / floorMs), 'aim ≥ 0.5');
    b.ratio('same final table: floor time / import time', floorMs / sum.ms, 'stricter: counts revisions and bad lines as overhead');

    // (c) scanNormalized.
    let scanned = 0;
    const scan = b.time(
      () => {
        scanned = 0;
        let sumW = 0;
        for (const m of cache.scanNormalized()) {
          scanned++;
          sumW += m.weight;
        }
        return sumW;
      },
      { repeat: 3 },
    );
    b.metric('(c) scanNormalized of every live row', scan.ms, 'ms', `${scanned} rows (${live} live)`);
    const keep = b.time(() => Array.from(cache.scanNormalized()), { repeat: 1 });
    b.metric('(c) scanNormalized into an array (engine start)', keep.ms, 'ms', `${keep.result.length} objects kept`);
    keep.result.length = 0;
    cache.close();

    // (e) opening the wall from the cache: the engine's store from a scan of the messages table vs.
    //     from the stored snapshot (valid while data_version is unchanged). Each on a fresh connection.
    b.section(`cache: open from cache (${live} live messages)`);
    const ourPath = join(dir, 'ours.sqlite');
    const withCache = <T>(fn: (c: SqliteCache) => T): T => {
      const c = openCache(ourPath);
      try {
        return fn(c);
      } finally {
        c.close();
      }
    };
    const before = b.time(
      () =>
        withCache((c) => {
          const s = new MessageStore(Math.max(1024, c.messageCount()));
          for (const m of c.scanNormalized()) s.upsert(m);
          return s.size;
        }),
      { repeat: 2 },
    );
    b.metric('(e) before: messageCount + scanNormalized → upsert', before.ms, 'ms', `${before.result} rows`);
    const cold = b.time(() => withCache((c) => loadStoreFromCache(c, { writeSnapshot: false })), { repeat: 2 });
    b.metric('(e) cold: forEachLive scan → store (no snapshot)', cold.ms, 'ms', `${cold.result.store.size} rows, from ${cold.result.from}`);
    const ser = b.time(() => cold.result.store.serialize(), { repeat: 3 });
    b.metric('(e) serialize the store', ser.ms, 'ms', `${(ser.result.byteLength / 2 ** 20).toFixed(1)} MiB`);
    const write = b.time(() => withCache((c) => c.writeSnapshot(cold.result.dataVersion, ser.result)), { repeat: 1 });
    b.metric('(e) write the snapshot (own transaction)', write.ms, 'ms', write.result ? 'written' : 'NOT written');
    const stale = withCache((c) => {
      c.db.prepare('DELETE FROM store_snapshot').run();
      const t = performance.now();
      const r = loadStoreFromCache(c);
      return { ms: performance.now() - t, r };
    });
    b.metric('(e) stale open: scan → store → serialize → write snapshot', stale.ms, 'ms', `snapshot written: ${stale.r.snapshotWritten}`);
    const snap = b.time(() => withCache((c) => loadStoreFromCache(c)), { repeat: 3 });
    b.metric('(e) warm: snapshot → deserialize → store', snap.ms, 'ms', `${snap.result.store.size} rows, from ${snap.result.from}`);
    const des = b.time(() => MessageStore.deserialize(ser.result), { repeat: 3 });
    b.metric('(e) of which deserialize (indices rebuilt)', des.ms, 'ms');
    b.ratio('open: cold scan / snapshot load', cold.ms / snap.ms, '> 1: the snapshot opens faster');
    b.ratio('open: before (scanNormalized) / snapshot load', before.ms / snap.ms, 'the old start against the new one');
    if (snap.result.from !== 'snapshot' || snap.result.store.size !== cold.result.store.size)
      throw new Error('bench: the snapshot load did not use the snapshot or lost rows');

    // (d) "highest rev wins": upsert per item vs. preloaded rev lookup then insert/update.
    const m = Math.round(200_000 * b.scale);
    const sample = openCache(join(dir, 'ours.sqlite'), { readonly: true });
    const src = sample.db.prepare(`SELECT ${COLS} FROM messages WHERE deleted = 0 LIMIT ?`).raw().all(m) as unknown[][];
    sample.close();
    // Half of the ids arrive once more with a higher rev, half with the same rev (ignored).
    const second = src.map((r, i) => {
      const c = r.slice();
      if (i % 2 === 0) c[1] = (c[1] as number) + 1;
      return c;
    });
    const setCols = COLS.split(', ').slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
    const variant = (name: string, apply: (db: ReturnType<typeof openCache>['db']) => (row: unknown[]) => void) => {
      const c = openCache(join(dir, `${name}.sqlite`));
      const fn = apply(c.db);
      const t = performance.now();
      c.db.transaction(() => src.forEach(fn))();
      c.db.transaction(() => second.forEach(fn))();
      const ms = performance.now() - t;
      c.close();
      return ms;
    };
    const upsertMs = variant('upsert', (db) => {
      const st = db.prepare(`INSERT INTO messages (${COLS}) VALUES (${COLS.split(', ').map(() => '?').join(', ')})
        ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, ${setCols} WHERE excluded.rev > messages.rev`);
      return (row) => void st.run(row);
    });
    const lookupMs = variant('lookup', (db) => {
      const get = db.prepare('SELECT rev FROM messages WHERE id = ?').pluck();
      const insert = db.prepare(`INSERT INTO messages (${COLS}) VALUES (${COLS.split(', ').map(() => '?').join(', ')})`);
      const update = db.prepare(`UPDATE messages SET rev = ?, ${COLS.split(', ').slice(2).map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
      return (row) => {
        const held = get.get(row[0]) as number | undefined;
        if (held === undefined) insert.run(row);
        else if ((row[1] as number) > held) update.run(...row.slice(1), row[0]);
      };
    });
    b.metric('(d) upsert … WHERE excluded.rev > rev (2 passes)', upsertMs, 'ms', `${m} ids, then ${m} again`);
    b.metric('(d) preloaded rev lookup, then INSERT or UPDATE', lookupMs, 'ms');
    b.ratio('lookup time / upsert time', lookupMs / upsertMs, '> 1: upsert (used) is faster');

    // (f) the two drivers, same file, same code path, same run.
    b.section(`cache: SQLite drivers — better-sqlite3 vs node:sqlite (Node ${process.versions.node}), ${n} lines`);
    const perDriver: Record<string, { importMs: number; openMs: number; coldMs: number; warmMs: number }> = {};
    for (const drv of ['better', 'node'] as const) {
      process.env.SW_SQLITE = drv;
      resetDriverForTests();
      const name = loadDriver();
      const path = join(dir, `driver-${drv}.sqlite`);
      const c = openCache(path);
      c.setReference(REF);
      gc?.();
      const imp = await importJsonl(c, file);
      c.close();
      const open = b.time(() => openCache(path).close(), { repeat: 5 });
      const coldD = b.time(() => {
        const x = openCache(path);
        try {
          return loadStoreFromCache(x, { writeSnapshot: false }).store.size;
        } finally {
          x.close();
        }
      }, { repeat: 2 });
      withDriverCache(path, (x) => loadStoreFromCache(x)); // writes the snapshot
      const warmD = b.time(() => withDriverCache(path, (x) => loadStoreFromCache(x).store.size), { repeat: 3 });
      perDriver[drv] = { importMs: imp.ms, openMs: open.ms, coldMs: coldD.ms, warmMs: warmD.ms };
      b.metric(`(f) ${name}: import (b)`, imp.ms, 'ms', `${Math.round(n / (imp.ms / 1000))} lines/s; applied ${imp.applied}`);
      b.metric(`(f) ${name}: openCache (open, pragmas, schema check)`, open.ms, 'ms');
      b.metric(`(f) ${name}: open the wall cold (scan → store)`, coldD.ms, 'ms', `${coldD.result} rows`);
      b.metric(`(f) ${name}: open the wall warm (snapshot)`, warmD.ms, 'ms', `${warmD.result} rows`);
    }
    const bs = perDriver.better!;
    const ns = perDriver.node!;
    b.ratio('node:sqlite / better-sqlite3: import lines/s', bs.importMs / ns.importMs, '1 = as fast; < 1: node:sqlite slower');
    b.ratio('node:sqlite / better-sqlite3: openCache time', ns.openMs / bs.openMs, '> 1: node:sqlite slower');
    b.ratio('node:sqlite / better-sqlite3: cold open time', ns.coldMs / bs.coldMs, '> 1: node:sqlite slower');
    b.ratio('node:sqlite / better-sqlite3: warm open time', ns.warmMs / bs.warmMs, '> 1: node:sqlite slower');
  } finally {
    if (savedDriver === undefined) delete process.env.SW_SQLITE;
    else process.env.SW_SQLITE = savedDriver;
    resetDriverForTests();
    rmSync(dir, { recursive: true, force: true });
  }
}

function withDriverCache<T>(path: string, fn: (c: SqliteCache) => T): T {
  const c = openCache(path);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}
