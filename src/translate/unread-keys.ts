/**
 * Keys inside the fields whose schema is still open that translation does not read (issue #18
 * review: nothing accepted then ignored). The older TrafficSetting `resilience.keepAlive` has no
 * published TSB shape we could close it to; translation reads `tcp.{probes, time|idleTime,
 * interval}` (traffic.ts legacyUpstream/trafficPolicy), so every other key set there makes the
 * status PARTIAL naming it (MB3072) instead of being silently ignored.
 */
import { type Obj, obj } from './values.js';

type Shape = { readonly [key: string]: Shape | true };

const KEEP_ALIVE: Shape = { tcp: { probes: true, time: true, idleTime: true, interval: true } };

function walk(value: unknown, shape: Shape, at: string, out: string[]): void {
  for (const [k, v] of Object.entries(obj(value))) {
    const s = shape[k];
    if (s === undefined) {
      if (v !== undefined && v !== null) out.push(`${at}.${k}`);
    } else if (s !== true) walk(v, s, `${at}.${k}`, out);
  }
}

/** Concrete fields (`spec.…`) set but not read, for the kinds that carry an older TrafficSetting. */
export function unreadKeys(kind: string, spec: Obj): string[] {
  const out: string[] = [];
  if (kind === 'TrafficSetting') walk(obj(spec.resilience).keepAlive, KEEP_ALIVE, 'spec.resilience.keepAlive', out);
  if (/^(Organization|Tenant|Workspace)Setting$/.test(kind))
    walk(obj(obj(spec.defaultTrafficSetting).resilience).keepAlive, KEEP_ALIVE, 'spec.defaultTrafficSetting.resilience.keepAlive', out);
  return out;
}
