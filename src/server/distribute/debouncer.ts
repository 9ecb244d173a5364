/**
 * Coalesces bursts. An event after a quiet period fires at once (an isolated write should not wait);
 * events within a burst fire once the burst has been quiet for `quietMs`, and never later than
 * `maxWaitMs` after the burst's first event (so a steady stream of writes still propagates).
 */
export class Debouncer {
  private quiet: NodeJS.Timeout | undefined;
  private max: NodeJS.Timeout | undefined;
  private lastEvent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly fn: () => void,
  ) {}

  /** Notes one event. */
  poke(): void {
    const now = Date.now();
    const idle = now - this.lastEvent >= this.quietMs && !this.quiet;
    this.lastEvent = now;
    if (idle) {
      this.fn();
      return;
    }
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.fire(), this.quietMs);
    this.max ??= setTimeout(() => this.fire(), this.maxWaitMs);
  }

  private fire(): void {
    this.cancel();
    this.fn();
  }

  /** Drops a pending burst without firing. */
  cancel(): void {
    if (this.quiet) clearTimeout(this.quiet);
    if (this.max) clearTimeout(this.max);
    this.quiet = undefined;
    this.max = undefined;
  }
}
