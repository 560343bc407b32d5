/**
 * Static security scan of the shell with @doyensec/electronegativity: fails on any finding not in
 * the allow-list (.electronegativity-allow.json, each entry with its reason), and flags allow-list
 * entries that no longer match anything (so the list does not rot).
 *
 *   npx tsx tests/security/electronegativity.ts [DIR]     (default: electron/)
 *
 * Note: the checker recognises `new BrowserWindow({ webPreferences: … })` literals; the shell builds
 * its windows through an injected API with webPreferences from one function (electron/main/
 * security.ts secureWebPreferences), which the unit tests check on every window instead.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Issue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  severity?: { name?: string };
  confidence?: { name?: string };
  description?: string;
  manualReview?: boolean;
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(import.meta.url);

export interface AllowEntry {
  id: string;
  file: string;
  /** The flagged source line, trimmed, exactly: the finding is accepted only while that line says this. */
  line: string;
  reason: string;
}

export function loadAllowList(path = join(root, '.electronegativity-allow.json')): AllowEntry[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { allow?: AllowEntry[] };
  const list = json.allow ?? [];
  for (const e of list)
    if (!e.id || !e.file || !e.line?.trim() || !e.reason || e.reason.trim().length < 20)
      throw new Error(`allow-list: у записи ${JSON.stringify(e)} нет id, file, line (строки находки) или внятной причины (reason)`);
  return list;
}

/** The trimmed text of line `n` (1-based) of a file under `base`, or null. */
export function sourceLine(base: string, file: string, n: number | undefined): string | null {
  if (!n) return null;
  try {
    return readFileSync(resolve(base, file), 'utf8').split(/\r?\n/)[n - 1]?.trim() ?? null;
  } catch {
    return null;
  }
}

/**
 * Splits findings into accepted and bad: a finding is accepted only by an entry of its check id,
 * its file AND the text of its flagged line (a new finding of the same check in the same file, or
 * the allowed line changed, is bad). `lineOf` reads the flagged line (default: from the file).
 */
export function judge(issues: Issue[], allow: AllowEntry[], base: string, lineOf = (i: Issue) => sourceLine(base, i.file, i.location?.line)) {
  const rel = (f: string) => relative(base, resolve(base, f)).split('\\').join('/');
  const used = new Set<AllowEntry>();
  const bad: Issue[] = [];
  for (const i of issues) {
    const line = lineOf(i);
    const hit = allow.find((a) => a.id === i.id && a.file === rel(i.file) && line !== null && a.line.trim() === line);
    if (hit) used.add(hit);
    else bad.push(i);
  }
  return { bad, stale: allow.filter((a) => !used.has(a)), rel };
}

async function main(): Promise<number> {
  const input = resolve(root, process.argv[2] ?? 'electron');
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
  const result = await run(
    {
      input,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const allow = loadAllowList();
  const { bad, stale, rel } = judge(result.issues, allow, input);
  const hardErrors = result.errors.filter((e) => !e.tolerable);
  for (const e of hardErrors) console.error(`electronegativity: не разобран ${rel(e.file)}: ${e.message}`);
  for (const i of bad)
    console.error(
      `electronegativity: ${i.id} ${rel(i.file)}:${i.location?.line ?? '?'} [${i.severity?.name ?? '?'}/${i.confidence?.name ?? '?'}] ${i.description ?? ''}`,
    );
  for (const a of stale) console.warn(`electronegativity: запись списка разрешений больше ничему не соответствует: ${a.id} ${a.file}`);
  const accepted = result.issues.length - bad.length;
  console.log(
    `electronegativity ${electronVersion ? `(Electron ${electronVersion})` : ''}: проверено ${relative(root, input) || '.'}; находок ${result.issues.length}, принято по списку ${accepted}, недопустимых ${bad.length}, ошибок разбора ${hardErrors.length}`,
  );
  return bad.length || hardErrors.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
