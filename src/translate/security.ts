import { dnsName } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { SECURITY, makeObject } from './naming.js';
import type { ConfigIndex, GroupScope } from './scope.js';
import { groupNamespaces, workspaceNamespaces } from './scope.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** TSB authentication traffic mode → Istio PeerAuthentication mTLS mode. */
export const MTLS_MODE: Readonly<Record<string, string>> = { OPTIONAL: 'PERMISSIVE', REQUIRED: 'STRICT' };

/** Namespaces of `cluster` that a workspace or group FQN covers (empty when it names neither). */
export function namespacesOfFqn(index: ConfigIndex, fqn: string, cluster: ClusterInfo): string[] {
  const group = index.groups.get(fqn);
  if (group) return groupNamespaces(group, cluster);
  const ws = index.workspaces.get(fqn);
  return ws ? workspaceNamespaces(ws, cluster) : [];
}

function sourceFor(mode: string, ns: string, group: GroupScope, cluster: ClusterInfo): Obj | undefined {
  switch (mode) {
    case 'NAMESPACE':
      return { namespaces: [ns] };
    case 'GROUP':
      return { namespaces: groupNamespaces(group, cluster) };
    case 'WORKSPACE':
      return { namespaces: workspaceNamespaces(group.workspace, cluster) };
    case 'CLUSTER':
      return { principals: [`${cluster.trustDomain ?? `${cluster.name}.tsb.local`}/*`] };
    default:
      return undefined;
  }
}

/** RULES mode: each `{from: {fqn}, to: {fqn}}` whose `to` covers `ns` becomes one Istio rule. */
function rulesFor(rules: readonly Obj[], ns: string, index: ConfigIndex, cluster: ClusterInfo): Obj[] {
  const out: Obj[] = [];
  for (const r of rules) {
    const to = str(obj(r.to).fqn);
    if (to && !namespacesOfFqn(index, to, cluster).includes(ns)) continue;
    const from = str(obj(r.from).fqn);
    const namespaces = from ? namespacesOfFqn(index, from, cluster) : [];
    if (namespaces.length > 0) out.push({ from: [{ source: { namespaces } }] });
  }
  return out;
}

function authorization(res: ConfigResource, group: GroupScope, cluster: ClusterInfo, ns: string, index: ConfigIndex): IstioObject[] {
  const authz = obj(res.spec.authorization);
  const mode = str(authz.mode) ?? 'UNSET';
  const name = dnsName([group.name, res.name]);
  if (mode === 'RULES') {
    const out: IstioObject[] = [];
    const rules = obj(authz.rules);
    const allowRules = list(rules.allow);
    const allow = rulesFor(allowRules, ns, index, cluster);
    const deny = rulesFor(list(rules.deny), ns, index, cluster);
    // In Istio a workload without any ALLOW policy allows everything, so once the user wrote allow
    // rules the ALLOW policy must exist even when none of them resolves here: with no rules it
    // matches nothing, i.e. denies all (fail closed, like Istio's "allow-nothing").
    if (allowRules.length > 0) out.push(makeObject(SECURITY, 'AuthorizationPolicy', name, ns, res, allow.length > 0 ? { action: 'ALLOW', rules: allow } : { action: 'ALLOW' }));
    if (deny.length > 0) out.push(makeObject(SECURITY, 'AuthorizationPolicy', dnsName([name, 'deny']), ns, res, { action: 'DENY', rules: deny }));
    return out;
  }
  const source = sourceFor(mode, ns, group, cluster);
  if (!source) return [];
  return [makeObject(SECURITY, 'AuthorizationPolicy', name, ns, res, { action: 'ALLOW', rules: [{ from: [{ source }] }] })];
}

/** SecuritySetting → per selected namespace a PeerAuthentication and AuthorizationPolicies. */
export function translateSecuritySetting(res: ConfigResource, group: GroupScope, cluster: ClusterInfo, index: ConfigIndex): IstioObject[] {
  const mtls = MTLS_MODE[str(obj(res.spec.authenticationSettings).trafficMode) ?? ''];
  const name = dnsName([group.name, res.name]);
  const out: IstioObject[] = [];
  for (const ns of groupNamespaces(group, cluster)) {
    if (mtls) out.push(makeObject(SECURITY, 'PeerAuthentication', name, ns, res, { mtls: { mode: mtls } }));
    out.push(...authorization(res, group, cluster, ns, index));
  }
  return out;
}
