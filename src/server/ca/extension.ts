import { intermediateStatus } from '../../pki/index.js';
import type { KindHook, ServerDeps, ServerExtension } from '../contracts.js';
import { meshCaOperations } from './ca-operations.js';
import { rootRotationOperations } from './root-rotation-operations.js';
import { dropClusterCa, ensureRoot, issueClusterCa, readClusterCa, rotateClusterCa, summarize, type MeshCaOptions } from './mesh-ca.js';

/** Options of the extension: the CA's and how often intermediates nearing expiry are rotated. */
export interface MeshCaExtensionOptions extends MeshCaOptions {
  /** How often to look for intermediates due for rotation; 0 turns automatic rotation off. Default 1 h. */
  readonly rotationCheckMs?: number;
  /** Fraction of an intermediate's lifetime after which it is rotated; default 0.8. */
  readonly rotationRatio?: number;
}

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

/** Rotates every intermediate past its rotation point; returns the rotated cluster FQNs. */
export async function rotateDue(deps: ServerDeps, opts: MeshCaExtensionOptions, now = new Date()): Promise<string[]> {
  const ratio = opts.rotationRatio ?? 0.8;
  const due = (ca: Awaited<ReturnType<typeof readClusterCa>>): boolean => ca !== undefined && intermediateStatus(ca.current, now, ratio).needsRotation;
  const rotated: string[] = [];
  for (const c of await deps.store.reader.listByKind('Cluster')) {
    if (!due(await readClusterCa(deps.store.reader, c.fqn))) continue;
    // Re-check inside the write so two replicas do not both rotate the same intermediate.
    const { result } = await deps.store.write(ACTOR, async (tx) => (due(await readClusterCa(tx, c.fqn)) ? rotateClusterCa(tx, c.fqn, opts) : undefined));
    if (!result) continue;
    rotated.push(c.fqn);
    deps.log.info({ cluster: c.fqn, serial: summarize(result.current['ca-cert.pem']).serial }, 'cluster intermediate CA rotated automatically');
  }
  return rotated;
}

/**
 * The management plane's mesh CA as a server extension: one root for the mesh, an Istio plug-in CA
 * intermediate per cluster (issued on create, rotated on request, removed on delete), and the
 * operations behind GET /v2/cas/root, GET and POST /v2/organizations/{o}/clusters/{c}/cacerts[/rotate].
 */
export function meshCaExtension(opts: MeshCaExtensionOptions = {}): ServerExtension & { rotateDue(now?: Date): Promise<string[]> } {
  let deps: ServerDeps | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    name: 'mesh-ca',
    hooks: [meshCaClusterHook(opts)],
    operations: (d) => ({ meshCa: meshCaOperations(d, opts), rootRotation: rootRotationOperations(d, opts) }),
    async start(d) {
      deps = d;
      await prepare(d, opts);
      const every = opts.rotationCheckMs ?? 3_600_000;
      if (every > 0) {
        timer = setInterval(() => {
          running = rotateDue(d, opts).catch((err: unknown) => d.log.error({ err }, 'automatic intermediate CA rotation failed'));
        }, every);
        timer.unref();
      }
    },
    async rotateDue(now?: Date) {
      if (!deps) return [];
      return rotateDue(deps, opts, now);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
