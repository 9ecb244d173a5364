import { CoreErrors, MeshError } from '../../api/index.js';

/** Tuning of the failed-login brake. */
export interface LoginLimiterOptions {
  /** Failures allowed before any delay. */
  readonly freeAttempts?: number;
  /** First lockout; doubles with every further failure. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Bound on tracked username+ip pairs, so a spray of names cannot grow memory without limit. */
  readonly maxEntries?: number;
  /** A pair with no failure for this long starts from zero again. */
  readonly forgetAfterMs?: number;
  readonly now?: () => number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/**
 * Slows down password guessing per username+ip: after `freeAttempts` failures every further
 * failure locks the pair for an exponentially growing window, during which even the right password
 * is refused (otherwise guessing would simply continue). A success clears the pair.
 */
export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly free: number;
  private readonly base: number;
  private readonly max: number;
  private readonly maxEntries: number;
  private readonly forget: number;
  private readonly now: () => number;

  constructor(opts: LoginLimiterOptions = {}) {
    this.free = opts.freeAttempts ?? 5;
    this.base = opts.baseDelayMs ?? 1000;
    this.max = opts.maxDelayMs ?? 15 * 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.forget = opts.forgetAfterMs ?? 60 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  private static key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** Throws TooManyAttempts (details.retryAfter in seconds) while the pair is locked. */
  check(username: string, ip: string): void {
    const key = LoginLimiter.key(username, ip);
    const e = this.entries.get(key);
    if (!e) return;
    const now = this.now();
    if (now - e.lastFailure > this.forget) {
      this.entries.delete(key);
      return;
    }
    if (e.lockedUntil > now) {
      const retryAfter = Math.ceil((e.lockedUntil - now) / 1000);
      throw new MeshError(CoreErrors.TooManyAttempts, `too many failed logins for ${JSON.stringify(username)} from ${ip}; retry in ${retryAfter} s`, {
        details: { retryAfter },
        fix: `Wait ${retryAfter} s (Retry-After), then log in with the right password.`,
      });
    }
  }

  /** Records a failed login. */
  fail(username: string, ip: string): void {
    const key = LoginLimiter.key(username, ip);
    const now = this.now();
    let e = this.entries.get(key);
    if (!e || now - e.lastFailure > this.forget) e = { failures: 0, lockedUntil: 0, lastFailure: now };
    e.failures++;
    e.lastFailure = now;
    if (e.failures >= this.free) e.lockedUntil = now + Math.min(this.base * 2 ** (e.failures - this.free), this.max);
    // Re-insert so Map order is least-recently-failed first, then evict from the front.
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Records a successful login: the pair starts from zero. */
  succeed(username: string, ip: string): void {
    this.entries.delete(LoginLimiter.key(username, ip));
  }

  /** Number of tracked pairs (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }
}
