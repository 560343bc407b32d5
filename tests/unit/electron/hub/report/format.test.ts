import { describe, expect, it } from 'vitest';
import { fmtCountChange, fmtPeriod, fmtShareChange, mskLabel, rfc3339 } from '../../../../../electron/hub/report/format.js';

const t = Date.parse('2026-11-23T00:00:00Z');

describe('report formats', () => {
  it('«МСК+N» notation from the zone’s offset', () => {
    expect(mskLabel(t, 'Asia/Kamchatka')).toBe('МСК+9');
    expect(mskLabel(t, 'Asia/Yekaterinburg')).toBe('МСК+2');
    expect(mskLabel(t, 'Europe/Moscow')).toBe('МСК');
    expect(mskLabel(t, 'Europe/Kaliningrad')).toBe('МСК−1');
    expect(mskLabel(t, 'Asia/Kolkata')).toBe('МСК+2:30');
  });

  it('RFC 3339 with the region’s offset', () => {
    expect(rfc3339(t, 'Asia/Kamchatka')).toBe('2026-11-23T12:00:00+12:00');
    expect(rfc3339(t, 'UTC')).toBe('2026-11-23T00:00:00Z');
  });

  it('periods in words, the last day the one before `to`', () => {
    const z = 'Asia/Kamchatka';
    expect(fmtPeriod(Date.parse('2026-11-23T00:00:00+12:00'), Date.parse('2026-11-30T00:00:00+12:00'), z)).toBe('с 23 по 29 ноября 2026 г. (МСК+9)');
    expect(fmtPeriod(Date.parse('2026-10-31T00:00:00+12:00'), Date.parse('2026-11-30T00:00:00+12:00'), z)).toBe('с 31 октября по 29 ноября 2026 г. (МСК+9)');
    expect(fmtPeriod(Date.parse('2026-11-29T00:00:00+12:00'), Date.parse('2026-11-30T00:00:00+12:00'), z)).toBe('29 ноября 2026 г. (МСК+9)');
    expect(fmtPeriod(Date.parse('2026-11-29T09:00:00+12:00'), Date.parse('2026-11-30T09:00:00+12:00'), z)).toBe('с 29.11.2026 09:00 до 30.11.2026 09:00 (МСК+9)');
  });

  it('changes with their sign and base', () => {
    expect(fmtCountChange(110, 100).replace(/\s/g, ' ')).toBe('+10 (+10 %)');
    expect(fmtCountChange(90, 100).replace(/\s/g, ' ')).toBe('−10 (−10 %)');
    expect(fmtCountChange(5, 0)).toBe('+5 (прежде 0)');
    expect(fmtCountChange(5, 5)).toBe('без изменений');
    expect(fmtShareChange(0.5, 0.4).replace(/\s/g, ' ')).toBe('+10 п. п.');
    expect(fmtShareChange(null, 0.4)).toBe('—');
  });
});
