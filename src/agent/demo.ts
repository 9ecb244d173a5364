import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CoreErrors, isMeshError } from '../api/index.js';
import { MeshClient, fqnPath } from '../client/index.js';
import { startAgent, type RunningAgent } from './agent.js';
import type { AgentLog } from './stream-client.js';

/**
 * Returns the path of a saved private key for `cluster`, creating the Cluster (whose create
 * response carries its one-time key) or issuing a fresh key when none is saved yet. The file is
 * mode 0600: it is the cluster's credential.
 */
export async function ensureClusterCredentials(client: MeshClient, organization: string, cluster: string, file: string): Promise<string> {
  const saved = await readFile(file, 'utf8').catch(() => undefined);
  if (saved) return file;
  const fqn = `organizations/${organization}/clusters/${cluster}`;
  let jwk: unknown;
  try {
    const created = (await client.create(`organizations/${organization}`, 'clusters', {
      apiVersion: 'api.tsb.tetrate.io/v2',
      kind: 'Cluster',
      metadata: { name: cluster, organization },
      spec: { displayName: cluster },
    })) as { credentials?: { jwk: unknown } };
    jwk = created.credentials?.jwk;
  } catch (e) {
    if (!isMeshError(e, CoreErrors.AlreadyExists)) throw e;
  }
  // The cluster existed (its first key is lost with an older data dir): rotate to a new one.
  jwk ??= (await client.request<{ jwk: unknown }>('POST', `${fqnPath(fqn, '/credentials')}?rotate=true`, {})).jwk;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(jwk, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** What `meshbridge up` knows about the server it just started. */
export interface DemoAgentOptions {
  /** REST address, e.g. `127.0.0.1:8443`. */
  readonly apiAddress: string;
  /** Agent listener address, e.g. `127.0.0.1:9443`. */
  readonly agentAddress: string;
  /** PEM file of the server CA (also used for the agent stream); omitted for a server without TLS (--insecure-http). */
  readonly caFile?: string;
  readonly organization: string;
  readonly username: string;
  readonly password: string;
  /** The server's data dir: files land under `<dataDir>/clusters/demo/`. */
  readonly dataDir: string;
  readonly agentVersion: string;
  readonly log: AgentLog;
  /** Cluster name (default `demo`). */
  readonly cluster?: string;
}

/**
 * Onboards the local `demo` cluster and runs its agent in-process with the directory sink under
 * `<dataDir>/clusters/demo` and a file inventory (`<dataDir>/clusters/demo-inventory.yaml`,
 * namespaces default and bookinfo unless edited), so config is visible without Kubernetes.
 */
export async function startDemoAgent(o: DemoAgentOptions): Promise<RunningAgent> {
  const cluster = o.cluster ?? 'demo';
  const base = join(o.dataDir, 'clusters');
  const tls = o.caFile ? { ca: await readFile(o.caFile, 'utf8') } : { tlsDisabled: true };
  const client = new MeshClient({ address: o.apiAddress, ...tls, credentials: { username: o.username, password: o.password } });
  const jwk = await ensureClusterCredentials(client, o.organization, cluster, join(base, `${cluster}.jwk`));
  const inventory = join(base, `${cluster}-inventory.yaml`);
  if ((await readFile(inventory, 'utf8').catch(() => undefined)) === undefined) {
    await writeFile(
      inventory,
      '# Namespaces and services of the demo cluster; edit to see config follow.\nnamespaces: [default, bookinfo]\nservices:\n- {namespace: bookinfo, name: productpage, ports: [{name: http, port: 9080}]}\n',
    );
  }
  return startAgent({
    managementPlane: o.agentAddress,
    cluster,
    credentials: jwk,
    ...(o.caFile ? { caFile: o.caFile } : { insecure: true }),
    sink: `directory:${base}`,
    inventory: `file:${inventory}`,
    agentVersion: o.agentVersion,
    log: o.log,
  });
}
