/**
 * The demo world's model: the shapes every unit of the simulation shares — the region's state
 * (municipalities, pickers, the pending future), a message in flight (`Rec`), mass incidents.
 * Types only, besides `lerp`; the behaviour lives in the sibling units (see ../world.ts).
 */
import type { Message, Tombstone } from '../../../../shared/schema.js';
import type { RegionId, RegionInfo } from '../../../../shared/regions.js';
import type { GeoMunicipality, LatLon, RegionGeo } from '../../geo/regions.js';
import type { CategorySpec, ChannelSpec } from '../catalog.js';
import type { WeightedPicker } from '../rng.js';
import type { BucketQueue } from './queue.js';

export type DemoItem = Message | Tombstone;
export type QualityTier = 'good' | 'mid' | 'bad';

/** A municipality as the simulation sees it. */
export interface MuniModel {
  geo: GeoMunicipality;
  /** Answer quality 0 (bad) … 1 (exemplary): speed, rework, satisfaction follow it. */
  quality: number;
  tier: QualityTier;
  /** Messages per resident relative to the regional average. */
  activity: number;
  isCapital: boolean;
  assignee: string;
  streets: readonly string[];
}

/** A message in flight: its current revision and its planned future. */
export interface Rec {
  msg: Message;
  createdMs: number;
  dueMs: number;
  social: boolean;
  mm: MuniModel;
  /** Final resonance (social channels); rev 1 shows an early part of it. */
  res: Message['resonance'];
  /** For incident messages: when the cause is fixed; answers come after it. */
  fixAt: number | null;
  /**
   * The planned future, flattened triples [time, op, arg, …] in time order (compact: a month of a
   * large region keeps hundreds of thousands of these alive, so no object per change).
   */
  plan: number[];
  /** Index of the next triple; -1 while the creation itself is pending. */
  pi: number;
  /** Time of the next pending event (heap key) and a tie-breaker fixed at creation. */
  t: number;
  k: number;
}

export interface IncidentType {
  category: string;
  /** Local months (1–12) when it happens. */
  months: readonly number[];
  phrases: readonly string[];
}

/** A mass incident as planned: its messages are created when a step reaches `start`. */
export interface Incident {
  type: IncidentType;
  cat: CategorySpec;
  mm: MuniModel;
  start: number;
  spreadMs: number;
  count: number;
  fixAt: number;
  spot: LatLon;
  street: string;
  baseHouse: number;
}

export interface DemoState {
  readonly region: RegionId;
  readonly info: RegionInfo;
  readonly geo: RegionGeo;
  readonly seed: number;
  readonly volumeScale: number;
  readonly municipalities: readonly MuniModel[];
  readonly byOktmo: ReadonlyMap<string, MuniModel>;
  /** Expected messages per average day (before weekday and daily variation). */
  readonly dailyRate: number;
  /** Expected mass incidents per day. */
  readonly incidentsPerDay: number;
  /** Next number of a message id. */
  nextSeq: number;
  /** RFC 3339 in the region's zone. */
  fmt(ms: number): string;
  /** Local hour (0–23) in the region's zone. */
  localHour(ms: number): number;
  /** @internal */ readonly _: Internals;
}

export interface Internals {
  queue: BucketQueue<Rec>;
  evSeq: number;
  muniPicker: WeightedPicker<MuniModel>;
  catPickers: WeightedPicker<CategorySpec>[];
  channelPicker: WeightedPicker<ChannelSpec>;
  incidentChannelPicker: WeightedPicker<ChannelSpec>;
  catById: Map<string, CategorySpec>;
  channelById: Map<string, ChannelSpec>;
  offsetMs(ms: number): number;
  incidents: Incident[];
  /** Whether steps start random incidents themselves (off while a history runs on its own plan). */
  autoIncidents: boolean;
  /** Mass incidents a day the live feed starts (null: the model's `incidentsPerDay`). */
  liveIncidentsPerDay: number | null;
  /** Mass incidents whose messages have been created so far (history and live). */
  incidentsStarted: number;
}

export interface DemoStateOptions {
  region: RegionId;
  seed: number;
  volumeScale?: number;
}

export const lerp = (a: number, b: number, q: number) => a + (b - a) * q;
