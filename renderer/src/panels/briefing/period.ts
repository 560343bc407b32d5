/** The briefing's period in words (pure): «неделя 23–29 ноября», «месяц 31 октября – 29 ноября». */
import type { BriefingPeriod } from '../../../../shared/bridge/wallState.js';


function parts(ms: number, tz: string): { day: string; month: string } {
  const f = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: tz }).formatToParts(ms);
  return { day: f.find((p) => p.type === 'day')!.value, month: f.find((p) => p.type === 'month')!.value };
}

/** «23–29 ноября» or «28 октября – 3 ноября»: the first and the last day of [from, to). */
export function dayRange(from: string | number, to: string | number, tz: string): string {
  const a = parts(new Date(from).getTime(), tz);
  // the last day: the one `to` falls in (the period ends at «now», inside today)
  const b = parts(new Date(to).getTime() - 1, tz);
  return a.month === b.month ? `${a.day}–${b.day} ${b.month}` : `${a.day} ${a.month} – ${b.day} ${b.month}`;
}

export const PERIOD_WORD: Readonly<Record<BriefingPeriod, string>> = { week: 'неделя', month: 'месяц' };
/** What the briefing's numbers cover and compare with. */
export const PERIOD_FOR: Readonly<Record<BriefingPeriod, string>> = { week: 'за 7 дней', month: 'за 30 дней' };
export const PERIOD_COMPARE: Readonly<Record<BriefingPeriod, string>> = { week: 'к предыдущим 7 дням', month: 'к предыдущим 30 дням' };

/** «Брифинг: неделя 23–29 ноября». */
export function briefingTitle(period: BriefingPeriod, from: string | number, to: string | number, tz: string): string {
  return `Брифинг: ${PERIOD_WORD[period]} ${dayRange(from, to, tz)}`;
}

/** Days in [from, to) counted as local days (for «за 14 дней»). */
export function daysSpan(n: number): string {
  return `${n} ${n % 10 === 1 && n % 100 !== 11 ? 'день' : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 'дня' : 'дней'}`;
}

/** Names read whole (never cut by an ellipsis): the first three, then «и ещё N». */
export function redNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  const rest = names.length - Math.min(max, names.length);
  return rest > 0 ? `${shown} и ещё ${rest}` : shown;
}
