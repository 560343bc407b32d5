/**
 * A typed event emitter: named events, each with its data type, listeners as disposables.
 * The hub's own events (`HubEventMap`: the protocol's EVENTS) go to the transports; services use
 * the same class for their internal notices (the data set's `changed`).
 *
 *   const events = new TypedEmitter<HubEventMap>();
 *   const sub = events.on('viewChanged', (d) => d.dataVersion);
 *   events.emit('viewChanged', { dataVersion: 3 });
 *   sub.dispose();  // or events.dispose(): every listener removed, later emits are dropped
 *
 * A listener that throws never stops the emitter or the other listeners.
 */
import { toDisposable, type Disposable } from '../../../shared/lifecycle.js';
import type { EventData, EventName } from '../../../shared/bridge/protocol.js';

/** The hub's events to its clients: name → data (docs of each in shared/bridge/protocol.ts). */
export type HubEventMap = { [E in EventName]: EventData<E> };

/** The emitting side only: what a service that announces something needs. */
export interface EventSink<M extends object> {
  emit<E extends keyof M & string>(event: E, data: M[E]): void;
}

/** The listening side only. */
export interface EventSource<M extends object> {
  on<E extends keyof M & string>(event: E, listener: (data: M[E]) => void): Disposable;
}

export class TypedEmitter<M extends object> implements EventSink<M>, EventSource<M>, Disposable {
  private readonly listeners = new Map<keyof M, Set<Disposable & { fn: (data: never) => void }>>();
  private disposed = false;

  on<E extends keyof M & string>(event: E, listener: (data: M[E]) => void): Disposable {
    if (this.disposed) {
      const none = toDisposable(() => undefined);
      none.dispose();
      return none;
    }
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const s = set;
    const sub = Object.assign(
      toDisposable(() => void s.delete(sub)),
      { fn: listener as (data: never) => void },
    );
    s.add(sub);
    return sub;
  }

  emit<E extends keyof M & string>(event: E, data: M[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const sub of [...set]) {
      try {
        (sub.fn as (data: M[E]) => void)(data);
      } catch {
        // a broken listener never stops the hub
      }
    }
  }

  /** Listeners of `event` (or of all events) now. */
  listenerCount(event?: keyof M): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Remove every listener; later `on` gets a no-op subscription and `emit` reaches nobody. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.listeners.values()].flatMap((s) => [...s]);
    this.listeners.clear();
    for (const sub of all) sub.dispose();
  }
}
