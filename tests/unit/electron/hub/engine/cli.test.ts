/** `kpi`, `rating`, `queue` end to end through the CLI dispatcher on a real cache file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Reference } from '../../../../../shared/schema.js';
import { runCli } from '../../../../support/cli.js';

const run = runCli;

const REF: Reference = {
  referenceVersion: 't1',
  blocks: [
    { id: 'housing', name: 'ЖКХ' },
    { id: 'roads', name: 'Дороги' },
  ],
  categories: [
    { id: 'housing.heating', block: 'housing', name: 'Отопление' },
    { id: 'roads.pits', block: 'roads', name: 'Ямы' },
  ],
  channels: [{ id: 'pos', name: 'ПОС' }],
  municipalities: [
    { oktmo: '30701000', name: 'Петропавловск-Камчатский городской округ', population: 163000 },
    { oktmo: '30607000', name: 'Елизовский муниципальный район', population: 60000 },
  ],
};
const housing = { channel: 'pos', municipality: '30701000', block: 'housing', category: 'housing.heating' };
const roads = { channel: 'pos', municipality: '30607000', block: 'roads', category: 'roads.pits' };
const MESSAGES = [
  { id: 'm1', rev: 1, ...housing, createdAt: '2026-11-21T07:00:00+12:00', dueAt: '2026-11-21T15:00:00+12:00', firstResponseAt: '2026-11-21T08:00:00+12:00', status: 'in_progress' },
  { id: 'm2', rev: 1, ...housing, createdAt: '2026-11-20T21:00:00Z', dueAt: '2026-11-22T09:00:00+12:00', firstResponseAt: '2026-11-21T09:30:00+12:00', answeredAt: '2026-11-21T10:00:00+12:00', status: 'answered', satisfaction: 5 },
  { id: 'm3', rev: 1, ...roads, createdAt: '2026-11-20T10:00:00+12:00', dueAt: '2026-11-21T10:00:00+12:00', answeredAt: '2026-11-21T12:00:00+12:00', status: 'closed', reworkCount: 1, satisfaction: 2 },
  { id: 'm4', rev: 1, ...roads, createdAt: '2026-11-21T17:00:00+12:00', dueAt: '2026-11-21T19:00:00+12:00', status: 'new', resonance: { likes: 300 } },
];
const FROM = '2026-11-21T00:00:00+12:00';
const TO = '2026-11-22T00:00:00+12:00';
const NOW = '2026-11-21T06:00:00Z'; // 18:00 in Kamchatka

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-engine-'));
  db = join(dir, 'wall.sqlite');
  const cache = openCache(db);
  cache.setRegion({ code: '41', name: 'Камчатский край', timezone: 'Asia/Kamchatka' });
  cache.setReference(REF);
  const r = cache.applyBatch(MESSAGES);
  expect(r.applied).toBe(4);
  cache.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const win = () => ['--cache', db, '--from', FROM, '--to', TO, '--now', NOW];

describe('kpi command', () => {
  it('prints the groups of kpi.md as JSON, times echoed as given', async () => {
    const r = await run(['kpi', ...win(), '--by', 'block', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(Object.keys(o)).toEqual(['from', 'to', 'now', 'groups']);
    expect([o.from, o.to, o.now]).toEqual([FROM, TO, NOW]);
    expect(o.groups).toEqual([
      { block: 'housing', municipality: null, incoming: 2, open: 1, overdue: 1, answered: 1, onTime: 1, onTimeRate: 1, medianFirstResponseMin: 45, reworkRate: 0, satisfaction: 5, satisfiedShare: 1, completeness: 0.5, per10k: null, incomingPrev: 0 },
      { block: 'roads', municipality: null, incoming: 1, open: 1, overdue: 0, answered: 1, onTime: 0, onTimeRate: 0, medianFirstResponseMin: null, reworkRate: 1, satisfaction: 2, satisfiedShare: 0, completeness: 0, per10k: null, incomingPrev: 1 },
    ]);
    // key order in the printed text itself
    expect(r.out.indexOf('"block"')).toBeLessThan(r.out.indexOf('"municipality"'));
    expect(r.out.indexOf('"per10k"')).toBeLessThan(r.out.indexOf('"incomingPrev"'));
  });

  it('groups by municipality with per10k from the reference population', async () => {
    const o = JSON.parse((await run(['kpi', ...win(), '--by', 'municipality', '--json'])).out);
    expect(o.groups.map((g: { municipality: string; incoming: number; per10k: number }) => [g.municipality, g.incoming, g.per10k])).toEqual([
      ['30607000', 1, (1 / 60000) * 10000],
      ['30701000', 2, (2 / 163000) * 10000],
    ]);
  });

  it('draws a Russian table with block names and times in the region zone', async () => {
    const r = await run(['kpi', ...win(), '--by', 'block']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('21.11.2026 00:00 — 22.11.2026 00:00');
    expect(r.out).toContain('на 21.11.2026 18:00 (Asia/Kamchatka)');
    expect(r.out).toMatch(/ЖКХ\s+2\s+1\s+1\s+1\s+100 %\s+45/);
    expect(r.out).toContain('Дороги');
  });

  it('refuses a bad grouping, a bad timestamp, from >= to and a missing cache with one line', async () => {
    const bad = [
      [['kpi', ...win(), '--by', 'district'], /--by: неизвестная группировка «district»/],
      [['kpi', '--cache', db, '--from', '2026-11-21T00:00:00', '--to', TO, '--now', NOW], /--from: ожидалась метка времени RFC 3339/],
      [['kpi', '--cache', db, '--from', TO, '--to', FROM, '--now', NOW], /--from должно быть раньше --to/],
      [['kpi', '--cache', db, '--from', FROM, '--to', FROM, '--now', NOW], /--from должно быть раньше --to/],
      [['kpi', '--cache', db, '--from', FROM, '--to', TO], /не задан обязательный параметр --now/],
    ] as const;
    for (const [argv, re] of bad) {
      const r = await run([...argv]);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
    const missing = join(dir, 'nope.sqlite');
    const r = await run(['kpi', '--cache', missing, '--from', FROM, '--to', TO, '--now', NOW]);
    expect(r.code).not.toBe(0);
    expect(r.err.trim()).toBe(`situation-wall kpi: кэш не найден: ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('shows usage with --help', async () => {
    const r = await run(['kpi', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--by');
  });
});

describe('rating command', () => {
  it('prints the rows of kpi.md as JSON, the one-message municipality unrated and last', async () => {
    const r = await run(['rating', ...win(), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      rows: [
        { rank: 1, municipality: '30701000', name: 'Петропавловск-Камчатский городской округ', score: 87.5, zone: 'green', speed: 100, quality: 100, completeness: 50, satisfaction: 100, incoming: 2, per10k: (2 / 163000) * 10000 },
        { rank: null, municipality: '30607000', name: 'Елизовский муниципальный район', score: null, zone: 'none', speed: 0, quality: 0, completeness: 0, satisfaction: 0, incoming: 1, per10k: (1 / 60000) * 10000 },
      ],
    });
  });

  it('takes thresholds from a file and names a bad field', async () => {
    const good = join(dir, 't-good.json');
    writeFileSync(good, JSON.stringify({ minIncomingForRating: 1, zoneGreen: 90 }));
    const o = JSON.parse((await run(['rating', ...win(), '--thresholds', good, '--json'])).out);
    expect(o.rows.map((x: { rank: number; zone: string }) => [x.rank, x.zone])).toEqual([
      [1, 'yellow'],
      [2, 'red'],
    ]);
    const bad = join(dir, 't-bad.json');
    writeFileSync(bad, JSON.stringify({ zoneGreen: 'high' }));
    const r = await run(['rating', ...win(), '--thresholds', bad]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/файл порогов .*t-bad\.json: zoneGreen/);
    writeFileSync(bad, JSON.stringify({ zoneGren: 80 }));
    expect((await run(['rating', ...win(), '--thresholds', bad])).err).toMatch(/zoneGren/);
    expect((await run(['rating', ...win(), '--thresholds', join(dir, 'none.json')])).err).toMatch(/файл порогов не найден/);
  });

  it('draws a Russian table', async () => {
    const r = await run(['rating', ...win()]);
    expect(r.out).toMatch(/1\s+Петропавловск-Камчатский городской округ\s+87,5\s+Зелёная зона/);
    expect(r.out).toContain('мало данных');
  });
});

describe('queue command', () => {
  it('prints the items of kpi.md as JSON in queue order', async () => {
    const r = await run(['queue', '--cache', db, '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      now: NOW,
      items: [
        { id: 'm4', level: 2, reasons: ['due_soon', 'resonance'], overdueMin: 0, weight: 300, block: 'roads', municipality: '30607000' },
        { id: 'm1', level: 1, reasons: ['overdue'], overdueMin: 180, weight: 0, block: 'housing', municipality: '30701000' },
      ],
    });
  });

  it('follows a thresholds file', async () => {
    const t = join(dir, 't-queue.json');
    writeFileSync(t, JSON.stringify({ resonanceLevel2: 500 }));
    const o = JSON.parse((await run(['queue', '--cache', db, '--now', NOW, '--thresholds', t, '--json'])).out);
    expect(o.items.map((i: { id: string; level: number }) => [i.id, i.level])).toEqual([
      ['m1', 1],
      ['m4', 1],
    ]);
  });

  it('draws a Russian table and refuses a bad --now', async () => {
    const r = await run(['queue', '--cache', db, '--now', NOW]);
    expect(r.out).toContain('Очередь эскалации на 21.11.2026 18:00');
    expect(r.out).toContain('Срок истекает, Высокий резонанс');
    const bad = await run(['queue', '--cache', db, '--now', 'завтра']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--now: ожидалась метка времени/);
  });
});
