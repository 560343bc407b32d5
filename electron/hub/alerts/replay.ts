/**
 * The detector replayed over a cache (docs/spec/alerts.md, "Command line"): `[from, to)` lived
 * through as the live detector would have — it learns the usual flow from the LEARN_DAYS before
 * `from`, as the live hub learns at its start (./../service/alerts.ts), then sees every message
 * created up to `to`. One function for the `alerts` command and the справка, so their «Всплески»
 * are the same alerts.
 */
import { replay, type AlertMessageInput } from '../../../shared/alerts/detector.js';
import type { Alert } from '../../../shared/alerts/schema.js';
import type { Cache } from '../cache/api.js';

/** Days of history the detector learns the usual flow from (the live hub and every replay). */
export const LEARN_DAYS = 42;
const DAY = 86_400_000;

export function replayCache(cache: Pick<Cache, 'forEachLive'>, from: number, to: number, timeZone: string): Alert[] {
  const since = from - LEARN_DAYS * DAY;
  const messages: AlertMessageInput[] = [];
  cache.forEachLive((m) => {
    if (m.createdAt >= since && m.createdAt <= to)
      messages.push({ id: m.id, municipality: m.municipality, block: m.block, category: m.category, createdAt: m.createdAt, lat: m.lat, lon: m.lon });
  });
  return replay(messages, from, to, { timeZone });
}
