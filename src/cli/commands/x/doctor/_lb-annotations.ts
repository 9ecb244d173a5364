// tctl x doctor -f: the load-balancer annotations of install CRs (`kubeSpec.service.annotations`
// anywhere in the spec of install.tetrate.io CRs: ManagementPlane/ControlPlane/DataPlane
// `spec.components.*.kubeSpec`, gateways' `spec.kubeSpec`). The management plane stores no install
// CRs, and TSB users keep them as files they render with `tctl install manifest -f`, so doctor reads
// the same files. Facts (docs/health.md): the AWS Load Balancer Controller reads
// aws-load-balancer-scheme (internal | internet-facing) and the deprecated boolean
// aws-load-balancer-internal; the in-tree provider makes any value but "false" of the latter
// internal; a misspelt key is ignored by every controller, so the load balancer silently comes up
// with the defaults (internet-facing).
import { DoctorErrors } from '../../../../api/index.js';
import type { Manifest } from '../../../manifest/read-manifests.js';
import type { Check } from './_report.js';

const AWS = 'service.beta.kubernetes.io/aws-load-balancer-';

/** Annotations doctor knows, with the values their controller accepts (undefined = free text). */
export const KNOWN_LB_ANNOTATIONS: Readonly<Record<string, readonly string[] | undefined>> = {
  [`${AWS}scheme`]: ['internal', 'internet-facing'],
  [`${AWS}internal`]: ['true', 'false'],
  [`${AWS}type`]: ['nlb', 'external', 'nlb-ip'],
  [`${AWS}nlb-target-type`]: ['instance', 'ip'],
  [`${AWS}ip-address-type`]: ['ipv4', 'dualstack'],
  [`${AWS}cross-zone-load-balancing-enabled`]: ['true', 'false'],
  [`${AWS}proxy-protocol`]: ['*'],
  [`${AWS}name`]: undefined,
  [`${AWS}subnets`]: undefined,
  [`${AWS}security-groups`]: undefined,
  [`${AWS}ssl-cert`]: undefined,
  [`${AWS}ssl-ports`]: undefined,
  [`${AWS}backend-protocol`]: undefined,
  [`${AWS}additional-resource-tags`]: undefined,
  [`${AWS}attributes`]: undefined,
  [`${AWS}target-group-attributes`]: undefined,
  [`${AWS}eip-allocations`]: undefined,
  [`${AWS}private-ipv4-addresses`]: undefined,
  [`${AWS}healthcheck-protocol`]: undefined,
  [`${AWS}healthcheck-port`]: undefined,
  [`${AWS}healthcheck-path`]: undefined,
  'service.beta.kubernetes.io/load-balancer-source-ranges': undefined,
  'service.beta.kubernetes.io/azure-load-balancer-internal': ['true', 'false'],
  'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': undefined,
  'networking.gke.io/load-balancer-type': ['Internal'],
  'cloud.google.com/load-balancer-type': ['Internal'],
};

/** Levenshtein distance, bounded: stops counting past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...cur) > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The known key a misspelt one most likely meant, if any is within 3 edits. */
export function nearestLbAnnotation(key: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const k of Object.keys(KNOWN_LB_ANNOTATIONS)) {
    const d = distance(key.toLowerCase(), k, 3);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Where a kubeSpec.service sits in a CR, and what it holds. */
interface ServiceSpot {
  path: string;
  type?: unknown;
  annotations: Record<string, unknown>;
}

function services(value: unknown, path: string, out: ServiceSpot[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) return value.forEach((v, i) => services(v, `${path}[${i}]`, out));
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = `${path}.${k}`;
    if (k === 'kubeSpec' && typeof v === 'object' && v !== null) {
      const svc = (v as Record<string, unknown>).service;
      if (typeof svc === 'object' && svc !== null) {
        const s = svc as Record<string, unknown>;
        const a = typeof s.annotations === 'object' && s.annotations !== null ? (s.annotations as Record<string, unknown>) : {};
        out.push({ path: `${here}.service.annotations`, type: s.type, annotations: a });
      }
    }
    services(v, here, out);
  }
}

/** Checks one annotation; undefined when it is fine. */
function problem(key: string, value: unknown, where: string): Omit<Check, 'name'> | undefined {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (key in KNOWN_LB_ANNOTATIONS) {
    const allowed = KNOWN_LB_ANNOTATIONS[key];
    if (typeof value !== 'string')
      return {
        status: 'fail',
        detail: DoctorErrors.LbAnnotationValueInvalid.code,
        cause: `${where}["${key}"] is ${text}, not a string: Kubernetes rejects the Service`,
        fix: `Quote the value: ${key}: "${text}"`,
      };
    if (allowed && !allowed.includes(value)) {
      const deprecatedInternal = key === `${AWS}internal`;
      return {
        status: 'fail',
        detail: DoctorErrors.LbAnnotationValueInvalid.code,
        cause: `${where}["${key}"] is "${value}"; its controller accepts ${allowed.map((v) => `"${v}"`).join(' or ')}${
          deprecatedInternal ? ' (the AWS Load Balancer Controller reads a boolean; only the in-tree provider treats any value but "false" as internal)' : ''
        }`,
        fix: deprecatedInternal
          ? `Set ${where}["${AWS}scheme"]: internal (and "${key}": "true" for the in-tree provider)`
          : `Set ${where}["${key}"]: ${allowed.find((v) => v.toLowerCase() === value.toLowerCase()) ?? allowed[0]}`,
      };
    }
    return undefined;
  }
  const near = nearestLbAnnotation(key);
  if (near)
    return {
      status: 'fail',
      detail: DoctorErrors.LbAnnotationKeyUnknown.code,
      cause: `${where}["${key}"] is not an annotation any load-balancer controller reads (did you mean ${near}?); it is ignored and the load balancer keeps its defaults`,
      fix: `Rename the key in ${where} to ${near}`,
    };
  return undefined;
}

/** Pure: one ✔ per install CR whose service annotations are sound, one ✖/‼ per problem. */
export function lbAnnotationChecks(manifests: readonly Manifest[]): Check[] {
  const checks: Check[] = [];
  for (const m of manifests) {
    const o = m.object;
    const meta = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown };
    const who = `${String(o.kind)} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${String(meta.name ?? '?')}`;
    if (typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('install.tetrate.io/')) {
      checks.push({
        name: `${m.source}: ${String(o.kind ?? '?')}`,
        status: 'warn',
        detail: 'skipped',
        cause: `${String(o.apiVersion ?? 'no apiVersion')} is not an install CR (install.tetrate.io): doctor checks only install CRs' annotations`,
        fix: 'Pass only install CRs with -f (tctl apply -f takes the others)',
      });
      continue;
    }
    const spots: ServiceSpot[] = [];
    services(o.spec, 'spec', spots);
    const found: Check[] = [];
    let count = 0;
    for (const s of spots) {
      const lbKeys = Object.keys(s.annotations);
      count += lbKeys.length;
      for (const k of lbKeys) {
        const p = problem(k, s.annotations[k], s.path);
        if (p) found.push({ name: `${who} (${m.source})`, ...p });
      }
      const lb = lbKeys.filter((k) => k in KNOWN_LB_ANNOTATIONS);
      if (lb.length && s.type !== undefined && s.type !== 'LoadBalancer')
        found.push({
          name: `${who} (${m.source})`,
          status: 'warn',
          detail: `service type ${String(s.type)}`,
          cause: `${s.path} has load-balancer annotations but ${s.path.replace(/\.annotations$/, '.type')} is ${String(s.type)}: no load balancer reads them`,
          fix: `Set ${s.path.replace(/\.annotations$/, '.type')}: LoadBalancer, or drop the annotations`,
        });
    }
    if (found.length) checks.push(...found);
    else
      checks.push({
        name: `${who} (${m.source})`,
        status: 'ok',
        detail: count ? `${count} service annotation(s) sound` : 'no service annotations (the load balancers keep their defaults)',
      });
  }
  return checks;
}
