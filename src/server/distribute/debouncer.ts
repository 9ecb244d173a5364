/**
 * Coalesces bursts: fires `fn` once the pokes have been quiet for `quietMs`, but never later than
 * `maxWaitMs` after the first poke of a burst (so a steady stream of writes still propagates).
 */
export class Debouncer {
  private quiet: NodeJS.Timeout | undefined;
  private max: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly fn: () => void,
  ) {}

  /** Notes one event. */
  poke(): void {
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
