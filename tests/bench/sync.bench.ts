/**
 * Sync benchmark (`npm run bench -- sync`):
 * 1. full sync of N log items from the reference server on loopback into an empty cache (items/s),
 *    as a ratio to the file import of the same JSONL measured in this run;
 * 2. live latency p50/p95 from a change on the server (an operator action POSTed to it, which
 *    appends the message with rev + 1) to the row applied in the cache through the SSE stream;
 * 3. peer: the same M messages as JSON documents replicated with PouchDB from a local PouchDB
 *    server into a local PouchDB (./pouch-peer.ts), against our full sync of the same M messages.
 * Every server (ours: the `central` CLI command; the PouchDB one: ./pouch-server.ts) runs in its
 * OWN child process on 127.0.0.1, so that server and client do not share one event loop.
 * N = BENCH_SYNC_N or BENCH_SCALE × 1 000 000; M = BENCH_SYNC_PEER_N or BENCH_SCALE × 200 000;
 * page size asked of the feed = BENCH_SYNC_PAGE or the client's default.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Bench } from './harness.js';
import { seededRandom } from '../../electron/hub/central/faults.js';
import { openCache } from '../../electron/hub/cache/cache.js';
import { importJsonl } from '../../electron/hub/cache/import.js';
import { createSyncClient, DEFAULT_PAGE_SIZE } from '../../electron/hub/sync/client.js';
import { META, REFERENCE, makeLog, message } from '../integration/sync/fixture.js';
import { loadPouch } from './pouch-peer.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const BIN = join(root, 'electron/hub/cli/bin.mjs');

interface Child {
  url: string;
  /** CPU time the child has used so far (ms; from /proc, NaN where there is none). */
  cpuMs(): number;
  stop(): Promise<void>;
}

function procCpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return NaN;
  }
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Starts a child process that prints its URL as the first stdout line (bounded wait). */
function startChild(args: string[], what: string, timeoutMs = 600_000): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    };
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${what}: no URL within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http\S+)\r?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop, cpuMs: () => procCpuMs(child.pid) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before printing its URL\n${err}`));
    });
  });
}

const startCentral = (dir: string, file: string) =>
  startChild(
    [BIN, 'central', '--port', '0', '--data', file, '--reference', join(dir, 'reference.json'), '--meta', join(dir, 'meta.json'), '--heartbeat', '1000'],
    'central',
  );

const jsonl = (items: readonly unknown[]) => items.map((x) => JSON.stringify(x)).join('\n') + '\n';

/** Full sync from `url` into a new cache file; returns ms and the message count. */
async function fullSync(url: string, path: string, pageSize: number): Promise<{ ms: number; cpuMs: number; count: number }> {
  const cache = openCache(path);
  try {
    const client = createSyncClient({ cache, api: url, token: 'wall', pageSize });
    const c0 = selfCpuMs();
    const t0 = performance.now();
    await client.runUntilCaughtUp();
    const ms = performance.now() - t0;
    return { ms, cpuMs: selfCpuMs() - c0, count: cache.messageCount() };
  } finally {
    cache.close();
  }
}

export default async function (b: Bench): Promise<void> {
  const n = Number(process.env.BENCH_SYNC_N ?? '') || Math.round(b.scale * 1_000_000);
  const peerN = Number(process.env.BENCH_SYNC_PEER_N ?? '') || Math.round(b.scale * 200_000);
  const pageSize = Number(process.env.BENCH_SYNC_PAGE ?? '') || DEFAULT_PAGE_SIZE;
  b.section(`sync: ${n} log items from the reference server (separate process) on loopback, page ${pageSize}`);
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-sync-'));
  try {
    writeFileSync(join(dir, 'reference.json'), JSON.stringify(REFERENCE));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(META));
    const file = join(dir, 'items.jsonl');
    writeFileSync(file, jsonl(makeLog(n, 1)));

    const central = await startCentral(dir, file);
    try {
      // Baseline: the file import of the same items (server idle meanwhile).
      const imp = openCache(join(dir, 'import.db'));
      imp.setReference(REFERENCE);
      const c0 = selfCpuMs();
      const t0 = performance.now();
      await importJsonl(imp, file);
      const importMs = performance.now() - t0;
      const importCpu = selfCpuMs() - c0;
      const importCount = imp.messageCount();
      imp.close();
      b.metric('file import (baseline)', n / (importMs / 1000), 'items/s', `${(importMs / 1000).toFixed(1)} s, CPU ${(importCpu / 1000).toFixed(1)} s`);

      const server0 = central.cpuMs();
      const sync = await fullSync(central.url, join(dir, 'sync.db'), pageSize);
      const serverCpu = central.cpuMs() - server0;
      if (sync.count !== importCount) throw new Error(`sync: ${sync.count} messages, import: ${importCount}`);
      b.metric(
        `full sync, page ${pageSize}`,
        n / (sync.ms / 1000),
        'items/s',
        `${(sync.ms / 1000).toFixed(1)} s; CPU: client ${(sync.cpuMs / 1000).toFixed(1)} s, server ${(serverCpu / 1000).toFixed(1)} s`,
      );
      b.ratio('full sync speed / file import speed', importMs / sync.ms, 'wall clock, same items, this run; ≥ 0.7 wanted');
      b.ratio('client CPU: file import / full sync', importCpu / sync.cpuMs, 'CPU time of this process only');

      // Live latency: one change at a time, from the POST that makes it to the row in the cache.
      const cache = openCache(join(dir, 'sync.db'));
      const arrived = new Map<string, number>();
      let wake: (() => void) | null = null;
      const live = createSyncClient({
        cache,
        api: central.url,
        token: 'wall',
        heartbeatTimeoutMs: 5000,
        onApplied: (r) => {
          const t = performance.now();
          for (const m of r.changed) arrived.set(`${m.id}:${m.rev}`, t);
          wake?.();
        },
      });
      const ac = new AbortController();
      const following = live.follow(ac.signal);
      const lat: number[] = [];
      try {
        const deadline = performance.now() + 30_000;
        while (live.health().mode !== 'stream' && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        const ids = cache.db.prepare('SELECT id FROM messages WHERE deleted = 0 ORDER BY rowid LIMIT 200').pluck().all() as string[];
        for (const id of ids) {
          const key = `${id}:${cache.getMessage(id)!.rev + 1}`;
          const action = { id: randomUUID(), messageId: id, type: 'comment', payload: { comment: 'bench' }, at: new Date().toISOString(), operator: 'bench' };
          const ts = performance.now();
          const res = await fetch(`${central.url}/v1/actions`, {
            method: 'POST',
            headers: { authorization: 'Bearer console', 'content-type': 'application/json', 'idempotency-key': action.id },
            body: JSON.stringify(action),
          });
          await res.text();
          while (!arrived.has(key) && performance.now() - ts < 2000)
            await new Promise<void>((r) => {
              const t = setTimeout(r, 50);
              wake = () => {
                clearTimeout(t);
                r();
              };
            });
          wake = null;
          const ta = arrived.get(key);
          if (ta !== undefined) lat.push(ta - ts);
          await new Promise((r) => setTimeout(r, 2));
        }
      } finally {
        ac.abort();
        await following;
        cache.close();
      }
      lat.sort((x, y) => x - y);
      const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
      b.metric('live latency p50 (change POSTed on the server → row in cache)', q(0.5), 'ms', `${lat.length}/200 changes, SSE`);
      b.metric('live latency p95', q(0.95), 'ms', '< 1000 ms wanted');
    } finally {
      await central.stop();
    }
    rmSync(join(dir, 'import.db'), { force: true });
    rmSync(join(dir, 'sync.db'), { force: true });

    // Peer: PouchDB replication of the same peerN messages as documents.
    b.section(`sync peer: ${peerN} messages, ours vs PouchDB replication (each server in its own process)`);
    const PouchDB = await loadPouch();
    if (!PouchDB) {
      process.stdout.write('  PouchDB peer skipped: the pouchdb-* dev dependencies are not installed\n');
      return;
    }
    const r = seededRandom(7);
    const peerFile = join(dir, 'peer.jsonl');
    writeFileSync(peerFile, jsonl(Array.from({ length: peerN }, (_, i) => message(`im-${String(i).padStart(7, '0')}`, 1, r))));

    const ours = await startCentral(dir, peerFile);
    let oursMs: number;
    try {
      const s = await fullSync(ours.url, join(dir, 'peer-sync.db'), pageSize);
      if (s.count !== peerN) throw new Error(`peer data: ${s.count} of ${peerN} messages synced`);
      oursMs = s.ms;
    } finally {
      await ours.stop();
    }
    b.metric('our full sync', peerN / (oursMs / 1000), 'docs/s', `${(oursMs / 1000).toFixed(1)} s, SQLite file`);

    const batchSize = Number(process.env.BENCH_POUCH_BATCH ?? '') || 1000;
    const pouchServer = await startChild(['--import', 'tsx', join(here, 'pouch-server.ts'), peerFile], 'PouchDB server');
    let pouchMs: number;
    try {
      const target = new PouchDB(`bench-target-${randomUUID()}`, { adapter: 'memory' });
      const t1 = performance.now();
      const rep = await PouchDB.replicate(pouchServer.url, target, { batch_size: batchSize });
      pouchMs = performance.now() - t1;
      const docs = (await target.info()).doc_count;
      await target.close();
      if (docs !== peerN || rep.docs_written !== peerN) throw new Error(`PouchDB: ${String(docs)} docs, ${rep.docs_written} written, of ${peerN}`);
    } finally {
      await pouchServer.stop();
    }
    b.metric('PouchDB replication (memory adapter both ends)', peerN / (pouchMs / 1000), 'docs/s', `${(pouchMs / 1000).toFixed(1)} s, batch_size ${batchSize}`);
    b.ratio('our sync speed / PouchDB replication speed', pouchMs / oursMs, 'same messages, this run; several × wanted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
