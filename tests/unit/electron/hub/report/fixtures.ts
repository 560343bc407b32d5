/** A report source over a small demo history (no cache): the store, the dictionaries, the texts. */
import { MessageStore } from '../../../../../shared/engine/store.js';
import { normalizeMessage } from '../../../../../shared/model.js';
import type { Message } from '../../../../../shared/schema.js';
import { REGIONS } from '../../../../../shared/regions.js';
import { generateHistory } from '../../../../../electron/hub/demo/generator.js';
import type { ReportSource } from '../../../../../electron/hub/report/data.js';

export const END = Date.parse('2026-11-30T00:00:00+12:00');
export const DAY = 86_400_000;

let memo: ReportSource | null = null;

export function demoSource(): ReportSource {
  if (memo) return memo;
  const h = generateHistory({ region: 'kamchatka', days: 16, seed: 7, end: END });
  const latest = new Map<string, Message | null>();
  const revs = new Map<string, number>();
  for (const it of h.items) {
    if ((revs.get(it.id) ?? -1) >= it.rev) continue;
    revs.set(it.id, it.rev);
    latest.set(it.id, 'deleted' in it && it.deleted === true ? null : (it as Message));
  }
  const store = new MessageStore(4096);
  const texts = new Map<string, string>();
  for (const m of latest.values())
    if (m) {
      store.upsert(normalizeMessage(m));
      if (m.text) texts.set(m.id, m.text);
    }
  const r = REGIONS.kamchatka;
  memo = {
    store,
    reference: { blocks: h.reference.blocks.map((b) => b.id), channels: h.reference.channels.map((c) => c.id), municipalities: h.reference.municipalities },
    municipalities: h.reference.municipalities.map((m) => ({ oktmo: m.oktmo, name: m.name, population: m.population ?? null })),
    region: { id: 'kamchatka', code: r.code, name: r.name, timezone: r.timezone },
    blockNames: new Map(h.reference.blocks.map((b) => [b.id, b.name])),
    categoryNames: new Map(h.reference.categories.map((c) => [c.id, c.name])),
    source: { kind: 'demo', api: null, lastSyncAt: null },
    text: (id) => texts.get(id) ?? null,
  };
  return memo;
}
