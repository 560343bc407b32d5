import { describe, expect, it } from 'vitest';
import { checkItem, indexReference, type Reference } from '../../../shared/schema.js';
import { normalizeMessage } from '../../../shared/model.js';

const ref: Reference = {
  referenceVersion: 't1',
  blocks: [{ id: 'housing', name: 'ЖКХ' }],
  categories: [{ id: 'housing.heating', block: 'housing', name: 'Отопление' }],
  channels: [{ id: 'pos', name: 'ПОС' }],
  municipalities: [{ oktmo: '30701000', name: 'Петропавловск-Камчатский', population: 163000 }],
};
const idx = indexReference(ref);
const good = {
  id: 'm1',
  rev: 3,
  channel: 'pos',
  municipality: '30701000',
  block: 'housing',
  category: 'housing.heating',
  createdAt: '2026-11-21T07:02:11+12:00',
  dueAt: '2026-11-21T15:02:11+12:00',
  status: 'in_progress',
};

describe('message validation', () => {
  it('accepts a message with only the required fields', () => {
    expect(checkItem(good, idx).ok).toBe(true);
  });
  it('accepts a tombstone with only id and rev', () => {
    const r = checkItem({ id: 'm1', rev: 4, deleted: true }, idx);
    expect(r.ok && 'deleted' in r.item && r.item.deleted).toBe(true);
  });
  it.each([
    [{ ...good, status: 'lost' }, 'status'],
    [{ ...good, createdAt: '2026-11-21 07:02' }, 'createdAt'],
    [{ ...good, createdAt: '2026-11-21T07:02:11' }, 'createdAt'],
    [{ ...good, municipality: '99999999' }, 'municipality'],
    [{ ...good, category: 'roads.pits' }, 'category'],
    [{ ...good, channel: 'fax' }, 'channel'],
    [{ ...good, satisfaction: 7 }, 'satisfaction'],
    [(({ dueAt: _d, ...rest }) => rest)(good), 'dueAt'],
  ])('rejects an invalid item with a reason naming the field (%#)', (raw, field) => {
    const r = checkItem(raw, idx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(field);
      expect(r.id).toBe('m1');
    }
  });
  it('normalises offsets to the same instant', () => {
    const a = normalizeMessage({ ...good, createdAt: '2026-11-21T07:02:11+12:00' } as never);
    const b = normalizeMessage({ ...good, createdAt: '2026-11-20T19:02:11Z' } as never);
    expect(a.createdAt).toBe(b.createdAt);
  });
  it('computes the resonance weight with absent fields as 0', () => {
    const n = normalizeMessage({ ...good, resonance: { views: 5400, likes: 120, reposts: 31 } } as never);
    expect(n.weight).toBe(120 + 3 * 31 + 54);
  });
});
