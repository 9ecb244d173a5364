/**
 * Route match conditions, failing closed (issue #18). A TSB match entry is an AND of conditions
 * and the list is an OR; Istio reads an empty match entry as "every request". So an entry with a
 * key translation does not understand (a typo such as `header:` stored before the schema was
 * closed) is LEFT OUT, never reduced to what was understood (which would widen it), and a rule
 * whose every entry is left out produces no route at all. Each left-out key is named, with
 * MB3070, on the object (annotation) and in the resource status (notes.ts).
 *
 * TSB shapes: terraform-provider-tsb docs/resources/gateway_ingress_gateway.md
 * (`http.routing.rules.match`: uri, headers) and traffic_service_route.md (`http_routes.match`:
 * name, uri, headers, port).
 */
import { type Obj, list, obj } from './values.js';

/** Keys of a gateway HTTP match and a ServiceRoute HTTP match, as TSB defines them. */
export const GATEWAY_MATCH_KEYS = ['uri', 'headers'] as const;
export const SERVICE_ROUTE_MATCH_KEYS = ['name', 'uri', 'headers', 'port'] as const;

const STRING_MATCH = ['exact', 'prefix', 'regex'];

/** A TSB StringMatch is exactly one of exact/prefix/regex with a string value. */
function stringMatch(v: unknown): boolean {
  const o = obj(v);
  const keys = Object.keys(o);
  return keys.length === 1 && STRING_MATCH.includes(keys[0]) && typeof o[keys[0]] === 'string';
}

/** Why a match entry cannot be translated as written (empty when it can). */
function problems(m: unknown, known: readonly string[], at: string): string[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return [`${at}: a match condition must be an object`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (!known.includes(k)) out.push(`${at}.${k}: unknown match key (allowed: ${known.join(', ')})`);
    else if (k === 'uri' && !stringMatch(v)) out.push(`${at}.uri: must be one of exact, prefix or regex`);
    else if (k === 'headers') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) out.push(`${at}.headers: must map header names to exact/prefix/regex`);
      else for (const [h, hv] of Object.entries(v)) if (!stringMatch(hv)) out.push(`${at}.headers.${h}: must be one of exact, prefix or regex`);
    } else if (k === 'port' && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535)) out.push(`${at}.port: must be a port number 1-65535`);
    else if (k === 'name' && typeof v !== 'string') out.push(`${at}.name: must be a string`);
  }
  return out;
}

export interface Matches {
  /** Istio `match` entries, or undefined when the rule matches every request (no match given). */
  readonly match?: Obj[];
  /** Every entry was left out: the rule must produce no route. */
  readonly dropped: boolean;
  /** One reason per left-out key, naming its field. */
  readonly reasons: string[];
}

/** TSB `match[]` at `path` (e.g. `spec.http[0].routing.rules[1].match`) → Istio HTTPMatchRequests. */
export function translateMatches(entries: unknown, known: readonly string[], path: string): Matches {
  const given = Array.isArray(entries) ? entries : [];
  if (given.length === 0) return { dropped: false, reasons: [] };
  const reasons: string[] = [];
  const match: Obj[] = [];
  given.forEach((m, i) => {
    const bad = problems(m, known, `${path}[${i}]`);
    if (bad.length > 0) {
      reasons.push(...bad.map((b) => `${b}; this match condition is left out (fail closed) [MB3070]`));
      return;
    }
    const e = obj(m);
    const out: Obj = {};
    for (const k of known) if (e[k] !== undefined) out[k] = e[k];
    match.push(out);
  });
  return { ...(match.length > 0 ? { match } : {}), dropped: match.length === 0, reasons };
}

/** Every left-out match key of a gateway's or a ServiceRoute's routes (for the status). */
export function matchProblems(kind: string, spec: Obj): string[] {
  const out: string[] = [];
  if (kind === 'IngressGateway' || kind === 'Tier1Gateway') {
    for (const servers of ['http', 'externalServers', 'internalServers']) {
      list(spec[servers]).forEach((s, i) =>
        list(obj(s.routing).rules).forEach((r, j) => {
          out.push(...translateMatches(r.match, GATEWAY_MATCH_KEYS, `spec.${servers}[${i}].routing.rules[${j}].match`).reasons);
        }),
      );
    }
  }
  if (kind === 'ServiceRoute') {
    list(spec.httpRoutes).forEach((r, i) => out.push(...translateMatches(r.match, SERVICE_ROUTE_MATCH_KEYS, `spec.httpRoutes[${i}].match`).reasons));
  }
  return out;
}
