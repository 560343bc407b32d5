import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, effectiveRegion, mergeFlags, parseConfig, parseConfigText, readFlags } from '../../../shared/config.js';

describe('parseConfig', () => {
  it('an empty file is the demo of the default region on a per-display wall', () => {
    const r = parseConfig({});
    expect(r).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).toMatchObject({ region: 'kamchatka', source: { kind: 'demo' }, wall: { mode: 'per-display', bezel: { horizontal: 0, vertical: 0 } }, kiosk: true, logLevel: 'info', console: null });
  });

  it('a full configuration is accepted as written', () => {
    const json = {
      region: 'perm',
      source: { kind: 'api', url: 'https://cur.example.ru/api/v1', tokenRef: 'main' },
      wall: { mode: 'span', bezel: { horizontal: 24, vertical: 18 }, scene: 'briefing', displays: [{ match: { label: 'A' }, panels: ['map'] }] },
      console: { internal: true },
      playlist: { scenes: ['operational', 'briefing'], intervalSec: 45 },
      window: '7d',
      thresholds: { zoneGreen: 80, dueSoonMs: 3_600_000 },
      kiosk: false,
      logLevel: 'debug',
      hall: { ozone: 'wayland', gpu: { ignoreBlocklist: false, angle: 'gles', swiftshader: false }, passwordStore: 'basic', plainTextToken: true, diagnostics: true },
    };
    const r = parseConfig(json);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config).toEqual(json);
  });

  it('names the path, the expectation and the value, in Russian', () => {
    const r = parseConfig({ wall: { bezel: { horizontal: 'abc' } } });
    expect(r).toEqual({ ok: false, errors: ['wall.bezel.horizontal: ожидалось число ≥ 0, получено "abc"'] });
  });

  it('reports every bad field at once', () => {
    const r = parseConfig({
      region: 'moscow',
      source: { kind: 'api', url: 'ftp://x' },
      wall: { mode: 'diagonal', displays: [{ match: { row: 0 }, scene: 'briefing' }] },
      thresholds: { zoneGreen: 'высокий', nonsense: 1 },
      kiosk: 'да',
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^region: ожидалось одно из: "kamchatka", .*получено "moscow"$/),
        'source.url: ожидался адрес http:// или https://, получено "ftp://x"',
        'wall.mode: ожидалось одно из: "span", "per-display", получено "diagonal"',
        expect.stringMatching(/^wall\.displays\.0\.match: ожидалось \{ "label": … \}.*получено \{"row":0\}$/),
        'thresholds.zoneGreen: ожидалось число ≥ 0, получено "высокий"',
        'thresholds.nonsense: неизвестное поле',
        'kiosk: ожидалось true или false, получено "да"',
        'extra: неизвестное поле',
      ]),
    );
    expect(r.errors).toHaveLength(8);
  });

  it('refuses a token written in the file, saying where it belongs', () => {
    const r = parseConfig({ source: { kind: 'api', url: 'https://x.ru', token: 'secret' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^source\.token: токен не хранится в файле конфигурации/);
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('unknown source kind; wall entry with both scene and panels; console matcher', () => {
    const r = parseConfig({ source: { kind: 'ftp' }, wall: { displays: [{ match: { index: 0 }, scene: 'briefing', panels: ['b'] }] }, console: { name: 'x' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('source.kind: ожидалось "demo" или "api", получено "ftp"');
    expect(r.errors.join('\n')).toMatch(/wall\.displays\.0: нужно ровно одно из полей: scene .* или panels/);
    expect(r.errors.join('\n')).toMatch(/^console: ожидалось \{ "label"/m);
  });

  it('scene ids are the bridge protocol\'s', () => {
    const r = parseConfig({ wall: { scene: 'overview' }, playlist: { scenes: ['briefing', 'block:zhkh', 'map'] } });
    expect(r).toEqual({
      ok: false,
      errors: ['wall.scene: неизвестная сцена, получено "overview"', 'playlist.scenes.2: неизвестная сцена, получено "map"'],
    });
  });

  it('not an object, not JSON', () => {
    expect(parseConfig([])).toEqual({ ok: false, errors: ['(корень): ожидался объект, получено []'] });
    const r = parseConfigText('{ region: ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^\(файл\): не JSON/);
  });
});

describe('mergeFlags', () => {
  const api = { ...DEFAULT_CONFIG, source: { kind: 'api' as const, url: 'https://a.ru', tokenRef: 'main' } };
  it('--demo REGION switches to demo of that region; Electron switches are ignored', () => {
    const r = mergeFlags(api, ['/opt/Ситуационная стена/situation-wall', '--no-sandbox', '--demo', 'perm', '--enable-logging']);
    expect(r).toMatchObject({ ok: true, config: { region: 'perm', source: { kind: 'demo', region: 'perm' } } });
    if (r.ok) expect(effectiveRegion(r.config)).toBe('perm');
  });
  it('--demo without a region keeps the region', () => {
    const r = mergeFlags({ ...DEFAULT_CONFIG, region: 'murmansk' }, ['--demo', '--config', 'x.json']);
    expect(r).toMatchObject({ ok: true, config: { region: 'murmansk', source: { kind: 'demo' } } });
  });
  it('--api URL keeps the configured tokenRef; --api=URL form', () => {
    expect(mergeFlags(api, ['--api=https://b.ru/v1'])).toMatchObject({ ok: true, config: { source: { kind: 'api', url: 'https://b.ru/v1', tokenRef: 'main' } } });
    expect(mergeFlags(DEFAULT_CONFIG, ['--api', 'https://b.ru'])).toMatchObject({ ok: true, config: { source: { kind: 'api', url: 'https://b.ru' } } });
  });
  it('--region changes the region and the demo region', () => {
    const cfg = { ...DEFAULT_CONFIG, source: { kind: 'demo' as const, region: 'perm' as const, liveRate: 5 } };
    expect(mergeFlags(cfg, ['--region', 'buryatia'])).toMatchObject({ ok: true, config: { region: 'buryatia', source: { kind: 'demo', region: 'buryatia', liveRate: 5 } } });
  });
  it('does not mutate its input', () => {
    const cfg = structuredClone(api);
    mergeFlags(cfg, ['--demo', 'perm']);
    expect(cfg).toEqual(api);
  });
  it('bad flags are one clear Russian line each', () => {
    expect(mergeFlags(DEFAULT_CONFIG, ['--region', 'moscow'])).toMatchObject({ ok: false, errors: [expect.stringMatching(/^--region: неизвестный регион «moscow»/)] });
    expect(mergeFlags(DEFAULT_CONFIG, ['--api', 'javascript:alert(1)'])).toMatchObject({ ok: false, errors: ['--api: ожидался адрес http:// или https://, получено «javascript:alert(1)»'] });
    expect(mergeFlags(DEFAULT_CONFIG, ['--demo', '--api', 'https://x.ru'])).toMatchObject({ ok: false, errors: [expect.stringMatching(/несовместимы/)] });
    expect(mergeFlags(DEFAULT_CONFIG, ['--demo=perm', '--region=volgograd'])).toMatchObject({ ok: false, errors: [expect.stringMatching(/противоречат/)] });
    expect(mergeFlags(DEFAULT_CONFIG, ['--config'])).toMatchObject({ ok: false, errors: ['--config: не задано значение'] });
  });
  it('readFlags finds the config path', () => {
    expect(readFlags(['electron', '../shell', '--config', '/etc/wall.json'])).toEqual({ ok: true, flags: { config: '/etc/wall.json' } });
  });
});

describe('the hall section (docs/kiosk.md)', () => {
  it('defaults for a kiosk: X11, GPU blocklist ignored, SwiftShader as the last resort, no plain-text token, no diagnostics', () => {
    expect(DEFAULT_CONFIG.hall).toEqual({ ozone: 'x11', gpu: { ignoreBlocklist: true, angle: 'default', swiftshader: true }, passwordStore: 'auto', plainTextToken: false, diagnostics: false });
  });

  it('a bad value names the field in Russian and is not applied', () => {
    expect(parseConfig({ hall: { ozone: 'mir' } })).toEqual({ ok: false, errors: ['hall.ozone: ожидалось одно из: "x11", "wayland", "auto", получено "mir"'] });
    expect(parseConfig({ hall: { gpu: { swiftshader: 'да' } } })).toEqual({ ok: false, errors: ['hall.gpu.swiftshader: ожидалось true или false, получено "да"'] });
  });
});
