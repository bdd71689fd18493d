/** What one more request is allowed: on within the budget, or the seconds until the window ends. */
export type RateLimitVerdict = { allowed: true; remaining: number; resetSeconds: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed one-minute windows per tracker (an API key, or a client address), in memory: each
 * instance of a service counts on its own. A window starts at a tracker's first request.
 */
export class RateLimitWindows {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private sweptAt: number;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  hit(tracker: string): RateLimitVerdict {
    const now = this.now();
    this.sweepExpired(now);
    let window = this.windows.get(tracker);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(tracker, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
    if (window.count >= this.limit) return { allowed: false, retryAfterSeconds: resetSeconds };
    window.count += 1;
    return { allowed: true, remaining: this.limit - window.count, resetSeconds };
  }

  /** The seconds until `tracker` may go on when its window's budget is spent; undefined while it may. Counts nothing. */
  exhausted(tracker: string): number | undefined {
    const now = this.now();
    const window = this.windows.get(tracker);
    if (!window || now - window.startedAt >= this.windowMs || window.count < this.limit) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  /** Trackers with a live window (memory stays bounded by the clients of the last minute). */
  get size(): number {
    return this.windows.size;
  }

  // Once a window's length, forget the trackers whose window has ended.
  private sweepExpired(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [tracker, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(tracker);
  }
}
