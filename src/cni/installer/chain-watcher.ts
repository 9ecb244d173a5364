import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { Installer } from './installer.js';
import type { InstallerLog } from './chain-state.js';

/** Timing of the watch loop; defaults suit a node agent. */
export interface WatcherOptions {
  readonly watchDirs: readonly string[];
  /** Full rescan period: catches anything inotify missed (renames over a watched dir, overlay mounts). */
  readonly rescanMs: number;
  /** Events within this window are coalesced into one reconcile. */
  readonly debounceMs?: number;
  readonly log: InstallerLog;
}

const FIGHT_WINDOW_MS = 10_000;
const FIGHT_LIMIT = 5;

/**
 * Keeps the chain in place: fs.watch on the CNI dirs plus a periodic rescan, each triggering one
 * reconcile (never two at once). When another agent keeps reverting the file it warns and backs off.
 */
export class ChainWatcher {
  private watchers = new Map<string, FSWatcher>();
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private running?: Promise<void>;
  private dirty = false;
  private stopped = false;
  private rewriteTimes: number[] = [];

  constructor(
    private readonly installer: Installer,
    private readonly o: WatcherOptions,
  ) {}

  /** First reconcile, then watch. Errors are kept in the state (and logged), never thrown. */
  async start(): Promise<void> {
    this.ensureWatches();
    this.timer = setInterval(() => {
      this.ensureWatches();
      this.trigger(0);
    }, this.o.rescanMs);
    this.trigger(0);
    await this.idle();
  }

  /** Resolves when no reconcile is running or pending. */
  async idle(): Promise<void> {
    while (this.running || this.debounce) await (this.running ?? new Promise((r) => setTimeout(r, 5)));
  }

  /** Stops watching and waits for a running reconcile to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.debounce = undefined;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running;
  }

  private ensureWatches(): void {
    for (const dir of this.o.watchDirs) {
      if (this.watchers.has(dir) || this.stopped) continue;
      try {
        const w = watch(dir, { persistent: true }, () => this.trigger(this.o.debounceMs ?? 20));
        w.on('error', () => {
          // The directory went away or was replaced: drop the watch; the rescan re-creates it.
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // Not there yet: the rescan tries again.
      }
    }
  }

  private trigger(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.running = this.loop().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      const before = this.installer.state.rewrites;
      await this.installer.reconcile().catch(() => undefined);
      if (this.installer.state.rewrites > before) await this.noteRewrite();
    } while (this.dirty && !this.stopped);
  }

  private async noteRewrite(): Promise<void> {
    const now = Date.now();
    this.rewriteTimes = [...this.rewriteTimes.filter((t) => now - t < FIGHT_WINDOW_MS), now];
    const fighting = this.rewriteTimes.length > FIGHT_LIMIT;
    if (fighting && !this.installer.state.fighting) {
      this.o.log(
        'warn',
        `rewrote the primary CNI config ${this.rewriteTimes.length} times in ${FIGHT_WINDOW_MS / 1000}s: another agent keeps reverting it (for Cilium set cni.exclusive=false; for others stop them from owning the whole directory)`,
      );
    }
    this.installer.state.fighting = fighting;
    // Back off while fighting so two agents do not spin the node's CPU and inotify.
    if (fighting) await new Promise((r) => setTimeout(r, 1000));
  }
}
