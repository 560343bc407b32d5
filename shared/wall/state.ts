/**
 * The one authoritative wall state (DESIGN.md: it lives in the main process, or in the hub in
 * browser mode, and is broadcast to every window) and the intents a console sends to change it.
 * `applyIntent` is the only way the state changes; it is pure so both hosts share it.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(200);

export const TimeWindowSchema = z.union([
  z.strictObject({ preset: z.enum(['today', '24h', '7d', '30d']) }),
  z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
]);

export const CameraSchema = z.strictObject({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  zoom: z.number().min(0).max(24),
  bearing: z.number().min(-360).max(360).default(0),
  pitch: z.number().min(0).max(85).default(0),
});

export const WallStateSchema = z.strictObject({
  /** Scene of the spanned canvas / the rotating scene; per-display windows keep their own. */
  scene: Id,
  /** A console pinned the scene: the playlist does not rotate it. */
  pinned: z.boolean(),
  filters: z.strictObject({ blocks: z.array(Id), municipalities: z.array(Id) }),
  timeWindow: TimeWindowSchema,
  selection: z.strictObject({ municipality: Id.nullable(), block: Id.nullable() }),
  camera: CameraSchema.nullable(),
  /** Incremented on every change; windows drop pushes older than what they have. */
  rev: z.number().int().nonnegative(),
});
export type WallState = z.infer<typeof WallStateSchema>;

export function initialWallState(scene: string): WallState {
  return {
    scene,
    pinned: false,
    filters: { blocks: [], municipalities: [] },
    timeWindow: { preset: '24h' },
    selection: { municipality: null, block: null },
    camera: null,
    rev: 0,
  };
}

export const WallIntentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('showScene'), scene: Id }),
  z.strictObject({ type: z.literal('pinScene'), scene: Id.nullable() }),
  z.strictObject({ type: z.literal('nextScene'), scenes: z.array(Id).min(1) }),
  z.strictObject({ type: z.literal('setFilters'), blocks: z.array(Id).max(100), municipalities: z.array(Id).max(1000) }),
  z.strictObject({ type: z.literal('setTimeWindow'), timeWindow: TimeWindowSchema }),
  z.strictObject({ type: z.literal('select'), municipality: Id.nullable(), block: Id.nullable() }),
  z.strictObject({ type: z.literal('setCamera'), camera: CameraSchema.nullable() }),
]);
export type WallIntent = z.infer<typeof WallIntentSchema>;

export function applyIntent(s: WallState, i: WallIntent): WallState {
  const next = (patch: Partial<WallState>): WallState => ({ ...s, ...patch, rev: s.rev + 1 });
  switch (i.type) {
    case 'showScene':
      return next({ scene: i.scene });
    case 'pinScene':
      return i.scene === null ? next({ pinned: false }) : next({ scene: i.scene, pinned: true });
    case 'nextScene': {
      if (s.pinned) return s;
      const at = i.scenes.indexOf(s.scene);
      const scene = i.scenes[(at + 1) % i.scenes.length]!;
      return scene === s.scene ? s : next({ scene });
    }
    case 'setFilters':
      return next({ filters: { blocks: [...i.blocks], municipalities: [...i.municipalities] } });
    case 'setTimeWindow':
      return next({ timeWindow: i.timeWindow });
    case 'select':
      return next({ selection: { municipality: i.municipality, block: i.block } });
    case 'setCamera':
      return next({ camera: i.camera });
  }
}
