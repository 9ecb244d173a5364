import type { ConfigResource, IstioObject } from './model.js';
import { FQN_ANNOTATION, MANAGED_LABEL, MANAGED_VALUE, OWNER_LABEL } from './model.js';

/** FNV-1a 32-bit hash as 8 hex digits: stable across runs and platforms, no I/O. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A valid DNS-1123 label built from parts: lowercased, invalid runs turned into '-', and when
 * longer than `max` cut and suffixed with a hash of the full text so distinct inputs stay distinct.
 */
export function dnsName(parts: readonly string[], max = 63): string {
  const full = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = full.length > 0 ? full : 'x';
  if (base.length <= max) return base;
  return `${base.slice(0, max - 9).replace(/-+$/, '')}-${fnv1a(base)}`;
}

/** Sorts object keys recursively so the same input always serialises to the same bytes. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

const LEVEL_LABELS: Record<string, string> = {
  organizations: 'tsb.tetrate.io/organization',
  tenants: 'tsb.tetrate.io/tenant',
  workspaces: 'tsb.tetrate.io/workspace',
  gatewaygroups: 'tsb.tetrate.io/gatewayGroup',
  trafficgroups: 'tsb.tetrate.io/trafficGroup',
  securitygroups: 'tsb.tetrate.io/securityGroup',
  istiointernalgroups: 'tsb.tetrate.io/istioInternalGroup',
};

/** Labels and annotations that tie an object to the FQN that produced it. */
export function ownership(fqn: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = { [MANAGED_LABEL]: MANAGED_VALUE, [OWNER_LABEL]: fnv1a(fqn) };
  const parts = fqn.split('/');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const key = LEVEL_LABELS[parts[i]];
    if (key) labels[key] = dnsName([parts[i + 1]]);
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
