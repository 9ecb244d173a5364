import { dnsName, untranslatedFields } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { NETWORKING, SECURITY, makeObject } from './naming.js';
import type { GroupScope } from './scope.js';
import { groupSelects } from './scope.js';
import { authenticationObjects, externalAuthorization, type PolicyTarget } from './request-auth.js';
import { FAIL_CLOSED_ANNOTATION } from './security.js';
import { GATEWAY_MATCH_KEYS, translateMatches } from './route-match.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `ns/fqdn` (TSB route host) → the FQDN Istio routes to. */
export function routeHost(host: string): string {
  const slash = host.indexOf('/');
  return slash >= 0 ? host.slice(slash + 1) : host;
}

export function serverTls(tls: Obj): Obj | undefined {
  const mode = str(tls.mode);
  if (!mode || mode === 'DISABLED') return undefined;
  const out: Obj = { mode: mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL' ? mode : 'SIMPLE' };
  if (str(tls.secretName)) out.credentialName = tls.secretName;
  if (str(tls.minProtocolVersion)) out.minProtocolVersion = tls.minProtocolVersion;
  if (str(tls.maxProtocolVersion)) out.maxProtocolVersion = tls.maxProtocolVersion;
  return out;
}

function destination(route: Obj): Obj {
  const host = routeHost(str(route.host) ?? '');
  const port = num(route.port);
  return port === undefined ? { host } : { host, port: { number: port } };
}

function headerOps(h: Obj): Obj {
  const out: Obj = {};
  for (const dir of ['request', 'response']) {
    const d = obj(h[dir]);
    if (Object.keys(d).length > 0) out[dir] = { add: d.add, set: d.set, remove: d.remove };
  }
  return out;
}

/**
 * One TSB routing rule → one Istio HTTPRoute, or none when every match condition was left out
 * (fail closed: route-match.ts); `reasons` names each left-out key. `path` is the rule's field.
 */
export function httpRoute(rule: Obj, name: string, path = 'rule', reasons: string[] = []): Obj | undefined {
  const out: Obj = { name };
  const m = translateMatches(rule.match, GATEWAY_MATCH_KEYS, `${path}.match`);
  reasons.push(...m.reasons);
  if (m.dropped) return undefined;
  if (m.match) out.match = m.match;
  const modify = obj(rule.modify);
  if (Object.keys(obj(modify.rewrite)).length > 0) out.rewrite = modify.rewrite;
  if (Object.keys(obj(modify.headers)).length > 0) out.headers = headerOps(obj(modify.headers));
  if (rule.route !== undefined) {
    out.route = [{ destination: destination(obj(rule.route)) }];
  } else if (rule.redirect !== undefined) {
    const r = obj(rule.redirect);
    const redirect: Obj = {};
    for (const k of ['uri', 'authority', 'scheme', 'redirectCode']) if (r[k] !== undefined) redirect[k] = r[k];
    if (num(r.port) !== undefined) redirect.port = r.port;
    out.redirect = redirect;
  } else if (rule.directResponse !== undefined) {
    const d = obj(rule.directResponse);
    const body = obj(d.body);
    const payload = str(body.string) ? { string: body.string } : str(body.bytes) ? { bytes: body.bytes } : undefined;
    out.directResponse = { status: num(d.status) ?? 200, ...(payload ? { body: payload } : {}) };
  }
  return out;
}

export interface Server {
  readonly name: string;
  readonly port: number;
  readonly hostname: string;
}

export function server(s: Obj, fallbackPort: number): Server {
  return { name: dnsName([str(s.name) ?? 'server']), port: num(s.port) ?? fallbackPort, hostname: str(s.hostname) ?? '*' };
}

/** IngressGateway → one Gateway plus one VirtualService per server, in the gateway's namespace. */
export function translateIngressGateway(res: ConfigResource, group: GroupScope, cluster: ClusterInfo): IstioObject[] {
  const ws = obj(res.spec.workloadSelector);
  const ns = str(ws.namespace);
  if (!ns || !groupSelects(group, cluster, ns)) return [];
  const gwName = dnsName([res.name]);
  const servers: Obj[] = [];
  const out: IstioObject[] = [];
  const vs = (srv: Server, body: Obj, reasons: readonly string[] = []): void => {
    const o = makeObject(NETWORKING, 'VirtualService', dnsName([res.name, srv.name]), ns, res, {
      hosts: [srv.hostname],
      gateways: [`${ns}/${gwName}`],
      ...body,
    });
    out.push(reasons.length > 0 ? withReason(o, reasons.join('; ')) : o);
  };
  const selector = Object.keys(obj(ws.labels)).length > 0 ? obj(ws.labels) : { app: gwName };
  out.push(...gatewayPolicies(res, res.spec, { name: gwName, namespace: ns, source: res, selector }, 'spec'));
  list(res.spec.http).forEach((h, i) => {
    const srv = server(h, 80);
    out.push(...gatewayPolicies(res, h, { name: dnsName([gwName, srv.name]), namespace: ns, source: res, selector, hosts: [srv.hostname] }, `spec.http[${i}]`));
  });
  list(res.spec.http).forEach((h, hi) => {
    const srv = server(h, 80);
    const tls = serverTls(obj(h.tls));
    servers.push({
      port: { number: srv.port, name: `${tls ? 'https' : 'http'}-${srv.name}`, protocol: tls ? 'HTTPS' : 'HTTP' },
      hosts: [srv.hostname],
      ...(tls ? { tls } : {}),
    });
    const rules = list(obj(h.routing).rules);
    const reasons: string[] = [];
    const http = rules
      .map((r, i) => httpRoute(r, `${srv.name}-${i}`, `spec.http[${hi}].routing.rules[${i}]`, reasons))
      .filter((r): r is Obj => r !== undefined);
    // Every rule left out: the host answers 503 rather than having no route (and the reason).
    vs(srv, { http: http.length > 0 || rules.length === 0 ? http : [{ name: `${srv.name}-fail-closed`, directResponse: { status: 503 } }] }, reasons);
  });
  for (const t of list(res.spec.tcp)) {
    const srv = server(t, 443);
    const tls = serverTls(obj(t.tls));
    servers.push({
      port: { number: srv.port, name: `${tls ? 'tls' : 'tcp'}-${srv.name}`, protocol: tls ? 'TLS' : 'TCP' },
      hosts: [srv.hostname],
      ...(tls ? { tls } : {}),
    });
    vs(srv, { tcp: [{ match: [{ port: srv.port }], route: [{ destination: destination(obj(t.route)) }] }] });
  }
  for (const p of list(res.spec.tlsPassthrough)) {
    const srv = server(p, 443);
    servers.push({ port: { number: srv.port, name: `tls-${srv.name}`, protocol: 'TLS' }, hosts: [srv.hostname], tls: { mode: 'PASSTHROUGH' } });
    vs(srv, { tls: [{ match: [{ port: srv.port, sniHosts: [srv.hostname] }], route: [{ destination: destination(obj(p.route)) }] }] });
  }
  out.unshift(makeObject(NETWORKING, 'Gateway', gwName, ns, res, { selector, servers }));
  return out;
}

/**
 * Weights that sum to 100 as Istio requires: given weights are scaled, missing ones share the
 * rest equally; rounding leftovers go to the first destinations so the result is deterministic.
 */
export function splitWeights(given: readonly (number | undefined)[]): number[] {
  if (given.length === 0) return [];
  const raw = given.every((g) => g === undefined) ? given.map(() => 1) : given.map((g) => Math.max(0, g ?? 0));
  const total = raw.reduce((a, b) => a + b, 0) || raw.length;
  const scaled = raw.map((w) => Math.floor((w * 100) / total));
  let rest = 100 - scaled.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % scaled.length, rest--) scaled[i]++;
  return scaled;
}

/** The object annotated with why it does less than asked (the status event repeats it). */
export function withReason(o: IstioObject, reason: string): IstioObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [FAIL_CLOSED_ANNOTATION]: reason } } };
}

/**
 * A gateway's (or one server's) `authentication` (JWT → RequestAuthentication, requireJwt → DENY
 * without a request principal) and `authorization.external` (CUSTOM action), on the gateway
 * workload; a server's policies apply to its hostname only. Fields that cannot be enforced (WAF,
 * OIDC, local rules) deny the gateway's (server's) traffic, with the reason annotated.
 */
export function gatewayPolicies(res: ConfigResource, at: Obj, t: PolicyTarget, path: string): IstioObject[] {
  const out = [...authenticationObjects(obj(at.authentication), t), ...externalAuthorization(obj(obj(at.authorization).external), t)];
  const reasons = untranslatedFields(res.apiVersion, res.kind, res.spec)
    .filter((n) => n.support === 'fail-closed' && (path === 'spec' ? /^spec\.[a-zA-Z]+(\.|$)/.test(n.field) : n.field.startsWith(`${path}.`)))
    .map((n) => `${n.field}: ${n.reason}`);
  if (reasons.length === 0) return out;
  const rule = t.hosts ? { to: [{ operation: { hosts: [...t.hosts] } }] } : {};
  const deny = makeObject(SECURITY, 'AuthorizationPolicy', dnsName([t.name, 'fail-closed']), t.namespace, t.source, {
    selector: { matchLabels: t.selector ?? {} },
    action: 'DENY',
    rules: [rule],
  });
  out.push(withReason(deny, reasons.join('; ')));
  return out;
}
