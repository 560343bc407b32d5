import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { LAPTOP, gridDisplays } from '../../../support/fake-electron.js';
import { RestartGuard } from '../../../../electron/main/backoff.js';
import { FakeClock } from '../../../support/fake-electron.js';

const gone = (reason = 'crashed') => [{}, { reason, exitCode: 139 }] as const;

describe('RestartGuard', () => {
  it('1 s, 2 s, 4 s … capped at 60 s; gives up after N failures in the window; forgets old ones', () => {
    const clock = new FakeClock();
    const g = new RestartGuard(clock, { maxFailures: 9, windowMs: 60 * 60_000 });
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = g.fail(() => undefined);
      expect(r.action).toBe('retry');
      if (r.action === 'retry') delays.push(r.delayMs);
      clock.advance(r.action === 'retry' ? r.delayMs : 0);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(g.fail(() => undefined)).toEqual({ action: 'give-up', failures: 10, first: true });
    expect(g.fail(() => undefined)).toMatchObject({ action: 'give-up', first: false });

    const h = new RestartGuard(clock, { maxFailures: 2, windowMs: 60_000 });
    h.fail(() => undefined);
    clock.advance(1000);
    h.fail(() => undefined);
    clock.advance(61_000);
    // The first two failures are out of the window: this counts as the first again.
    expect(h.fail(() => undefined)).toMatchObject({ action: 'retry', delayMs: 1000, failures: 1 });
  });
});

describe('window crash recovery', () => {
  const backoff = { maxFailures: 3, windowMs: 10 * 60_000 };

  it('a crashed renderer reloads after 1 s, 2 s, 4 s; then gives up, tells the console and the log', async () => {
    const { fake, clock, log, shell } = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 1)], { backoff });
    const w = fake.open().find((x) => x.query.get('role') === 'wall')!;
    const con = fake.open().find((x) => x.query.get('role') === 'console')!;
    await fake.invoke('wall:subscribe', undefined, { wc: con.webContents });
    const loads = () => w.webContents.loads.length;
    const url = w.url;

    for (const delay of [1000, 2000, 4000]) {
      const before = loads();
      w.webContents.emit('render-process-gone', ...gone());
      clock.advance(delay - 1);
      expect(loads()).toBe(before);
      clock.advance(1);
      expect(loads()).toBe(before + 1);
      expect(w.url).toBe(url);
    }
    const before = loads();
    w.webContents.emit('render-process-gone', ...gone('oom'));
    clock.advance(120_000);
    expect(loads()).toBe(before); // gave up: no endless loop
    const err = log.lines.filter((l) => l.startsWith('ERROR'));
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/окно стены на дисплее 1: процесс отрисовки завершился \(oom, код 139\); 4 сбоев за 10 мин — перезапуски остановлены/);
    expect(shell.notices()).toEqual([expect.objectContaining({ level: 'error', text: expect.stringMatching(/перезапуски остановлены/) })]);
    const pushed = con.webContents.sent.at(-1)!.args[0] as { notices: { text: string }[] };
    expect(pushed.notices.at(-1)!.text).toMatch(/дисплее 1/);
    // More crashes after giving up: still no reload, no new notice.
    w.webContents.emit('render-process-gone', ...gone());
    clock.advance(120_000);
    expect(shell.notices()).toHaveLength(1);

    // The operator asks to reload the wall: it reloads and the history is forgotten.
    await fake.invoke('console:action', { kind: 'reloadWall' }, { wc: con.webContents });
    expect(loads()).toBe(before + 1);
    w.webContents.emit('render-process-gone', ...gone());
    clock.advance(1000);
    expect(loads()).toBe(before + 2);
  });

  it('a clean exit is not a crash; a hang that recovers by itself is not reloaded', async () => {
    const { fake, clock } = await boot({}, gridDisplays(1, 1), { backoff });
    const w = fake.open()[0]!;
    const n = w.webContents.loads.length;
    w.webContents.emit('render-process-gone', ...gone('clean-exit'));
    clock.advance(10_000);
    expect(w.webContents.loads.length).toBe(n);

    w.webContents.emit('unresponsive');
    clock.advance(500);
    w.webContents.emit('responsive');
    clock.advance(10_000);
    expect(w.webContents.loads.length).toBe(n);

    w.webContents.emit('unresponsive');
    w.webContents.emit('render-process-gone', ...gone()); // same incident: one reload
    clock.advance(2000); // second failure in the window: 2 s
    expect(w.webContents.loads.length).toBe(n + 1);
  });

  it('a closed window cancels its pending reload', async () => {
    const { fake, clock } = await boot({}, gridDisplays(1, 2), { backoff });
    const w = fake.open()[1]!;
    w.webContents.emit('render-process-gone', ...gone());
    const n = w.webContents.loads.length;
    fake.setDisplays(gridDisplays(1, 1));
    fake.screen.emit('display-removed');
    clock.advance(5000);
    expect(w.destroyed).toBe(true);
    expect(w.webContents.loads.length).toBe(n);
  });
});

describe('hub process supervision', () => {
  it('restarts the hub on exit with backoff, re-sending init; gives up after the limit', async () => {
    const { fake, clock, log, shell } = await boot({}, gridDisplays(1, 1), { backoff: { maxFailures: 2, windowMs: 60_000 } });
    expect(fake.utilities).toHaveLength(1);
    const pending = shell.hub.request('wall', 'getGeo', undefined);
    fake.utilities[0]!.emit('exit', 1);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: 'хаб перезапускается' } });
    await expect(shell.hub.request('wall', 'getGeo', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    clock.advance(999);
    expect(fake.utilities).toHaveLength(1);
    clock.advance(1);
    expect(fake.utilities).toHaveLength(2);
    expect(fake.utilities[1]!.posted[0]).toMatchObject({ type: 'init' });

    fake.utilities[1]!.emit('exit', 1);
    clock.advance(2000);
    expect(fake.utilities).toHaveLength(3);
    fake.utilities[2]!.emit('exit', 9);
    clock.advance(600_000);
    expect(fake.utilities).toHaveLength(3);
    expect(log.lines.filter((l) => l.startsWith('ERROR'))).toEqual([expect.stringMatching(/хаб данных завершился \(код 9\) 3 раз за 1 мин — перезапуски остановлены/)]);
    expect(shell.notices().at(-1)!.text).toMatch(/хаб данных/);
  });

  it('a stopped hub is not restarted; a request times out as unavailable', async () => {
    const { fake, clock, shell } = await boot({}, gridDisplays(1, 1));
    const p = shell.hub.request('wall', 'getGeo', undefined);
    clock.advance(30_000);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/не ответил/) } });
    shell.stop();
    fake.utilities[0]!.emit('exit', 0);
    clock.advance(600_000);
    expect(fake.utilities).toHaveLength(1);
  });
});
