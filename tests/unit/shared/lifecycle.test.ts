import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AsyncDisposableStore,
  DisposableStore,
  LeakTracker,
  MutableDisposable,
  disposableInterval,
  disposableTimeout,
  isDisposable,
  setDisposableTracker,
  toAsyncDisposable,
  toDisposable,
} from '../../../shared/lifecycle.js';

afterEach(() => {
  setDisposableTracker(null);
  vi.useRealTimers();
});

describe('toDisposable', () => {
  it('runs its function once, however often it is disposed', () => {
    const fn = vi.fn();
    const d = toDisposable(fn);
    d.dispose();
    d.dispose();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(isDisposable(d)).toBe(true);
    expect(isDisposable({})).toBe(false);
  });
});

describe('DisposableStore', () => {
  it('releases its members last-added-first, and only once', () => {
    const order: string[] = [];
    const s = new DisposableStore();
    s.add(toDisposable(() => order.push('cache')));
    s.add(toDisposable(() => order.push('timer')));
    s.add(toDisposable(() => order.push('listener')));
    s.dispose();
    s.dispose();
    expect(order).toEqual(['listener', 'timer', 'cache']);
    expect(s.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed (a late timer cannot outlive its owner)', () => {
    const s = new DisposableStore();
    s.dispose();
    const fn = vi.fn();
    s.add(toDisposable(fn));
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('a member that throws does not keep the others; the error comes out after all are released', () => {
    const released: string[] = [];
    const s = new DisposableStore();
    s.add(toDisposable(() => released.push('a')));
    s.add(toDisposable(() => {
      throw new Error('сбой');
    }));
    s.add(toDisposable(() => released.push('c')));
    expect(() => s.dispose()).toThrow('сбой');
    expect(released).toEqual(['c', 'a']);
  });

  it('several failing members give one AggregateError', () => {
    const s = new DisposableStore();
    for (const m of ['x', 'y']) s.add(toDisposable(() => {
      throw new Error(m);
    }));
    try {
      s.dispose();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AggregateError);
      expect((e as AggregateError).errors.map((x: Error) => x.message)).toEqual(['y', 'x']);
    }
  });

  it('delete disposes one member now; clear disposes all and keeps the store usable', () => {
    const a = vi.fn();
    const b = vi.fn();
    const s = new DisposableStore();
    const da = s.add(toDisposable(a));
    s.add(toDisposable(b));
    s.delete(da);
    expect(a).toHaveBeenCalledTimes(1);
    s.clear();
    expect(b).toHaveBeenCalledTimes(1);
    const c = vi.fn();
    s.add(toDisposable(c));
    expect(c).not.toHaveBeenCalled();
    s.dispose();
    expect(c).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('refuses to hold itself', () => {
    const s = new DisposableStore();
    expect(() => s.add(s)).toThrow();
  });
});

describe('AsyncDisposableStore', () => {
  it('awaits each member in turn, last added first; synchronous members before the first await go at once', async () => {
    const order: string[] = [];
    const s = new AsyncDisposableStore();
    s.add(toDisposable(() => order.push('cache')));
    s.add(
      toAsyncDisposable(async () => {
        await new Promise((ok) => setTimeout(ok, 5));
        order.push('source');
      }),
    );
    s.add(toDisposable(() => order.push('router')));
    const p = s.dispose();
    expect(order).toEqual(['router']);
    expect(s.dispose()).toBe(p);
    await p;
    expect(order).toEqual(['router', 'source', 'cache']);
  });

  it('a rejected member does not keep the rest; dispose rejects after all are released', async () => {
    const released = vi.fn();
    const s = new AsyncDisposableStore();
    s.add(toDisposable(released));
    s.add(toAsyncDisposable(() => Promise.reject(new Error('источник'))));
    await expect(s.dispose()).rejects.toThrow('источник');
    expect(released).toHaveBeenCalledTimes(1);
  });

  it('a store nested in a store is released at its place in the order', async () => {
    const order: string[] = [];
    const outer = new AsyncDisposableStore();
    outer.add(toDisposable(() => order.push('cache')));
    const inner = outer.add(new AsyncDisposableStore());
    outer.add(toDisposable(() => order.push('timer')));
    inner.add(toDisposable(() => order.push('source'))); // added later, released in the inner slot
    await outer.dispose();
    expect(order).toEqual(['timer', 'source', 'cache']);
  });
});

describe('MutableDisposable', () => {
  it('setting a new value disposes the old one; disposing the holder disposes the value', () => {
    const a = vi.fn();
    const b = vi.fn();
    const m = new MutableDisposable();
    m.value = toDisposable(a);
    m.value = toDisposable(b);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
    m.dispose();
    expect(b).toHaveBeenCalledTimes(1);
    const c = vi.fn();
    m.value = toDisposable(c);
    expect(c).toHaveBeenCalledTimes(1);
    expect(m.value).toBeUndefined();
  });
});

describe('disposable timers', () => {
  it('a disposed timeout never fires; an interval stops on dispose', () => {
    vi.useFakeTimers();
    const t = vi.fn();
    const i = vi.fn();
    const timeout = disposableTimeout(t, 100);
    const interval = disposableInterval(i, 50, { unref: true });
    vi.advanceTimersByTime(120);
    expect(t).toHaveBeenCalledTimes(1);
    expect(i).toHaveBeenCalledTimes(2);
    timeout.dispose();
    interval.dispose();
    expect(vi.getTimerCount()).toBe(0);
    const late = disposableTimeout(t, 100);
    late.dispose();
    vi.advanceTimersByTime(500);
    expect(t).toHaveBeenCalledTimes(1);
    expect(i).toHaveBeenCalledTimes(2);
  });
});

describe('LeakTracker', () => {
  it('lists what was made and never disposed; a fired timeout counts as disposed', () => {
    vi.useFakeTimers();
    const tracker = new LeakTracker();
    setDisposableTracker(tracker);
    const kept = toDisposable(() => undefined);
    const store = new DisposableStore();
    store.add(toDisposable(() => undefined));
    disposableTimeout(() => undefined, 10);
    expect(tracker.undisposed()).toHaveLength(4);
    vi.advanceTimersByTime(10);
    store.dispose();
    expect(tracker.undisposed()).toEqual([kept]);
    kept.dispose();
    expect(tracker.undisposed()).toEqual([]);
  });
});
