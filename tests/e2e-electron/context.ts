import type { ElectronApplication, Page } from 'playwright-core';

export interface ElectronE2eContext {
  root: string;
  electronPath: string;
  /** Launch the built app with a configuration (written to a temporary --config file) and a fresh user data folder. */
  launch(config: unknown): Promise<{ app: ElectronApplication; userData: string; logs: string[] }>;
}

export interface ElectronE2eTest {
  name: string;
  run: (ctx: ElectronE2eContext) => Promise<void>;
}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** The app's window whose page has the given role (?role=wall|console), waiting for it to open. */
export async function windowWithRole(app: ElectronApplication, role: 'wall' | 'console', timeoutMs = 60_000): Promise<Page> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const w = app.windows().find((p) => new URL(p.url() || 'about:blank').searchParams.get('role') === role);
    if (w) return w;
    if (Date.now() > end) throw new Error(`окно с ролью ${role} не открылось; окна: ${app.windows().map((p) => p.url()).join(', ') || 'нет'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
