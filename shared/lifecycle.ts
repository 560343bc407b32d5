/**
 * One lifecycle for everything that holds a timer, a listener, a socket or a file: it is a
 * `Disposable`, it is added to the `DisposableStore` of whoever owns it, and disposing the owner
 * disposes it — so closing the hub (or unmounting a panel) can never leak one. In the spirit of
 * VS Code's `Disposable`/`DisposableStore`; pure TypeScript, usable in the hub and the renderer.
 *
 *   const store = new DisposableStore();
 *   store.add(disposableInterval(() => refresh(), 5_000, { unref: true }));
 *   store.add(toDisposable(() => socket.close()));
 *   store.dispose();                      // both released, last added first
 *
 * Order: a store releases its members last-added-first (like TC39's DisposableStack), so what was
 * acquired later — and may depend on what came before — is released before it. A store that is
 * already disposed disposes whatever is added to it at once (a late timer never outlives its owner).
 * An error thrown by one member does not keep the others: all are disposed, then the error (or an
 * AggregateError of all of them) is thrown.
 *
 * Leaks: `setDisposableTracker` installs a tracker that hears of every disposable made here and of
 * its disposal; `LeakTracker` (tests) lists those never disposed.
 */

export interface Disposable {
  dispose(): void;
}

/** Something whose release may take time (a data source finishing its last request). */
export interface AsyncDisposable {
  dispose(): void | Promise<void>;
}

// ------------------------------------------------------------------------------------- tracking

export interface DisposableTracker {
  trackDisposable(d: AsyncDisposable): void;
  markAsDisposed(d: AsyncDisposable): void;
}

let tracker: DisposableTracker | null = null;

/** Install (or with null remove) the tracker told of every disposable made by this module. */
export function setDisposableTracker(t: DisposableTracker | null): void {
  tracker = t;
}

function track<T extends AsyncDisposable>(d: T): T {
  tracker?.trackDisposable(d);
  return d;
}

function markDisposed(d: AsyncDisposable): void {
  tracker?.markAsDisposed(d);
}

/** A tracker that remembers every disposable not yet disposed (for tests: "nothing leaked"). */
export class LeakTracker implements DisposableTracker {
  private readonly live = new Set<AsyncDisposable>();
  trackDisposable(d: AsyncDisposable): void {
    this.live.add(d);
  }
  markAsDisposed(d: AsyncDisposable): void {
    this.live.delete(d);
  }
  /** Disposables made while this tracker was installed and never disposed. */
  undisposed(): AsyncDisposable[] {
    return [...this.live];
  }
}

// ------------------------------------------------------------------------------------- helpers

export function isDisposable(x: unknown): x is AsyncDisposable {
  return typeof x === 'object' && x !== null && typeof (x as { dispose?: unknown }).dispose === 'function';
}

/** A disposable running `fn` once, on the first dispose. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  const d: Disposable = {
    dispose() {
      if (done) return;
      done = true;
      markDisposed(d);
      fn();
    },
  };
  return track(d);
}

/** An async disposable running `fn` once; later calls get the same promise. */
export function toAsyncDisposable(fn: () => void | Promise<void>): AsyncDisposable & { dispose(): Promise<void> } {
  let done: Promise<void> | null = null;
  const d = {
    dispose(): Promise<void> {
      if (done) return done;
      markDisposed(d);
      done = (async () => fn())();
      return done;
    },
  };
  return track(d);
}

/** Dispose all of `items` (last first), then throw the first error, or an AggregateError of them. */
export function disposeAll(items: Iterable<Disposable>): void {
  const errors: unknown[] = [];
  for (const d of [...items].reverse()) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  throwErrors(errors);
}

function throwErrors(errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'несколько ошибок при освобождении ресурсов');
}

interface TimerHandle {
  unref?: () => unknown;
}

export interface TimerOptions {
  /** Node: the timer does not keep the process alive (ignored in a browser). */
  unref?: boolean;
}

/** setTimeout as a disposable: dispose clears it; once it has fired it counts as disposed. */
export function disposableTimeout(fn: () => void, ms: number, opts?: TimerOptions): Disposable {
  let pending = true;
  const handle = setTimeout(() => {
    pending = false;
    markDisposed(d);
    fn();
  }, ms);
  if (opts?.unref) (handle as unknown as TimerHandle).unref?.();
  const d: Disposable = {
    dispose() {
      if (!pending) return;
      pending = false;
      markDisposed(d);
      clearTimeout(handle);
    },
  };
  return track(d);
}

/** setInterval as a disposable: dispose clears it. */
export function disposableInterval(fn: () => void, ms: number, opts?: TimerOptions): Disposable {
  const handle = setInterval(fn, ms);
  if (opts?.unref) (handle as unknown as TimerHandle).unref?.();
  return toDisposable(() => clearInterval(handle));
}

// ------------------------------------------------------------------------------------- stores

/** The disposables of one owner, released together (last added first). */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  constructor() {
    track(this);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keep `d` until this store is disposed; a disposed store disposes it at once. */
  add<T extends Disposable>(d: T): T {
    if ((d as unknown) === this) throw new Error('хранилище ресурсов не может содержать само себя');
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Dispose `d` now and forget it (no-op when it is not held here). */
  delete(d: Disposable): void {
    const i = this.items.indexOf(d);
    if (i < 0) return;
    this.items.splice(i, 1);
    d.dispose();
  }

  /** Dispose every member now; the store stays usable. */
  clear(): void {
    disposeAll(this.items.splice(0));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    markDisposed(this);
    this.clear();
  }
}

/**
 * The cleanup list of an owner whose members may release asynchronously (the hub: sources finish
 * their last request, then the cache is closed). Members are released one after another, last
 * added first, each awaited; synchronous members before the first asynchronous one are released
 * synchronously within the `dispose()` call. `dispose()` is idempotent: every call gets the same
 * promise.
 */
export class AsyncDisposableStore implements AsyncDisposable {
  private readonly items: AsyncDisposable[] = [];
  private done: Promise<void> | null = null;

  constructor() {
    track(this);
  }

  get isDisposed(): boolean {
    return this.done !== null;
  }

  /** Keep `d` until this store is disposed; a disposed store disposes it at once (not awaited). */
  add<T extends AsyncDisposable>(d: T): T {
    if ((d as unknown) === this) throw new Error('хранилище ресурсов не может содержать само себя');
    if (this.done) void Promise.resolve(d.dispose()).catch(() => undefined);
    else this.items.push(d);
    return d;
  }

  dispose(): Promise<void> {
    if (this.done) return this.done;
    markDisposed(this);
    this.done = this.run();
    return this.done;
  }

  private async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const d of this.items.splice(0).reverse()) {
      try {
        const r = d.dispose();
        if (r && typeof (r as Promise<void>).then === 'function') await r;
      } catch (e) {
        errors.push(e);
      }
    }
    throwErrors(errors);
  }
}

/** Holds at most one disposable; setting a new value disposes the old one (a re-armed timer). */
export class MutableDisposable<T extends Disposable = Disposable> implements Disposable {
  private current: T | undefined;
  private disposed = false;

  constructor() {
    track(this);
  }

  get value(): T | undefined {
    return this.current;
  }

  set value(v: T | undefined) {
    if (v === this.current) return;
    const old = this.current;
    this.current = undefined;
    old?.dispose();
    if (this.disposed) v?.dispose();
    else this.current = v;
  }

  /** Dispose the held value, keep the holder. */
  clear(): void {
    this.value = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    markDisposed(this);
    const old = this.current;
    this.current = undefined;
    old?.dispose();
  }
}
