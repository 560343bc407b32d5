/**
 * The outbox's own tables (electron/hub/cache/migrations.ts: a module registers its migrations,
 * every writable open applies them): made on first use even on a cache opened before the outbox
 * module was loaded, recorded in schema_migrations, a newer outbox schema refused at open, and the
 * console card's lookup of one message's actions served by its index.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CacheOpenError, openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import {
  createOutboxDeliverer,
  enqueueAction,
  getOutboxEntry,
  listOutbox,
  outboxByMessage,
  outboxCounts,
} from '../../../../../electron/hub/outbox/outbox.js';
import { tempDir } from '../../../../support/cache-fixtures.js';

const open: Cache[] = [];
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

/** A cache as a process that opened it before the outbox module was loaded has it: no outbox tables. */
function bareCache(): Cache {
  const c = openCache(':memory:');
  open.push(c);
  c.db.exec(`DROP TABLE outbox; DELETE FROM schema_migrations WHERE namespace = 'outbox';`);
  return c;
}

describe('the outbox’s tables', () => {
  const uses: [string, (c: Cache) => unknown][] = [
    ['enqueueAction', (c) => enqueueAction(c, { messageId: 'im-1', type: 'acknowledge', operator: 'd' })],
    ['listOutbox', (c) => listOutbox(c)],
    ['outboxByMessage', (c) => outboxByMessage(c, ['im-1'])],
    ['getOutboxEntry', (c) => getOutboxEntry(c, 'x')],
    ['outboxCounts', (c) => outboxCounts(c)],
    ['createOutboxDeliverer', (c) => createOutboxDeliverer({ cache: c, transport: () => Promise.resolve({ rev: 1 }) })],
  ];
  for (const [name, use] of uses)
    it(`${name} on a cache without them makes them first`, () => {
      const c = bareCache();
      expect(() => use(c)).not.toThrow();
      expect(listOutbox(c)).toHaveLength(name === 'enqueueAction' ? 1 : 0);
    });

  it('every open records the outbox’s migrations in schema_migrations, as shipped', () => {
    const c = openCache(':memory:');
    open.push(c);
    expect(c.db.prepare(`SELECT version, description FROM schema_migrations WHERE namespace = 'outbox' ORDER BY version`).all()).toEqual([
      { version: 1, description: 'outbox of operator actions' },
      { version: 2, description: 'outbox: actions of a message (the console card)' },
    ]);
  });

  it('a cache whose outbox schema is newer than this build is refused at open, read-only or not', () => {
    const t = tempDir();
    dirs.push(t);
    const path = t.file('newer.db');
    const c = openCache(path);
    c.db.prepare(`INSERT INTO schema_migrations (namespace, version, description, applied_at) VALUES ('outbox', 3, 'из будущего', ?)`).run(
      new Date().toISOString(),
    );
    c.close();
    for (const readonly of [true, false]) {
      let err: unknown = null;
      try {
        open.push(openCache(path, { readonly }));
      } catch (e) {
        err = e;
      }
      expect(err, `readonly ${readonly}`).toBeInstanceOf(CacheOpenError);
      expect((err as Error).message).toMatch(/схема «outbox» версии 3, эта сборка знает только до 2/);
    }
  });

  it('the actions of one message are found through their index, not by reading the whole outbox', () => {
    const c = openCache(':memory:');
    open.push(c);
    const plan = c.db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM outbox WHERE message_id = ? ORDER BY created_seq DESC LIMIT ?')
      .all('im-1', 50) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX outbox_message/);
  });
});
