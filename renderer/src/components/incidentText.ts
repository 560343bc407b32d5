/** How an incident reads on the wall and the console (docs/spec/alerts.md). Pure, Russian, ru-RU. */
import type { AlertState } from '../../../shared/alerts/schema.js';
import { ALERT_MARK_LABELS, type AlertMarkKind } from '../../../shared/alerts/schema.js';
import { mskLabel } from '../../../shared/zone.js';
import { fmtDate, fmtTime, plural } from '../format.js';

export const STATE_LABELS: Readonly<Record<AlertState, string>> = {
  growing: 'растёт',
  steady: 'держится',
  fading: 'затухает',
  ended: 'завершён',
};

/** The arrow that goes with a state (never colour alone). */
export const STATE_SIGNS: Readonly<Record<AlertState, string>> = { growing: '▲', steady: '▶', fading: '▼', ended: '■' };

export function markLabel(m: AlertMarkKind): string {
  const s = ALERT_MARK_LABELS[m];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const nf1 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** «23 обращения при обычных 2» (the usual count over the same span; below one: «меньше 1»). */
export function countText(count: number, expected: number): string {
  const usual = expected < 0.95 ? 'меньше 1' : expected < 10 ? nf1.format(Math.round(expected)) : nf0.format(expected);
  return `${nf0.format(count)} ${plural(count, ['обращение', 'обращения', 'обращений'])} при обычных ${usual}`;
}

/** «с 14:05 МСК+9», or «с 30 ноября 14:05 МСК+9» when it began on another day than `now`. */
export function sinceText(firstAt: string, now: number, tz: string): string {
  const t = Date.parse(firstAt);
  const sameDay = fmtDate(t, tz) === fmtDate(now, tz);
  const day = sameDay ? '' : `${fmtDate(t, tz).replace(/ \d{4} г\.$/, '')} `;
  return `с ${day}${fmtTime(t, tz)} ${mskLabel(t, tz)}`;
}

/** «Отопление · ЖКХ» — what, with its block. */
export function whatText(categoryName: string, blockName: string): string {
  return categoryName ? `${categoryName} · ${blockName}` : blockName;
}
