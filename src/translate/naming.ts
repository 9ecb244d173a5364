import { canonical, dnsName, fnv1a, levelOfCollection, LEVEL_ANNOTATIONS } from '../api/index.js';
import type { ConfigResource, IstioObject } from './model.js';
import { FQN_ANNOTATION, MANAGED_LABEL, MANAGED_VALUE, OWNER_LABEL } from './model.js';

/** Labels and annotations that tie an object to the FQN that produced it. */
export function ownership(fqn: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = { [MANAGED_LABEL]: MANAGED_VALUE, [OWNER_LABEL]: fnv1a(fqn) };
  const parts = fqn.split('/');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    // Each level of the FQN is a label under TSB's annotation key for it (tsb.tetrate.io/tenant: …).
    const level = levelOfCollection(parts[i]);
    if (level) labels[LEVEL_ANNOTATIONS[level]] = dnsName([parts[i + 1]]);
  }
  return { labels: canonical(labels) as Record<string, string>, annotations: { [FQN_ANNOTATION]: fqn } };
}

/** Builds one output object with keys in Kubernetes order and a canonical spec. */
export function makeObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
  source: Pick<ConfigResource, 'fqn'>,
  spec: Record<string, unknown>,
): IstioObject {
  const own = ownership(source.fqn);
  return {
    apiVersion,
    kind,
    metadata: { name, namespace, labels: own.labels, annotations: own.annotations },
    spec: canonical(spec) as Record<string, unknown>,
  };
}

export const NETWORKING = 'networking.istio.io/v1';
export const SECURITY = 'security.istio.io/v1';
