// What each sidecar of a Kubernetes cluster trusts, read where `istioctl proxy-config secret` reads
// it: Envoy's admin API on 15000 (bound to the pod's localhost, so reached through the API server's
// pods/portforward, as istioctl does), `/config_dump?resource=dynamic_active_secrets`, whose ROOTCA
// and `default` secrets give the root bundle and the workload's chain. A bounded number of pods at a
// time; a pod that cannot be read is reported with the reason (it then holds back rotation gates).
import { getText, forwardPort, type PortForwarder } from '../../client/index.js';
import { parseSecretDump, rootsPem, workloadSecrets, type SecretDump } from '../../pki/index.js';
import type { WorkloadTrust } from '../../gen/agent-types.js';
import type { InventoryPod } from './inventory.js';
import { workloadTrust } from '../workload-trust.js';

/** Envoy admin's dump of the active SDS secrets only. */
export const ACTIVE_SECRETS_PATH = '/config_dump?resource=dynamic_active_secrets';

/** Options of the sidecar trust reader. */
export interface SidecarTrustOptions {
  readonly adminPort?: number;
  readonly timeoutMs?: number;
  /** Pods read at once (default 8). */
  readonly concurrency?: number;
  /** How long a sidecar's answer is reused before it is read again (default 5 min; 0: every time). */
  readonly refreshMs?: number;
}

/**
 * Parses what `?resource=dynamic_active_secrets` returns: `configs` holding each
 * `SecretsConfigDump.DynamicSecret` itself; a whole or masked dump is read as such.
 */
export function parseActiveSecrets(text: string, source: string): SecretDump {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return parseSecretDump(text, source);
  }
  const configs = (doc as { configs?: unknown } | null)?.configs;
  if (Array.isArray(configs) && configs.length > 0 && configs.every((c) => String((c as Record<string, unknown>)?.['@type'] ?? '').endsWith('.DynamicSecret')))
    return parseSecretDump(JSON.stringify({ dynamic_active_secrets: configs }), source);
  return parseSecretDump(text, source);
}

const failed = (p: InventoryPod, why: string): WorkloadTrust => ({
  namespace: p.namespace,
  name: p.name,
  rootSha256: [],
  chainSha256: [],
  chainRootSha256: '',
  leafNotAfterMs: 0,
  error: why,
});

/** One pod's trust through a port-forward of its Envoy admin port. */
export async function readSidecarTrust(forwarder: PortForwarder, pod: InventoryPod, opts: SidecarTrustOptions = {}): Promise<WorkloadTrust> {
  const port = opts.adminPort ?? 15000;
  const fwd = await forwardPort(forwarder, pod.namespace, pod.name, port);
  try {
    const res = await getText(`http://127.0.0.1:${fwd.port}${ACTIVE_SECRETS_PATH}`, opts.timeoutMs ?? 10_000);
    if (res.status !== 200) return failed(pod, `Envoy admin answered HTTP ${res.status} on ${port}`);
    const { chain, roots } = workloadSecrets(parseActiveSecrets(res.body, `${pod.namespace}/${pod.name}`));
    const rootPem = roots ? rootsPem(roots) : '';
    if (!rootPem) return failed(pod, 'the sidecar holds no ROOTCA secret yet');
    return workloadTrust(pod.namespace, pod.name, rootPem, chain?.certificateChain ?? '');
  } catch (e) {
    const forwardError = fwd.lastError();
    return failed(pod, forwardError ? `port-forward to ${port}: ${forwardError}` : (e as Error).message);
  } finally {
    await fwd.close();
  }
}

/** Every pod's trust, at most `concurrency` at a time, in the pods' order. */
export async function readFleetSidecarTrust(forwarder: PortForwarder, pods: readonly InventoryPod[], opts: SidecarTrustOptions = {}): Promise<WorkloadTrust[]> {
  const out: WorkloadTrust[] = new Array<WorkloadTrust>(pods.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pods.length) {
      const i = next++;
      out[i] = await readSidecarTrust(forwarder, pods[i], opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, pods.length) }, worker));
  return out;
}

/**
 * Remembers each sidecar's answer for `refreshMs`, so the inventory's 30 s re-list port-forwards
 * only to new pods, pods whose answer is older than that, and pods that could not be read: the API
 * server sees at most pods / refreshMs port-forwards per second from the agent, not pods / 30 s.
 */
export class SidecarTrustCache {
  private readonly cache = new Map<string, { at: number; trust: WorkloadTrust }>();
  /** What the cluster's cacerts held at the last read ('' none), and when that last changed. */
  private cacerts: string | undefined;
  private cacertsChangedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly forwarder: PortForwarder,
    private readonly opts: SidecarTrustOptions = {},
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Tells the cache what the cluster's cacerts hold now (their fingerprints). When that changed,
   * no answer read before is reused (a root rotation gate must never pass on what a sidecar held
   * before the step), and for `refreshMs` after it every sidecar is read on every re-list, since
   * istiod hands the new bundle and certificates to the sidecars over the following seconds.
   */
  noteCacerts(fingerprints: string): void {
    if (this.cacerts !== undefined && this.cacerts !== fingerprints) this.cacertsChangedAt = this.now();
    this.cacerts = fingerprints;
  }

  /** The trust of every listed pod, reading only those that are due; forgets pods no longer listed. */
  async read(pods: readonly InventoryPod[]): Promise<WorkloadTrust[]> {
    const key = (p: InventoryPod): string => `${p.namespace}/${p.name}/${p.ip}`;
    const refresh = this.opts.refreshMs ?? 300_000;
    const t = this.now();
    const settling = t - this.cacertsChangedAt < refresh;
    const due = pods.filter((p) => {
      const c = this.cache.get(key(p));
      return !c || c.trust.error !== '' || t - c.at >= refresh || settling || c.at <= this.cacertsChangedAt;
    });
    const fresh = await readFleetSidecarTrust(this.forwarder, due, this.opts);
    due.forEach((p, i) => this.cache.set(key(p), { at: t, trust: fresh[i] }));
    const listed = new Set(pods.map(key));
    for (const k of [...this.cache.keys()]) if (!listed.has(k)) this.cache.delete(k);
    return pods.map((p) => (this.cache.get(key(p)) as { trust: WorkloadTrust }).trust);
  }
}
