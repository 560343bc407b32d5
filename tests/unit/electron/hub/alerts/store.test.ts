/** Alerts and operator marks in the cache, the `alerts` command and `import --meta` (docs/spec/alerts.md). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import {
  addMark,
  currentMarks,
  getAlert,
  listAlerts,
  listMarks,
  loadDetectorSnapshot,
  saveAlerts,
  saveDetectorSnapshot,
} from '../../../../../electron/hub/alerts/store.js';
import { main } from '../../../../../electron/hub/cli/main.js';
import { createDetector } from '../../../../../shared/alerts/detector.js';
import { AlertsOutputSchema, type Alert } from '../../../../../shared/alerts/schema.js';
import { REF, REGION, msg, tempDir } from '../../../../support/cache-fixtures.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}
async function run(argv: string[]) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'al-m-5',
  municipality: '30701000',
  block: 'housing',
  category: 'housing.heating',
  messageIds: ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'],
  count: 5,
  expected: 0.4,
  firstAt: '2026-11-21T01:00:00.000Z',
  raisedAt: '2026-11-21T02:00:00.000Z',
  lastAt: '2026-11-21T02:00:00.000Z',
  endedAt: null,
  state: 'growing',
  level: 1,
  center: { lat: 53.02, lon: 158.65 },
  radiusKm: 0.3,
  ...over,
});

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
beforeEach(() => {
  tmp = tempDir();
  dbPath = tmp.file('wall.sqlite');
});
afterEach(() => tmp.cleanup());

describe('alerts store', () => {
  it('keeps alerts and marks across a restart; a stored alert never loses a message', () => {
    let cache = openCache(dbPath);
    saveAlerts(cache, [alert()]);
    addMark(cache, { alertId: 'al-m-5', mark: 'seen', operator: 'duty-1', at: '2026-11-21T02:05:00Z' });
    addMark(cache, { alertId: 'al-m-5', mark: 'under_control', operator: 'duty-1', comment: 'котельная, бригада выехала', at: '2026-11-21T02:10:00Z' });
    cache.close();

    cache = openCache(dbPath);
    // an update that (wrongly) misses a message keeps it; the new ones are added
    saveAlerts(cache, [alert({ messageIds: ['m-1', 'm-2', 'm-3', 'm-5', 'm-6'], count: 5, lastAt: '2026-11-21T03:00:00.000Z', state: 'steady' })]);
    const a = getAlert(cache, 'al-m-5')!;
    expect(a.messageIds).toEqual(expect.arrayContaining(['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6']));
    expect(a.count).toBe(6);
    expect(a.raisedAt).toBe('2026-11-21T02:00:00.000Z');
    expect(listMarks(cache, 'al-m-5').map((m) => m.mark)).toEqual(['seen', 'under_control']);
    expect(currentMarks(cache).get('al-m-5')).toMatchObject({ mark: 'under_control', operator: 'duty-1', comment: 'котельная, бригада выехала' });
    expect(listAlerts(cache, { from: Date.parse('2026-11-21T00:00:00Z'), to: Date.parse('2026-11-22T00:00:00Z') })).toHaveLength(1);
    expect(listAlerts(cache, { from: Date.parse('2026-11-22T00:00:00Z') })).toHaveLength(0);
    // an ended alert does not come back to life
    saveAlerts(cache, [alert({ endedAt: '2026-11-21T08:00:00.000Z', state: 'ended' })]);
    saveAlerts(cache, [alert({ state: 'growing' })]);
    expect(getAlert(cache, 'al-m-5')!.state).toBe('ended');
    cache.close();
  });

  it('refuses bad marks and bad alerts with a Russian reason, applying nothing', () => {
    const cache = openCache(dbPath);
    saveAlerts(cache, [alert()]);
    expect(() => addMark(cache, { alertId: 'al-m-5', mark: 'under_control', operator: 'duty-1', at: '2026-11-21T02:10:00Z' })).toThrow(/комментарий/);
    expect(() => addMark(cache, { alertId: 'nope', mark: 'seen', operator: 'duty-1', at: '2026-11-21T02:10:00Z' })).toThrow(/не найден/);
    expect(() => addMark(cache, { alertId: 'al-m-5', mark: 'seen', operator: ' ', at: '2026-11-21T02:10:00Z' })).toThrow(/оператор/);
    expect(() => saveAlerts(cache, [alert({ count: 4 })])).toThrow(/не по контракту/);
    expect(listMarks(cache, 'al-m-5')).toEqual([]);
    cache.close();
  });

  it('stores the detector snapshot for a warm restart', () => {
    const cache = openCache(dbPath);
    expect(loadDetectorSnapshot(cache)).toBeNull();
    const d = createDetector({ timeZone: 'Asia/Kamchatka' });
    d.ingest([{ id: 'x', municipality: 'm', block: 'housing', category: 'housing.heating', createdAt: Date.parse('2026-11-21T00:00:00Z') }], Date.parse('2026-11-21T01:00:00Z'));
    saveDetectorSnapshot(cache, d.snapshot());
    expect(loadDetectorSnapshot(cache)).toEqual(JSON.parse(JSON.stringify(d.snapshot())));
    cache.close();
  });
});

describe('alerts command and import --meta', () => {
  const meta = (code: string, name: string, timezone: string) => ({ schemaVersion: 1, region: { code, name, timezone }, serverTime: '2026-11-21T09:15:00+12:00' });

  it('import --meta binds the region and zone; another region is refused with exit 3', async () => {
    const refPath = tmp.file('ref.json');
    writeFileSync(refPath, JSON.stringify(REF));
    const metaPath = tmp.file('meta.json');
    writeFileSync(metaPath, JSON.stringify(meta(REGION.code, REGION.name, REGION.timezone)));
    // a burst of 12 messages in one hour after ten quiet days
    const lines: string[] = [];
    const t0 = Date.parse('2026-11-10T00:00:00+12:00');
    for (let d = 0; d < 10; d++)
      for (let h = 0; h < 24; h += 6)
        lines.push(JSON.stringify(msg(`bg-${d}-${h}`, 1, { category: 'roads.pits', block: 'roads', createdAt: new Date(t0 + (d * 24 + h) * 3_600_000).toISOString(), dueAt: '2026-12-30T00:00:00Z' })));
    const burst = Date.parse('2026-11-20T10:00:00+12:00');
    for (let i = 0; i < 12; i++)
      lines.push(JSON.stringify(msg(`b-${String(i).padStart(2, '0')}`, 1, { createdAt: new Date(burst + i * 5 * 60_000).toISOString(), dueAt: '2026-12-30T00:00:00Z' })));
    const file = tmp.file('in.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await run(['import', '--cache', dbPath, '--reference', refPath, '--meta', metaPath, file]);
    expect(r.code, r.err).toBe(0);
    const c = openCache(dbPath, { readonly: true });
    expect(c.getRegion()).toEqual(REGION);
    c.close();

    const other = tmp.file('other.json');
    writeFileSync(other, JSON.stringify(meta('51', 'Мурманская область', 'Europe/Moscow')));
    const bad = await run(['import', '--cache', dbPath, '--meta', other, file]);
    expect(bad.code).toBe(3);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/привязан к региону 41/);

    const j = await run(['alerts', '--cache', dbPath, '--from', '2026-11-20T00:00:00+12:00', '--to', '2026-11-21T00:00:00+12:00', '--json']);
    expect(j.code, j.err).toBe(0);
    const out = AlertsOutputSchema.parse(JSON.parse(j.out));
    expect(out.from).toBe('2026-11-20T00:00:00+12:00');
    expect(out.alerts).toHaveLength(1);
    expect(out.alerts[0]!.messageIds.every((id) => id.startsWith('b-'))).toBe(true);
    expect(out.alerts[0]!.state).toBe('ended');

    const t = await run(['alerts', '--cache', dbPath, '--from', '2026-11-20T00:00:00+12:00', '--to', '2026-11-21T00:00:00+12:00']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/МСК\+9/);
    expect(t.out).toMatch(/20\.11\.2026 10:2\d/);
    expect(t.out).toMatch(/закончился/);
    expect(t.out).toMatch(/Петропавловск-Камчатский/);

    const u = await run(['alerts', '--cache', dbPath, '--from', '2026-11-21T00:00:00+12:00', '--to', '2026-11-20T00:00:00+12:00']);
    expect(u.code).toBe(2);
  });
});
