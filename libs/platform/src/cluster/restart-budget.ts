/**
 * Whether a worker that died may be replaced: at most `max` replacements within `windowMs`.
 * Beyond that the cause is not passing (a bad deployment, a dependency gone for good), and the
 * whole service should stop so that its supervisor sees it and the logs say why.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    readonly max = 5,
    readonly windowMs = 60_000,
  ) {}

  /** Takes one replacement at `now` (ms); false when that would be one too many. */
  take(now: number): boolean {
    while (this.restarts.length > 0 && this.restarts[0]! <= now - this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.max) return false;
    this.restarts.push(now);
    return true;
  }
}
