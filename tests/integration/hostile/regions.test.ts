/**
 * Regions kept apart: `import` into a cache of one region refuses, with exit 3, one Russian line
 * and nothing written, another region's meta, reference or messages; a cache without a region
 * says on the wall what is missing (or is the bundled region its reference is of).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../electron/hub/cli/main.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { DataSet, NO_REGION } from '../../../electron/hub/service/dataset.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';
import { META, REFERENCE, message } from '../sync/fixture.js';
import { tempDir } from '../sync/helpers.js';
import type { Reference } from '../../../shared/schema.js';
import { DEFAULT_THRESHOLDS } from '../../../shared/engine/types.js';

const t = tempDir('sw-regions-');
const p = (f: string) => join(t.dir, f);
const PERM_META = { ...META, region: { code: '57', name: 'Пермский край', timezone: 'Asia/Yekaterinburg' } };
const PERM_REF: Reference = { ...REFERENCE, referenceVersion: 'perm-1', municipalities: [{ oktmo: '57701000', name: 'Пермь', population: 1_000_000 }] };
const rnd = seededRandom(3);
const ours = [message('im-1', 1, rnd, 'new'), message('im-2', 1, rnd, 'new')];
const theirs = [{ ...message('im-1', 5, rnd, 'closed'), municipality: '57701000' }];

async function cli(args: string[]) {
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(c, _e, cb) {
        f(String(c));
        cb();
      },
    });
  const code = await main(args, { stdout: sink(() => undefined), stderr: sink((s) => (err += s)) });
  return { code, err };
}

beforeAll(() => {
  writeFileSync(p('meta.json'), JSON.stringify(META));
  writeFileSync(p('perm-meta.json'), JSON.stringify(PERM_META));
  writeFileSync(p('ref.json'), JSON.stringify(REFERENCE));
  writeFileSync(p('perm-ref.json'), JSON.stringify(PERM_REF));
  writeFileSync(p('ours.jsonl'), ours.map((m) => JSON.stringify(m)).join('\n') + '\n');
  writeFileSync(p('theirs.jsonl'), theirs.map((m) => JSON.stringify(m)).join('\n') + '\n');
});
afterAll(() => t.cleanup());

describe('import keeps regions apart', () => {
  it('binds the cache to the region of --meta, then refuses another region’s meta, reference and messages with exit 3', async () => {
    const db = p('c.db');
    expect((await cli(['import', '--cache', db, '--meta', p('meta.json'), '--reference', p('ref.json'), p('ours.jsonl')])).code).toBe(0);
    for (const [args, re] of [
      [['--meta', p('perm-meta.json'), p('ours.jsonl')], /привязан к региону 30 «Камчатский край», а сведения .* — о регионе 57 «Пермский край»: не загружено/],
      [['--reference', p('perm-ref.json'), p('ours.jsonl')], /справочники о муниципалитетах другого региона \(ОКТМО 57…\), а кэш — региона с ОКТМО 30…: не загружено/],
      [[p('theirs.jsonl')], /обращения другого региона \(1 из первых 1, ОКТМО 57…\), а кэш — региона с ОКТМО 30…: не загружено/],
    ] as const) {
      const r = await cli(['import', '--cache', db, ...args]);
      expect(r.code, r.err).toBe(3);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    const c = openCache(db, { readonly: true });
    try {
      expect(c.getRegion()?.code).toBe('30');
      expect(c.getReference()?.referenceVersion).toBe('test-1');
      expect(c.getMessage('im-1')?.rev).toBe(1); // not overwritten by the other region's id
      expect(c.getMessage('im-1')?.municipality).toBe('30701000');
    } finally {
      c.close();
    }
  });

  it('a cache without a region: the bundled region of its reference, or the wall says what is missing', async () => {
    const known = p('known.db');
    expect((await cli(['import', '--cache', known, '--reference', p('ref.json'), p('ours.jsonl')])).code).toBe(0);
    const unknownRef = { ...REFERENCE, municipalities: [{ oktmo: '99701000', name: 'Нигде', population: 1 }] };
    writeFileSync(p('nowhere-ref.json'), JSON.stringify(unknownRef));
    const nowhere = p('nowhere.db');
    writeFileSync(p('empty.jsonl'), '');
    expect((await cli(['import', '--cache', nowhere, '--reference', p('nowhere-ref.json'), p('empty.jsonl')])).code).toBe(0);
    for (const [db, want] of [
      [known, { id: 'kamchatka', name: 'Камчатский край', timezone: 'Asia/Kamchatka' }],
      [nowhere, { id: null, name: NO_REGION }],
    ] as const) {
      const c = openCache(db, { readonly: true });
      const d = new DataSet(c, { thresholds: { ...DEFAULT_THRESHOLDS }, now: () => Date.now() });
      try {
        expect(d.region).toMatchObject(want);
      } finally {
        d.dispose?.();
        c.close();
      }
    }
    expect(NO_REGION).toMatch(/^кэш без региона: импортируйте с --meta/);
  });
});
