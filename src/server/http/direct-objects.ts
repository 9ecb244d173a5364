import { MeshError, SecurityErrors, dnsName, globMatches, findOverlap, isIstioKind, type NamespaceSelector } from '../../api/index.js';
import type { ValidResource } from '../../api/schemas/index.js';
import type { StoredResource, WriteTx } from '../../store/index.js';

/** A Kubernetes object name (DNS-1123 subdomain): what `kubectl` would accept for an Istio object. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes namespace (DNS-1123 label). */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type CanRead = (fqn: string) => Promise<boolean>;

function namespaceOf(metadata: Readonly<Record<string, unknown>>): string | undefined {
  const ns = metadata.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/**
 * Names and namespaces of DIRECT (raw Istio) objects are Kubernetes names: checked here at write
 * time (MB3201), so a name no sink can write — `../x`, a 300-byte file name, `a..b` — never gets
 * accepted and then stays "waiting" forever.
 */
export function checkKubernetesNames(res: Pick<ValidResource, 'name' | 'metadata'>): void {
  if (res.name.length > 253 || !SUBDOMAIN.test(res.name)) {
    throw new MeshError(
      SecurityErrors.InvalidKubernetesName,
      `metadata.name: ${JSON.stringify(res.name)} is not a Kubernetes object name (DNS-1123 subdomain: lowercase letters, digits, "-" and single "." between them, at most 253 characters)`,
      { field: 'metadata.name' },
    );
  }
  const ns = res.metadata.namespace;
  if (ns !== undefined && ns !== '' && (typeof ns !== 'string' || ns.length > 63 || !LABEL.test(ns))) {
    throw new MeshError(
      SecurityErrors.InvalidKubernetesName,
      `metadata.namespace: ${JSON.stringify(ns)} is not a Kubernetes namespace (DNS-1123 label: lowercase letters, digits and "-", at most 63 characters)`,
      { field: 'metadata.namespace' },
    );
  }
}

/** Where a DIRECT object of `group` lands: the group's entries, narrowed to `namespace` when the object names one. */
function landing(group: StoredResource | undefined, namespace: string | undefined): NamespaceSelector {
  const names = ((group?.spec.namespaceSelector as NamespaceSelector | undefined)?.names ?? []).flatMap((e) => {
    if (namespace === undefined) return [e];
    const i = e.indexOf('/');
    const [c, n] = i < 0 ? ['*', e] : [e.slice(0, i), e.slice(i + 1)];
    return globMatches(n, namespace) ? [`${c}/${namespace}`] : [];
  });
  return { names };
}

/**
 * Two DIRECT objects that would be one cluster object (same API group and kind, the same
 * Kubernetes name once mapped, a namespace both can land in) are refused at write time (MB3200)
 * instead of one of them silently never landing. The other object is named only to a caller who
 * may read it.
 */
export async function checkDirectCollision(tx: WriteTx, res: ValidResource, canRead: CanRead): Promise<void> {
  const group = res.kind.apiVersion.split('/')[0];
  const mine = dnsName([res.name], 253);
  const parent = await tx.get(res.parent);
  const where = landing(parent, namespaceOf(res.metadata));
  const org = res.fqn.split('/').slice(0, 2).join('/');
  const groups = new Map<string, StoredResource | undefined>([[res.parent, parent]]);
  for (const other of await tx.listByKind(res.kind.kind)) {
    if (other.fqn === res.fqn || !other.fqn.startsWith(`${org}/`) || other.apiVersion.split('/')[0] !== group) continue;
    if (dnsName([other.name], 253) !== mine) continue;
    if (!groups.has(other.parent)) groups.set(other.parent, await tx.get(other.parent));
    const overlap = findOverlap(where, landing(groups.get(other.parent), namespaceOf(other.metadata)));
    if (!overlap) continue;
    const shown = (await canRead(other.fqn)) ? other.fqn : 'an object you cannot see';
    throw new MeshError(
      SecurityErrors.DirectObjectCollision,
      `metadata.name: ${res.kind.kind} ${JSON.stringify(res.name)} would be the same cluster object (${res.kind.kind} ${mine} in ${overlap[0]}) as ${shown}; rename one of them`,
      { field: 'metadata.name', ...(shown === other.fqn ? { details: { other: other.fqn } } : {}) },
    );
  }
}

/** The write-time checks of a DIRECT object (names, then collisions); other kinds pass. */
export async function checkDirectObject(tx: WriteTx, res: ValidResource, canRead: CanRead): Promise<void> {
  if (!isIstioKind(res.kind)) return;
  checkKubernetesNames(res);
  await checkDirectCollision(tx, res, canRead);
}
