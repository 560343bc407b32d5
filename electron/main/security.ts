/**
 * The Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * item by item, for the shell:
 *  1. Only local content: pages come from the app's own `app://wall/` protocol (app-protocol.ts),
 *     never from a remote URL; navigation away from it is prevented (items 13, 14).
 *  2. No Node.js integration in renderers: nodeIntegration false (also in workers and subframes).
 *  3. Context isolation: contextIsolation true; the preload exposes one frozen API.
 *  4. Process sandboxing: sandbox true on every window.
 *  5. Permission requests: every permission request and check is denied (the wall needs none).
 *  6. webSecurity true; 7. a strict CSP (CSP below, sent as a response header).
 *  8. allowRunningInsecureContent false; 9. experimentalFeatures false;
 *  10. no enableBlinkFeatures; 11. no <webview> (will-attach-webview prevented, webviewTag false);
 *  12. no allowpopups; window.open denied (setWindowOpenHandler → deny).
 *  13. navigation limited to the app's origin (will-navigate, will-redirect).
 *  14. new windows limited: denied.
 *  15. shell.openExternal is never called (no links open outside the wall).
 *  16. current Electron (45). 17. every IPC message's sender is validated (ipc.ts).
 *  18. no file:// pages: a custom protocol instead. 19. no `remote` module (removed in Electron 14+).
 *  20. fuses (packaging: build/electron-builder.yml).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronApi, PreventableEvent, SessionLike, WebContentsLike } from './api.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'wall';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * CSP of the app's pages. style-src needs 'unsafe-inline' because maplibre-gl and deck.gl set
 * inline style attributes on the elements they create (canvas sizing, markers, attribution), and
 * React writes style attributes for the span viewport; scripts stay strictly 'self'.
 * font-src allows data: for fonts inlined by the bundler; worker-src blob: for maplibre's worker.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Is this URL one of the app's own pages? (app://wall/…; nothing else, not even file://.) */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** webPreferences of every window the shell creates. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    backgroundThrottling: false,
    devTools: false,
  };
}

export interface SecurityLog {
  warn(msg: string): void;
}

/** Deny all permissions, send the CSP header on the app's pages. Once per session. */
export function hardenSession(session: SessionLike, log: SecurityLog): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn(`запрос разрешения «${permission}» отклонён`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    if (isAppUrl(details.url)) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
      headers['Content-Security-Policy'] = [CSP];
    }
    callback({ responseHeaders: headers });
  });
}

/** Navigation, redirects, pop-ups and webviews of one webContents: only the app's own pages. */
export function hardenWebContents(wc: WebContentsLike, log: SecurityLog): void {
  const guard = (what: string) => (event: PreventableEvent, url: string) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      log.warn(`${what} на «${String(url).slice(0, 200)}» запрещён`);
    }
  };
  wc.on('will-navigate', guard('переход'));
  wc.on('will-frame-navigate', (event: PreventableEvent & { url?: string }) => guard('переход фрейма')(event, event.url ?? ''));
  wc.on('will-redirect', guard('редирект'));
  wc.on('will-attach-webview', (event: PreventableEvent) => {
    event.preventDefault();
    log.warn('встраивание <webview> запрещено');
  });
  wc.setWindowOpenHandler(({ url }) => {
    log.warn(`открытие окна «${String(url).slice(0, 200)}» запрещено`);
    return { action: 'deny' };
  });
}

/** Harden every webContents the app ever creates (also ones the shell did not create itself). */
export function hardenApp(api: ElectronApi, log: SecurityLog): void {
  api.app.on('web-contents-created', (_e: unknown, wc: WebContentsLike) => hardenWebContents(wc, log));
}
