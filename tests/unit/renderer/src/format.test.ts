import { describe, expect, it } from 'vitest';
import { compareText, fmtInt, fmtPct, fmtTime, fmtTimeSec, freshnessText, MIN_SAMPLE, overdueText, PERIOD_TEXT, sampleNote, trend, utcOffsetLabel, fmtDurationMin, fmtDec1, zoneText } from '../../../../renderer/src/format.js';

const NBSP = /[\u00a0\u202f]/g;
const plain = (s: string) => s.replace(NBSP, ' ');

describe('ru-RU formats', () => {
  it('groups thousands the Russian way and uses a decimal comma', () => {
    expect(plain(fmtInt(1234567))).toBe('1 234 567');
    expect(fmtDec1(12.345)).toBe('12,3');
    expect(plain(fmtPct(0.875))).toBe('88 %');
    expect(fmtInt(null)).toBe('—');
    expect(fmtPct(null)).toBe('—');
  });
  it('durations', () => {
    expect(fmtDurationMin(42.5)).toBe('42 мин');
    expect(fmtDurationMin(185)).toBe('3 ч 05 мин');
    expect(fmtDurationMin(60 * 50)).toBe('2 дня 2 ч');
  });
});

describe('times in the region zone, not the machine zone', () => {
  it('2026-11-21T21:30Z is 09:30 in Asia/Kamchatka', () => {
    expect(fmtTime('2026-11-21T21:30:00Z', 'Asia/Kamchatka')).toBe('09:30');
    expect(fmtTimeSec(Date.parse('2026-11-21T21:30:15Z'), 'Asia/Kamchatka')).toBe('09:30:15');
    expect(fmtTime('2026-11-21T21:30:00Z', 'Europe/Moscow')).toBe('00:30');
  });
  it('offset labels', () => {
    expect(utcOffsetLabel('2026-11-21T21:30:00Z', 'Asia/Kamchatka')).toBe('UTC+12');
    expect(utcOffsetLabel('2026-11-21T21:30:00Z', 'Europe/Moscow')).toBe('UTC+3');
    expect(utcOffsetLabel('2026-11-21T21:30:00Z', 'UTC')).toBe('UTC');
    expect(utcOffsetLabel('2026-11-21T21:30:00Z', 'Asia/Kolkata')).toBe('UTC+5:30');
  });
  it('freshness line', () => {
    const now = Date.parse('2026-11-22T02:10:00Z');
    expect(freshnessText('2026-11-22T02:05:00Z', now, 'Asia/Kamchatka')).toBe('данные на 22 ноября 14:05 (МСК+9)');
    expect(freshnessText('2026-11-20T02:05:00Z', now, 'Asia/Kamchatka')).toBe('данные на 20 ноября 14:05 (МСК+9)');
    expect(freshnessText(null, now, 'Asia/Kamchatka')).toBe('данных ещё нет');
  });
});

describe('overdue ticking', () => {
  it('adds the elapsed time since the hub computed overdueMin', () => {
    const t0 = 1_000_000;
    expect(overdueText(130, t0, t0)).toBe('02:10:00');
    expect(overdueText(130, t0, t0 + 1000)).toBe('02:10:01');
    expect(overdueText(130, t0, t0 + 61_000)).toBe('02:11:01');
    expect(overdueText(60 * 26, t0, t0)).toBe('1 день 02:00:00');
    expect(overdueText(0, t0, t0 + 5000)).toBe('не просрочено');
  });
});

describe('trend', () => {
  it('signs and arrows', () => {
    expect(trend(12, 10)).toMatchObject({ arrow: '▲', delta: 0.2 });
    expect(plain(trend(12, 10).text)).toBe('+20 %');
    expect(plain(trend(5, 10).text)).toBe('−50 %');
    expect(trend(0, 0).arrow).toBe('=');
    expect(trend(3, 0).text).toBe('новые');
  });
});

describe('periods and comparisons (docs/spec/kpi.md incomingPrev)', () => {
  const tz = 'Asia/Kamchatka';
  it('a «today» says what it is compared with, as the view counted it', () => {
    // kpi.md v2 with a whole-day window: 1 December 13:00 МСК+9 = 01:00Z; the day began 30 November 12:00Z
    const w = { from: '2026-11-30T12:00:00Z', to: '2026-12-01T12:00:00Z', now: '2026-12-01T01:00:00Z', prevFrom: '2026-11-29T12:00:00Z' };
    expect(compareText('today', w, tz)).toBe('к вчерашнему на 13:00');
    expect(compareText('today', { ...w, now: '2026-12-02T03:00:00Z' }, tz)).toBe('к вчерашнему дню');
    // a «today» that ends at «now» (shared/bridge/window.ts): the previous window is yesterday's tail
    const tail = { from: '2026-11-30T12:00:00Z', to: '2026-12-01T01:00:00Z', now: '2026-12-01T01:00:00Z', prevFrom: '2026-11-29T23:00:00Z' };
    expect(compareText('today', tail, tz)).toBe('к вчерашним 11:00–24:00');
  });
  it('rolling windows compare with the same length before', () => {
    const w = { from: 0, to: 1, now: 1, prevFrom: -1 };
    expect(compareText('7d', w, tz)).toBe('к предыдущим 7 дням');
    expect(compareText('24h', w, tz)).toBe('к предыдущим 24 часам');
    expect(compareText('30d', w, tz)).toBe('к предыдущим 30 дням');
    expect(PERIOD_TEXT['7d']).toBe('за 7 дней');
  });
  it('a share on few messages shows its sample size', () => {
    expect(sampleNote(3)).toBe('из 3');
    expect(sampleNote(MIN_SAMPLE)).toBe('');
    expect(sampleNote(null)).toBe('');
  });
  it('zones as the centres name them', () => {
    expect(zoneText('2026-12-01T12:13:00Z', tz)).toBe('МСК+9');
    expect(zoneText('2026-12-01T12:13:00Z', 'Europe/Moscow')).toBe('МСК');
  });
});
