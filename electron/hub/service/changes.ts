/**
 * Announcing data changes to the windows: `viewChanged { dataVersion }` (they re-fetch their
 * view), at most once per VIEW_CHANGED_MIN_INTERVAL_MS however many batches arrive, then `health`
 * (the freshness of the new data). The last change within an interval is always announced.
 */
import { MutableDisposable, disposableTimeout, type Disposable } from '../../../shared/lifecycle.js';
import type { EventSink, HubEventMap } from './events.js';

/** viewChanged is sent at most once per this many ms. */
export const VIEW_CHANGED_MIN_INTERVAL_MS = 250;

export interface ChangeNotifierDeps {
  events: EventSink<Pick<HubEventMap, 'viewChanged'>>;
  /** The data version to announce (read when the event goes out). */
  dataVersion: () => number;
  /** Called right after each `viewChanged` (the health service pushes `health`). */
  afterAnnounce: () => void;
}

export class ChangeNotifier implements Disposable {
  private readonly timer = new MutableDisposable();
  private lastAt = -Infinity;
  private disposed = false;

  constructor(private readonly deps: ChangeNotifierDeps) {}

  /** Announce a change: now, or when the interval since the last announcement has passed. */
  schedule(): void {
    if (this.disposed || this.timer.value) return;
    const wait = this.lastAt + VIEW_CHANGED_MIN_INTERVAL_MS - performance.now();
    if (wait <= 0) this.fire();
    else this.timer.value = disposableTimeout(() => this.fire(), wait, { unref: true });
  }

  private fire(): void {
    this.timer.value = undefined;
    if (this.disposed) return;
    this.lastAt = performance.now();
    this.deps.events.emit('viewChanged', { dataVersion: this.deps.dataVersion() });
    this.deps.afterAnnounce();
  }

  dispose(): void {
    this.disposed = true;
    this.timer.dispose();
  }
}
