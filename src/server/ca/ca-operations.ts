import { CoreErrors, MeshError } from '../../api/index.js';
import { cacertsSecret, intermediateStatus, PLUGIN_CA_FILES } from '../../pki/index.js';
import type { MeshCaOperations, ServerDeps } from '../contracts.js';
import { readClusterCa, readRoot, rotateClusterCa, summarize, type ClusterCa, type MeshCaOptions } from './mesh-ca.js';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The namespace the Secret manifest is for (default istio-system), checked as a Kubernetes name. */
function checkNamespace(ns: string | undefined): string {
  const name = ns ?? 'istio-system';
  if (!NAMESPACE.test(name))
    throw new MeshError(CoreErrors.InvalidInput, `namespace: ${JSON.stringify(name)} is not a Kubernetes namespace name (DNS-1123 label)`, {
      field: 'namespace',
    });
  return name;
}

/** The cacerts response: the plug-in files, the Secret manifest and the listed intermediates. */
export function cacertsBody(clusterFqn: string, ca: ClusterCa, namespace: string, now = new Date()): Record<string, unknown> {
  const files: Record<string, string> = {};
  for (const f of PLUGIN_CA_FILES) files[f] = ca.current[f];
  const st = intermediateStatus(ca.current, now);
  const intermediates = [{ ...summarize(ca.current['ca-cert.pem']), state: 'current', issuedAt: ca.issuedAt }];
  if (ca.previous) intermediates.push({ ...summarize(ca.previous.certPem), state: 'previous', issuedAt: ca.previous.rotatedAt });
  return {
    clusterFqn,
    files,
    secret: cacertsSecret(ca.current, namespace),
    intermediates,
    rotations: ca.rotations,
    status: { notAfter: st.notAfter.toISOString(), rotateAt: st.rotateAt.toISOString(), needsRotation: st.needsRotation, expired: st.expired },
  };
}

/**
 * The mesh CA's REST operations: the root (public), a cluster's bundle and its rotation (SET_POLICY
 * on the cluster: the response carries the intermediate's key).
 */
export function meshCaOperations(deps: ServerDeps, opts: MeshCaOptions): MeshCaOperations {
  return {
    async root() {
      const root = await readRoot(deps.store.reader);
      if (!root) throw new MeshError(CoreErrors.NotFound, 'the mesh root CA has not been created yet (the server creates it on start)', { field: 'root' });
      return { rootCertPem: root.certPem, createdAt: root.createdAt, certificate: summarize(root.certPem) };
    },
    async cacerts(principal, fqn, namespace) {
      await deps.rbac.require(principal, 'SET_POLICY', fqn);
      const ns = checkNamespace(namespace);
      if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} does not exist`, { field: 'cluster' });
      const ca = await readClusterCa(deps.store.reader, fqn);
      if (!ca)
        throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} has no intermediate CA yet`, {
          field: 'cluster',
          fix: `Issue one with POST /v2/${fqn}/cacerts/rotate.`,
        });
      // Reading a private key is worth a trace of who did it; the store audits writes only.
      deps.log.info({ cluster: fqn, actor: principal.subject }, 'cluster intermediate CA key read');
      return cacertsBody(fqn, ca, ns);
    },
    async rotate(principal, fqn, namespace) {
      await deps.rbac.require(principal, 'SET_POLICY', fqn);
      const ns = checkNamespace(namespace);
      const { result } = await deps.store.write(principal.subject, (tx) => rotateClusterCa(tx, fqn, opts));
      deps.log.info({ cluster: fqn, serial: summarize(result.current['ca-cert.pem']).serial, actor: principal.subject }, 'cluster intermediate CA rotated');
      return cacertsBody(fqn, result, ns);
    },
  };
}
