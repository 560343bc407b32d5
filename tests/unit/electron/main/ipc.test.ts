/** The IPC router on its own (electron/main/ipc.ts): what a refused or bad call says and logs, and that reading is not subscribing. */
import { describe, expect, it } from 'vitest';
import { handleInvoke, type IpcDeps } from '../../../../electron/main/ipc.js';
import type { Role } from '../../../../shared/bridge/protocol.js';

function deps(roles: Record<number, Role>, hubError?: { code: string; message: string }) {
  const warns: string[] = [];
  const subscribed: number[] = [];
  const hub: string[] = [];
  const reports: string[] = [];
  const d: IpcDeps = {
    roleOf: (id) => roles[id] ?? null,
    snapshot: (id) => ({ state: null, window: { role: roles[id]! } as never, notices: [], dataVersion: 0, health: null, alerts: { raised: null, changed: null }, outbox: null }),
    subscribe: (id) => void subscribed.push(id),
    hubRequest: async (role, method) => {
      hub.push(`${role} ${method}`);
      if (hubError) return { id: 0, ok: false, error: hubError } as never;
      return { id: 0, ok: true, result: { role, method } } as never;
    },
    consoleAction: async () => ({ ok: true }) as never,
    saveReport: async (id, format) => {
      reports.push(`${id} ${format}`);
      return { ok: false, cancelled: true };
    },
    log: { warn: (m) => void warns.push(m) },
  };
  return { d, warns, subscribed, hub, reports };
}

const ev = (id: number, url = 'app://wall/index.html', parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } });

describe('handleInvoke', () => {
  it('a sender whose frame is gone is refused, and logged', async () => {
    const { d, warns } = deps({ 1: 'wall' });
    await expect(handleInvoke(d, 'wall:getState', { sender: { id: 1 }, senderFrame: null }, undefined)).rejects.toThrow(/^отказано: отправитель уже закрыт$/);
    expect(warns).toEqual(['IPC wall:getState: отказано — отправитель уже закрыт']);
  });

  it('a foreign page is named in the refusal, cut to 100 characters', async () => {
    const { d } = deps({ 1: 'wall' });
    const url = `https://evil.example/${'x'.repeat(300)}`;
    await expect(handleInvoke(d, 'wall:getState', ev(1, url), undefined)).rejects.toThrow(`отказано: чужая страница «${url.slice(0, 100)}»`);
  });

  it('an invalid payload is logged with its reason', async () => {
    const { d, warns } = deps({ 1: 'console' });
    await expect(handleInvoke(d, 'wall:intent', ev(1), { type: 'format-disk' })).rejects.toThrow(/^неверный запрос/);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatch(/^IPC wall:intent: неверный запрос — \S/);
  });

  it('getState reads without subscribing; subscribe subscribes', async () => {
    const { d, subscribed } = deps({ 1: 'wall' });
    await expect(handleInvoke(d, 'wall:getState', ev(1), undefined)).resolves.toMatchObject({ window: { role: 'wall' } });
    expect(subscribed).toEqual([]);
    await handleInvoke(d, 'wall:subscribe', ev(1), undefined);
    expect(subscribed).toEqual([1]);
  });

  it('a console-only method from a wall: forbidden with the method named, logged, never sent to the hub', async () => {
    const { d, warns, hub } = deps({ 1: 'wall' });
    await expect(handleInvoke(d, 'hub:request', ev(1), { method: 'getMessage', params: { id: 'm1' } })).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'метод getMessage доступен только пульту' },
    });
    expect(warns).toEqual(['IPC hub:request getMessage: отказано — метод только для пульта']);
    expect(hub).toEqual([]);
  });

  it('a console intent goes to the hub as the console and answers the new wall state; a hub refusal is the error the console sees', async () => {
    const ok = deps({ 1: 'console' });
    await expect(handleInvoke(ok.d, 'wall:intent', ev(1), { type: 'unpin' })).resolves.toEqual({ role: 'console', method: 'intent' });
    expect(ok.hub).toEqual(['console intent']);
    const refused = deps({ 1: 'console' }, { code: 'bad_request', message: 'сцена не найдена' });
    await expect(handleInvoke(refused.d, 'wall:intent', ev(1), { type: 'unpin' })).rejects.toThrow(/^сцена не найдена$/);
  });

  it('a hub error to a bridge request comes back with its code, not as a success', async () => {
    const { d } = deps({ 1: 'console' }, { code: 'not_found', message: 'сообщение не найдено' });
    await expect(handleInvoke(d, 'hub:request', ev(1), { method: 'getMessage', params: { id: 'm1' } })).resolves.toEqual({
      ok: false,
      error: { code: 'not_found', message: 'сообщение не найдено' },
    });
  });

  it('the console\'s report is saved for the asking window in the format it asked for', async () => {
    const { d, reports } = deps({ 3: 'console' });
    await expect(handleInvoke(d, 'console:report', ev(3), { format: 'xlsx' })).resolves.toEqual({ ok: false, cancelled: true });
    expect(reports).toEqual(['3 xlsx']);
  });
});
