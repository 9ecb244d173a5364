import { randomBytes } from 'node:crypto';
import type { KindHook, Rbac, ServerDeps, ServerExtension } from '../contracts.js';
import { dropClusterKeys, issueClusterKey } from './credentials.js';
import { DEFAULT_OPTIONS, Distributor, type DistributorOptions } from './distributor.js';
import { startAgentServer, type AgentServer } from './agent-server.js';
import { clusterCredentialOperations } from './credential-operations.js';
import { FleetHealth, HealthService } from '../health/index.js';
import { TrustService } from '../trust/index.js';
import { RegistryService } from '../registry/index.js';

/** Options of the distribution extension (`meshbridge server --agent-listen`). */
export interface DistributionOptions {
  /** `[host]:port` to accept agents on; null disables the listener (the API still works). */
  readonly agentListen: string | null;
  readonly tuning?: Partial<DistributorOptions>;
}

/**
 * The Cluster kind hook: one-time credentials in the create response, keys dropped on delete.
 * Creating a cluster mints its agent identity (which receives the configuration every workspace
 * selecting that cluster name holds), so like POST …/credentials it needs SET_POLICY, not just CREATE.
 */
export const clusterHook = (rbac: () => Rbac | undefined): KindHook => ({
  kind: 'Cluster',
  async beforeWrite(_tx, p, before, after) {
    if (before !== undefined) return;
    const r = rbac();
    if (!r) throw new Error('cluster hook used before the distribution extension was registered');
    await r.require(p, 'SET_POLICY', after.fqn);
  },
  async afterCreate(tx, res) {
    // The cluster row was just written in this transaction: no generation bump needed.
    const jwk = await issueClusterKey(tx, res.fqn, { bump: false });
    return { credentials: { clusterFqn: res.fqn, keyId: jwk.kid, jwk } };
  },
  async afterDelete(tx, fqn) {
    await dropClusterKeys(tx, fqn);
  },
});

/** Cluster distribution as a server extension: the agent gRPC listener, credentials and statuses. */
export function distributionExtension(
  opts: DistributionOptions,
): ServerExtension & { readonly distributor: Distributor | undefined; readonly agentPort: number | undefined } {
  let distributor: Distributor | undefined;
  let server: AgentServer | undefined;
  let rbac: Rbac | undefined;
  // The agents' sidecar health reports, kept by the replica each agent is connected to.
  const health = new FleetHealth();
  return {
    name: 'distribution',
    hooks: [clusterHook(() => rbac)],
    get distributor() {
      return distributor;
    },
    get agentPort() {
      return server?.port;
    },
    // Distribution metrics live on prom-client's default registry, which /metrics merges in.
    operations: (deps: ServerDeps) => {
      rbac = deps.rbac;
      return {
        clusterCredentials: clusterCredentialOperations(deps, async (fqn) => {
          await distributor?.credentialsChanged(fqn);
        }),
        sidecarHealth: new HealthService(health, deps.store, deps.rbac),
        fleetTrust: new TrustService(deps.store, deps.rbac),
        serviceRegistry: new RegistryService((org) => distributor?.mesh(org), deps.rbac),
        translationNotes: (res) => distributor?.crossClusterNotes(res) ?? [],
      };
    },
    async start(deps: ServerDeps) {
      const replica = opts.tuning?.replica ?? randomBytes(4).toString('hex');
      distributor = new Distributor(
        deps.store,
        deps.feed,
        deps.log,
        { ...DEFAULT_OPTIONS, ...opts.tuning, replica },
        (fqn) => (ns, pod) => health.podReady(fqn, ns, pod),
      );
      await distributor.start();
      if (opts.agentListen !== null) {
        if (!deps.tls) deps.log.warn({}, 'agent listener without TLS: the server has no TLS material');
        server = await startAgentServer({ listen: opts.agentListen, tls: deps.tls, store: deps.store, distributor, log: deps.log, health });
        deps.log.info({ port: server.port }, 'listening for cluster agents');
      }
    },
    async stop() {
      await server?.close();
      await distributor?.stop();
    },
  };
}
