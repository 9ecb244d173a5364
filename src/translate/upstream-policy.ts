/**
 * The parts of a TSB upstream traffic setting that map field by field onto Istio (issue #18):
 * consistent-hash load balancing, custom outlier detection (circuit breaking), retry back-off and
 * the egress proxy. TSB: refs/tsb/traffic/v2/traffic_setting (terraform-provider-tsb
 * docs/resources/traffic_traffic_setting.md, `outbound.upstream_traffic_settings.settings` and
 * `outbound.egress`). What Istio cannot express is declared in src/api/translation/support.ts
 * (status PARTIAL naming the field), never dropped silently.
 */
import { type Obj, duration, isEmpty, num, obj, str } from './values.js';

/** A proto UInt32Value as JSON: a plain number or `{value: n}`. */
const uint = (v: unknown): number | undefined => num(v) ?? num(obj(v).value);

/**
 * TSB `loadBalancer.consistentHash` → Istio `loadBalancer.consistentHash` (same hash keys and
 * algorithms; the cookie TTL as a duration string).
 */
export function consistentHash(ch: Obj): Obj | undefined {
  if (isEmpty(ch)) return undefined;
  const out: Obj = {};
  if (str(ch.httpHeaderName)) out.httpHeaderName = ch.httpHeaderName;
  const cookie = obj(ch.httpCookie);
  if (str(cookie.name)) {
    const ttl = duration(cookie.ttl);
    out.httpCookie = { name: cookie.name, ...(str(cookie.path) ? { path: cookie.path } : {}), ...(ttl ? { ttl } : {}) };
  }
  if (ch.useSourceIp === true) out.useSourceIp = true;
  if (str(ch.httpQueryParameterName)) out.httpQueryParameterName = ch.httpQueryParameterName;
  const ring = num(obj(ch.ringHash).minimumRingSize);
  if (ch.ringHash !== undefined) out.ringHash = ring === undefined ? {} : { minimumRingSize: ring };
  const table = num(obj(ch.maglev).tableSize);
  if (ch.maglev !== undefined) out.maglev = table === undefined ? {} : { tableSize: table };
  return isEmpty(out) ? undefined : out;
}

/**
 * TSB custom `outlierDetection` → Istio `outlierDetection`, with TSB's defaults where they differ
 * from Istio's: ejection on consecutive 5xx is off unless `consecutive5xx` is set (TSB: enforcing
 * 5xx defaults to 0), consecutive gateway failures eject after 5 (TSB: MEDIUM sensitivity), and
 * up to 100% of hosts may be ejected (TSB; Istio's default is 10%). The enforcing percentages
 * and `maxEjectionTime` have no Istio field (declared unsupported).
 */
export function outlierDetection(od: Obj): Obj | undefined {
  if (isEmpty(od)) return undefined;
  const out: Obj = {
    consecutive5xxErrors: uint(od.consecutive5xx) ?? 0,
    consecutiveGatewayErrors: uint(od.consecutiveGatewayFailure) ?? 5,
    maxEjectionPercent: uint(od.maxEjectionPercent) ?? 100,
  };
  const local = uint(od.consecutiveLocalOriginFailure);
  if (local !== undefined) out.consecutiveLocalOriginFailures = local;
  if (od.splitExternalLocalOriginErrors === true) out.splitExternalLocalOriginErrors = true;
  const interval = duration(od.interval);
  if (interval) out.interval = interval;
  const base = duration(od.baseEjectionTime);
  if (base) out.baseEjectionTime = base;
  return out;
}

/** TSB `retryBackOff.baseInterval` → Istio `retries.backoff` (Istio has no maximum interval). */
export function retryBackoff(r: Obj): string | undefined {
  return duration(obj(r.retryBackOff).baseInterval);
}

/**
 * TSB `egress.host` (`<namespace>/<fqdn>` of an egress gateway) → the Sidecar's
 * `outboundTrafficPolicy`: unknown (non-registry) traffic goes to that proxy (Istio requires
 * ALLOW_ANY for an egress proxy), and the gateway's host is imported by the Sidecar. Undefined
 * when no egress host is set or it is not `<namespace>/<fqdn>`.
 */
export function egressProxy(egress: Obj): { policy: Obj; importHost: string } | undefined {
  const m = /^([^/]+)\/([^/]+)$/.exec(str(egress.host) ?? '');
  if (!m) return undefined;
  return { policy: { mode: 'ALLOW_ANY', egressProxy: { host: m[2] } }, importHost: `${m[1]}/${m[2]}` };
}
