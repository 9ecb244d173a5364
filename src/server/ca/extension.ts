import type { KindHook, ServerDeps, ServerExtension } from '../contracts.js';
import { registerCaRoutes } from './ca-routes.js';
import { dropClusterCa, ensureRoot, issueClusterCa, readClusterCa, summarize, type MeshCaOptions } from './mesh-ca.js';

const ACTOR = 'system:mesh-ca';

/** The Cluster kind hook: an intermediate from the mesh root in the create write; dropped on delete. */
export function meshCaClusterHook(opts: MeshCaOptions = {}): KindHook {
  return {
    kind: 'Cluster',
    async afterCreate(tx, res) {
      // Nothing is added to the create response: the bundle carries a private key and is read
      // with SET_POLICY through GET …/cacerts.
      await issueClusterCa(tx, res.fqn, opts);
    },
    async afterDelete(tx, fqn) {
      await dropClusterCa(tx, fqn);
    },
  };
}

/** Creates the root on first start and gives clusters created before the CA existed their intermediate. */
async function prepare(deps: ServerDeps, opts: MeshCaOptions): Promise<void> {
  const { result } = await deps.store.write(ACTOR, (tx) => ensureRoot(tx, opts));
  if (result.created) {
    const s = summarize(result.root.certPem);
    deps.log.info({ subject: s.subject, sha256: s.sha256, notAfter: s.notAfter }, 'mesh root CA created');
  }
  for (const c of await deps.store.reader.listByKind('Cluster')) {
    if (await readClusterCa(deps.store.reader, c.fqn)) continue;
    // Re-check inside the write: another replica may have issued it meanwhile.
    await deps.store.write(ACTOR, async (tx) => {
      if (!(await tx.get(c.fqn)) || (await readClusterCa(tx, c.fqn))) return;
      await issueClusterCa(tx, c.fqn, opts);
    });
    deps.log.info({ cluster: c.fqn }, 'cluster intermediate CA issued for an existing cluster');
  }
}

/**
 * The management plane's mesh CA as a server extension: one root for the mesh, an Istio plug-in CA
 * intermediate per cluster (issued on create, rotated on request, removed on delete), and the
 * routes GET /v2/cas/root, GET and POST /v2/organizations/{o}/clusters/{c}/cacerts[/rotate].
 */
export function meshCaExtension(opts: MeshCaOptions = {}): ServerExtension {
  return {
    name: 'mesh-ca',
    hooks: [meshCaClusterHook(opts)],
    async register(app, deps) {
      await registerCaRoutes(app, deps, opts);
    },
    async start(deps) {
      await prepare(deps, opts);
    },
  };
}
