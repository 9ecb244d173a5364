import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName, CoreErrors, MeshError } from '../../api/index.js';
import { cacertsSecret, intermediateStatus, PLUGIN_CA_FILES } from '../../pki/index.js';
import type { ServerDeps } from '../contracts.js';
import { readClusterCa, readRoot, rotateClusterCa, summarize, type ClusterCa, type MeshCaOptions } from './mesh-ca.js';

interface Params {
  org: string;
  cluster: string;
}

const BASE = '/v2/organizations/:org/clusters/:cluster/cacerts';
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function namespaceOf(req: FastifyRequest): string {
  const ns = (req.query as Record<string, string | undefined>).namespace ?? 'istio-system';
  if (!NAMESPACE.test(ns)) throw new MeshError(CoreErrors.InvalidInput, `namespace: ${JSON.stringify(ns)} is not a Kubernetes namespace name (DNS-1123 label)`, { field: 'namespace' });
  return ns;
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
 * GET /v2/cas/root (any authenticated caller: the root is public), GET …/clusters/{c}/cacerts and
 * POST …/cacerts/rotate (SET_POLICY on the cluster: the response carries the intermediate's key).
 */
export async function registerCaRoutes(app: FastifyInstance, deps: ServerDeps, opts: MeshCaOptions): Promise<void> {
  const target = async (req: FastifyRequest) => {
    const p = req.params as Params;
    const fqn = `organizations/${checkName(p.org, 'organization')}/clusters/${checkName(p.cluster, 'cluster')}`;
    const principal = await deps.auth.authenticate(req.headers, req.ip);
    await deps.rbac.require(principal, 'SET_POLICY', fqn);
    return { fqn, principal };
  };
  app.get('/v2/cas/root', async (req) => {
    await deps.auth.authenticate(req.headers, req.ip);
    const root = await readRoot(deps.store.reader);
    if (!root) throw new MeshError(CoreErrors.NotFound, 'the mesh root CA has not been created yet (the server creates it on start)', { field: 'root' });
    return { rootCertPem: root.certPem, createdAt: root.createdAt, certificate: summarize(root.certPem) };
  });
  app.get(BASE, async (req, reply) => {
    const { fqn, principal } = await target(req);
    const namespace = namespaceOf(req);
    if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} does not exist`, { field: 'cluster' });
    const ca = await readClusterCa(deps.store.reader, fqn);
    if (!ca) throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} has no intermediate CA yet`, { field: 'cluster', fix: `Issue one with POST /v2/${fqn}/cacerts/rotate.` });
    // Reading a private key is worth a trace of who did it; the store audits writes only.
    deps.log.info({ cluster: fqn, actor: principal.subject }, 'cluster intermediate CA key read');
    return reply.header('cache-control', 'no-store').send(cacertsBody(fqn, ca, namespace));
  });
  app.post(`${BASE}/rotate`, async (req, reply) => {
    const { fqn, principal } = await target(req);
    const namespace = namespaceOf(req);
    const { result } = await deps.store.write(principal.subject, (tx) => rotateClusterCa(tx, fqn, opts));
    deps.log.info({ cluster: fqn, serial: summarize(result.current['ca-cert.pem']).serial, actor: principal.subject }, 'cluster intermediate CA rotated');
    return reply.code(201).header('cache-control', 'no-store').send(cacertsBody(fqn, result, namespace));
  });
}
