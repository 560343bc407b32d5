import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../../../electron/hub/cli/main.js';

const FIX = 'tests/fixtures/displays';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(['plan', ...args], { stdout, stderr });
  return { code, out, err };
}

describe('situation-wall plan', () => {
  it('2×2 wall with bezels, --json: exact plan shape', async () => {
    const r = await run('--displays', `${FIX}/wall-2x2-bezels.displays.json`, '--config', `${FIX}/wall-2x2-bezels.config.json`, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(Object.keys(plan)).toEqual(['mode', 'canvas', 'windows', 'warnings', 'console']);
    expect(plan.mode).toBe('span');
    expect(plan.canvas).toEqual({ width: 3864, height: 2184 });
    expect(plan.windows.map((w: { display: number; slice: unknown }) => [w.display, w.slice])).toEqual([
      [20, { x: 0, y: 0, width: 1920, height: 1080 }],
      [21, { x: 1944, y: 0, width: 1920, height: 1080 }],
      [22, { x: 0, y: 1104, width: 1920, height: 1080 }],
      [23, { x: 1944, y: 1104, width: 1920, height: 1080 }],
    ]);
    expect(Object.keys(plan.windows[0])).toEqual(['display', 'bounds', 'slice', 'scene']);
  });

  it('3×3 wall listed out of order with negative coordinates', async () => {
    const r = await run('--displays', `${FIX}/wall-3x3.displays.json`, '--config', `${FIX}/wall-3x3.config.json`, '--json');
    const plan = JSON.parse(r.out);
    expect(plan.canvas).toEqual({ width: 3 * 1920 + 24, height: 3 * 1080 + 20 });
    expect(plan.windows.map((w: { display: number }) => w.display)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(plan.windows[8].slice).toEqual({ x: 3864, y: 2180, width: 1920, height: 1080 });
    expect(plan.windows.every((w: { scene: string }) => w.scene === 'briefing')).toBe(true);
  });

  it('irregular wall: readable Russian summary with the fallback warning naming the display', async () => {
    const r = await run('--displays', `${FIX}/irregular.displays.json`, '--config', `${FIX}/irregular.config.json`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Режим: у каждого дисплея своя сцена (per-display)');
    expect(r.out).toContain('дисплей 3 «Панель 4K снизу»: 3840×2160 в (0, 1080), сцена «briefing»');
    expect(r.out).toMatch(/Предупреждения:\n {2}- сетка видеостены неправильная.*«Панель 4K снизу» \(id 3\).*другого размера/);
  });

  it('laptop + wall: the laptop is the console, the rest spans', async () => {
    const r = await run('--displays', `${FIX}/laptop-wall.displays.json`, '--config', `${FIX}/laptop-wall.config.json`);
    expect(r.out).toContain('холст 5792×1080 DIP');
    expect(r.out).toContain('Пульт: дисплей 100 «Built-in Retina Display», 1440×900 в (0, 0)');
    const j = JSON.parse((await run('--displays', `${FIX}/laptop-wall.displays.json`, '--config', `${FIX}/laptop-wall-per-display.config.json`, '--json')).out);
    expect(j.windows.map((w: { display: number; scene: unknown }) => [w.display, w.scene])).toEqual([
      [201, 'municipality:57701000'],
      [202, 'operational'],
      [203, { panels: ['queue', 'ticker', 'rating'] }],
    ]);
  });

  it('without --config uses defaults (per-display, scene operational)', async () => {
    const r = await run('--displays', `${FIX}/wall-2x2-bezels.displays.json`, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'per-display', canvas: null });
  });

  describe('errors are one line, non-zero, no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-plan-'));
    const cases: [string, string[], RegExp][] = [
      ['missing --displays', [], /^situation-wall plan: не задан обязательный параметр --displays\n$/],
      ['file not found', ['--displays', join(dir, 'nope.json')], /^situation-wall plan: --displays: файл не найден: .*nope\.json\n$/],
      ['not JSON', ['--displays', (writeFileSync(join(dir, 'bad.json'), '{oops'), join(dir, 'bad.json'))], /^situation-wall plan: --displays: .*bad\.json не JSON/],
      ['not displays', ['--displays', (writeFileSync(join(dir, 'x.json'), '[{"id":"a"}]'), join(dir, 'x.json'))], /^situation-wall plan: --displays: .*ожидался список дисплеев/],
      [
        'bad config',
        ['--displays', `${FIX}/wall-3x3.displays.json`, '--config', (writeFileSync(join(dir, 'c.json'), '{"wall":{"bezel":{"horizontal":"abc"}}}'), join(dir, 'c.json'))],
        /^situation-wall plan: --config: .*c\.json: wall\.bezel\.horizontal: ожидалось число ≥ 0, получено "abc"\n$/,
      ],
      ['unknown option', ['--displayz', 'x'], /^situation-wall plan: .*--displayz/],
    ];
    for (const [name, args, re] of cases)
      it(name, async () => {
        const r = await run(...args);
        expect(r.code).not.toBe(0);
        expect(r.out).toBe('');
        expect(r.err).toMatch(re);
        expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      });
  });
});
