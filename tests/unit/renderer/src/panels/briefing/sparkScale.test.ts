import { describe, expect, it } from 'vitest';
import { sparkPath, sparkScale } from '../../../../../../renderer/src/panels/briefing/sparkScale.js';
import { briefingTitle, dayRange, redNames } from '../../../../../../renderer/src/panels/briefing/period.js';

describe('sparkScale', () => {
  it('starts at zero and tops out at the largest day; days evenly spaced edge to edge', () => {
    const s = sparkScale([10, 20, 40, 0], 300, 60, 5);
    expect(s.max).toBe(40);
    expect(s.maxAt).toBe(2);
    expect(s.points.map((p) => Math.round(p.x * 100) / 100)).toEqual([5, 101.67, 198.33, 295]);
    expect(s.points[2]!.y).toBe(5); // the largest day at the top
    expect(s.points[3]!.y).toBe(55); // zero on the base line, not the series' minimum
    expect(s.points[0]!.y).toBeCloseTo(55 - 50 / 4);
  });

  it('an empty period is a flat line on the base, not a division by zero', () => {
    const s = sparkScale([0, 0, 0], 100, 20);
    expect(s.max).toBe(1);
    expect(s.points.every((p) => p.y === 20)).toBe(true);
    expect(sparkPath(s.points)).toBe('M0.0 20.0 L50.0 20.0 L100.0 20.0');
  });
});

describe('briefing title', () => {
  it('names the period and its days in the region’s zone', () => {
    // Камчатка, UTC+12: the week from 23 November 00:00 to 29 November 13:00
    expect(briefingTitle('week', '2026-11-22T12:00:00Z', '2026-11-29T01:00:00Z', 'Asia/Kamchatka')).toBe('Брифинг: неделя 23–29 ноября');
    expect(dayRange('2026-10-30T12:00:00Z', '2026-11-29T01:00:00Z', 'Asia/Kamchatka')).toBe('31 октября – 29 ноября');
  });
});

describe('the red zone’s newcomers on the briefing', () => {
  it('names read whole: the first three, then how many more', () => {
    expect(redNames(['Усть-Большерецкий район'])).toBe('Усть-Большерецкий район');
    expect(redNames(['А', 'Б', 'В'])).toBe('А, Б, В');
    expect(redNames(['Усть-Большерецкий район', 'Мильковский район', 'Тигильский район', 'Быстринский район', 'Алеутский'])).toBe(
      'Усть-Большерецкий район, Мильковский район, Тигильский район и ещё 2',
    );
  });
});
