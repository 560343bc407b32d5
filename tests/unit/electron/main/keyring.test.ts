/**
 * Issue 14, finding 3: safeStorage on the hall's desktops. Chromium falls back to basic_text on
 * desktops it does not know (Fly, MATE): isEncryptionAvailable() is false unless
 * setUsePlainTextEncryption(true) was called. A libsecret keyring left locked by an autologin
 * session blocks the main thread on an unlock prompt.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../../../support/shell-boot.js';
import { gridDisplays, LAPTOP } from '../../../support/fake-electron.js';
import { parseLockedReply } from '../../../../electron/main/keyring.js';

const API = (hall: object = {}) => ({ source: { kind: 'api', url: 'https://cur.example.ru/api' }, console: { internal: true }, hall });
const TOKEN = 'секретный-токен-0123456789';

async function setToken(b: Awaited<ReturnType<typeof boot>>) {
  const con = b.fake.open().find((w) => w.query.get('role') === 'console')!;
  return fake(b).invoke('console:action', { kind: 'setApiToken', token: TOKEN }, { wc: con.webContents });
}
const fake = (b: Awaited<ReturnType<typeof boot>>) => b.fake;
async function about(b: Awaited<ReturnType<typeof boot>>) {
  const con = b.fake.open().find((w) => w.query.get('role') === 'console')!;
  return ((await b.fake.invoke('console:action', { kind: 'about' }, { wc: con.webContents })) as { about: { hall: string[] } }).about;
}

describe('the API token on the hall desktops', () => {
  it('Fly / MATE (basic_text), no opt-in: refused with what to do; nothing written; the about screen says so', async () => {
    const b = await boot(API(), [LAPTOP, ...gridDisplays(1, 1)], { backend: 'basic_text' });
    const r = (await setToken(b)) as { ok: boolean; error: string };
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/шифрование ОС недоступно: токен не сохранён\. Chromium выбрал basic_text .*hall\.passwordStore "gnome-libsecret".*hall\.plainTextToken/);
    expect(existsSync(join(b.userData, 'tokens', 'default.bin'))).toBe(false);
    expect((await about(b)).hall[0]).toMatch(/не сохраняется — шифрование ОС недоступно \(basic_text\)/);
  });

  it('basic_text with hall.plainTextToken: stored (file 0600, not the token in clear), read back by the hub; the about screen says how', async () => {
    const b = await boot(API({ plainTextToken: true }), [LAPTOP, ...gridDisplays(1, 1)], { backend: 'basic_text' });
    expect(await setToken(b)).toEqual({ ok: true });
    const file = join(b.userData, 'tokens', 'default.bin');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    await b.fake.settle();
    expect(b.fake.utilities.at(-1)!.posted[0]).toMatchObject({ type: 'init', token: TOKEN });
    expect((await about(b)).hall[0]).toMatch(/без шифрования ОС \(basic_text, разрешено hall\.plainTextToken\); файл tokens\/\*\.bin с правами 0600/);
  });

  it('hall.passwordStore reaches Chromium before ready (--password-store)', async () => {
    const b = await boot(API({ passwordStore: 'gnome-libsecret' }), [LAPTOP, ...gridDisplays(1, 1)], { backend: 'basic_text' });
    expect(b.fake.record.appendedSwitches).toContainEqual(['password-store', 'gnome-libsecret']);
    expect(b.fake.record.ignoredSwitches).toEqual([]);
  });

  it('a locked keyring (autologin): the shell never calls safeStorage — no unlock prompt on the wall; a clear error', async () => {
    const b = await boot(API(), [LAPTOP, ...gridDisplays(1, 1)], { backend: 'gnome_libsecret', keyringLocked: true });
    const r = (await setToken(b)) as { ok: boolean; error: string };
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/связка ключей заблокирована .*docs\/kiosk\.md/) });
    expect(b.fake.record.keyringPrompts).toBe(0);
    expect(b.fake.utilities[0]!.posted[0]).toMatchObject({ type: 'init', token: null });
    expect((await about(b)).hall[0]).toMatch(/связка ключей недоступна/);
  });

  it('an unlocked keyring: encrypted by the OS keyring', async () => {
    const b = await boot(API(), [LAPTOP, ...gridDisplays(1, 1)], { backend: 'gnome_libsecret' });
    expect(await setToken(b)).toEqual({ ok: true });
    expect((await about(b)).hall[0]).toMatch(/зашифрован связкой ключей ОС \(gnome_libsecret\)/);
  });

  it('the D-Bus reply is read as locked / unlocked', () => {
    expect(parseLockedReply('(<true>,)\n')).toBe('locked');
    expect(parseLockedReply('(<false>,)\n')).toBe('unlocked');
    expect(parseLockedReply('')).toBe('unknown');
  });
});
