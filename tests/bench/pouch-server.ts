/**
 * Child process of the sync benchmark's PouchDB peer: loads a JSONL file of messages into an
 * in-memory PouchDB (`_id` = message id), serves it with the CouchDB replication protocol on
 * 127.0.0.1 (./pouch-peer.ts) and prints its database URL on stdout. Runs until SIGTERM.
 * Usage: node --import tsx tests/bench/pouch-server.ts FILE.jsonl
 */
import { readFileSync } from 'node:fs';
import { loadPouch, serveCouch } from './pouch-peer.js';

const file = process.argv[2];
if (!file) throw new Error('usage: pouch-server.ts FILE.jsonl');
const PouchDB = await loadPouch();
if (!PouchDB) throw new Error('PouchDB dev dependencies are not installed');
const db = new PouchDB('bench-source', { adapter: 'memory' });
const docs = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const m = JSON.parse(l) as Record<string, unknown>;
    return { ...m, _id: m.id };
  });
for (let i = 0; i < docs.length; i += 5000) await db.bulkDocs(docs.slice(i, i + 5000));
const server = await serveCouch(db, 'messages');
process.stdout.write(`${server.url}/messages\n`);
await new Promise<void>((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
await server.close();
await db.close();
