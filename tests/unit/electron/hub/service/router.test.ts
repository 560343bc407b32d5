import { describe, expect, it, vi } from 'vitest';
import { Router, type Handlers } from '../../../../../electron/hub/service/router.js';
import { HubError } from '../../../../../electron/hub/service/errors.js';
import { initialWallState } from '../../../../../shared/bridge/wallState.js';

const state = initialWallState({ now: 0, scenes: ['operational', 'briefing'] });

function handlers(over: Partial<Handlers> = {}): Handlers {
  const fail = () => {
    throw new Error('не должен вызываться');
  };
  return {
    hello: fail,
    getWallState: () => state,
    intent: fail,
    getView: fail,
    getHeatPoints: () => ({ points: new Float32Array([1, 2, 3]), count: 1, dataVersion: 4 }),
    getGeo: fail,
    getMessage: fail,
    act: fail,
    getTrends: fail,
    getAlerts: fail,
    getAlert: fail,
    markAlert: fail,
    getTimeline: fail,
    getConsoleQueue: fail,
    getMessageCard: fail,
    makeReport: fail,
    ...over,
  };
}

describe('Router', () => {
  it('calls the one handler of the method with its parsed params and the role', async () => {
    const act = vi.fn<Handlers['act']>(() => ({ actionId: 'a-1', queued: true }));
    const r = new Router(handlers({ act }));
    const res = await r.handle('console', { id: 7, method: 'act', params: { messageId: 'm-1', type: 'acknowledge' } });
    expect(res).toEqual({ id: 7, ok: true, result: { actionId: 'a-1', queued: true } });
    // the schema's default filled in: the handler sees parsed params, not the raw ones
    expect(act).toHaveBeenCalledWith({ messageId: 'm-1', type: 'acknowledge', payload: {} }, { role: 'console' });
  });

  it('refuses console-only methods to the wall before any handler runs', async () => {
    const intent = vi.fn<Handlers['intent']>(() => state);
    const r = new Router(handlers({ intent }));
    const res = await r.handle('wall', { id: 1, method: 'intent', params: { type: 'playlistNext' } });
    expect(res).toMatchObject({ id: 1, ok: false, error: { code: 'forbidden', message: '«intent» доступно только пульту оператора' } });
    expect(intent).not.toHaveBeenCalled();
  });

  it('answers malformed envelopes, unknown methods and bad params with bad_request in Russian', async () => {
    const r = new Router(handlers());
    expect(await r.handle('wall', null)).toMatchObject({ id: 0, ok: false, error: { code: 'bad_request', message: 'неверный запрос: ожидалось { id, method, params }' } });
    expect(await r.handle('wall', { id: 5, method: 'nuke' })).toMatchObject({ id: 5, ok: false, error: { code: 'bad_request', message: 'неизвестный метод «nuke»' } });
    const bad = await r.handle('wall', { id: 6, method: 'getView', params: { window: 'year' } });
    expect(bad).toMatchObject({ id: 6, ok: false, error: { code: 'bad_request' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^неверные параметры getView: /);
  });

  it('a refused envelope echoes its id only when it is a valid request id (else 0), and a long unknown name is cut', async () => {
    const r = new Router(handlers());
    const idOf = async (id: unknown) => (await r.handle('wall', { id, method: 'nuke' })).id;
    expect(await idOf(0xffff_ffff)).toBe(0xffff_ffff);
    expect(await idOf(12)).toBe(12);
    for (const bad of [-1, 1.5, 0x1_0000_0000, '12', null, undefined, Number.NaN, Infinity]) expect(await idOf(bad)).toBe(0);
    const long = 'x'.repeat(100);
    const res = await r.handle('wall', { id: 3, method: long });
    expect(res).toMatchObject({ id: 3, ok: false, error: { code: 'bad_request', message: `неизвестный метод «${'x'.repeat(60)}»` } });
  });

  it('a HubError keeps its code and message; any other error is internal, first line only', async () => {
    const r = new Router(
      handlers({
        getGeo: () => {
          throw new HubError('not_found', 'нет границ');
        },
        getMessage: () => {
          throw new Error('диск\nподробности');
        },
      }),
    );
    expect(await r.handle('wall', { id: 1, method: 'getGeo' })).toEqual({ id: 1, ok: false, error: { code: 'not_found', message: 'нет границ' } });
    expect(await r.handle('console', { id: 2, method: 'getMessage', params: { id: 'x' } })).toEqual({
      id: 2,
      ok: false,
      error: { code: 'internal', message: 'внутренняя ошибка хаба: диск' },
    });
  });

  it('after dispose every request is answered unavailable', async () => {
    const r = new Router(handlers());
    expect((await r.handle('wall', { id: 1, method: 'getWallState' })).ok).toBe(true);
    r.dispose();
    expect(await r.handle('wall', { id: 2, method: 'getWallState' })).toEqual({ id: 2, ok: false, error: { code: 'unavailable', message: 'хаб остановлен' } });
  });

  it('handlers are typed per method (checked by the compiler)', () => {
    const h: Partial<Handlers> = {
      // @ts-expect-error getWallState must return a WallState
      getWallState: () => 42,
      // params are the method's own: getMessage has an id
      getMessage: (p) => {
        // @ts-expect-error no such param
        void p.window;
        throw new HubError('not_found', p.id);
      },
    };
    expect(Object.keys(h)).toHaveLength(2);
  });
});
