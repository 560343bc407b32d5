/**
 * PouchDB peer of the sync benchmark (dev dependencies only, used by the benchmark alone):
 * the same messages as JSON documents (`_id` = message id) replicated over loopback from a local
 * PouchDB server into a local PouchDB, both on the in-memory adapter (pouchdb-adapter-memory,
 * memdown: pure JS, nothing native).
 *
 * The server is `serveCouch` below, run in a child process (./pouch-server.ts): a minimal CouchDB
 * replication-protocol server on node:http over a PouchDB database, answering exactly what the
 * PouchDB replicator asks (server and database info, `_local` checkpoints, `_changes`,
 * `_revs_diff`, `_bulk_get`, `_bulk_docs`, single documents). express-pouchdb / pouchdb-server
 * (last release 4.2.0, 2020) were not used: they bring PouchDB 7, Express 4, Fauxton and leveldown,
 * and are unmaintained; the replication protocol itself is small.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** The few PouchDB methods used here (the packages ship no types). */
export interface PouchDb {
  info(): Promise<Record<string, unknown>>;
  get(id: string, opts?: Record<string, unknown>): Promise<Record<string, unknown>>;
  put(doc: Record<string, unknown>): Promise<Record<string, unknown>>;
  bulkDocs(docs: unknown[], opts?: Record<string, unknown>): Promise<unknown[]>;
  bulkGet(opts: Record<string, unknown>): Promise<unknown>;
  revsDiff(diff: unknown): Promise<unknown>;
  changes(opts: Record<string, unknown>): Promise<{ results: unknown[]; last_seq: unknown }>;
  close(): Promise<void>;
}
export interface PouchStatic {
  new (name: string, opts?: Record<string, unknown>): PouchDb;
  plugin(p: unknown): PouchStatic;
  replicate(src: string | PouchDb, dst: string | PouchDb, opts?: Record<string, unknown>): Promise<{ docs_written: number; ok: boolean }>;
}

/** PouchDB with the memory, http and replication plugins; null when the dev dependencies are absent. */
export async function loadPouch(): Promise<PouchStatic | null> {
  const load = async (name: string) => ((await import(/* @vite-ignore */ name)) as { default: unknown }).default;
  try {
    const core = (await load('pouchdb-core')) as PouchStatic;
    return core
      .plugin(await load('pouchdb-adapter-memory'))
      .plugin(await load('pouchdb-adapter-http'))
      .plugin(await load('pouchdb-replication'));
  } catch {
    return null;
  }
}

async function body(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

const bool = (v: string | null) => v === 'true';

/** Serves `db` under /<name> with the CouchDB replication protocol; resolves with the base URL. */
export async function serveCouch(db: PouchDb, name: string): Promise<{ url: string; close(): Promise<void> }> {
  const uuid = randomUUID().replace(/-/g, '');
  const send = (res: http.ServerResponse, status: number, data: unknown) => {
    const text = JSON.stringify(data);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const m = req.method ?? 'GET';
    if (parts.length === 0) return send(res, 200, { couchdb: 'Welcome', version: '3.3.3', uuid, vendor: { name: 'situation-wall bench' } });
    if (parts[0] !== name) return send(res, 404, { error: 'not_found', reason: 'Database does not exist.' });
    const rest = parts.slice(1);
    if (rest.length === 0) {
      if (m === 'GET' || m === 'HEAD') return send(res, 200, { ...(await db.info()), db_name: name, instance_start_time: '0' });
      if (m === 'PUT') return send(res, 412, { error: 'file_exists', reason: 'The database could not be created, the file already exists.' });
    }
    const [first, second] = rest;
    if (first === '_changes') {
      const since = q.get('since') ?? '0';
      const opts: Record<string, unknown> = {
        since: /^\d+$/.test(since) ? Number(since) : since,
        style: q.get('style') ?? 'main_only',
        include_docs: bool(q.get('include_docs')),
        return_docs: true,
      };
      if (q.has('limit')) opts.limit = Number(q.get('limit'));
      return send(res, 200, await db.changes(opts));
    }
    if (first === '_revs_diff' && m === 'POST') return send(res, 200, await db.revsDiff(await body(req)));
    if (first === '_bulk_get' && m === 'POST') {
      const b = (await body(req)) as { docs: unknown[] };
      return send(res, 200, await db.bulkGet({ docs: b.docs, revs: bool(q.get('revs')), latest: bool(q.get('latest')) }));
    }
    if (first === '_bulk_docs' && m === 'POST') {
      const b = (await body(req)) as { docs: unknown[]; new_edits?: boolean };
      return send(res, 201, await db.bulkDocs(b.docs, { new_edits: b.new_edits ?? true }));
    }
    const id = first === '_local' && second !== undefined ? `_local/${second}` : first!;
    if (m === 'GET') {
      const opts: Record<string, unknown> = {};
      for (const [k, v] of q) opts[k] = k === 'open_revs' && v !== 'all' ? (JSON.parse(v) as unknown) : v === 'true' ? true : v === 'false' ? false : v;
      return send(res, 200, await db.get(id, opts));
    }
    if (m === 'PUT') {
      const doc = (await body(req)) as Record<string, unknown>;
      const r = await db.put({ ...doc, _id: id });
      return send(res, 201, r);
    }
    return send(res, 405, { error: 'method_not_allowed', reason: `${m} ${url.pathname}` });
  }
  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const err = e as { status?: number; name?: string; message?: string; reason?: string };
      if (res.headersSent) return res.destroy();
      send(res, err.status ?? 500, { error: err.name ?? 'error', reason: err.reason ?? err.message ?? String(e) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
