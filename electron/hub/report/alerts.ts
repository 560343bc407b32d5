/**
 * What the справка needs of an emerging-incident alert (docs/spec/alerts.md, «An alert»), and the
 * provider through which the alerts come in. The detector (shared/alerts, the `alerts` command)
 * is wired by the hub; without a provider the report says the detector is absent, never «нет
 * всплесков».
 */
import { replayCache } from '../alerts/replay.js';
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
 * line"): the same replay (../alerts/replay.ts), so the справка's «Всплески» equal `alerts --json`
 * for the same period.
 */
export function replayAlertsFromCache(cache: Pick<Cache, 'forEachLive'>, timeZone: string): AlertProvider {
  return (from, to) => replayCache(cache, from, to, timeZone);
}
