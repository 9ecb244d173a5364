// Change notification for the kubernetes inventory (issue #17): a gateway's address or exposed
// hostnames must reach the management plane within the convergence target, which a periodic
// re-list (30 s) cannot give. Watches the collections gateway discovery reads and calls back,
// coalesced, on any event; a watch that ends (API server timeout, error, missing CRD) is re-opened
// after a pause, and the callback runs then too since events may have been missed meanwhile.
import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** The collections whose changes move a gateway's report (Services, Istio Gateways). */
export const GATEWAY_WATCH_PATHS = ['/api/v1/services', '/apis/networking.istio.io/v1beta1/gateways'] as const;

export interface WatchOptions {
  /** Events within this window cause one callback. */
  readonly coalesceMs: number;
  /** Pause before a watch that ended is re-opened. */
  readonly retryMs: number;
}

/** Watches `paths` and calls `fn` (coalesced) on every change; returns a stop function. */
export function watchCollections(
  kc: KubeConfig,
  paths: readonly string[],
  fn: () => void,
  opts: WatchOptions = { coalesceMs: 200, retryMs: 5000 },
): () => void {
  const watch = new Watch(kc);
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  const aborts = new Set<AbortController>();
  const timers = new Set<NodeJS.Timeout>();
  const changed = (): void => {
    if (stopped || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      if (!stopped) fn();
    }, opts.coalesceMs);
  };
  const open = (path: string, reopened: boolean): void => {
    if (stopped) return;
    if (reopened) changed();
    let self: AbortController | undefined;
    const ended = (): void => {
      if (self) aborts.delete(self);
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        open(path, true);
      }, opts.retryMs);
      timers.add(t);
    };
    watch
      .watch(path, {}, () => changed(), ended)
      .then((a) => {
        self = a;
        if (stopped) a.abort();
        else aborts.add(a);
      }, ended);
  };
  for (const p of paths) open(p, false);
  return () => {
    stopped = true;
    if (pending) clearTimeout(pending);
    for (const t of timers) clearTimeout(t);
    for (const a of aborts) a.abort();
  };
}
