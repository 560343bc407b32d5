import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';

export interface E2eContext {
  url: string;
  /** The console's URL with its key (serve prints it; without the key a window is a wall). */
  consoleUrl: string;
  db: string;
  browser: Browser;
  artifacts: string;
  /** Unmasked texts of the seeded messages (for the personal-data check). */
  texts: string[];
  /** The seeded reference dictionaries (block names etc.). */
  reference: { blocks: { id: string; name: string }[]; municipalities: { oktmo: string; name: string }[] };
  cli: (args: string[]) => string;
  startServe: (args: string[]) => Promise<string>;
  /** Another `serve`, with its console URL (key included) and its process (for signals). */
  serve: (args: string[]) => Promise<{ url: string; consoleUrl: string; proc: ChildProcess }>;
  tmp: string;
}

export interface E2eTest {
  name: string;
  run: (ctx: E2eContext) => Promise<void>;
}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

export function eq<T>(a: T, b: T, msg: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${msg}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
}

export async function openWall(ctx: E2eContext, query: string, w = 1280, h = 720, reuse?: Page): Promise<Page> {
  const page = reuse ?? (await ctx.browser.newPage({ viewport: { width: w, height: h } }));
  // tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks in __name(…)
  if (!reuse) await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  // every Content-Security-Policy violation of the page is recorded: the wall's CSP is Electron's
  // checklist item, and a refused eval or source is a bug even where the page goes on working
  if (!reuse)
    await page.addInitScript({
      content:
        'globalThis.__csp = []; document.addEventListener("securitypolicyviolation", (e) => globalThis.__csp.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sourceFile || "") + ":" + e.lineNumber));',
    });
  if (reuse) await page.setViewportSize({ width: w, height: h });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${ctx.url}/${query}`);
  try {
    await page.waitForFunction(() => document.documentElement.dataset.wallReady === 'true', null, { timeout: 90_000 });
  } catch {
    throw new Error(`wall not ready for ${query}; page errors: ${errors.join(' | ')}`);
  }
  const csp = await page.evaluate(() => (globalThis as { __csp?: string[] }).__csp ?? []);
  if (csp.length > 0) throw new Error(`Content-Security-Policy refused something on ${query}: ${csp.slice(0, 5).join(' | ')}`);
  return page;
}

/** Share of pixels of a PNG clip that differ from the given background by more than `tol`. */
export async function nonBackgroundShare(page: Page, selector: string, bg: [number, number, number], tol = 24): Promise<number> {
  const png = await page.locator(selector).first().screenshot();
  return page.evaluate(
    async ({ b64, bg, tol }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i]! - bg[0]) + Math.abs(d[i + 1]! - bg[1]) + Math.abs(d[i + 2]! - bg[2]) > tol) n++;
      }
      return n / (d.length / 4);
    },
    { b64: png.toString('base64'), bg, tol },
  );
}
