/**
 * The `app://wall/` protocol: serves the built renderer (dist/renderer) and nothing else. No
 * file:// pages (a page loaded from file:// could read any file), no remote origin. Requests that
 * climb out of the root, hidden files and unknown hosts are answered 404/403.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { SessionLike } from './api.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CSP } from './security.js';

/** Must run before `app` is ready (Electron: registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` a URL names, or null when it is not one of ours. Pure. */
export function resolveAppPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.split('/').some((seg) => seg.startsWith('.'))) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, '.' + path);
  return file.startsWith(base + sep) ? file : null;
}

export function appUrl(path: string, query: Record<string, string | undefined>): string {
  const u = new URL(path, APP_ORIGIN + '/');
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

export function registerAppProtocol(session: SessionLike, root: string, read: (file: string) => Promise<Uint8Array> = readFile): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(root, request.url);
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
    if (!file) return new Response('Forbidden', { status: 403, headers });
    try {
      const body = await read(file);
      return new Response(body as BodyInit, {
        status: 200,
        headers: { ...headers, 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' },
      });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  });
}
