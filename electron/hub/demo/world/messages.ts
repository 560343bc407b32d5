/**
 * A new message of the demo world: municipality, category by season, channel, due time, place,
 * text (with personal data), location, social resonance and the responsible body — rev 1, status
 * new, its whole future planned at once; now and then a duplicate the source deletes later.
 */
import type { Message } from '../../../../shared/schema.js';
import { HOUR } from '../../../../shared/model.js';
import type { LatLon } from '../../geo/regions.js';
import { BLOCK_MINISTRY, REGION_GENITIVE, type CategorySpec, type ChannelSpec } from '../catalog.js';
import { chance, logNormal, pick, randInt, type Rng } from '../rng.js';
import { composeText, type Place } from '../texts.js';
import { dueFor, localMonth } from './calendar.js';
import { enqueue, OP_DELETE, planLifecycle } from './lifecycle.js';
import { lerp, type DemoState, type MuniModel, type Rec } from './model.js';

function regionGenitive(st: DemoState): string {
  return REGION_GENITIVE[st.region] ?? st.info.name;
}

function resonanceFor(rng: Rng, channel: ChannelSpec, incident: boolean): Message['resonance'] {
  if (!channel.social) return null;
  const viral = chance(rng, incident ? 0.08 : 0.02);
  const views = Math.round(viral ? logNormal(rng, 14_000, 0.8) : logNormal(rng, incident ? 700 : 80, 1.1));
  const likes = Math.round(views * (viral ? lerp(0.012, 0.04, rng()) : 0.05 * rng()));
  const reposts = Math.round(views * (viral ? lerp(0.002, 0.008, rng()) : 0.008 * rng()));
  const comments = Math.round(views * (viral ? lerp(0.004, 0.015, rng()) : 0.03 * rng()));
  return { views, likes, reposts, comments };
}

function scaleRes(r: Message['resonance'], k: number): Message['resonance'] {
  if (!r) return null;
  const s = (v: number | null | undefined) => (v == null ? v : Math.round(v * k));
  return { views: s(r.views), likes: s(r.likes), reposts: s(r.reposts), comments: s(r.comments) };
}

function newId(st: DemoState, channel: ChannelSpec): string {
  return `${channel.idPrefix}-${String(st.nextSeq++).padStart(7, '0')}`;
}

export interface CreateOpts {
  mm?: MuniModel;
  cat?: CategorySpec;
  channel?: ChannelSpec;
  location?: LatLon;
  place?: Place;
  phrase?: string;
  fixAt?: number | null;
}

/** Creates one message at `t` (rev 1, status new), schedules its creation and its whole future. */
export function createMessage(st: DemoState, t0: number, rng: Rng, o: CreateOpts = {}): Rec {
  const t = Math.floor(t0 / 1000) * 1000;
  const mm = o.mm ?? st._.muniPicker.pick(rng);
  const cat = o.cat ?? st._.catPickers[localMonth(st, t)]!.pick(rng);
  const channel = o.channel ?? st._.channelPicker.pick(rng);
  const due = Math.floor(dueFor(st, channel, t, rng) / 1000) * 1000;
  const place = o.place ?? { street: pick(rng, mm.streets), house: randInt(rng, 1, mm.isCapital ? 140 : 60) };
  const { text } = composeText(rng, cat, channel.id, st.region, place, channel.social, o.phrase);
  const location = o.location ?? st.geo.pointIn(mm.geo.oktmo, rng);
  const res = resonanceFor(rng, channel, o.fixAt != null);
  const assignee = chance(rng, cat.municipalShare) ? mm.assignee : `${BLOCK_MINISTRY[cat.block]} ${regionGenitive(st)}`;
  const msg: Message = {
    id: newId(st, channel),
    rev: 1,
    channel: channel.id,
    municipality: mm.geo.oktmo,
    location,
    block: cat.block,
    category: cat.id,
    createdAt: st.fmt(t),
    dueAt: st.fmt(due),
    firstResponseAt: null,
    answeredAt: null,
    status: 'new',
    reworkCount: 0,
    resonance: scaleRes(res, 0.35),
    satisfaction: null,
    assignee,
    updatedAt: st.fmt(t),
    text,
  };
  const rec: Rec = { msg, createdMs: t, dueMs: due, social: channel.social, mm, res, fixAt: o.fixAt ?? null, plan: [], pi: -1, t, k: st._.evSeq++ };
  planLifecycle(st, rec, 'new', t, 0, null, rng);
  enqueue(st, rec);

  // A few duplicates (the same person posting twice) that the source deletes a little later.
  if (o.fixAt == null && chance(rng, 0.004)) {
    const dt = Math.floor((t + randInt(rng, 60, 1200) * 1000) / 1000) * 1000;
    const dup: Message = { ...msg, id: newId(st, channel), createdAt: st.fmt(dt), dueAt: st.fmt(due + (dt - t)), resonance: scaleRes(res, 0.05), updatedAt: st.fmt(dt) };
    const del = dt + Math.max(60_000, Math.floor(logNormal(rng, 3 * HOUR, 0.7) / 1000) * 1000);
    const drec: Rec = { ...rec, msg: dup, createdMs: dt, dueMs: due + (dt - t), plan: [del, OP_DELETE, 0], pi: -1, t: dt, k: st._.evSeq++ };
    enqueue(st, drec);
  }
  return rec;
}
