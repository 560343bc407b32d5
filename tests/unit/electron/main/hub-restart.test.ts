/**
 * Issue 14, finding 2: utilityProcess.kill() is asynchronous — 'exit' comes after the process is
 * gone. A restart (every token change in API mode) must not leave two hubs on one SQLite file, and
 * the old child's late 'exit' must not fail the new child's requests or start a third one.
 */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays, LAPTOP } from '../../../support/fake-electron.js';

const API = { source: { kind: 'api', url: 'https://cur.example.ru/api' }, console: { internal: true } };
const answer = (m: { type?: string; id?: number }) => (m.type === 'request' ? { id: m.id, ok: true, result: 'ответ' } : undefined);

const alive = (f: { utilities: { exited: number | null }[] }) => f.utilities.filter((u) => u.exited === null).length;

describe('restarting the hub', () => {
  it('a token change: the new hub starts only after the old one exited; its late exit changes nothing', async () => {
    const { fake, clock, shell, log } = await boot(API, [LAPTOP, ...gridDisplays(1, 1)], { killMode: 'manual', hubResponder: answer });
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    const r = await fake.invoke('console:action', { kind: 'setApiToken', token: 'новый-токен-1234567890' }, { wc: con.webContents });
    expect(r).toEqual({ ok: true });
    const old = fake.utilities[0]!;
    expect(old.killed).toBe(true);
    // The old child is still there: no second hub on the same cache yet.
    expect(fake.utilities).toHaveLength(1);
    await expect(shell.hub.request('console', 'getGeo', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    old.finishKill(0);
    await fake.settle();
    expect(fake.utilities).toHaveLength(2);
    expect(alive(fake)).toBe(1);
    const next = fake.utilities[1]!;
    expect(next.posted[0]).toMatchObject({ type: 'init', token: 'новый-токен-1234567890' });
    await expect(shell.hub.request('console', 'getGeo', undefined)).resolves.toEqual({ id: expect.any(Number), ok: true, result: 'ответ' });
    // A second late 'exit' of the old child (or any replay) is not a crash of the new one.
    old.emit('exit', 0);
    clock.advance(600_000);
    expect(fake.utilities).toHaveLength(2);
    expect(alive(fake)).toBe(1);
    expect(log.lines.filter((l) => /хаб завершился|перезапуск хаба/.test(l))).toEqual([]);
  });

  it('token changes in a burst collapse into one restart; never two hubs at once', async () => {
    const { fake, shell } = await boot(API, [LAPTOP, ...gridDisplays(1, 1)], { killMode: 'manual', hubResponder: answer });
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    for (const t of ['токен-номер-один-123', 'токен-номер-два-4567'])
      await fake.invoke('console:action', { kind: 'setApiToken', token: t }, { wc: con.webContents });
    expect(fake.utilities).toHaveLength(1);
    fake.utilities[0]!.finishKill(0);
    await fake.settle();
    expect(fake.utilities).toHaveLength(2);
    expect(fake.utilities[1]!.posted[0]).toMatchObject({ token: 'токен-номер-два-4567' });
    await expect(shell.hub.request('wall', 'getGeo', undefined)).resolves.toMatchObject({ ok: true });
  });

  it('a hub that ignores SIGTERM: the new one starts after the grace period (the old one is gone by then)', async () => {
    const { fake, clock } = await boot(API, [LAPTOP, ...gridDisplays(1, 1)], { killMode: 'manual' });
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    await fake.invoke('console:action', { kind: 'clearApiToken' }, { wc: con.webContents });
    clock.advance(4999);
    await fake.settle();
    expect(fake.utilities).toHaveLength(1);
    clock.advance(1);
    await fake.settle();
    expect(fake.utilities).toHaveLength(2);
  });

  it('quitting during a restart starts no new hub', async () => {
    const { fake, shell } = await boot(API, [LAPTOP, ...gridDisplays(1, 1)], { killMode: 'manual' });
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    await fake.invoke('console:action', { kind: 'clearApiToken' }, { wc: con.webContents });
    shell.stop();
    fake.utilities[0]!.finishKill(0);
    await fake.settle();
    expect(fake.utilities).toHaveLength(1);
  });
});
