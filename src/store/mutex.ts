/** A FIFO async mutex: serialises transactions on one connection while their callbacks await. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Runs `fn` once every earlier caller finished; callers run in arrival order. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(fn);
    // The chain must continue whether fn resolved or threw, and never surface an error itself.
    this.tail = result.then(
      () => this.release(),
      () => this.release(),
    );
    return result;
  }

  /** Number of callers queued or running. */
  get pending(): number {
    return this.waiting;
  }

  /** Resolves once everything queued so far has finished. */
  async drain(): Promise<void> {
    await this.tail;
  }

  private release(): void {
    this.waiting--;
  }
}
