/**
 * Import cycles are forbidden (docs/architecture.md, "Layers"), type-only ones included. The rule
 * lives in .dependency-cruiser.cjs and runs in `npm run lint`; these tests cruise small probe trees
 * with that very configuration so that a change to it cannot silently switch the rule off.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Cruises a probe tree (file → source) with the project's rules; returns the cycles reported. */
async function cycles(files: Record<string, string>): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-cycles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }));
  const { exclude: _exclude, tsConfig: _tsConfig, ...options } = config.options;
  const res = await cruise(['.'], {
    ...options,
    validate: true,
    baseDir: dir,
    tsConfig: { fileName: join(dir, 'tsconfig.json') },
    ruleSet: { forbidden: config.forbidden },
  } as never);
  const output = res.output as { summary: { violations: { rule: { name: string }; cycle?: { name: string }[] }[] } };
  return output.summary.violations
    .filter((v) => v.rule.name === 'no-cycle')
    .map((v) => (v.cycle ?? []).map((c) => c.name.replace(/^.*\//, '')));
}

describe('no import cycles (dependency-cruiser)', () => {
  it('reports a runtime cycle between two modules, naming both', async () => {
    const found = await cycles({
      'a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.flat()).toEqual(expect.arrayContaining(['a.ts', 'b.ts']));
  });

  it('reports a cycle made of type-only imports', async () => {
    const found = await cycles({
      'x/hub.ts': "import type { Source } from './source.js';\nexport interface Hub { source: Source }\n",
      'x/source.ts': "import type { Hub } from './hub.js';\nexport interface Source { hub: Hub }\n",
    });
    expect(found.flat()).toEqual(expect.arrayContaining(['hub.ts', 'source.ts']));
  });

  it('reports a longer cycle through three modules', async () => {
    const found = await cycles({
      'p.ts': "import { q } from './q.js';\nexport const p = q;\n",
      'q.ts': "import { r } from './r.js';\nexport const q = r;\n",
      'r.ts': "import { p } from './p.js';\nexport const r = () => p;\n",
    });
    expect(found.flat()).toEqual(expect.arrayContaining(['p.ts', 'q.ts', 'r.ts']));
  });

  it('a tree without cycles passes', async () => {
    const found = await cycles({
      'lib.ts': 'export const one = 1;\n',
      'use.ts': "import { one } from './lib.js';\nimport type { Two } from './types.js';\nexport const two: Two = one + 1;\n",
      'types.ts': 'export type Two = number;\n',
    });
    expect(found).toEqual([]);
  });
});
