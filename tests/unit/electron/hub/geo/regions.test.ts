import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { GEO_DATA_FIXES, loadRegionGeo, resolveAssetsDir } from '../../../../../electron/hub/geo/regions.js';
import { mulberry32 } from '../../../../../electron/hub/demo/rng.js';
import { REGION_IDS } from '../../../../../shared/regions.js';

const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const dLat = (a.lat - b.lat) * 111.32;
  const dLon = (a.lon - b.lon) * 111.32 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
};

describe('bundled municipal boundaries', () => {
  it('every municipality of every region has an OKTMO code, a name and a population', () => {
    for (const r of REGION_IDS) {
      const g = loadRegionGeo(r);
      expect(g.municipalities.length).toBeGreaterThan(10);
      const codes = new Set<string>();
      for (const m of g.municipalities) {
        expect(m.oktmo).toMatch(/^\d{8}$/);
        expect(codes.has(m.oktmo)).toBe(false);
        codes.add(m.oktmo);
        expect(m.name.length).toBeGreaterThan(3);
        expect(m.population).toBeGreaterThan(0);
      }
      // The filled gaps make the municipalities add up to the region's figure.
      expect(g.municipalities.reduce((s, m) => s + m.population, 0)).toBe(g.population);
    }
  });

  it('fills the documented gaps: Perm codes, Вилючинский, the split Perm pairs', () => {
    const perm = loadRegionGeo('perm');
    expect(perm.byOktmo.get('57720000')?.population).toBe(67_055);
    expect(perm.byOktmo.get('57735000')?.population).toBe(94_467);
    expect(perm.byOktmo.get('57715000')!.population + perm.byOktmo.get('57717000')!.population).toBe(44_174);
    expect(perm.byOktmo.get('57821000')!.population + perm.byOktmo.get('57851000')!.population).toBe(50_499);
    expect(perm.byOktmo.get('57630000')!.population + perm.byOktmo.get('57722000')!.population).toBe(103_834);
    const kam = loadRegionGeo('kamchatka');
    expect(kam.byOktmo.get('30735000')?.population).toBe(21_834);
    expect(kam.population).toBe(288_730);
    // Every fix is listed, with a Russian note, for the about-screen.
    expect(GEO_DATA_FIXES.map((f) => f.oktmo)).toEqual(
      expect.arrayContaining(['57720000', '57735000', '30735000', '57715000', '57717000', '57821000', '57851000', '57630000', '57722000']),
    );
    for (const f of GEO_DATA_FIXES) expect(f.note).toMatch(/[а-я]/);
  });

  it('sampled points lie inside their municipality (checked with turf)', () => {
    for (const r of REGION_IDS) {
      const g = loadRegionGeo(r);
      const rng = mulberry32(42);
      for (const m of g.municipalities) {
        for (let i = 0; i < 60; i++) {
          const p = g.pointIn(m.oktmo, rng);
          if (!booleanPointInPolygon([p.lon, p.lat], m.geometry)) throw new Error(`${r} ${m.oktmo}: ${p.lon},${p.lat} вне полигона`);
        }
      }
    }
  });

  it('points cluster around populated places, not uniformly over the territory', () => {
    const g = loadRegionGeo('kamchatka');
    const m = g.byOktmo.get('30607000')!; // Елизовский район, about 40,000 km²
    expect(m.areaKm2).toBeGreaterThan(20_000);
    const rng = mulberry32(7);
    let near = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const p = g.pointIn(m.oktmo, rng);
      if (m.hotspots.some((h) => km(p, h) < 10)) near++;
    }
    // The discs of 10 km around the hotspots cover under 2% of the district, yet hold most points.
    expect(near / n).toBeGreaterThan(0.6);
  });

  it('SITUATION_WALL_ASSETS overrides the assets folder, and a wrong one is a clear error', () => {
    const before = process.env.SITUATION_WALL_ASSETS;
    try {
      const real = resolveAssetsDir();
      process.env.SITUATION_WALL_ASSETS = real;
      expect(resolveAssetsDir()).toBe(real);
      process.env.SITUATION_WALL_ASSETS = '/nonexistent/place';
      expect(() => resolveAssetsDir()).toThrow(/SITUATION_WALL_ASSETS/);
    } finally {
      if (before === undefined) delete process.env.SITUATION_WALL_ASSETS;
      else process.env.SITUATION_WALL_ASSETS = before;
    }
  });
});
