import { CoreErrors, FleetTrustErrors, MeshError } from '../../api/index.js';
import { intermediateStatus, PLUGIN_CA_FILES } from '../../pki/index.js';
import type { MeshCaOperations, ServerDeps } from '../contracts.js';
import { readClusterCa, readRoot, rotateClusterCa, summarize, type ClusterCa, type MeshCaOptions } from './mesh-ca.js';

/** The files of cacerts the REST API returns: certificates only (ca-key.pem never leaves the agent stream). */
const PUBLIC_FILES = PLUGIN_CA_FILES.filter((f) => f !== 'ca-key.pem');

/**
 * `?namespace=` asked for a Secret manifest in another namespace; there is no manifest any more
 * (the cluster's agent writes istiod's cacerts itself), so the parameter is refused, never ignored.
 */
function refuseNamespace(ns: string | undefined): void {
  if (ns === undefined) return;
  throw new MeshError(FleetTrustErrors.CacertsManifestGone, `namespace: the cacerts response carries no Secret manifest to place in "${ns}"`, {
    field: 'namespace',
  });
}

/**
 * The cacerts status: the public plug-in files, the listed intermediates, rotation timing, and what
 * the cluster's agent reports holding (`held`, from the cluster status). No private key and no
 * Secret manifest: the agent delivers `istio-system/cacerts` through its sink.
 */
export function cacertsBody(clusterFqn: string, ca: ClusterCa, held: unknown, now = new Date()): Record<string, unknown> {
  const files: Record<string, string> = {};
  for (const f of PUBLIC_FILES) files[f] = ca.current[f];
  const st = intermediateStatus(ca.current, now);
  const intermediates = [{ ...summarize(ca.current['ca-cert.pem']), state: 'current', issuedAt: ca.issuedAt }];
  if (ca.previous) intermediates.push({ ...summarize(ca.previous.certPem), state: 'previous', issuedAt: ca.previous.rotatedAt });
  return {
    clusterFqn,
    files,
    intermediates,
    rotations: ca.rotations,
    status: { notAfter: st.notAfter.toISOString(), rotateAt: st.rotateAt.toISOString(), needsRotation: st.needsRotation, expired: st.expired },
    delivery: { by: 'agent', secret: 'istio-system/cacerts', held: held ?? null },
  };
}

/** What the cluster's agent last reported holding of cacerts (fingerprints, chain check), or null. */
async function heldBy(deps: ServerDeps, fqn: string): Promise<unknown> {
  const rec = (await deps.store.getStatus(fqn)).find((r) => r.source === '');
  return (rec?.status as { ca?: unknown } | undefined)?.ca ?? null;
}

/**
 * The mesh CA's REST operations: the root (public), a cluster's cacerts status (READ on the
 * cluster) and its rotation (SET_POLICY). Private keys are never in a response.
 */
export function meshCaOperations(deps: ServerDeps, opts: MeshCaOptions): MeshCaOperations {
  return {
    async root() {
      const root = await readRoot(deps.store.reader);
      if (!root) throw new MeshError(CoreErrors.NotFound, 'the mesh root CA has not been created yet (the server creates it on start)', { field: 'root' });
      return { rootCertPem: root.certPem, createdAt: root.createdAt, certificate: summarize(root.certPem) };
    },
    async cacerts(principal, fqn, namespace) {
      await deps.rbac.require(principal, 'READ', fqn);
      refuseNamespace(namespace);
      if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} does not exist`, { field: 'cluster' });
      const ca = await readClusterCa(deps.store.reader, fqn);
      if (!ca)
        throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} has no intermediate CA yet`, {
          field: 'cluster',
          fix: `Issue one with POST /v2/${fqn}/cacerts/rotate.`,
        });
      return cacertsBody(fqn, ca, await heldBy(deps, fqn));
    },
    async rotate(principal, fqn, namespace) {
      await deps.rbac.require(principal, 'SET_POLICY', fqn);
      refuseNamespace(namespace);
      const { result } = await deps.store.write(principal.subject, (tx) => rotateClusterCa(tx, fqn, opts));
      deps.log.info({ cluster: fqn, serial: summarize(result.current['ca-cert.pem']).serial, actor: principal.subject }, 'cluster intermediate CA rotated');
      return cacertsBody(fqn, result, await heldBy(deps, fqn));
    },
  };
}
