/**
 * The reference server's data: an append-only log of raw items (JSON text, as served) and the
 * current state per id. Every revision appended without `updatedAt` is stamped with the server's
 * clock (central-api.md 1.1). Positions (`seq`) grow by one per appended item and are never reused;
 * compaction drops superseded entries below a floor, and cursors below the floor get 410 Gone.
 */
import { checkItem, indexReference, type Message, type Reference, type ReferenceIndex } from '../../../shared/schema.js';

/** The item with `updatedAt` set to the clock's instant when it is an object without one. */
function stamped(raw: unknown, clock: () => number): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const u = (raw as { updatedAt?: unknown }).updatedAt;
  if (u !== undefined && u !== null) return raw;
  return { ...(raw as object), updatedAt: new Date(clock()).toISOString() };
}

interface Current {
  rev: number;
  seq: number;
  deleted: boolean;
}

export class CentralStore {
  /** Parallel arrays of the log: position, id, JSON text. */
  private seqs: number[] = [];
  private ids: string[] = [];
  private jsons: string[] = [];
  /** Next position to be written (= number of items ever appended). */
  head = 0;
  /** Positions below it were compacted. */
  floor = 0;
  /** Number of compactions so far (cursors carry the generation they were issued in). */
  generation = 0;
  private current = new Map<string, Current>();
  private refIndex: ReferenceIndex;
  private listeners = new Set<(from: number) => void>();

  /**
   * `clock` gives the instant (epoch ms) stamped as `updatedAt` on an appended revision that has
   * none (central-api.md 1.1: the reference server stamps every revision it appends).
   */
  constructor(
    public reference: Reference,
    private readonly clock: () => number = Date.now,
  ) {
    this.refIndex = indexReference(reference);
  }

  setReference(ref: Reference): void {
    this.reference = ref;
    this.refIndex = indexReference(ref);
  }

  /** Appends raw items in order; returns the position after the last. */
  append(items: readonly unknown[]): number {
    const from = this.head;
    for (const given of items) {
      const raw = stamped(given, this.clock);
      const json = JSON.stringify(raw);
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '';
      const seq = this.head++;
      this.seqs.push(seq);
      this.ids.push(id);
      this.jsons.push(json);
      const c = checkItem(raw, this.refIndex);
      if (!c.ok) continue;
      const cur = this.current.get(c.item.id);
      if (cur && cur.rev >= c.item.rev) continue;
      this.current.set(c.item.id, { rev: c.item.rev, seq, deleted: c.item.deleted === true });
    }
    if (this.head > from) for (const l of this.listeners) l(from);
    return this.head;
  }

  /** Index into the arrays of the first entry with seq >= pos. */
  private indexOf(pos: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Up to `limit` entries from position `pos`: their JSON and the position after the last one. */
  read(pos: number, limit: number): { jsons: string[]; seqs: number[]; next: number } {
    const i = this.indexOf(pos);
    const j = Math.min(this.seqs.length, i + limit);
    const jsons = this.jsons.slice(i, j);
    const seqs = this.seqs.slice(i, j);
    // The position after the page is the next HELD entry (or the head), never a dropped one.
    const next = j < this.seqs.length ? this.seqs[j]! : this.head;
    return { jsons, seqs, next };
  }

  /** The current message (null when unknown or deleted). */
  get(id: string): Message | null {
    const cur = this.current.get(id);
    if (!cur || cur.deleted) return null;
    const i = this.indexOf(cur.seq);
    return JSON.parse(this.jsons[i]!) as Message;
  }

  isDeleted(id: string): boolean {
    return this.current.get(id)?.deleted === true;
  }

  /** Current messages sorted by id, without tombstones. */
  state(): Message[] {
    const ids = [...this.current.entries()].filter(([, c]) => !c.deleted).map(([id]) => id);
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return ids.map((id) => this.get(id)!);
  }

  liveCount(): number {
    let n = 0;
    for (const c of this.current.values()) if (!c.deleted) n++;
    return n;
  }

  /**
   * Compaction: every position below `upTo` (default: the head) becomes unreachable by cursor,
   * and entries below it that a later entry of the same id supersedes are dropped.
   */
  compact(upTo = this.head): void {
    const floor = Math.min(Math.max(this.floor, upTo), this.head);
    const keep = (k: number) => {
      const seq = this.seqs[k]!;
      if (seq >= floor) return true;
      const cur = this.current.get(this.ids[k]!);
      return cur !== undefined && cur.seq === seq;
    };
    const s: number[] = [];
    const d: string[] = [];
    const js: string[] = [];
    for (let k = 0; k < this.seqs.length; k++)
      if (keep(k)) {
        s.push(this.seqs[k]!);
        d.push(this.ids[k]!);
        js.push(this.jsons[k]!);
      }
    this.seqs = s;
    this.ids = d;
    this.jsons = js;
    this.floor = floor;
    this.generation++;
  }

  /** Whether an entry with exactly this position is held. */
  holds(pos: number): boolean {
    const i = this.indexOf(pos);
    return i < this.seqs.length && this.seqs[i] === pos;
  }

  /** Entries physically held. */
  size(): number {
    return this.seqs.length;
  }

  onAppend(l: (from: number) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
