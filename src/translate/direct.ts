import { dnsName } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { makeObject } from './naming.js';
import type { GroupScope } from './scope.js';
import { groupNamespaces, groupSelects } from './scope.js';

/** Istio API groups a DIRECT group may carry. */
const ISTIO_GROUPS = ['networking.istio.io/', 'security.istio.io/', 'telemetry.istio.io/', 'extensions.istio.io/'];

/** True when the resource is a raw Istio object (DIRECT mode). */
export function isIstioKind(res: Pick<ConfigResource, 'apiVersion'>): boolean {
  return ISTIO_GROUPS.some((g) => res.apiVersion.startsWith(g));
}

/**
 * DIRECT mode: the Istio object passes through unchanged, into its `metadata.namespace` when
 * the group selects it there, or into every namespace the group selects when none is given.
 */
export function translateDirect(res: ConfigResource, group: GroupScope, cluster: ClusterInfo): IstioObject[] {
  const ns = typeof res.metadata.namespace === 'string' && res.metadata.namespace.length > 0 ? res.metadata.namespace : undefined;
  const targets = ns ? (groupSelects(group, cluster, ns) ? [ns] : []) : groupNamespaces(group, cluster);
  return targets.map((t) => makeObject(res.apiVersion, res.kind, dnsName([res.name], 253), t, res, { ...res.spec }));
}
