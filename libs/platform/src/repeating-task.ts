/**
 * Work a service repeats in the background (discovery runs, emerging themes, alert evaluation):
 * one round at a time, the next `intervalMs()` after the last one ended, a failed round reported
 * to `onError` and tried again at the next one. `stop` waits for the round in hand.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The first round after `firstInMs` (default: at once). */
  start(firstInMs = 0): void {
    this.schedule(firstInMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** True once `stop` was called: long rounds check it between their steps. */
  get isStopped(): boolean {
    return this.stopped;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.work()
        .then(() => undefined, this.onError)
        .finally(() => this.schedule(this.intervalMs()));
    }, ms);
  }
}
