/**
 * The contracts live in the repository (docs/spec/) exactly as the product side keeps them
 * (../shared/spec/ beside the checkout, where it exists): a copy that drifts would let the code
 * and its docs cite a contract nobody agreed to.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ours = join(root, 'docs/spec');
const theirs = join(root, '../shared/spec');
const CONTRACTS = ['alerts.md', 'central-api.md', 'kpi.md', 'report.md'];

describe('docs/spec — the contracts in the repository', () => {
  it('holds every contract, each naming its version', () => {
    for (const name of CONTRACTS) {
      const text = readFileSync(join(ours, name), 'utf8');
      expect(text, name).toMatch(/^# .+, version \d/m);
    }
  });

  it.skipIf(!existsSync(theirs))('equals ../shared/spec file by file, byte for byte', () => {
    const names = readdirSync(theirs).filter((n) => n.endsWith('.md')).sort();
    expect(readdirSync(ours).filter((n) => n.endsWith('.md')).sort()).toEqual(names);
    for (const name of names) {
      expect(readFileSync(join(ours, name)).equals(readFileSync(join(theirs, name))), `docs/spec/${name} differs from ../shared/spec/${name}`).toBe(true);
    }
  });
});
