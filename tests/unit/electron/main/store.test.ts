import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLogger } from '../../../../electron/main/logger.js';
import { TokenStore, loadConfig } from '../../../../electron/main/config-store.js';
import { createFakeElectron } from '../../../support/fake-electron.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sw-store-'));

describe('RotatingLogger', () => {
  it('caps the file size and keeps N files, the newest lines in the current file', () => {
    const dir = tmp();
    const log = new RotatingLogger({ dir, maxBytes: 200, files: 3, now: () => new Date('2026-11-21T09:15:00Z') });
    for (let i = 0; i < 40; i++) log.info(`строка ${i}`);
    const files = ['situation-wall.log', 'situation-wall.log.1', 'situation-wall.log.2'];
    for (const f of files) {
      expect(existsSync(join(dir, f))).toBe(true);
      expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(200);
    }
    expect(existsSync(join(dir, 'situation-wall.log.3'))).toBe(false);
    const cur = readFileSync(join(dir, 'situation-wall.log'), 'utf8');
    expect(cur).toMatch(/^2026-11-21T09:15:00\.000Z INFO строка \d+$/m);
    expect(cur.trimEnd().endsWith('строка 39')).toBe(true);
    expect(readFileSync(join(dir, 'situation-wall.log.2'), 'utf8')).not.toContain('строка 0\n');
  });

  it('filters by level and keeps one line per entry', () => {
    const dir = tmp();
    const log = new RotatingLogger({ dir, level: 'warn' });
    log.info('не видно');
    log.debug('не видно');
    log.warn('две\nстроки');
    log.error('ошибка');
    const text = readFileSync(log.path, 'utf8');
    expect(text).not.toContain('не видно');
    expect(text.trimEnd().split('\n')).toEqual([expect.stringMatching(/WARN две ⏎ строки$/), expect.stringMatching(/ERROR ошибка$/)]);
  });
});

describe('TokenStore', () => {
  it('stores the token encrypted in its own file, readable back', async () => {
    const dir = tmp();
    const { api } = createFakeElectron({ displays: [], userData: dir });
    // Linux: safeStorage is unavailable before 'ready'.
    expect(api.safeStorage.isEncryptionAvailable()).toBe(false);
    await api.app.whenReady();
    const s = new TokenStore(dir, api.safeStorage);
    expect(s.get('main')).toBeNull();
    s.set('main', 'token-XYZ');
    const file = join(dir, 'tokens', 'main.bin');
    expect(readFileSync(file, 'utf8')).not.toContain('token-XYZ');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(s.get('main')).toBe('token-XYZ');
    s.clear('main');
    expect(s.get('main')).toBeNull();
    expect(() => s.set('../x', 't')).toThrow(/недопустимое имя токена/);
  });

  it('refuses to store without OS encryption (never plain text)', async () => {
    const dir = tmp();
    const { api } = createFakeElectron({ displays: [], userData: dir, encryption: false });
    await api.app.whenReady();
    expect(() => new TokenStore(dir, api.safeStorage).set('default', 'secret')).toThrow(/шифрование ОС недоступно/);
    expect(existsSync(join(dir, 'tokens', 'default.bin'))).toBe(false);
  });
});

describe('loadConfig', () => {
  it('defaults without a file; the user data config.json; --config FILE relative to cwd; flags on top', () => {
    const dir = tmp();
    expect(loadConfig([], dir)).toMatchObject({ ok: true, path: null, config: { region: 'kamchatka' } });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ region: 'perm' }));
    expect(loadConfig([], dir)).toMatchObject({ ok: true, path: join(dir, 'config.json'), config: { region: 'perm' } });
    const other = tmp();
    writeFileSync(join(other, 'wall.json'), JSON.stringify({ region: 'buryatia', kiosk: false }));
    expect(loadConfig(['--config', 'wall.json', '--region', 'volgograd'], dir, other)).toMatchObject({ ok: true, config: { region: 'volgograd', kiosk: false } });
  });

  it('errors name the file and the field; a missing --config file is an error', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.json'), '{"kiosk": "yes"}');
    const r = loadConfig([], dir);
    expect(r).toEqual({ ok: false, path: join(dir, 'config.json'), errors: [`${join(dir, 'config.json')}: kiosk: ожидалось true или false, получено "yes"`] });
    expect(loadConfig(['--config', '/nonexistent/x.json'], dir)).toMatchObject({ ok: false, errors: ['--config: файл не найден: /nonexistent/x.json'] });
    expect(loadConfig(['--api', 'ftp://x'], tmp())).toMatchObject({ ok: false, errors: [expect.stringMatching(/^--api:/)] });
  });
});
