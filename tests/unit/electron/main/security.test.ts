import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { preventable, gridDisplays } from '../../../support/fake-electron.js';
import { CSP, isAppUrl } from '../../../../electron/main/security.js';
import { registerAppProtocol, resolveAppPath } from '../../../../electron/main/app-protocol.js';
import type { SessionLike } from '../../../../electron/main/api.js';

describe('security checklist', () => {
  it('every permission request and check is denied', async () => {
    const { fake, log } = await boot({}, gridDisplays(1, 1));
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      fake.record.permissionRequest!({}, p, (g) => (granted = g));
      expect(granted).toBe(false);
      expect(fake.record.permissionCheck!({}, p, 'app://wall')).toBe(false);
    }
    expect(log.lines.some((l) => l.includes('запрос разрешения «media» отклонён'))).toBe(true);
  });

  it('navigation and redirects leave the app only to be prevented', async () => {
    const { fake } = await boot({}, gridDisplays(1, 1));
    const wc = fake.open()[0]!.webContents;
    for (const ev of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:8080/', 'javascript:alert(1)']) {
        const e = preventable();
        wc.emit(ev, e, url);
        expect(e.defaultPrevented, `${ev} ${url}`).toBe(true);
      }
      const ok = preventable();
      wc.emit(ev, ok, 'app://wall/index.html?role=wall&display=1');
      expect(ok.defaultPrevented).toBe(false);
    }
    const frame = Object.assign(preventable(), { url: 'https://evil.example/' });
    wc.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
  });

  it('window.open is denied, webviews are never attached', async () => {
    const { fake } = await boot({}, gridDisplays(1, 1));
    const wc = fake.open()[0]!.webContents;
    expect(wc.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'app://wall/index.html' })).toEqual({ action: 'deny' });
    const e = preventable();
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });

  it('a strict CSP header on the app pages, replacing any other', async () => {
    const { fake } = await boot({}, gridDisplays(1, 1));
    let out: { responseHeaders?: Record<string, string[]> } = {};
    fake.record.headers!({ url: 'app://wall/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (out = r));
    expect(out.responseHeaders).toEqual({ 'Content-Security-Policy': [CSP], 'X-Other': ['1'] });
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'", "img-src 'self' data: blob:", "worker-src 'self' blob:"])
      expect(CSP).toContain(d);
    expect(CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('isAppUrl accepts only app://wall', () => {
    expect(isAppUrl('app://wall/index.html?x=1')).toBe(true);
    for (const u of ['app://wall.evil/x', 'app://evil/', 'https://wall/', 'file:///app/dist/renderer/index.html', 'not a url', ''])
      expect(isAppUrl(u), u).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'sw-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>стена</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '../..', 'secret.txt'), 'secret');

  it('resolves paths inside the renderer only', () => {
    expect(resolveAppPath(root, 'app://wall/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://wall/index.html?role=wall&slice=0,0,1,1')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://wall/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    // The URL parser drops dot segments: these stay inside the root (and are not there: 404).
    for (const u of ['app://wall/../secret.txt', 'app://wall/%2e%2e/secret.txt', 'app://wall/assets/%2e%2e/%2e%2e/secret.txt'])
      expect(resolveAppPath(root, u), u).toBe(join(root, 'secret.txt'));
    // Encoded slashes, hidden files, NUL, other hosts and schemes: refused.
    for (const u of ['app://wall/..%2Fsecret.txt', 'app://wall/assets%2F..%2F..%2Fsecret.txt', 'app://wall/.env', 'app://other/index.html', 'file:///etc/passwd', 'app://wall/a%00b'])
      expect(resolveAppPath(root, u), u).toBeNull();
  });

  it('serves files with their type and the CSP; 403 outside, 404 missing', async () => {
    let handler: ((r: Request) => Response | Promise<Response>) | null = null;
    const session = { protocol: { handle: (_s: string, h: typeof handler) => (handler = h) } } as unknown as SessionLike;
    registerAppProtocol(session, root);
    const get = (url: string) => Promise.resolve(handler!({ url } as Request));
    const ok = await get('app://wall/index.html?role=wall');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(await ok.text()).toContain('стена');
    expect((await get('app://wall/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await get('app://wall/..%2Fsecret.txt')).status).toBe(403);
    const climbed = await get('app://wall/%2e%2e/secret.txt');
    expect(climbed.status).toBe(404);
    expect(await climbed.text()).not.toContain('secret');
    expect((await get('app://wall/nope.js')).status).toBe(404);
  });
});
