/**
 * Region map panel. maplibre-gl draws the municipal polygons (style.ts, useMaplibre.ts) coloured by
 * the chosen indicator with the scene's fixed domain (choropleth.ts); deck.gl adds the heat map of
 * message points and optional 3D columns as one composite layer (layers.ts) with the scene's fixed
 * heat domain (heatScale.ts); the camera fits the scene (camera.ts); names and values are HTML labels
 * (Labels.tsx); the legend sits in the emptiest corner (Legend.tsx); the attribution is a strip under
 * the map (it never covers land, and stays readable).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type * as maplibregl from 'maplibre-gl';
import type { GeoResult, HeatPointsResult } from '../../../../shared/bridge/protocol.js';
import type { KpiGroup, RatingRow } from '../../../../shared/engine/types.js';
import { OSM_ATTRIBUTION } from '../../../../shared/regions.js';
import { fmtDec1 } from '../../format.js';
import { mapClassOf, type MapWindow, type ScaleMapIndicator } from '../../../../shared/indicators.js';
import type { Thresholds } from '../../../../shared/engine/types.js';
import { labelVariants } from '../../names.js';
import { usePeriod, useStateWord } from '../../hooks.js';
import { markDrawn, storeApi, useWall, type WallStore } from '../../store.js';
import { ZONE_COLOURS } from '../../components/zones.js';
import type { PanelProps } from '../types.js';
import { colourFor, indicatorValue, INDICATOR_HAS_PERIOD, INDICATOR_LABELS, mapDef, stableDomain, type ChoroplethIndicator, type Domain } from './choropleth.js';
import { labelPoint } from './geo.js';
import { heatPeak, stableHeatDomain, type HeatDomain } from './heatScale.js';
import { useMaplibre } from './useMaplibre.js';
import { useSceneCamera } from './camera.js';
import { WallMapLayer, type ColumnDatum } from './layers.js';
import { incidentMarks, ringScreenBoxes } from './incidentRings.js';
import { useAlerts } from '../../alerts.js';
import type { Incident } from '../../../../shared/bridge/protocol.js';

const NO_INCIDENTS: Incident[] = [];
import { MapLabels, type MapLabel } from './Labels.js';
import { Legend } from './Legend.js';

const INDICATORS: readonly ChoroplethIndicator[] = ['per10k', 'overdue', 'onTimeRate', 'zone'];
const NO_GROUPS: KpiGroup[] = [];
const NO_ROWS: RatingRow[] = [];

/** The indicator a window asks for (?indicator=…), or the default. */
export function mapIndicator(asked: string | null): ChoroplethIndicator {
  return INDICATORS.includes(asked as ChoroplethIndicator) ? (asked as ChoroplethIndicator) : 'per10k';
}

/** The panel: the store's data for the scene, or «Загрузка карты…» until the geometry is in. */
export function MapPanel({ ctx }: PanelProps) {
  const geo = useWall((s) => s.geo);
  const groups = useWall((s) => s.view?.kpi.byMunicipality ?? NO_GROUPS);
  const rating = useWall((s) => s.view?.rating.rows ?? NO_ROWS);
  const heat = useWall((s) => s.heat);
  const asked = useWall((s) => s.options.indicator);
  const columns = useWall((s) => s.options.columns);
  const helloAttribution = useWall((s) => s.hello?.attribution ?? null);
  const thresholds = useWall((s) => s.hello?.thresholds ?? null);
  const vFrom = useWall((s) => s.view?.from ?? null);
  const vTo = useWall((s) => s.view?.to ?? null);
  const vNow = useWall((s) => s.view?.now ?? null);
  const win = useMemo<MapWindow | null>(
    () => (vFrom && vTo && vNow ? { from: Date.parse(vFrom), to: Date.parse(vTo), now: Date.parse(vNow) } : null),
    [vFrom, vTo, vNow],
  );
  if (!geo) return <div className="panel loading">Загрузка карты…</div>;
  return (
    <RegionMap
      geo={geo}
      groups={groups}
      rating={rating}
      indicator={mapIndicator(asked)}
      window={win}
      thresholds={thresholds}
      sceneKey={ctx.scene}
      focus={ctx.focus}
      heat={heat}
      columns={columns}
      attribution={helloAttribution ?? geo.attribution}
    />
  );
}

/** The ready flag waits until the map has loaded and drawn the current heat points. */
export function mapReady(s: Pick<WallStore, 'drawn' | 'heat'>): boolean {
  const drawn = s.drawn.map;
  return drawn !== undefined && Number(drawn) >= (s.heat?.dataVersion ?? 0);
}

export interface RegionMapProps {
  geo: GeoResult;
  groups: KpiGroup[];
  rating: RatingRow[];
  indicator: ChoroplethIndicator;
  /** The window the view counted ([from, to) at now): the per-day rate and the shares follow it. */
  window: MapWindow | null;
  thresholds: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'> | null;
  sceneKey: string;
  focus: string | null;
  heat: HeatPointsResult | null;
  columns: boolean;
  attribution: string[];
}

export function RegionMap(p: RegionMapProps) {
  const period = usePeriod().period;
  const stateWord = useStateWord();
  const boxRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const domainRef = useRef<{ key: string; d: Domain } | null>(null);
  const heatDomainRef = useRef<HeatDomain | null>(null);
  /** The heat data version of the layers last handed to deck (0: none); reported after each frame. */
  const layersHeatVersion = useRef<number | null>(null);

  const municipalities = useMemo(() => p.geo.features.filter((f) => f.properties.kind === 'municipality'), [p.geo]);
  const labels: MapLabel[] = useMemo(
    () =>
      municipalities
        .map((f) => ({
          oktmo: f.properties.oktmo,
          name: labelVariants(f.properties.name)[0]!,
          shorter: labelVariants(f.properties.name).slice(1),
          lngLat: labelPoint(f.geometry as { type: string; coordinates: unknown }) ?? [0, 0],
          population: f.properties.population ?? 0,
        }))
        .sort((a, b) => b.population - a.population),
    [municipalities],
  );

  const onAfterRender = useCallback(() => {
    if (layersHeatVersion.current !== null) markDrawn(storeApi(), 'map', String(layersHeatVersion.current));
  }, []);
  const onGone = useCallback(() => {
    layersHeatVersion.current = null;
    markDrawn(storeApi(), 'map', null);
  }, []);
  const { map: mapRef, overlay: overlayRef, loaded } = useMaplibre(boxRef, p.geo, municipalities, onAfterRender, onGone);
  const { cam, corner } = useSceneCamera({
    map: mapRef,
    loaded,
    box: boxRef,
    legend: legendRef,
    geo: p.geo,
    municipalities,
    focus: p.focus,
    tilted: p.columns,
  });

  // --- choropleth colours (feature-state) with the scene's fixed domain ---
  const byMuni = useMemo(() => new Map(p.groups.filter((g) => g.municipality).map((g) => [g.municipality!, g])), [p.groups]);
  const zoneOf = useMemo(() => new Map(p.rating.map((r) => [r.municipality, r.zone])), [p.rating]);
  const domain = useMemo(() => {
    const key = `${p.sceneKey}|${p.indicator}`;
    const prev = domainRef.current && domainRef.current.key === key ? domainRef.current.d : null;
    const d = stableDomain(prev, p.indicator);
    domainRef.current = { key, d };
    return d;
  }, [p.sceneKey, p.indicator]);
  const valueOf = useCallback(
    (g: KpiGroup | undefined): number | null => (g && p.window && p.indicator !== 'zone' ? indicatorValue(g, p.indicator, p.window) : null),
    [p.window, p.indicator],
  );

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    for (const f of municipalities) {
      const id = f.properties.oktmo;
      let fill: string;
      if (p.indicator === 'zone') fill = ZONE_COLOURS[zoneOf.get(id) ?? 'none'];
      else {
        fill = colourFor(domain, valueOf(byMuni.get(id)));
      }
      map.setFeatureState({ source: 'muni', id }, { fill, dim: p.focus !== null && p.focus !== id });
    }
  }, [mapRef, loaded, municipalities, byMuni, zoneOf, domain, valueOf, p.indicator, p.focus]);

  // --- deck.gl: heat map from the typed array, optional columns, active incidents' rings ---
  const active = useAlerts((s) => s.data?.active ?? NO_INCIDENTS);
  const rings = useMemo(() => incidentMarks(active, p.geo), [active, p.geo]);
  const columnData: ColumnDatum[] = useMemo(
    () => labels.map((l) => ({ position: l.lngLat, value: byMuni.get(l.oktmo)?.incoming ?? 0, oktmo: l.oktmo })),
    [labels, byMuni],
  );
  const radiusPx = Math.max(8, Math.round((cam?.h ?? 800) / 28));
  const heatDomain = useMemo(() => {
    if (!p.heat || !cam || p.heat.count === 0) return null;
    const key = `${p.sceneKey}|${cam.zoom.toFixed(3)}|${radiusPx}`;
    const d = stableHeatDomain(heatDomainRef.current, key, heatPeak(p.heat.points, p.heat.count, cam.zoom, radiusPx));
    heatDomainRef.current = d;
    return d.domain;
  }, [p.heat, p.sceneKey, cam, radiusPx]);
  const ringW = Math.max(3, Math.round((cam?.h ?? 800) / 120));
  const ringMin = Math.round((cam?.h ?? 800) / 20);
  // the rings are obstacles of the labels (never drawn through a name or a value)
  const ringBoxes = useCallback(
    (map: maplibregl.Map) => ringScreenBoxes(rings, (ll) => map.project(ll), ringMin, ringW),
    [rings, ringMin, ringW],
  );
  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay || !loaded) return;
    const layer = new WallMapLayer({ id: 'wall-map', heat: p.heat, radiusPx, heatDomain, columns: p.columns ? columnData : null, incidents: rings, ringWidthPx: ringW, ringMinRadiusPx: ringMin });
    layersHeatVersion.current = p.heat ? p.heat.dataVersion : 0;
    overlay.setProps({ layers: [layer] });
    mapRef.current?.triggerRepaint();
  }, [mapRef, overlayRef, loaded, p.heat, p.columns, columnData, radiusPx, heatDomain, rings, ringW, ringMin]);

  // --- the value under each label ---
  const values = useMemo(() => {
    const out = new Map<string, string>();
    for (const l of labels) {
      let text = '';
      if (p.indicator === 'zone') {
        const r = p.rating.find((x) => x.municipality === l.oktmo);
        text = r?.score !== null && r?.score !== undefined ? `${r.zone === 'red' ? '⚠ ' : ''}${fmtDec1(r.score)}` : '';
      } else {
        // the value the colour stands for, in the registry's format; the alarm classes carry «⚠»
        const def = mapDef(p.indicator) as ScaleMapIndicator;
        const v = valueOf(byMuni.get(l.oktmo));
        if (v !== null) {
          const c = mapClassOf(def, v);
          const alarm = def.better === 'lower' ? c >= def.breaks.length - 1 : def.better === 'higher' ? c === 0 : false;
          text = `${alarm ? '⚠ ' : ''}${def.format(v)}`;
        }
      }
      out.set(l.oktmo, text);
    }
    return out;
  }, [labels, byMuni, p.rating, p.indicator, valueOf]);

  const attribution = p.attribution.some((a) => /OpenStreetMap/.test(a)) ? p.attribution : [OSM_ATTRIBUTION, ...p.attribution];
  return (
    <section className="panel map-panel" data-testid="map" data-incident-marks={rings.map((r) => r.id).join(' ')}>
      {/* the indicator and its period head the panel, as on every panel: the legend over the map keeps only the classes */}
      <div className="panel-head map-head">
        <h2 data-testid="legend-title">
          {INDICATOR_LABELS[p.indicator]} <span className="h2-period">{INDICATOR_HAS_PERIOD[p.indicator] ? period : stateWord}</span>
        </h2>
      </div>
      <div className="map-area">
        <div className="map-box" ref={boxRef} />
        <MapLabels map={mapRef} loaded={loaded} labels={labels} values={values} focus={p.focus} legend={legendRef} layoutKey={corner} obstacles={ringBoxes} />
        <Legend ref={legendRef} corner={corner} domain={domain} thresholds={p.thresholds} heatDomain={heatDomain} hasHeat={!!p.heat && p.heat.count > 0} />
      </div>
      <div className="attribution" data-testid="attribution">
        {attribution.map((a) => (
          <div key={a}>{a}</div>
        ))}
      </div>
    </section>
  );
}
