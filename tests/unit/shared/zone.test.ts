import { describe, expect, it } from 'vitest';
import { formatInZone, mskLabel, utcLabel, zoneOffsetMinutes } from '../../../shared/zone.js';

const T = Date.parse('2026-11-24T05:00:00Z');

describe('zone labels as the centres write them', () => {
  it('names every bundled region’s zone as an offset from Moscow', () => {
    expect(mskLabel(T, 'Asia/Kamchatka')).toBe('МСК+9');
    expect(mskLabel(T, 'Asia/Yekaterinburg')).toBe('МСК+2'); // Пермский край
    expect(mskLabel(T, 'Asia/Irkutsk')).toBe('МСК+5'); // Бурятия
    expect(mskLabel(T, 'Europe/Moscow')).toBe('МСК'); // Мурманская область
    expect(mskLabel(T, 'Europe/Volgograd')).toBe('МСК');
    expect(mskLabel(T, 'Europe/Kaliningrad')).toBe('МСК−1');
  });

  it('gives UTC on request, with minutes where the zone has them', () => {
    expect(utcLabel(T, 'Asia/Kamchatka')).toBe('UTC+12');
    expect(utcLabel(T, 'UTC')).toBe('UTC');
    expect(utcLabel(T, 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(mskLabel(T, 'Asia/Kolkata')).toBe('МСК+2:30');
    expect(zoneOffsetMinutes(T, 'America/St_Johns')).toBe(-210);
  });

  it('writes an instant in the region’s zone with its label', () => {
    expect(formatInZone(T, 'Asia/Kamchatka')).toBe('24.11.2026 17:00 (МСК+9)');
    expect(formatInZone(T, 'Asia/Kamchatka', 'utc')).toBe('24.11.2026 17:00 (UTC+12)');
  });
});
