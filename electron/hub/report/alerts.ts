/**
 * What the справка needs of an emerging-incident alert (docs/spec/alerts.md, «An alert»), and the
 * provider through which the alerts come in. The detector (shared/alerts, the `alerts` command)
 * is wired by the hub; without a provider the report says the detector is absent, never «нет
 * всплесков».
 */
import { replay, type AlertMessageInput } from '../../../shared/alerts/detector.js';
import type { Cache } from '../cache/api.js';

export type AlertState = 'growing' | 'steady' | 'fading' | 'ended';

export interface ReportAlert {
  id: string;
  municipality: string;
  block: string;
  category: string | null;
  messageIds?: readonly string[];
  count: number;
  expected: number;
  firstAt: string;
  raisedAt: string;
  lastAt: string;
  endedAt: string | null;
  state: AlertState;
  level: 1 | 2 | 3;
}

/** Every alert raised in [from, to), each as it stood at `to` (as `alerts --json` prints them). */
export type AlertProvider = (from: number, to: number) => readonly ReportAlert[] | Promise<readonly ReportAlert[]>;

export const ALERT_STATE_LABELS: Readonly<Record<AlertState, string>> = {
  growing: 'растёт',
  steady: 'держится',
  fading: 'затухает',
  ended: 'закончился',
};

/**
 * The alerts of [from, to) as the `alerts` command finds them (docs/spec/alerts.md, "Command
 * line"): the detector replayed over the cache's live messages created up to `to` — the same input
 * and the same replay as electron/hub/cli/commands/alerts.ts, so the справка's «Всплески» equal
 * `alerts --json` for the same period.
 */
export function replayAlertsFromCache(cache: Pick<Cache, 'forEachLive'>, timeZone: string): AlertProvider {
  return (from, to) => {
    const messages: AlertMessageInput[] = [];
    cache.forEachLive((m) => {
      if (m.createdAt <= to)
        messages.push({ id: m.id, municipality: m.municipality, block: m.block, category: m.category, createdAt: m.createdAt, lat: m.lat, lon: m.lon });
    });
    return replay(messages, from, to, { timeZone });
  };
}
