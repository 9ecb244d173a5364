/**
 * SecuritySetting → PeerAuthentication, RequestAuthentication and AuthorizationPolicies per
 * namespace of the group, as TSB's reference describes (refs/tsb/security/v2/security_setting;
 * terraform-provider-tsb docs/resources/security_security_setting.md). Everything that cannot be
 * enforced fails closed: a DENY-all policy carrying the reason (issue #18).
 */
import { dnsName, untranslatedFields } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { SECURITY, makeObject } from './naming.js';
import type { ConfigIndex, GroupScope } from './scope.js';
import { groupNamespaces } from './scope.js';
import { meshGroupNamespaces, meshTrustDomains, meshWorkspaceNamespaces } from './mesh.js';
import { authenticationObjects, externalAuthorization, type PolicyTarget } from './request-auth.js';
import { type Obj, list, obj, str, strings } from './values.js';
import { BOUNDS, STRICTER_NOTES } from './stricter-authz.js';
import { PROFILE_FAIL_CLOSED } from './profiles.js';

/** TSB authentication traffic mode → Istio PeerAuthentication mTLS mode. */
export const MTLS_MODE: Readonly<Record<string, string>> = { OPTIONAL: 'PERMISSIVE', REQUIRED: 'STRICT' };

/** Annotation on a fail-closed DENY policy: why the workloads are denied. */
export const FAIL_CLOSED_ANNOTATION = 'meshbridge.io/fail-closed';

/** Namespaces, across every cluster of the mesh, that a tenant, workspace or group FQN covers. */
export function namespacesOfFqn(index: ConfigIndex, fqn: string, mesh: readonly ClusterInfo[]): string[] | undefined {
  const group = index.groups.get(fqn);
  if (group) return meshGroupNamespaces(group, mesh);
  const ws = index.workspaces.get(fqn);
  if (ws) return meshWorkspaceNamespaces(ws, mesh);
  const under = [...index.workspaces.values()].filter((w) => w.fqn.startsWith(`${fqn}/`));
  if (under.length > 0 || /^organizations\/[^/]+\/tenants\/[^/]+$/.test(fqn))
    return [...new Set(under.flatMap((w) => meshWorkspaceNamespaces(w, mesh)))].sort();
  return undefined;
}

interface Authz {
  readonly allow?: Obj[];
  readonly deny?: Obj[];
  /** Reasons to deny every request (a DENY-all policy). */
  readonly failClosed: string[];
  /** Why some callers are left out of the ALLOW policy (annotated on it; they are denied). */
  readonly notes?: string[];
}

/** CUSTOM: `<ns>/<sa>`, `<ns>/*` and `./*` (the sidecar's own namespace) → Istio sources. */
function customSources(accounts: readonly string[], ns: string, trustDomains: readonly string[], notes: string[]): Obj[] {
  const namespaces = new Set<string>();
  const principals = new Set<string>();
  for (const a of accounts) {
    const m = /^([^/]+)\/([^/]+)$/.exec(a);
    if (!m) {
      notes.push(`authorization.serviceAccounts: "${a}" is not <namespace>/<service-account>; it is denied`);
      continue;
    }
    const n = m[1] === '.' ? ns : m[1];
    if (m[2] === '*') namespaces.add(n);
    else if (trustDomains.length === 0)
      notes.push(`authorization.serviceAccounts: "${a}" needs a trust domain and no cluster reports one; it is denied [MB3014]`);
    else for (const td of trustDomains) principals.add(`${td}/ns/${n}/sa/${m[2]}`);
  }
  const out: Obj[] = [];
  if (principals.size > 0) out.push({ from: [{ source: { principals: [...principals].sort() } }] });
  if (namespaces.size > 0) out.push({ from: [{ source: { namespaces: [...namespaces].sort() } }] });
  return out;
}

/** RULES: `{from: {fqn}, to: {fqn}}` whose `to` covers `ns` → Istio rules; FQNs resolve mesh-wide. */
function rulesFor(rules: readonly Obj[], ns: string, index: ConfigIndex, mesh: readonly ClusterInfo[], kind: 'allow' | 'deny', failClosed: string[]): Obj[] {
  const out: Obj[] = [];
  for (const r of rules) {
    const to = str(obj(r.to).fqn);
    const targets = to ? namespacesOfFqn(index, to, mesh) : undefined;
    if (to && targets === undefined) {
      if (kind === 'deny') failClosed.push(`authorization.rules.deny: to.fqn ${to} does not exist [MB3015]`);
      continue;
    }
    if (targets && !targets.includes(ns)) continue;
    const from = str(obj(r.from).fqn);
    const namespaces = from ? namespacesOfFqn(index, from, mesh) : undefined;
    if (from && namespaces === undefined && kind === 'deny') failClosed.push(`authorization.rules.deny: from.fqn ${from} does not exist [MB3015]`);
    if (namespaces && namespaces.length > 0) out.push({ from: [{ source: { namespaces } }] });
  }
  return out;
}

function authorizationRules(spec: Obj, ns: string, group: GroupScope, cluster: ClusterInfo, index: ConfigIndex, mesh: readonly ClusterInfo[]): Authz {
  const authz = obj(spec.authorization);
  const failClosed: string[] = [];
  switch (str(authz.mode) ?? 'UNSET') {
    case 'NAMESPACE':
      return { allow: [{ from: [{ source: { namespaces: [ns] } }] }], failClosed };
    case 'GROUP':
      return { allow: [{ from: [{ source: { namespaces: meshGroupNamespaces(group, mesh) } }] }], failClosed };
    case 'WORKSPACE':
      return { allow: [{ from: [{ source: { namespaces: meshWorkspaceNamespaces(group.workspace, mesh) } }] }], failClosed };
    case 'CLUSTER':
      if (!cluster.trustDomain)
        return {
          allow: [],
          failClosed,
          notes: [`authorization.mode CLUSTER: the trust domain of cluster ${cluster.name} is unknown; every caller is denied [MB3014]`],
        };
      return { allow: [{ from: [{ source: { principals: [`${cluster.trustDomain}/*`] } }] }], failClosed };
    case 'CUSTOM': {
      const notes: string[] = [];
      return { allow: customSources(strings(authz.serviceAccounts), ns, meshTrustDomains(mesh), notes), failClosed, notes };
    }
    case 'RULES': {
      const rules = obj(authz.rules);
      const allowRules = list(rules.allow);
      const allow = rulesFor(allowRules, ns, index, mesh, 'allow', failClosed);
      const deny = rulesFor(list(rules.deny), ns, index, mesh, 'deny', failClosed);
      if (rules.denyAll === true) failClosed.push('authorization.rules.denyAll is true');
      // TSB: no allow rules → everything allowed; allow rules that resolve to nothing here → an
      // ALLOW policy without rules, which Istio reads as deny-all (fail closed).
      return { ...(allowRules.length > 0 ? { allow } : {}), deny, failClosed };
    }
    default:
      return { failClosed };
  }
}

/**
 * STRICTER: the inherited modes (`BOUNDS`) ANDed into every source of the ALLOW rules, so a caller
 * must satisfy the child's mode and each inherited one (stricter-authz.ts). A source whose
 * intersection is empty is removed, and a rule left without sources is removed (never a rule
 * without `from`, which would allow everyone).
 */
function applyBounds(authz: Authz, spec: Obj, ns: string, group: GroupScope, cluster: ClusterInfo, mesh: readonly ClusterInfo[]): Authz {
  const a = obj(spec.authorization);
  const bounds = strings(a[BOUNDS]);
  const stricterNotes = strings(a[STRICTER_NOTES]).map((n) => `${n} [MB3071]`);
  if (!authz.allow || (bounds.length === 0 && stricterNotes.length === 0)) return authz;
  const notes = [...(authz.notes ?? []), ...stricterNotes];
  const constraints: Obj[] = [];
  for (const b of bounds) {
    if (b === 'NAMESPACE') constraints.push({ namespaces: [ns] });
    else if (b === 'GROUP') constraints.push({ namespaces: meshGroupNamespaces(group, mesh) });
    else if (b === 'WORKSPACE') constraints.push({ namespaces: meshWorkspaceNamespaces(group.workspace, mesh) });
    else if (b === 'CLUSTER') {
      if (!cluster.trustDomain) {
        notes.push(`inherited authorization.mode CLUSTER: the trust domain of cluster ${cluster.name} is unknown; every caller is denied [MB3014]`);
        return { ...authz, allow: [], notes };
      }
      constraints.push({ principals: [`${cluster.trustDomain}/*`] });
    }
  }
  const restrict = (source: Obj): Obj | undefined => {
    const out: Obj = { ...source };
    for (const c of constraints) {
      if (c.namespaces) {
        const allowed = strings(c.namespaces);
        const have = out.namespaces === undefined ? allowed : strings(out.namespaces).filter((n) => allowed.includes(n));
        if (have.length === 0) return undefined;
        out.namespaces = [...new Set(have)].sort();
        // A SPIFFE principal names its namespace: one outside the allowed namespaces never matches.
        if (out.principals !== undefined) {
          const kept = strings(out.principals).filter((p) => {
            const m = /\/ns\/([^/]+)\/sa\//.exec(p);
            return !m || allowed.includes(m[1]);
          });
          if (kept.length === 0) return undefined;
          out.principals = kept;
        }
      }
      if (c.principals) {
        const td = strings(c.principals)[0].slice(0, -1);
        const have = out.principals === undefined ? strings(c.principals) : strings(out.principals).filter((p) => p.startsWith(td));
        if (have.length === 0) return undefined;
        out.principals = have;
      }
    }
    return out;
  };
  const allow = authz.allow
    .map((rule): Obj | undefined => {
      const from = list(rule.from)
        .map((f) => restrict(obj(f.source)))
        .filter((x): x is Obj => x !== undefined)
        .map((source) => ({ source }));
      return from.length > 0 ? { ...rule, from } : undefined;
    })
    .filter((r): r is Obj => r !== undefined);
  return { ...authz, allow, notes };
}

function annotate(o: IstioObject, reasons: readonly string[]): IstioObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [FAIL_CLOSED_ANNOTATION]: [...new Set(reasons)].join('; ') } } };
}

/** A DENY policy matching every request, annotated with why. */
export function denyAll(name: string, ns: string, res: Pick<ConfigResource, 'fqn'>, reasons: readonly string[], selector?: Obj): IstioObject {
  return annotate(
    makeObject(SECURITY, 'AuthorizationPolicy', dnsName([name, 'fail-closed']), ns, res, {
      action: 'DENY',
      rules: [{}],
      ...(selector ? { selector: { matchLabels: selector } } : {}),
    }),
    reasons,
  );
}

/** SecuritySetting (its effective spec, defaults merged in by the index) → objects per namespace. */
export function translateSecuritySetting(
  res: ConfigResource,
  group: GroupScope,
  cluster: ClusterInfo,
  index: ConfigIndex,
  mesh: readonly ClusterInfo[],
): IstioObject[] {
  const spec = res.spec as Obj;
  const mtls = MTLS_MODE[str(obj(spec.authenticationSettings).trafficMode) ?? ''];
  const name = dnsName([group.name, res.name]);
  const unenforceable = untranslatedFields(res.apiVersion, res.kind, spec)
    .filter((n) => n.support === 'fail-closed')
    .map((n) => `${n.field}: ${n.reason}`)
    .concat(strings(spec[PROFILE_FAIL_CLOSED]));
  const out: IstioObject[] = [];
  for (const ns of groupNamespaces(group, cluster)) {
    if (mtls) out.push(makeObject(SECURITY, 'PeerAuthentication', name, ns, res, { mtls: { mode: mtls } }));
    const target: PolicyTarget = { name, namespace: ns, source: res };
    out.push(...authenticationObjects(obj(obj(spec.authenticationSettings).http), target));
    out.push(...externalAuthorization(obj(obj(obj(spec.authorization).http).external), target));
    const authz = applyBounds(authorizationRules(spec, ns, group, cluster, index, mesh), spec, ns, group, cluster, mesh);
    if (authz.allow) {
      const allow = makeObject(
        SECURITY,
        'AuthorizationPolicy',
        name,
        ns,
        res,
        authz.allow.length > 0 ? { action: 'ALLOW', rules: authz.allow } : { action: 'ALLOW' },
      );
      out.push(authz.notes && authz.notes.length > 0 ? annotate(allow, authz.notes) : allow);
    }
    if (authz.deny && authz.deny.length > 0)
      out.push(makeObject(SECURITY, 'AuthorizationPolicy', dnsName([name, 'deny']), ns, res, { action: 'DENY', rules: authz.deny }));
    const reasons = [...unenforceable, ...authz.failClosed];
    if (reasons.length > 0) out.push(denyAll(name, ns, res, reasons));
  }
  return out;
}
