import type { RedirectParams } from '../iptables/redirect-params.js';
import { redirectParams } from '../iptables/redirect-params.js';

/** What the decision needs to know about a pod, whether it came from the API or from the runtime. */
export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Names of regular and init containers (native sidecars are init containers). */
  readonly containers: readonly string[];
  readonly initContainers: readonly string[];
  /** The istio-proxy container's details when the API told us. */
  readonly proxy?: { readonly uid?: number; readonly gid?: number; readonly env: Readonly<Record<string, string>>; readonly args: readonly string[] };
}

/** Redirect the pod with these parameters, or leave it alone and say why (for the log). */
export type Decision = { readonly redirect: true; readonly params: RedirectParams } | { readonly redirect: false; readonly reason: string };

/** Written by the sidecar injector on every pod it injected. */
export const SIDECAR_STATUS = 'sidecar.istio.io/status';
/** Label (preferred) or annotation that turns injection off. */
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
/** The sidecar's container name. */
export const PROXY_CONTAINER = 'istio-proxy';

/** Decisions that need no pod lookup: not a Kubernetes pod, or an excluded namespace. */
export function preLookupSkip(args: Readonly<Record<string, string>>, excludeNamespaces: readonly string[]): string | undefined {
  const ns = args.K8S_POD_NAMESPACE;
  const name = args.K8S_POD_NAME;
  if (!ns || !name) return 'CNI_ARGS has no K8S_POD_NAMESPACE/K8S_POD_NAME: not a Kubernetes pod';
  if (excludeNamespaces.includes(ns)) return `namespace ${ns} is excluded`;
  return undefined;
}

function falsy(v: string | undefined): boolean {
  return v !== undefined && ['false', '0', 'f', 'n', 'no', 'off'].includes(v.trim().toLowerCase());
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['true', '1', 't', 'y', 'yes', 'on'].includes(v.trim().toLowerCase());
}

/**
 * Istio's sidecar-mode rules (cni/pkg/plugin): redirect only pods the injector really injected — the
 * `sidecar.istio.io/status` annotation AND an `istio-proxy` container — and not when injection is turned
 * off, an `istio-init` container does the job itself, or the proxy is disabled or not a sidecar.
 * Throws CniAnnotationInvalid when a traffic annotation is malformed (the pod must not start uncaptured).
 */
export function decide(pod: PodInfo): Decision {
  const skip = (reason: string): Decision => ({ redirect: false, reason: `pod ${pod.namespace}/${pod.name}: ${reason}` });
  if (pod.initContainers.includes('istio-init')) return skip('has an istio-init container, which installs the rules itself');
  const inject = pod.labels[SIDECAR_INJECT] ?? pod.annotations[SIDECAR_INJECT];
  if (falsy(inject)) return skip(`${SIDECAR_INJECT} is "${inject}"`);
  if (pod.annotations[SIDECAR_STATUS] === undefined) return skip(`no ${SIDECAR_STATUS} annotation (not injected)`);
  if (!pod.containers.includes(PROXY_CONTAINER) && !pod.initContainers.includes(PROXY_CONTAINER)) return skip(`no ${PROXY_CONTAINER} container`);
  if (truthy(pod.proxy?.env.DISABLE_ENVOY)) return skip('istio-proxy has DISABLE_ENVOY=true');
  const args = pod.proxy?.args ?? [];
  const i = args.indexOf('proxy');
  if (i >= 0 && args[i + 1] !== undefined && args[i + 1] !== 'sidecar') return skip(`istio-proxy runs as "${args[i + 1]}", not a sidecar`);
  return { redirect: true, params: redirectParams(pod.annotations, { uid: pod.proxy?.uid, gid: pod.proxy?.gid }) };
}

function record(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

interface ApiContainer {
  name?: unknown;
  args?: unknown;
  env?: Array<{ name?: unknown; value?: unknown }>;
  securityContext?: { runAsUser?: unknown; runAsGroup?: unknown };
}

/** PodInfo from a Pod object read from the Kubernetes API. */
export function podInfoFromApi(pod: unknown): PodInfo {
  const p = (pod ?? {}) as {
    metadata?: { namespace?: unknown; name?: unknown; annotations?: unknown; labels?: unknown };
    spec?: { containers?: ApiContainer[]; initContainers?: ApiContainer[] };
  };
  const containers = Array.isArray(p.spec?.containers) ? p.spec.containers : [];
  const inits = Array.isArray(p.spec?.initContainers) ? p.spec.initContainers : [];
  const proxy = [...containers, ...inits].find((c) => c.name === PROXY_CONTAINER);
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    namespace: String(p.metadata?.namespace ?? ''),
    name: String(p.metadata?.name ?? ''),
    annotations: record(p.metadata?.annotations),
    labels: record(p.metadata?.labels),
    containers: containers.map((c) => String(c.name)),
    initContainers: inits.map((c) => String(c.name)),
    proxy: proxy && {
      uid: num(proxy.securityContext?.runAsUser),
      gid: num(proxy.securityContext?.runAsGroup),
      env: Object.fromEntries(
        (Array.isArray(proxy.env) ? proxy.env : [])
          .filter((e) => typeof e.name === 'string' && typeof e.value === 'string')
          .map((e) => [e.name as string, e.value as string]),
      ),
      args: Array.isArray(proxy.args) ? proxy.args.map(String) : [],
    },
  };
}

/**
 * PodInfo when no API is configured: annotations from the runtime (containerd's pod-annotations
 * capability); the container list comes from the injector's status annotation, which names the
 * containers it added.
 */
export function podInfoFromAnnotations(namespace: string, name: string, annotations: Readonly<Record<string, string>>): PodInfo {
  let containers: string[] = [];
  let initContainers: string[] = [];
  const status = annotations[SIDECAR_STATUS];
  if (status !== undefined) {
    try {
      const s = JSON.parse(status) as { containers?: unknown; initContainers?: unknown };
      if (Array.isArray(s.containers)) containers = s.containers.map(String);
      if (Array.isArray(s.initContainers)) initContainers = s.initContainers.map(String);
    } catch {
      // A status the injector did not write as JSON names no containers: the pod is then not redirected.
    }
  }
  return { namespace, name, annotations, labels: {}, containers, initContainers };
}
