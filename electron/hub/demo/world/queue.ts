/**
 * The pending future of the demo region: a time-ordered queue of messages keyed on their next
 * planned change (t, then the tie-breaker k fixed at creation).
 */
import { HOUR } from '../../../../shared/model.js';

/** What the queue orders: the time of the next pending event and a tie-breaker. */
export interface Queued {
  t: number;
  k: number;
}

/** Min-heap on (t, k). */
export class EventHeap<Ev extends Queued> {
  private readonly a: Ev[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Ev | undefined {
    return this.a[0];
  }
  private less(x: Ev, y: Ev): boolean {
    return x.t < y.t || (x.t === y.t && x.k < y.k);
  }
  push(e: Ev): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ai = a[i]!;
      const ap = a[p]!;
      if (!this.less(ai, ap)) break;
      a[i] = ap;
      a[p] = ai;
      i = p;
    }
  }
  pop(): Ev | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        const ai = a[i]!;
        a[i] = a[m]!;
        a[m] = ai;
        i = m;
      }
    }
    return top;
  }
}

/**
 * The pending future as hourly buckets: only the hour being drained is a (small, cache-friendly)
 * heap, the rest are unsorted arrays — a month of a large region keeps its whole future pending.
 */
export class BucketQueue<Ev extends Queued> {
  private readonly buckets = new Map<number, Ev[]>();
  private curHour = -Infinity;
  private readonly cur = new EventHeap<Ev>();
  /** The earliest hour that may still hold events. */
  private nextHour = Infinity;

  push(e: Ev): void {
    const h = Math.floor(e.t / HOUR);
    if (h <= this.curHour) {
      this.cur.push(e);
      return;
    }
    let b = this.buckets.get(h);
    if (!b) this.buckets.set(h, (b = []));
    b.push(e);
    if (h < this.nextHour) this.nextHour = h;
  }

  /** Calls `fn` for every event with t < to, in (t, k) order (fn may push more). */
  drain(to: number, fn: (e: Ev) => void): void {
    const last = Math.floor((to - 1) / HOUR);
    for (;;) {
      if (this.cur.size === 0) {
        // Move to the next non-empty hour, if any before `to`.
        let h = Math.max(this.nextHour, this.curHour + 1);
        while (h <= last && !this.buckets.has(h)) h++;
        if (h > last) {
          this.nextHour = h;
          return;
        }
        this.curHour = h;
        const b = this.buckets.get(h)!;
        this.buckets.delete(h);
        for (const e of b) this.cur.push(e);
        this.nextHour = h + 1;
      }
      const top = this.cur.peek()!;
      if (top.t >= to) return;
      this.cur.pop();
      fn(top);
    }
  }
}
