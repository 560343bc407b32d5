/**
 * Imported first by main.tsx. Zod 4 compiles a fast object parser with `new Function` after probing
 * whether eval is allowed; the wall's Content-Security-Policy forbids it (no 'unsafe-eval', by
 * Electron's checklist), so the probe is refused and logs a CSP violation on every start. `jitless`
 * skips the probe and the compiled path; the parsing is the same.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
