/**
 * Restart with exponential backoff (1 s, 2 s, 4 s … capped at 60 s) and give up after too many
 * failures in a sliding window, so a window or the hub that crashes on start does not loop forever.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Give up after this many failures … */
  maxFailures?: number;
  /** … within this many ms. */
  windowMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  baseMs: 1000,
  maxMs: 60_000,
  maxFailures: 8,
  windowMs: 10 * 60_000,
};

export type FailureOutcome = { action: 'retry'; delayMs: number; failures: number } | { action: 'give-up'; failures: number; /** true only the first time */ first: boolean };

export class RestartGuard {
  private failures: number[] = [];
  private timer: unknown = null;
  private stopped = false;
  readonly opts: Required<BackoffOptions>;

  constructor(
    private readonly clock: Clock,
    opts: BackoffOptions = {},
  ) {
    this.opts = { ...DEFAULT_BACKOFF, ...opts };
  }

  /** Delay before the n-th consecutive retry (n from 1). */
  delayFor(n: number): number {
    return Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.max(0, n - 1));
  }

  get gaveUp(): boolean {
    return this.stopped;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  /**
   * Record a failure and schedule `restart` after the backoff delay, or give up. A failure while a
   * restart is already scheduled is the same incident (e.g. 'unresponsive' then 'render-process-gone').
   */
  fail(restart: () => void): FailureOutcome {
    const now = this.clock.now();
    if (this.stopped) return { action: 'give-up', failures: this.failures.length, first: false };
    if (this.timer !== null) return { action: 'retry', delayMs: 0, failures: this.failures.length };
    this.failures = this.failures.filter((t) => now - t < this.opts.windowMs);
    this.failures.push(now);
    const n = this.failures.length;
    if (n > this.opts.maxFailures) {
      this.stopped = true;
      return { action: 'give-up', failures: n, first: true };
    }
    const delayMs = this.delayFor(n);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      restart();
    }, delayMs);
    return { action: 'retry', delayMs, failures: n };
  }

  /** Drop a scheduled restart (the window came back by itself, or it is being closed). */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forget the history (an operator asked to try again). */
  reset(): void {
    this.cancel();
    this.failures = [];
    this.stopped = false;
  }
}
