import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PANEL_IDS } from '../../../../../shared/wall/panels.js';
import { PANELS, panelDef } from '../../../../../renderer/src/panels/registry.js';

const PANELS_DIR = resolve(import.meta.dirname, '../../../../../renderer/src/panels');

describe('the panel registry', () => {
  it('every panel id of shared/wall/panels.ts has one entry, under its own id, with a component', () => {
    expect(Object.keys(PANELS).sort()).toEqual([...PANEL_IDS].sort());
    for (const id of PANEL_IDS) {
      expect(panelDef(id).id).toBe(id);
      expect(typeof panelDef(id).Component).toBe('function');
    }
  });

  it('grid areas are distinct; only the ticker is a strip', () => {
    const areas = PANEL_IDS.map((id) => PANELS[id].area);
    expect(new Set(areas).size).toBe(areas.length);
    expect(PANEL_IDS.filter((id) => PANELS[id].place === 'strip')).toEqual(['ticker']);
  });

  it('the ready flag waits for the panels that draw on canvases of their own: the map and the gauges', () => {
    expect(PANEL_IDS.filter((id) => PANELS[id].ready)).toEqual(['map', 'gauges']);
  });

  it('no panel imports another panel (shared pieces live in renderer/src/components)', () => {
    const folders = readdirSync(PANELS_DIR).filter((f) => statSync(join(PANELS_DIR, f)).isDirectory());
    expect(folders.sort()).toEqual([...PANEL_IDS].sort());
    const offences: string[] = [];
    const walk = (dir: string, panel: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p, panel);
        else if (/\.tsx?$/.test(f))
          for (const m of readFileSync(p, 'utf8').matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
            const target = resolve(dirname(p), m[1]!);
            const rel = target.startsWith(PANELS_DIR + '/') ? target.slice(PANELS_DIR.length + 1).split('/') : [];
            if (rel.length > 1 && rel[0] !== panel) offences.push(`${panel}/${f} → ${m[1]}`);
          }
      }
    };
    for (const f of folders) walk(join(PANELS_DIR, f), f);
    expect(offences).toEqual([]);
  });
});
