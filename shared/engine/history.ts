/**
 * HistoryStore: every distinct revision of every message (docs/spec/central-api.md 1.1), in
 * columnar typed arrays, so that the state of the data at any instant `t` (docs/spec/kpi.md v2,
 * "The state at an instant") is found without going back to SQLite.
 *
 * - Revisions are appended in the order they are seen; a second copy of an (id, rev) already held
 *   is ignored (the first copy seen wins), whatever its place in the order of revs.
 * - The instant of a revision is its `updatedAt`; without one, a live revision counts from its own
 *   `createdAt`, a tombstone from the `createdAt` of the message (taken from its highest live
 *   revision), and a tombstone of a message with no live revision from the beginning of time.
 * - Per message, its revisions sorted by instant form a small run, with the prefix maximum of `rev`
 *   beside it: the state at `t` is one binary search in the run (the last instant <= t), then the
 *   revision holding the highest rev so far. The runs of all messages are one CSR layout (three
 *   typed arrays), built in one pass; a message changed since is kept aside until the next build.
 * - `storeAt(t)` gives a MessageStore of the states at `t` (the messages that exist then): every
 *   batch function (computeKpi, computeRating, computeQueue, heatPoints) then computes over the
 *   states at `t` unchanged. Moving a held store from one instant to a near one touches only the
 *   messages with a revision between them (an hourly index of the revisions' instants).
 * Pure and isomorphic.
 */
import { HOUR, type NormalizedMessage } from '../model.js';
import { STATUSES } from '../schema.js';
import { Dict, MessageStore, STATUS_INDEX } from './store.js';

/** One revision as the engine takes it. */
export interface RevisionInput {
  id: string;
  rev: number;
  /** `updatedAt` in epoch ms, null when the revision has none. */
  updatedAt: number | null;
  /** The message of a live revision, null for a tombstone. */
  message: NormalizedMessage | null;
}

/** One revision of a message's history, as the console's card shows it. */
export interface HistoryEntry {
  rev: number;
  /** The revision's `updatedAt` (epoch ms), null when it has none. */
  updatedAt: number | null;
  /** The instant it counts from (kpi.md v2): `updatedAt`, else createdAt; -Infinity for "always". */
  instant: number;
  deleted: boolean;
  message: NormalizedMessage | null;
}

const growF64 = (a: Float64Array, n: number) => {
  const r = new Float64Array(n);
  r.set(a);
  return r;
};
const growF32 = (a: Float32Array, n: number) => {
  const r = new Float32Array(n);
  r.set(a);
  return r;
};
const growI32 = (a: Int32Array, n: number) => {
  const r = new Int32Array(n);
  r.set(a);
  return r;
};
const growU16 = (a: Uint16Array, n: number) => {
  const r = new Uint16Array(n);
  r.set(a);
  return r;
};
const growU8 = (a: Uint8Array, n: number) => {
  const r = new Uint8Array(n);
  r.set(a);
  return r;
};

/** How many of the sorted a[lo, hi) are <= v, plus lo. */
function upper(a: Float64Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A message's run kept aside since the last build: instants sorted, best revision of each prefix. */
interface Run {
  at: Float64Array;
  best: Int32Array;
}

export class HistoryStore {
  // ---- messages ----
  ids: string[] = [];
  private readonly msgOf = new Map<string, number>();
  /** First revision of each message (a singly linked list through `rNext`), -1 none. */
  private head = new Int32Array(1024).fill(-1);

  // ---- revisions (append order) ----
  private nr = 0;
  private rcap = 1024;
  rMsg = new Int32Array(this.rcap);
  rNext = new Int32Array(this.rcap);
  rRev = new Float64Array(this.rcap);
  /** updatedAt, NaN when absent. */
  rUpd = new Float64Array(this.rcap);
  rDeleted = new Uint8Array(this.rcap);
  createdAt = new Float64Array(this.rcap);
  dueAt = new Float64Array(this.rcap);
  firstResponseAt = new Float64Array(this.rcap);
  answeredAt = new Float64Array(this.rcap);
  status = new Uint8Array(this.rcap);
  rework = new Uint16Array(this.rcap);
  weight = new Float64Array(this.rcap);
  satisfaction = new Uint8Array(this.rcap);
  lat = new Float32Array(this.rcap);
  lon = new Float32Array(this.rcap);
  block = new Uint16Array(this.rcap);
  municipality = new Uint16Array(this.rcap);
  channel = new Uint16Array(this.rcap);
  category = new Uint16Array(this.rcap);

  readonly blocks = new Dict();
  readonly municipalities = new Dict();
  readonly channels = new Dict();
  readonly categories = new Dict();

  // ---- the index (CSR runs), built lazily ----
  private built = false;
  private runStart = new Int32Array(1);
  private runAt = new Float64Array(0);
  private runBest = new Int32Array(0);
  /** Messages changed since the build (their runs computed afresh). */
  private aside = new Map<number, Run>();
  /** Revisions by hour of their instant (for moving a store between near instants). */
  private hourKeys = new Float64Array(0);
  private hourStart = new Int32Array(1);
  private hourRev = new Int32Array(0);
  /** Finite instants of revisions appended since the build (not in the hourly index). */
  private lateRevs: number[] = [];

  /** Incremented on every change. */
  version = 0;

  get messageCount(): number {
    return this.ids.length;
  }
  get revisionCount(): number {
    return this.nr;
  }

  private growRevs(): void {
    const c = this.rcap * 2;
    this.rMsg = growI32(this.rMsg, c);
    this.rNext = growI32(this.rNext, c);
    this.rRev = growF64(this.rRev, c);
    this.rUpd = growF64(this.rUpd, c);
    this.rDeleted = growU8(this.rDeleted, c);
    this.createdAt = growF64(this.createdAt, c);
    this.dueAt = growF64(this.dueAt, c);
    this.firstResponseAt = growF64(this.firstResponseAt, c);
    this.answeredAt = growF64(this.answeredAt, c);
    this.status = growU8(this.status, c);
    this.rework = growU16(this.rework, c);
    this.weight = growF64(this.weight, c);
    this.satisfaction = growU8(this.satisfaction, c);
    this.lat = growF32(this.lat, c);
    this.lon = growF32(this.lon, c);
    this.block = growU16(this.block, c);
    this.municipality = growU16(this.municipality, c);
    this.channel = growU16(this.channel, c);
    this.category = growU16(this.category, c);
    this.rcap = c;
  }

  /** Message index of an id (-1 when never seen). */
  messageIndex(id: string): number {
    return this.msgOf.get(id) ?? -1;
  }

  /**
   * Adds a revision; false (nothing changes) when this (id, rev) is already held: the first copy
   * seen wins (central-api.md 1.1).
   */
  add(r: RevisionInput): boolean {
    let m = this.msgOf.get(r.id);
    if (m === undefined) {
      m = this.ids.length;
      this.ids.push(r.id);
      this.msgOf.set(r.id, m);
      if (m >= this.head.length) {
        const h = new Int32Array(this.head.length * 2).fill(-1);
        h.set(this.head);
        this.head = h;
      }
    } else {
      for (let k = this.head[m]!; k >= 0; k = this.rNext[k]!) if (this.rRev[k] === r.rev) return false;
    }
    if (this.nr === this.rcap) this.growRevs();
    const k = this.nr++;
    this.rMsg[k] = m;
    this.rNext[k] = this.head[m]!;
    this.head[m] = k;
    this.rRev[k] = r.rev;
    this.rUpd[k] = r.updatedAt ?? NaN;
    const msg = r.message;
    if (msg === null) {
      this.rDeleted[k] = 1;
      this.createdAt[k] = NaN;
      this.dueAt[k] = NaN;
      this.firstResponseAt[k] = NaN;
      this.answeredAt[k] = NaN;
      this.status[k] = 0;
      this.rework[k] = 0;
      this.weight[k] = 0;
      this.satisfaction[k] = 0;
      this.lat[k] = NaN;
      this.lon[k] = NaN;
      this.block[k] = this.municipality[k] = this.channel[k] = this.category[k] = 0;
    } else {
      this.rDeleted[k] = 0;
      this.createdAt[k] = msg.createdAt;
      this.dueAt[k] = msg.dueAt;
      this.firstResponseAt[k] = msg.firstResponseAt ?? NaN;
      this.answeredAt[k] = msg.answeredAt ?? NaN;
      this.status[k] = STATUS_INDEX[msg.status];
      this.rework[k] = Math.min(msg.reworkCount, 0xffff);
      this.weight[k] = msg.weight;
      this.satisfaction[k] = msg.satisfaction ?? 0;
      const hasLoc = msg.lat !== null && msg.lon !== null;
      this.lat[k] = hasLoc ? msg.lat! : NaN;
      this.lon[k] = hasLoc ? msg.lon! : NaN;
      this.block[k] = this.blocks.intern(msg.block);
      this.municipality[k] = this.municipalities.intern(msg.municipality);
      this.channel[k] = this.channels.intern(msg.channel);
      this.category[k] = this.categories.intern(msg.category);
    }
    this.version++;
    if (this.built) {
      this.aside.set(m, this.computeRun(m));
      // Its message is touched by every later moveStore (the instants of its tombstones may
      // change with it too), until the next build.
      this.lateRevs.push(k);
      if (this.aside.size > 4096 + (this.ids.length >> 4)) this.built = false;
    }
    return true;
  }

  /** Adds many revisions; returns how many were new. */
  addAll(revs: Iterable<RevisionInput>): number {
    let n = 0;
    for (const r of revs) if (this.add(r)) n++;
    return n;
  }

  /** createdAt of the message's highest live revision (NaN when it has none). */
  private messageCreatedAt(m: number): number {
    let best = -Infinity;
    let c = NaN;
    for (let k = this.head[m]!; k >= 0; k = this.rNext[k]!)
      if (!this.rDeleted[k] && this.rRev[k]! > best) {
        best = this.rRev[k]!;
        c = this.createdAt[k]!;
      }
    return c;
  }

  /** The instant revision k counts from (kpi.md v2), given its message's createdAt. */
  private instantOf(k: number, msgCreated: number): number {
    const u = this.rUpd[k]!;
    if (u === u) return u;
    if (!this.rDeleted[k]) return this.createdAt[k]!;
    return msgCreated === msgCreated ? msgCreated : -Infinity;
  }

  private computeRun(m: number): Run {
    const c = this.messageCreatedAt(m);
    const ks: number[] = [];
    for (let k = this.head[m]!; k >= 0; k = this.rNext[k]!) ks.push(k);
    const at = ks.map((k) => this.instantOf(k, c));
    const order = ks.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || this.rRev[ks[a]!]! - this.rRev[ks[b]!]! || 0);
    const run: Run = { at: new Float64Array(ks.length), best: new Int32Array(ks.length) };
    let best = -1;
    order.forEach((i, j) => {
      const k = ks[i]!;
      if (best < 0 || this.rRev[k]! > this.rRev[best]!) best = k;
      run.at[j] = at[i]!;
      run.best[j] = best;
    });
    return run;
  }

  /** Builds the CSR runs and the hourly index of instants in a few linear passes. */
  private build(): void {
    const M = this.ids.length;
    const R = this.nr;
    const start = new Int32Array(M + 1);
    for (let k = 0; k < R; k++) start[this.rMsg[k]! + 1]!++;
    for (let m = 0; m < M; m++) start[m + 1]! += start[m]!;
    const at = new Float64Array(R);
    const best = new Int32Array(R);
    const created = new Float64Array(M).fill(NaN);
    const createdRev = new Float64Array(M).fill(-Infinity);
    for (let k = 0; k < R; k++) {
      if (this.rDeleted[k]) continue;
      const m = this.rMsg[k]!;
      if (this.rRev[k]! > createdRev[m]!) {
        createdRev[m] = this.rRev[k]!;
        created[m] = this.createdAt[k]!;
      }
    }
    // place each revision in its message's run (insertion sort by instant, then rev: runs are short)
    const fill = start.slice(0, M);
    const rev = this.rRev;
    for (let k = 0; k < R; k++) {
      const m = this.rMsg[k]!;
      const t = this.instantOf(k, created[m]!);
      let p = fill[m]!++;
      const lo = start[m]!;
      while (p > lo && (at[p - 1]! > t || (at[p - 1] === t && rev[best[p - 1]!]! > rev[k]!))) {
        at[p] = at[p - 1]!;
        best[p] = best[p - 1]!;
        p--;
      }
      at[p] = t;
      best[p] = k;
    }
    // prefix best rev
    for (let m = 0; m < M; m++) {
      const hi = start[m + 1]!;
      let b = -1;
      for (let p = start[m]!; p < hi; p++) {
        const k = best[p]!;
        if (b < 0 || rev[k]! > rev[b]!) b = k;
        best[p] = b;
      }
    }
    this.runStart = start;
    this.runAt = at;
    this.runBest = best;
    this.aside.clear();
    this.lateRevs = [];
    this.buildHours(created);
    this.built = true;
  }

  private buildHours(created: Float64Array): void {
    const R = this.nr;
    const keyOf = new Float64Array(R);
    for (let k = 0; k < R; k++) {
      const t = this.instantOf(k, created[this.rMsg[k]!]!);
      keyOf[k] = t === Infinity || t === -Infinity ? NaN : Math.floor(t / HOUR);
    }
    const keys = new Map<number, number>();
    for (let k = 0; k < R; k++) {
      const h = keyOf[k]!;
      if (h === h) keys.set(h, (keys.get(h) ?? 0) + 1);
    }
    const sorted = [...keys.keys()].sort((a, b) => a - b);
    const slot = new Map(sorted.map((h, i) => [h, i]));
    const hs = new Int32Array(sorted.length + 1);
    sorted.forEach((h, i) => (hs[i + 1] = hs[i]! + keys.get(h)!));
    const fill = hs.slice(0, sorted.length);
    const revs = new Int32Array(hs[sorted.length]!);
    for (let k = 0; k < R; k++) {
      const h = keyOf[k]!;
      if (h === h) revs[fill[slot.get(h)!]!++] = k;
    }
    this.hourKeys = Float64Array.from(sorted);
    this.hourStart = hs;
    this.hourRev = revs;
  }

  private ensureBuilt(): void {
    if (!this.built) this.build();
  }

  /** The revision that is message m's state at t, or -1 when it does not exist at t. */
  stateAt(m: number, t: number): number {
    this.ensureBuilt();
    return this.stateAtBuilt(m, t);
  }

  private stateAtBuilt(m: number, t: number): number {
    const run = this.aside.size > 0 ? this.aside.get(m) : undefined;
    let k: number;
    if (run !== undefined) {
      const p = upper(run.at, 0, run.at.length, t);
      if (p === 0) return -1;
      k = run.best[p - 1]!;
    } else {
      const lo = this.runStart[m]!;
      const p = upper(this.runAt, lo, this.runStart[m + 1]!, t);
      if (p === lo) return -1;
      k = this.runBest[p - 1]!;
    }
    return this.rDeleted[k] ? -1 : k;
  }

  /** Revision k in the normalised shape (k must be a live revision). */
  normalized(k: number): NormalizedMessage {
    const num = (x: number): number | null => (x === x ? x : null);
    const lat = this.lat[k]!;
    const lon = this.lon[k]!;
    const hasLoc = lat === lat && lon === lon;
    return {
      id: this.ids[this.rMsg[k]!]!,
      rev: this.rRev[k]!,
      channel: this.channels.values[this.channel[k]!]!,
      municipality: this.municipalities.values[this.municipality[k]!]!,
      block: this.blocks.values[this.block[k]!]!,
      category: this.categories.values[this.category[k]!]!,
      createdAt: this.createdAt[k]!,
      dueAt: this.dueAt[k]!,
      firstResponseAt: num(this.firstResponseAt[k]!),
      answeredAt: num(this.answeredAt[k]!),
      status: STATUSES[this.status[k]!]!,
      reworkCount: this.rework[k]!,
      weight: this.weight[k]!,
      satisfaction: this.satisfaction[k]! || null,
      lat: hasLoc ? lat : null,
      lon: hasLoc ? lon : null,
    };
  }

  /** The state of one message at t (null when it does not exist then). */
  messageAt(id: string, t: number): NormalizedMessage | null {
    const m = this.msgOf.get(id);
    if (m === undefined) return null;
    const k = this.stateAt(m, t);
    return k < 0 ? null : this.normalized(k);
  }

  /** createdAt of a message (of its highest live revision); NaN when unknown or only tombstones. */
  createdAtOf(id: string): number {
    const m = this.msgOf.get(id);
    return m === undefined ? NaN : this.messageCreatedAt(m);
  }

  /** The history of one message: its revisions in rev order, with the instants they count from. */
  historyOf(id: string): HistoryEntry[] {
    const m = this.msgOf.get(id);
    if (m === undefined) return [];
    const c = this.messageCreatedAt(m);
    const out: HistoryEntry[] = [];
    for (let k = this.head[m]!; k >= 0; k = this.rNext[k]!) {
      const u = this.rUpd[k]!;
      out.push({
        rev: this.rRev[k]!,
        updatedAt: u === u ? u : null,
        instant: this.instantOf(k, c),
        deleted: this.rDeleted[k] === 1,
        message: this.rDeleted[k] ? null : this.normalized(k),
      });
    }
    return out.sort((a, b) => a.rev - b.rev);
  }

  /** The states at t of every message (its revision, -1 absent), into `out` (length >= messageCount). */
  statesAt(t: number, out?: Int32Array): Int32Array {
    this.ensureBuilt();
    const M = this.ids.length;
    const res = out && out.length >= M ? out : new Int32Array(M);
    const start = this.runStart;
    const at = this.runAt;
    const best = this.runBest;
    const del = this.rDeleted;
    const hasAside = this.aside.size > 0;
    for (let m = 0; m < M; m++) {
      if (hasAside && this.aside.has(m)) {
        res[m] = this.stateAtBuilt(m, t);
        continue;
      }
      const lo = start[m]!;
      const hi = start[m + 1]!;
      let p: number;
      if (hi - lo <= 8) {
        p = lo;
        while (p < hi && at[p]! <= t) p++;
      } else p = upper(at, lo, hi, t);
      if (p === lo) res[m] = -1;
      else {
        const k = best[p - 1]!;
        res[m] = del[k] ? -1 : k;
      }
    }
    return res;
  }

  /**
   * A MessageStore of the messages as they stood at t (row order: message order). With `reuse`,
   * that store (one this history made) is refilled in place when it can be — it is consumed
   * either way: use only the store returned. With `rowOfMessage` (length >= messageCount), the
   * row of each message is written there (-1 absent): moveStore keeps it up to date.
   */
  storeAt(t: number, headroom = 1024, reuse?: MessageStore, rowOfMessage?: Int32Array): MessageStore {
    const states = this.statesAt(t, this.scratchStates);
    this.scratchStates = states;
    return this.storeOfStates(states, headroom, reuse, rowOfMessage);
  }
  private scratchStates: Int32Array | undefined;

  private storeOfStates(states: Int32Array, headroom: number, reuse?: MessageStore, rowOfMessage?: Int32Array): MessageStore {
    const M = this.ids.length;
    let n = 0;
    for (let m = 0; m < M; m++) if (states[m]! >= 0) n++;
    const sel = new Int32Array(n);
    const ids: string[] = reuse ? reuse.ids : new Array<string>(n);
    ids.length = n;
    n = 0;
    for (let m = 0; m < M; m++) {
      const k = states[m]!;
      if (rowOfMessage) rowOfMessage[m] = k >= 0 ? n : -1;
      if (k >= 0) {
        sel[n] = k;
        ids[n++] = this.ids[m]!;
      }
    }
    return MessageStore.fromColumns(
      n,
      ids,
      [this.blocks.values, this.municipalities.values, this.channels.values, this.categories.values],
      (s) => {
        const gatherF64 = (dst: Float64Array, src: Float64Array) => {
          for (let i = 0; i < n; i++) dst[i] = src[sel[i]!]!;
        };
        gatherF64(s.rev, this.rRev);
        gatherF64(s.createdAt, this.createdAt);
        gatherF64(s.dueAt, this.dueAt);
        gatherF64(s.firstResponseAt, this.firstResponseAt);
        gatherF64(s.answeredAt, this.answeredAt);
        gatherF64(s.weight, this.weight);
        for (let i = 0; i < n; i++) {
          const k = sel[i]!;
          s.status[i] = this.status[k]!;
          s.satisfaction[i] = this.satisfaction[k]!;
          s.rework[i] = this.rework[k]!;
          s.lat[i] = this.lat[k]!;
          s.lon[i] = this.lon[k]!;
          s.block[i] = this.block[k]!;
          s.municipality[i] = this.municipality[k]!;
          s.channel[i] = this.channel[k]!;
          s.category[i] = this.category[k]!;
        }
      },
      {
        headroom,
        reuse,
        // the row of an id from the rows written above, kept by moveStore: no id → row map to build
        ...(rowOfMessage ? { lookup: this.rowLookup(rowOfMessage, M) } : {}),
      },
    );
  }

  /** id → row through the message index, for the messages 0..M-1 that rowOfMessage covers. */
  private rowLookup(rowOfMessage: Int32Array, M: number): (id: string) => number | undefined {
    return (id) => {
      const m = this.msgOf.get(id);
      if (m === undefined || m >= M) return undefined;
      const row = rowOfMessage[m]!;
      return row >= 0 ? row : undefined;
    };
  }

  /**
   * Moves `store` (the states at `from`) to the states at `to` by changing only the messages that
   * have a revision whose instant lies between the two; returns how many messages it touched.
   * With `rowOfMessage` (as storeAt filled it) the rows are found there and it is kept up to date,
   * instead of by id (which builds the store's id → row map).
   */
  moveStore(store: MessageStore, from: number, to: number, rowOfMessage?: Int32Array): number {
    this.ensureBuilt();
    if (from === to) return 0;
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    const touched = new Set<number>();
    const keys = this.hourKeys;
    const k0 = Math.floor(lo / HOUR);
    const k1 = Math.floor(hi / HOUR);
    const a = upper(keys, 0, keys.length, k0 - 1);
    const b = upper(keys, 0, keys.length, k1);
    for (let i = a; i < b; i++)
      for (let p = this.hourStart[i]!; p < this.hourStart[i + 1]!; p++) touched.add(this.rMsg[this.hourRev[p]!]!);
    for (const k of this.lateRevs) touched.add(this.rMsg[k]!);
    if (rowOfMessage) {
      for (const m of touched) {
        const k = this.stateAtBuilt(m, to);
        const row = rowOfMessage[m]!;
        if (k < 0) {
          if (row < 0) continue;
          store.removeRow(row);
          rowOfMessage[m] = -1;
          // the last row moved into the hole
          if (row < store.size) rowOfMessage[this.msgOf.get(store.ids[row]!)!] = row;
        } else if (row < 0) rowOfMessage[m] = store.appendRow(this.normalized(k));
        else if (store.rev[row] !== this.rRev[k]) store.replaceRow(row, this.normalized(k));
      }
      return touched.size;
    }
    for (const m of touched) {
      const k = this.stateAtBuilt(m, to);
      const id = this.ids[m]!;
      if (k < 0) store.remove(id);
      else if (store.getRow(id) === undefined || store.rev[store.getRow(id)!] !== this.rRev[k]) store.upsert(this.normalized(k));
    }
    return touched.size;
  }

  /** Messages with a revision whose instant is in [lo, hi] (an estimate of moveStore's work). */
  changesBetween(lo: number, hi: number): number {
    this.ensureBuilt();
    const keys = this.hourKeys;
    const a = upper(keys, 0, keys.length, Math.floor(lo / HOUR) - 1);
    const b = upper(keys, 0, keys.length, Math.floor(hi / HOUR));
    return this.hourStart[b]! - this.hourStart[a]! + this.lateRevs.length;
  }

  /** Earliest and latest finite instants of the revisions (null when none). */
  span(): { first: number; last: number } | null {
    let first = Infinity;
    let last = -Infinity;
    for (let k = 0; k < this.nr; k++) {
      const u = this.rUpd[k]!;
      const t = u === u ? u : this.createdAt[k]!;
      if (t === t) {
        if (t < first) first = t;
        if (t > last) last = t;
      }
    }
    return first <= last ? { first, last } : null;
  }
}
