/** The wall's geometry reaches every wall window (its minimum text height follows), never the console. */
import { describe, expect, it } from 'vitest';
import { boot } from '../../../support/shell-boot.js';
import { LAPTOP, gridDisplays } from '../../../support/fake-electron.js';

describe('wall geometry in the window URLs', () => {
  it('each wall window is told the configured width and viewing distance; the console is not', async () => {
    const { fake } = await boot(
      { wall: { mode: 'span', bezel: { horizontal: 20, vertical: 10 }, geometry: { widthM: 4.8, distanceM: 9 } }, console: { internal: true } },
      [LAPTOP, ...gridDisplays(2, 2)],
    );
    const open = fake.open();
    const wall = open.filter((w) => w.query.get('role') === 'wall');
    expect(wall).toHaveLength(4);
    for (const w of wall) {
      expect(w.query.get('wallWidth')).toBe('4.8');
      expect(w.query.get('viewDistance')).toBe('9');
    }
    const con = open.find((w) => w.query.get('role') === 'console')!;
    expect(con.query.has('wallWidth')).toBe(false);
  });

  it('without a configured geometry the windows carry none (the renderer takes the default 2.4 m at 6 m)', async () => {
    const { fake } = await boot({ wall: { mode: 'span', bezel: { horizontal: 20, vertical: 10 } }, console: { internal: true } }, [LAPTOP, ...gridDisplays(2, 2)]);
    for (const w of fake.open()) expect(w.query.has('wallWidth')).toBe(false);
  });
});
