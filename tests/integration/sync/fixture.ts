/** Small deterministic data for the sync tests: a region, its reference and a log of changes. */
import type { Meta, Reference } from '../../../shared/schema.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';

export const META: Meta = {
  schemaVersion: 1,
  region: { code: '30', name: 'Камчатский край', timezone: 'Asia/Kamchatka' },
  serverTime: '2026-11-21T09:15:00+12:00',
};

export const REFERENCE: Reference = {
  referenceVersion: 'test-1',
  blocks: [
    { id: 'housing', name: 'ЖКХ' },
    { id: 'roads', name: 'Дороги' },
  ],
  categories: [
    { id: 'housing.heating', block: 'housing', name: 'Отопление' },
    { id: 'roads.pits', block: 'roads', name: 'Ямы' },
  ],
  channels: [
    { id: 'pos', name: 'ПОС' },
    { id: 'vk', name: 'ВКонтакте' },
  ],
  municipalities: [
    { oktmo: '30701000', name: 'Петропавловск-Камчатский', population: 163000 },
    { oktmo: '30607000', name: 'Елизовский район', population: 60000 },
  ],
};

const STATUSES = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;

export function message(id: string, rev: number, r: () => number, status?: string): Record<string, unknown> {
  const housing = r() < 0.5;
  const day = 1 + Math.floor(r() * 20);
  return {
    id,
    rev,
    channel: r() < 0.5 ? 'pos' : 'vk',
    municipality: r() < 0.7 ? '30701000' : '30607000',
    location: { lat: 53 + r(), lon: 158 + r() },
    block: housing ? 'housing' : 'roads',
    category: housing ? 'housing.heating' : 'roads.pits',
    createdAt: `2026-11-${String(day).padStart(2, '0')}T07:02:11+12:00`,
    dueAt: `2026-11-${String(day + 1).padStart(2, '0')}T07:02:11+12:00`,
    status: status ?? STATUSES[Math.floor(r() * 3)],
    assignee: null,
    text: `Обращение ${id}, ревизия ${rev}`,
  };
}

/** `n` log items over about n/1.5 ids: creations, updates (higher revs) and some tombstones. */
export function makeLog(n: number, seed = 1): unknown[] {
  const r = seededRandom(seed);
  const items: unknown[] = [];
  const revs = new Map<string, number>();
  let nextId = 0;
  while (items.length < n) {
    const x = r();
    if (x < 0.65 || revs.size === 0) {
      const id = `im-${String(nextId++).padStart(6, '0')}`;
      revs.set(id, 1);
      items.push(message(id, 1, r, 'new'));
    } else {
      const k = Math.floor(r() * nextId);
      const id = `im-${String(k).padStart(6, '0')}`;
      const rev = (revs.get(id) ?? 0) + 1;
      revs.set(id, rev);
      items.push(x < 0.68 ? { id, rev, deleted: true } : message(id, rev, r));
    }
  }
  return items;
}
