/**
 * The fast validation path must agree with the contract's zod schema (checkItem): it may only accept
 * what checkItem accepts, with the same normalised result. On the live-message shapes below it must
 * also accept everything valid (so that bulk imports really take the fast path).
 */
import { describe, expect, it } from 'vitest';
import { fastNormalize } from '../../../../../electron/hub/cache/fastcheck.js';
import { checkItem, indexReference } from '../../../../../shared/schema.js';
import { normalizeMessage } from '../../../../../shared/model.js';
import type { Message } from '../../../../../shared/schema.js';
import { REF, msg } from '../../../../support/cache-fixtures.js';

const idx = indexReference(REF);
const REQUIRED = ['id', 'rev', 'channel', 'municipality', 'block', 'category', 'createdAt', 'dueAt', 'status'];
const without = (o: Record<string, unknown>, k: string) => {
  const c = { ...o };
  delete c[k];
  return c;
};
const minimal = Object.fromEntries(Object.entries(msg('m', 1)).filter(([k]) => REQUIRED.includes(k)));

const VALID: [string, unknown][] = [
  ['full', msg('m', 1)],
  ['required fields only', minimal],
  ['all optional null', { ...minimal, deleted: null, location: null, firstResponseAt: null, answeredAt: null, reworkCount: null, resonance: null, satisfaction: null, assignee: null, text: null }],
  ['Z offset and fraction', msg('m', 2, { createdAt: '2026-11-20T19:02:11.123Z', dueAt: '2026-11-21T03:02:11.5+00:00' })],
  ['negative offset', msg('m', 2, { createdAt: '2026-11-21T07:02:11-03:30' })],
  ['leap day', msg('m', 2, { createdAt: '2028-02-29T00:00:00+12:00' })],
  ['answered with satisfaction 5', msg('m', 2, { status: 'answered', answeredAt: '2026-11-21T10:00:00+12:00', satisfaction: 5, firstResponseAt: '2026-11-21T08:00:00+12:00' })],
  ['satisfaction 1, rework 3', msg('m', 2, { status: 'rework', satisfaction: 1, reworkCount: 3 })],
  ['partial resonance', msg('m', 2, { resonance: { views: 10, likes: null } })],
  ['empty resonance', msg('m', 2, { resonance: {} })],
  ['fractional counts', msg('m', 2, { resonance: { views: 10.5 } })],
  ['location at the limits', msg('m', 2, { location: { lat: -90, lon: 180 } })],
  ['location with extra key', msg('m', 2, { location: { lat: 1, lon: 2, alt: 3 } })],
  ['unknown extra field', msg('m', 2, { future: { x: 1 } })],
  ['rev 0', msg('m', 0)],
  ['other block and category', msg('m', 2, { block: 'roads', category: 'roads.pits', municipality: '30607000', channel: 'pos' })],
  ...(['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const).map(
    (s): [string, unknown] => [`status ${s}`, msg('m', 3, { status: s })],
  ),
];

const INVALID: [string, unknown][] = [
  ...REQUIRED.map((k): [string, unknown] => [`without ${k}`, without(msg('m', 1), k)]),
  ...REQUIRED.map((k): [string, unknown] => [`${k} null`, msg('m', 1, { [k]: null })]),
  ...['id', 'channel', 'municipality', 'block', 'category', 'status'].map((k): [string, unknown] => [`${k} empty`, msg('m', 1, { [k]: '' })]),
  ...['id', 'channel', 'municipality', 'block', 'category', 'createdAt', 'dueAt', 'status', 'assignee', 'text', 'firstResponseAt', 'answeredAt'].map(
    (k): [string, unknown] => [`${k} a number`, msg('m', 1, { [k]: 42 })],
  ),
  ['rev a string', msg('m', '1' as unknown as number)],
  ['rev negative', msg('m', -1)],
  ['rev fractional', msg('m', 1.5)],
  ['rev unsafe', msg('m', 2 ** 60)],
  ['rev NaN', msg('m', NaN)],
  ['rev Infinity', msg('m', Infinity)],
  ['status unknown', msg('m', 1, { status: 'lost' })],
  ['deleted a string', msg('m', 1, { deleted: 'false' })],
  ['deleted 0', msg('m', 1, { deleted: 0 })],
  ['createdAt without offset', msg('m', 1, { createdAt: '2026-11-21T07:02:11' })],
  ['createdAt with a space', msg('m', 1, { createdAt: '2026-11-21 07:02:11+12:00' })],
  ['createdAt without seconds', msg('m', 1, { createdAt: '2026-11-21T07:02+12:00' })],
  ['createdAt a date', msg('m', 1, { createdAt: '2026-11-21' })],
  ['dueAt Feb 30', msg('m', 1, { dueAt: '2026-02-30T00:00:00Z' })],
  ['dueAt Feb 29 of a common year', msg('m', 1, { dueAt: '2026-02-29T00:00:00Z' })],
  ['dueAt month 13', msg('m', 1, { dueAt: '2026-13-01T00:00:00Z' })],
  ['dueAt hour 24', msg('m', 1, { dueAt: '2026-11-01T24:00:00Z' })],
  ['dueAt offset +24:00', msg('m', 1, { dueAt: '2026-11-01T10:00:00+24:00' })],
  ['dueAt lowercase z', msg('m', 1, { dueAt: '2026-11-01T10:00:00z' })],
  ['dueAt offset without colon', msg('m', 1, { dueAt: '2026-11-01T10:00:00+1200' })],
  ['dueAt epoch number', msg('m', 1, { dueAt: 1763700000000 })],
  ['answeredAt without offset', msg('m', 1, { answeredAt: '2026-11-21T10:00:00' })],
  ['firstResponseAt empty', msg('m', 1, { firstResponseAt: '' })],
  ['satisfaction 0', msg('m', 1, { satisfaction: 0 })],
  ['satisfaction 6', msg('m', 1, { satisfaction: 6 })],
  ['satisfaction 3.5', msg('m', 1, { satisfaction: 3.5 })],
  ['satisfaction a string', msg('m', 1, { satisfaction: '5' })],
  ['reworkCount negative', msg('m', 1, { reworkCount: -1 })],
  ['reworkCount fractional', msg('m', 1, { reworkCount: 1.2 })],
  ['location lat 91', msg('m', 1, { location: { lat: 91, lon: 0 } })],
  ['location lon -181', msg('m', 1, { location: { lat: 0, lon: -181 } })],
  ['location lat a string', msg('m', 1, { location: { lat: '53', lon: 158 } })],
  ['location without lon', msg('m', 1, { location: { lat: 53 } })],
  ['location an array', msg('m', 1, { location: [53, 158] })],
  ['location NaN', msg('m', 1, { location: { lat: NaN, lon: 1 } })],
  ['resonance negative', msg('m', 1, { resonance: { views: -1 } })],
  ['resonance a string', msg('m', 1, { resonance: { likes: '5' } })],
  ['resonance a number', msg('m', 1, { resonance: 5 })],
  ['resonance an array', msg('m', 1, { resonance: [1, 2] })],
  ['resonance Infinity', msg('m', 1, { resonance: { views: Infinity } })],
  ['unknown municipality', msg('m', 1, { municipality: '99999999' })],
  ['unknown block', msg('m', 1, { block: 'space', category: 'housing.heating' })],
  ['unknown category', msg('m', 1, { category: 'housing.noise' })],
  ['category of another block', msg('m', 1, { category: 'roads.pits' })],
  ['unknown channel', msg('m', 1, { channel: 'fax' })],
  ['null', null],
  ['a string', 'im-1'],
  ['a number', 17],
  ['an array', [msg('m', 1)]],
  ['tombstone without rev', { id: 'm', deleted: true }],
  ['tombstone with empty id', { id: '', rev: 1, deleted: true }],
];

function agree(raw: unknown): void {
  const fast = fastNormalize(raw, idx);
  const slow = checkItem(raw, idx);
  if (fast !== null) {
    expect(slow.ok).toBe(true);
    if (slow.ok) expect(fast).toEqual(normalizeMessage(slow.item as Message));
  }
}

describe('fast validation path agrees with checkItem', () => {
  it.each(VALID)('accepts a valid item: %s', (_name, raw) => {
    expect(checkItem(raw, idx).ok).toBe(true);
    expect(fastNormalize(raw, idx)).not.toBeNull();
    agree(raw);
  });

  it.each(INVALID)('rejects an invalid item: %s', (_name, raw) => {
    expect(checkItem(raw, idx).ok).toBe(false);
    expect(fastNormalize(raw, idx)).toBeNull();
  });

  it('leaves tombstones to checkItem', () => {
    expect(fastNormalize({ id: 'm', rev: 2, deleted: true }, idx)).toBeNull();
    expect(checkItem({ id: 'm', rev: 2, deleted: true }, idx).ok).toBe(true);
  });

  it('without a reference it checks the shape only, as checkItem does', () => {
    const raw = msg('m', 1, { municipality: '99999999', channel: 'fax' });
    expect(fastNormalize(raw, null)).toEqual(normalizeMessage(raw as Message));
    expect(checkItem(raw).ok).toBe(true);
  });

  it('agrees exactly on thousands of randomly mutated items (seeded)', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const values: unknown[] = [
      undefined, null, '', 'x', 0, -1, 1, 1.5, 5, 6, 2 ** 60, NaN, true, false, [], {}, 'vk', 'pos', '30701000',
      '99', 'housing', 'roads', 'roads.pits', 'housing.heating', 'closed', 'lost', '2026-11-21T07:02:11+12:00',
      '2026-11-21T07:02:11', '2026-02-29T00:00:00Z', '2028-02-29T00:00:00Z', { lat: 1, lon: 2 }, { lat: 100, lon: 2 },
      { views: 1 }, { views: -1 },
    ];
    const keys = [...Object.keys(msg('m', 1)), 'extra'];
    let fastAccepted = 0;
    for (let i = 0; i < 4000; i++) {
      const raw: Record<string, unknown> = msg(`m${i}`, i);
      const edits = 1 + Math.floor(rnd() * 3);
      for (let e = 0; e < edits; e++) {
        const k = pick(keys);
        const v = pick(values);
        if (v === undefined && rnd() < 0.5) delete raw[k];
        else raw[k] = v;
      }
      const fast = fastNormalize(raw, idx);
      const slow = checkItem(raw, idx);
      if (raw.deleted !== true) expect(fast !== null, JSON.stringify(raw)).toBe(slow.ok);
      agree(raw);
      if (fast) fastAccepted++;
    }
    expect(fastAccepted).toBeGreaterThan(200);
  });
});
