import { describe, expect, it } from 'vitest';
import { PANEL_IDS, PANEL_NAMES, PanelListSchema, isPanelId, unknownPanelMessage } from '../../../../shared/wall/panels.js';
import { planWall, type DisplayInput, type WallConfigInput } from '../../../../shared/wall/plan.js';
import { parseConfig } from '../../../../shared/config.js';

const two: DisplayInput[] = [
  { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
  { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } },
];

describe('panel ids', () => {
  it('every panel has a Russian name', () => {
    for (const id of PANEL_IDS) expect(PANEL_NAMES[id]).toMatch(/[а-яё]/);
    expect(isPanelId('map')).toBe(true);
    expect(isPanelId('clock')).toBe(false);
  });

  it('a panel list keeps known ids in their order and refuses a repeat', () => {
    expect(PanelListSchema.parse(['queue', 'map'])).toEqual(['queue', 'map']);
    const r = PanelListSchema.safeParse(['map', 'queue', 'map']);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['панель «map» указана дважды']);
  });

  it('the message for an unknown id names it and every valid id with its name', () => {
    const m = unknownPanelMessage('clok');
    expect(m).toMatch(/^неизвестная панель «clok»; допустимые: map \(карта региона\), gauges/);
    for (const id of PANEL_IDS) expect(m).toContain(`${id} (${PANEL_NAMES[id]})`);
  });
});

describe('the wall plan validates panel ids', () => {
  it('a typo in a display\'s panel set is an error naming the unknown id and the valid ones, not a silently smaller set', () => {
    // as a configuration file would hold it: the types cannot catch a typo there
    const wall = { mode: 'per-display', displays: [{ match: { index: 1 }, panels: ['queue', 'ratng'] }] } as unknown as WallConfigInput;
    expect(() => planWall(two, { wall })).toThrow(/wall\.displays\.0\.panels\.1: неизвестная панель «ratng»; допустимые: map \(карта региона\), .*rating \(рейтинг муниципалитетов\)/);
  });

  it('known panel ids pass through to the window', () => {
    const p = planWall(two, { wall: { mode: 'per-display', displays: [{ match: { index: 1 }, panels: ['map', 'ticker'] }] } });
    expect(p.windows.map((w) => w.scene)).toEqual(['operational', { panels: ['map', 'ticker'] }]);
  });

  it('the configuration file reports the unknown panel with its path, in Russian, beside other mistakes', () => {
    const r = parseConfig({ wall: { displays: [{ match: { index: 0 }, panels: ['map', 'clock'] }, { match: { index: 1 }, scene: 'briefing', panels: ['gauges'] }] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.stringMatching(/^wall\.displays\.0\.panels\.1: неизвестная панель «clock»; допустимые: map \(карта региона\), .*briefing/));
    expect(r.errors).toContainEqual(expect.stringMatching(/^wall\.displays\.1: нужно ровно одно из полей/));
    expect(r.errors).toHaveLength(2);
  });

  it('an unknown panel beside a scene still says to pick one of the two', () => {
    const r = parseConfig({ wall: { displays: [{ match: { index: 0 }, scene: 'briefing', panels: ['b'] }] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).toMatch(/wall\.displays\.0\.panels\.0: неизвестная панель «b»/);
    expect(r.errors.join('\n')).toMatch(/wall\.displays\.0: нужно ровно одно из полей/);
  });
});
