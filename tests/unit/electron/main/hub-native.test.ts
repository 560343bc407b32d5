/**
 * Issue 14, finding 1: the hub's native module cannot load on an old glibc (Astra Linux SE 1.7).
 * The hub loads its SQLite lazily and says why it cannot start — to the shell (a `fatal` message),
 * the console, the log — and the shell does not restart it 8 times saying «exit code 1».
 */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays, LAPTOP } from '../../../support/fake-electron.js';
import { runHubUtility } from '../../../../electron/hub/utility.js';
import { SqliteDriverError } from '../../../../electron/hub/cache/sqlite.js';
import { DEFAULT_CONFIG } from '../../../../shared/config.js';

const REASON = "не загружается модуль SQLite (glibc 2.28): better-sqlite3 — version `GLIBC_2.34' not found; node:sqlite — в этой сборке Node нет node:sqlite";

describe('the hub whose SQLite driver does not load', () => {
  it('posts the reason as a fatal message before it ends, and logs one clear line', async () => {
    const posted: unknown[] = [];
    let deliver!: (e: { data: unknown }) => void;
    const errors: string[] = [];
    let fatal: string | null = null;
    const u = runHubUtility({
      port: { on: (_e, l) => void (deliver = l), postMessage: (m) => void posted.push(m) },
      createHub: async () => {
        throw new SqliteDriverError(REASON);
      },
      log: { info: () => undefined, warn: () => undefined, error: (m) => void errors.push(m) },
      onFatal: (m) => void (fatal = m),
    });
    deliver({ data: { type: 'init', config: DEFAULT_CONFIG, token: null, userDataDir: '/tmp/sw-native-test', appVersion: '0' } });
    await expect(u.ready).rejects.toThrow(REASON);
    expect(posted[0]).toEqual({ type: 'fatal', message: REASON });
    expect(fatal).toBe(REASON);
    expect(errors).toEqual([`хаб не запустился: ${REASON}`]);
  });

  it('the shell shows the reason (log, console, health), logs the child stderr, and does not restart it', async () => {
    const { fake, clock, log, shell } = await boot({ console: { internal: true } }, [LAPTOP, ...gridDisplays(1, 1)], {
      hubResponder: (m) => (m.type === 'init' ? { type: 'fatal', message: REASON } : undefined),
    });
    const u = fake.utilities[0]!;
    // stderr is piped to the shell's log, not inherited (lost on a kiosk).
    expect(u.stdio).toBe('pipe');
    u.stderr!.write("Error: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found\n");
    await new Promise((r) => setImmediate(r));
    u.exit(78);
    clock.advance(600_000);
    expect(fake.utilities).toHaveLength(1);
    expect(log.lines).toContainEqual(expect.stringMatching(/^WARN хаб \(stderr\): Error: .*GLIBC_2\.34' not found$/));
    const err = log.lines.filter((l) => l.startsWith('ERROR'));
    expect(err).toEqual([expect.stringContaining(`хаб данных не запустился: ${REASON} (код 78); перезапусков не будет`)]);
    expect(err.join('\n')).not.toMatch(/код 1\)|exit code/);
    expect(shell.notices().at(-1)).toMatchObject({ level: 'error', text: `хаб данных не запустился: ${REASON}` });
    const con = fake.open().find((w) => w.query.get('role') === 'console')!;
    const snap = (await fake.invoke('wall:getState', undefined, { wc: con.webContents })) as { health: { sync: { lastError: string } } };
    expect(snap.health.sync.lastError).toContain('не загружается модуль SQLite');
    await expect(shell.hub.request('console', 'getGeo', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a hub that dies without a word: the exit code and the last stderr lines are in the log', async () => {
    const { fake, clock, log } = await boot({}, gridDisplays(1, 1));
    const u = fake.utilities[0]!;
    u.stderr!.write('node:internal/modules/cjs/loader:1\nError: Cannot find module \'x\'\n');
    await new Promise((r) => setImmediate(r));
    u.exit(1);
    expect(log.lines).toContainEqual(expect.stringMatching(/WARN хаб завершился \(код 1\); последнее в stderr: .*Cannot find module 'x'/));
    clock.advance(1000);
    expect(fake.utilities).toHaveLength(2);
  });

  it("a utility 'error' (fatal V8 error) is heard: no uncaught exception in main, then the exit restarts it", async () => {
    const { fake, clock, log } = await boot({}, gridDisplays(1, 1));
    expect(() => fake.utilities[0]!.fatal('OOMError', 'v8::Heap')).not.toThrow();
    expect(log.lines).toContainEqual(expect.stringMatching(/хаб: фатальная ошибка процесса \(OOMError, v8::Heap\)/));
    clock.advance(1000);
    expect(fake.utilities).toHaveLength(2);
  });
});
