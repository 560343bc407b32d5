/** A small hand-built cache for hub tests: Kamchatka's demo reference and a few dozen messages. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../electron/hub/cache/cache.js';
import { demoMeta, demoReference } from '../../electron/hub/demo/reference.js';
import type { Message, Reference } from '../../shared/schema.js';

export const NOW = Date.parse('2026-11-21T09:15:00+12:00');
export const H = 3_600_000;
export const PHONE = '+7 914 123-45-67';
export const EMAIL = 'ivanov.petr@mail.ru';

export interface Fixture {
  dir: string;
  path: string;
  ref: Reference;
  messages: Message[];
  cleanup(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Deterministic messages spread over the last 3 days, some with personal data in the text. */
export function buildMessages(ref: Reference, n = 60, idPrefix = 'im-t'): Message[] {
  const out: Message[] = [];
  const cats = ref.categories;
  const munis = ref.municipalities;
  const chans = ref.channels;
  const statuses = ['new', 'in_progress', 'answered', 'closed', 'rework', 'answered'] as const;
  for (let i = 0; i < n; i++) {
    const cat = cats[(i * 7) % cats.length]!;
    const mu = munis[(i * 3) % Math.min(4, munis.length)]!;
    const ch = chans[i % chans.length]!;
    const created = NOW - (i * 71 * 60_000) % (72 * H) - 60_000;
    const status = statuses[i % statuses.length]!;
    const done = status === 'answered' || status === 'closed';
    out.push({
      id: `${idPrefix}-${String(i).padStart(4, '0')}`,
      rev: 1,
      channel: ch.id,
      municipality: mu.oktmo,
      location: { lat: 53 + (i % 10) / 100, lon: 158.6 + (i % 7) / 100 },
      block: cat.block,
      category: cat.id,
      createdAt: iso(created),
      dueAt: iso(created + (i % 3 === 0 ? 2 * H : 30 * H)),
      firstResponseAt: i % 2 === 0 ? iso(created + (10 + i) * 60_000) : null,
      answeredAt: done ? iso(created + 5 * H) : null,
      status,
      reworkCount: status === 'rework' ? 2 : i % 5 === 0 ? 1 : 0,
      resonance: { views: i * 1000, likes: i * 3, reposts: i, comments: i },
      satisfaction: done ? ((i % 5) + 1) : null,
      text:
        i % 4 === 0
          ? `Нет отопления в квартире. Звоните ${PHONE}, пишите ${EMAIL}. Петров Иван Сергеевич`
          : `Сообщение номер ${i}: прошу разобраться`,
    });
  }
  return out;
}

export function makeFixture(n = 60): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'sw-hub-'));
  const path = join(dir, 'cache.db');
  const cache = openCache(path);
  const ref = demoReference('kamchatka');
  cache.setRegion(demoMeta('kamchatka', NOW).region);
  cache.setReference(ref);
  const messages = buildMessages(ref, n);
  const r = cache.applyBatch(messages, { source: 'test' });
  if (r.quarantined) throw new Error(`fixture: ${r.quarantined} quarantined: ${JSON.stringify(cache.listQuarantine(2))}`);
  cache.close();
  return { dir, path, ref, messages, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
