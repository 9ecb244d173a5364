import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import type { Sink, SinkError, SinkObject } from './sink.js';
import { CACERTS_KEY, foreignCacerts } from './foreign-cacerts.js';

/** Field manager of every server-side apply the agent does. */
export const FIELD_MANAGER = 'meshbridge-agent';
const MANAGED = 'app.kubernetes.io/managed-by=meshbridge';
/** Kinds the agent may have written, for label-based pruning of full snapshots. */
const PRUNABLE: readonly [string, string][] = [
  ['networking.istio.io/v1', 'Gateway'],
  ['networking.istio.io/v1', 'VirtualService'],
  ['networking.istio.io/v1', 'DestinationRule'],
  ['networking.istio.io/v1', 'Sidecar'],
  ['networking.istio.io/v1', 'ServiceEntry'],
  ['security.istio.io/v1', 'PeerAuthentication'],
  ['security.istio.io/v1', 'AuthorizationPolicy'],
  ['security.istio.io/v1', 'RequestAuthentication'],
];

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

/**
 * Why a key `namespace/Kind/name` cannot be sent to the API server, or undefined. The client
 * puts namespace and name into the request path, so `..` or `/` there would address another
 * resource (`namespaces/../../api/v1/secrets`): refused here whatever the server sent.
 */
export function unsafeKey(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length !== 3) return `object key ${JSON.stringify(key)} is not namespace/Kind/name`;
  const [ns, kind, name] = parts;
  if (!NAMESPACE.test(ns)) return `object key ${JSON.stringify(key)}: namespace is not a DNS-1123 label`;
  if (!KIND.test(kind)) return `object key ${JSON.stringify(key)}: kind is not a Kubernetes kind name`;
  if (name.length > 253 || !NAME.test(name)) return `object key ${JSON.stringify(key)}: name is not a DNS-1123 subdomain`;
  return undefined;
}

/** Why an object cannot be applied under its key (unsafe key, or metadata naming another object), or undefined. */
function unsafeObject(o: { key: string; object: Record<string, unknown> }): string | undefined {
  const bad = unsafeKey(o.key);
  if (bad) return bad;
  const md = (o.object.metadata ?? {}) as Record<string, unknown>;
  if (`${String(md.namespace)}/${String(o.object.kind)}/${String(md.name)}` !== o.key) return `object does not match its key ${o.key}`;
  return undefined;
}

function keyOf(o: KubernetesObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.kind ?? ''}/${o.metadata?.name ?? ''}`;
}

function fromKey(key: string, apiVersion: string): KubernetesObject {
  const [namespace, kind, name] = key.split('/');
  return { apiVersion, kind, metadata: { namespace, name } };
}

/** The API server does not serve this kind (its CRD is not installed): nothing of it can exist. */
function kindNotServed(e: unknown): boolean {
  return /^Unrecognized API version and kind/.test((e as Error).message) || (e as { code?: unknown }).code === 404;
}

/**
 * `--sink kubernetes`: server-side apply with field manager `meshbridge-agent` (force, so the
 * agent owns the fields it writes), deletes for removals, and label-selected pruning on full
 * snapshots so objects from an older life of the agent do not linger.
 */
export class KubernetesSink implements Sink {
  readonly name = 'kubernetes';
  private readonly apiVersions = new Map<string, string>();

  constructor(private readonly api: KubernetesObjectApi) {}

  /** Uses in-cluster config or KUBECONFIG. */
  static async fromDefaultConfig(_cluster: string): Promise<KubernetesSink> {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesSink(KubernetesObjectApi.makeApiClient(kc));
  }

  async apply(upserts: readonly SinkObject[], removes: readonly string[], full: boolean): Promise<SinkError[]> {
    const errors: SinkError[] = [];
    for (const o of upserts) {
      const unsafe = unsafeObject(o);
      if (unsafe) {
        errors.push({ key: o.key, fqn: o.fqn, message: unsafe });
        continue;
      }
      this.apiVersions.set(o.key, String(o.object.apiVersion));
      try {
        const foreign = await this.foreignCacerts(o.key);
        if (foreign) {
          errors.push({ key: o.key, fqn: o.fqn, message: foreign });
          continue;
        }
        await this.api.patch(o.object as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      } catch (e) {
        errors.push({ key: o.key, fqn: o.fqn, message: (e as Error).message });
      }
    }
    const gone = new Set(removes);
    if (full) await this.stale(new Set(upserts.map((o) => o.key)), gone, errors);
    for (const k of gone) {
      const unsafe = unsafeKey(k);
      if (unsafe) {
        errors.push({ key: k, fqn: '', message: unsafe });
        continue;
      }
      const kind = k.split('/')[1];
      const apiVersion =
        this.apiVersions.get(k) ?? (kind === 'Secret' ? 'v1' : undefined) ?? PRUNABLE.find(([, kd]) => kd === kind)?.[0] ?? 'networking.istio.io/v1';
      try {
        const foreign = await this.foreignCacerts(k);
        if (foreign) {
          errors.push({ key: k, fqn: '', message: foreign });
          continue;
        }
        await this.api.delete(fromKey(k, apiVersion));
      } catch (e) {
        if (!/404|not ?found/i.test((e as Error).message)) errors.push({ key: k, fqn: '', message: (e as Error).message });
      }
    }
    return errors;
  }

  /** For istiod's cacerts Secret: why it must be left alone (it exists without meshbridge's label), else undefined. */
  private async foreignCacerts(key: string): Promise<string | undefined> {
    if (key !== CACERTS_KEY) return undefined;
    let existing: Record<string, unknown> | undefined;
    try {
      existing = (await this.api.read(fromKey(key, 'v1') as Parameters<KubernetesObjectApi['read']>[0])) as unknown as Record<string, unknown>;
    } catch (e) {
      if ((e as { code?: unknown }).code === 404 || /404|not ?found/i.test((e as Error).message)) return undefined;
      throw e;
    }
    return foreignCacerts(existing, 'the Secret istio-system/cacerts');
  }

  /** Adds every managed object not in `keep` to `gone`; a kind that cannot be listed is a retryable error. */
  private async stale(keep: ReadonlySet<string>, gone: Set<string>, errors: SinkError[]): Promise<void> {
    for (const [apiVersion, kind] of PRUNABLE) {
      let items: KubernetesObject[];
      try {
        items = (await this.api.list(apiVersion, kind, undefined, undefined, undefined, undefined, undefined, MANAGED)).items;
      } catch (e) {
        if (kindNotServed(e)) continue;
        // An empty list here would silently skip pruning and still ACK ok: fail the snapshot instead.
        errors.push({ key: `*/${kind}/*`, fqn: '', message: `cannot list ${kind} (${apiVersion}) to prune: ${(e as Error).message}`, retry: true });
        continue;
      }
      for (const item of items) {
        const k = keyOf({ ...item, kind });
        this.apiVersions.set(k, apiVersion);
        if (!keep.has(k)) gone.add(k);
      }
    }
  }

  async repair(held: readonly SinkObject[]): Promise<number> {
    let fixed = 0;
    for (const o of held) {
      if (unsafeObject(o)) continue;
      const exists = await this.api.read(fromKey(o.key, String(o.object.apiVersion)) as Parameters<KubernetesObjectApi['read']>[0]).then(
        () => true,
        () => false,
      );
      if (exists) continue;
      await this.api.patch(o.object as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      fixed++;
    }
    return fixed;
  }
}
