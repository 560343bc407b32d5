import { afterEach, describe, expect, it, vi } from 'vitest';
import { operatorActions } from '../../../../../electron/hub/service/outbox.js';
import { HubError } from '../../../../../electron/hub/service/errors.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { listOutbox } from '../../../../../electron/hub/outbox/outbox.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
afterEach(() => {
  fx?.cleanup();
  fx = null;
});

describe('operatorActions (act)', () => {
  it('queues the action in the outbox with the default operator and the hub’s time, then refreshes the health', async () => {
    fx = makeFixture(5);
    const cache = openCache(fx.path);
    const refreshHealth = vi.fn();
    const { act } = operatorActions({ cache, refreshHealth }, { operator: 'дежурный', now: () => NOW });
    const id = fx.messages[0]!.id;
    const r = await act({ messageId: id, type: 'comment', payload: { comment: 'Взято в работу' } }, { role: 'console' });
    expect(r.queued).toBe(true);
    const entry = listOutbox(cache).find((e) => e.action.id === r.actionId);
    expect(entry?.action).toMatchObject({ messageId: id, type: 'comment', operator: 'дежурный', at: new Date(NOW).toISOString() });
    expect(refreshHealth).toHaveBeenCalledTimes(1);
    cache.close();
  });

  it('an unknown message is not_found; a cache that cannot take it is unavailable — nothing refreshed', async () => {
    fx = makeFixture(5);
    const cache = openCache(fx.path);
    const refreshHealth = vi.fn();
    const { act } = operatorActions({ cache, refreshHealth }, { operator: 'console', now: () => NOW });
    await expect(act({ messageId: 'nope', type: 'acknowledge', payload: {} }, { role: 'console' })).rejects.toMatchObject({ code: 'not_found' });
    const id = fx.messages[0]!.id;
    // a cache whose database refuses the write (busy, read-only)
    const broken = {
      getMessage: (m: string) => cache.getMessage(m),
      get db(): never {
        throw new Error('диск занят');
      },
    };
    const r = operatorActions({ cache: broken as unknown as typeof cache, refreshHealth }, { operator: 'console', now: () => NOW });
    const e = await Promise.resolve(r.act({ messageId: id, type: 'acknowledge', payload: {} }, { role: 'console' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HubError);
    expect(e).toMatchObject({ code: 'unavailable' });
    expect((e as Error).message).toMatch(/^действие недоступно: /);
    expect(refreshHealth).not.toHaveBeenCalled();
    cache.close();
  });
});
