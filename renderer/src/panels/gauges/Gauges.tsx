/**
 * Block gauges: every ring of every block is drawn by three.js in ONE WebGL canvas laid over the
 * panel (outer arc: answered on time; inner arc: satisfied share with a tick at the 60 % target);
 * the numbers are DOM text on top (crisper than WebGL text, and readable by tests and screen
 * readers). The canvas is redrawn only when data or layout change — no render loop on a calm wall.
 *
 * Every gauge says which block it is: the block's name (from the reference dictionary), large, in
 * the block's colour with a colour swatch, beside the ring; the ring's arc is drawn in the same colour.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import * as THREE from 'three';
import { blockColour } from '../../../../shared/blocks.js';
import { gaugeGrid, type GaugeGrid } from '../../../../shared/wall/legibility.js';
import { fmtDurationMin, fmtInt, MIN_SAMPLE, pctNumber, sampleNote, trend } from '../../format.js';
import { markDrawn, storeApi } from '../../store.js';
import { useLegibility } from '../../legible.js';
import type { GaugeRow } from './rows.js';
import { useWallPage } from '../../hooks.js';


const START = Math.PI * 1.25; // 225°: arcs sweep clockwise 270° down to -45°
const SWEEP = Math.PI * 1.5;
const TRACK = 0x26324a;

export function Gauges({ rows: allRows, target, drawKey }: { rows: GaugeRow[]; target: number; drawKey: string }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const legible = useLegibility();
  // Reflow, not scaling: as many gauges as fit at the legible size (shared/wall/legibility.ts),
  // the rest on pages that turn.
  const [grid, setGrid] = useState<GaugeGrid>({ cols: 3, rows: 3, perPage: 9, pages: 1, detail: 'full' });
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const next = gaugeGrid(allRows.length, box.clientWidth, box.clientHeight, legible);
      setGrid((g) => (JSON.stringify(g) === JSON.stringify(next) ? g : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(box);
    return () => ro.disconnect();
  }, [allRows.length, legible.text, legible.figure]);
  // pages turn by the wall clock, so every window of the wall shows the same page
  const page = useWallPage(grid.pages);
  const pg = page % grid.pages;
  const rows = useMemo(() => allRows.slice(pg * grid.perPage, (pg + 1) * grid.perPage), [allRows, pg, grid.perPage]);
  const big = grid.cols === 1 && rows.length <= 3;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const glRef = useRef<{ renderer: THREE.WebGLRenderer; scene: THREE.Scene; camera: THREE.OrthographicCamera } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: true, powerPreference: 'low-power' });
    renderer.setClearColor(0x000000, 0);
    const scene = new THREE.Scene();
    const camera = new THREE.OrthographicCamera(0, 1, 0, -1, -10, 10);
    glRef.current = { renderer, scene, camera };
    return () => {
      disposeScene(scene);
      renderer.dispose();
      glRef.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const draw = () => {
      const gl = glRef.current;
      if (!gl) return;
      const rect = box.getBoundingClientRect();
      const w = Math.max(1, rect.width);
      const h = Math.max(1, rect.height);
      gl.renderer.setPixelRatio(window.devicePixelRatio || 1);
      gl.renderer.setSize(w, h, false);
      // the orthographic camera's own frustum: one unit = one CSS pixel, y up from the top edge
      gl.camera.left = 0;
      gl.camera.right = w;
      gl.camera.top = 0;
      gl.camera.bottom = -h;
      gl.camera.updateProjectionMatrix();
      disposeScene(gl.scene);
      // A long block name shrinks to fit its column (down to 75 %, still ≥ 20 px at 1080 p), never
      // cut to «Социальная за…». The text's own width comes from a Range (scrollWidth is rounded).
      const floor = Number(box.closest<HTMLElement>('[data-min-text]')?.dataset.minText ?? 0);
      box.querySelectorAll<HTMLElement>('.gauge-name-text').forEach((t) => {
        t.style.fontSize = '';
        const need = textWidth(t);
        const room = t.clientWidth;
        if (need > room) {
          const base = parseFloat(getComputedStyle(t).fontSize);
          t.style.fontSize = `${Math.max(floor, Math.floor(base * Math.max(0.75, room / need) * 10) / 10)}px`;
        }
      });
      const rings = box.querySelectorAll<HTMLElement>('[data-ring]');
      rings.forEach((el, i) => {
        const row = rows[i];
        if (!row) return;
        const r = el.getBoundingClientRect();
        const cx = r.left - rect.left + r.width / 2;
        const cy = -(r.top - rect.top + r.height / 2);
        const R = Math.min(r.width, r.height) / 2;
        // The centre text scales with its ring (CSS: calc(var(--ring-d) * …)), so «100» never touches it.
        el.style.setProperty('--ring-d', `${(2 * R).toFixed(1)}px`);
        const colour = new THREE.Color(blockColour(row.group.block ?? ''));
        const thick = R * 0.11;
        // outer: on-time rate
        addArc(gl.scene, cx, cy, R - thick, R, 1, TRACK);
        if (row.group.onTimeRate !== null) addArc(gl.scene, cx, cy, R - thick, R, row.group.onTimeRate, colour);
        // inner: satisfied share vs target
        const r2o = R - thick * 1.35;
        const r2i = r2o - thick * 0.55;
        addArc(gl.scene, cx, cy, r2i, r2o, 1, TRACK);
        const sat = row.group.satisfiedShare;
        if (sat !== null) addArc(gl.scene, cx, cy, r2i, r2o, sat, sat >= target ? 0x9fd8ff : 0xffb000);
        // target tick across both rings
        const a = START - SWEEP * target;
        const tick = new THREE.Mesh(
          new THREE.PlaneGeometry(Math.max(2, R * 0.035), thick * 2.4),
          new THREE.MeshBasicMaterial({ color: 0xffffff }),
        );
        const mid = (r2i + R) / 2;
        tick.position.set(cx + Math.cos(a) * mid, cy + Math.sin(a) * mid, 1);
        tick.rotation.z = a - Math.PI / 2;
        gl.scene.add(tick);
      });
      gl.renderer.render(gl.scene, gl.camera);
      markDrawn(storeApi(), 'gauges', drawKey);
    };
    draw();
    // web fonts change text widths: fit the names again once they are in
    let alive = true;
    void document.fonts?.ready.then(() => alive && draw());
    const ro = new ResizeObserver(() => draw());
    ro.observe(box);
    return () => {
      alive = false;
      ro.disconnect();
    };
  }, [rows, target, drawKey, grid.cols, grid.rows, grid.detail]);

  return (
    <div
      className={`gauges ${big ? 'gauges-big' : ''} gauges-${grid.detail}`}
      ref={boxRef}
      data-testid="gauges"
      data-count={allRows.length}
      data-shown={rows.length}
      data-pages={grid.pages}
      data-page={pg + 1}
      style={{ gridTemplateColumns: `repeat(${grid.cols}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)` }}
    >
      <canvas className="gauges-canvas" ref={canvasRef} />
      {grid.pages > 1 && (
        <div className="g-page num" data-testid="gauges-page">
          блоки {pg * grid.perPage + 1}–{pg * grid.perPage + rows.length} из {allRows.length}
        </div>
      )}
      {rows.map(({ group: g, name }) => {
        const t = trend(g.incoming, g.incomingPrev);
        return (
          <div className="gauge" key={g.block ?? 'all'} data-block={g.block ?? ''}>
            <div className="gauge-ring" data-ring>
              <div className="gauge-center">
                <span className="gauge-value num" data-field="onTimeRate">{pctNumber(g.onTimeRate)}</span>
                <span className="gauge-unit">
                  %<span className="gu-word"> в срок</span>
                  {g.answered < MIN_SAMPLE ? ` ${sampleNote(g.answered)}` : ''}
                </span>
              </div>
            </div>
            <div className="gauge-info">
            <div className="gauge-name" data-testid="gauge-name" style={{ color: blockColour(g.block ?? '') }}>
              <i className="gauge-swatch" style={{ background: blockColour(g.block ?? '') }} />
              <span className="gauge-name-text">{name}</span>
            </div>
            <dl className="gauge-stats">
              <div>
                <dt>просрочено</dt>
                <dd className={`num ${g.overdue > 0 ? 'alarm sign' : ''}`} data-field="overdue">{fmtInt(g.overdue)}</dd>
              </div>
              <div>
                <dt>поступило</dt>
                <dd className="num" data-field="incoming">
                  <span data-value>{fmtInt(g.incoming)}</span> <span className={`trend trend-${t.arrow === '▲' ? 'up' : t.arrow === '▼' ? 'down' : 'flat'}`}>{t.arrow === '=' ? '=' : `${t.arrow} ${t.text}`}</span>
                </dd>
              </div>
              <div className="g-more">
                <dt>1-й ответ</dt>
                <dd className="num" data-field="medianFirstResponseMin">{fmtDurationMin(g.medianFirstResponseMin)}</dd>
              </div>
              <div className="g-more">
                <dt>довольны</dt>
                <dd
                  className={`num ${g.satisfiedShare !== null && g.satisfiedShare < target ? 'bad' : ''} ${g.answered < MIN_SAMPLE ? 'few' : ''}`}
                  data-field="satisfiedShare"
                  title={g.answered < MIN_SAMPLE ? `мало оценок: ответов ${g.answered}` : undefined}
                >
                  {pctNumber(g.satisfiedShare)}
                  {g.satisfiedShare !== null && ' %'}
                </dd>
              </div>
            </dl>
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** Width of an element's text as laid out (not rounded, not clipped). */
export function textWidth(el: HTMLElement): number {
  const r = document.createRange();
  r.selectNodeContents(el);
  return r.getBoundingClientRect().width;
}

function addArc(scene: THREE.Scene, cx: number, cy: number, r0: number, r1: number, frac: number, colour: THREE.ColorRepresentation) {
  const f = Math.max(0, Math.min(1, frac));
  if (f <= 0) return;
  const len = SWEEP * f;
  // RingGeometry runs counter-clockwise from thetaStart: start at the arc's end and sweep back.
  const geo = new THREE.RingGeometry(r0, r1, Math.max(8, Math.ceil(96 * f)), 1, START - len, len);
  const mesh = new THREE.Mesh(geo, new THREE.MeshBasicMaterial({ color: colour }));
  mesh.position.set(cx, cy, 0);
  scene.add(mesh);
}

function disposeScene(scene: THREE.Scene) {
  for (const o of [...scene.children]) {
    scene.remove(o);
    if (o instanceof THREE.Mesh) {
      o.geometry.dispose();
      (o.material as THREE.Material).dispose();
    }
  }
}
