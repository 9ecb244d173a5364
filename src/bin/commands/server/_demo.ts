import { join } from 'node:path';
import { VERSION } from '../../../cli/index.js';
import { startDemoAgent } from '../../../agent/index.js';
import { parseListen, type MeshbridgeServer, type ServerConfig } from '../../../server/index.js';

/** The demo agent `meshbridge up` runs, or why it does not run. */
export type DemoAgent = { readonly stop: () => Promise<void>; readonly dir: string } | { readonly skipped: string };

/**
 * `host:port` the in-process agent dials: localhost unless the listener is bound to another
 * address (a name, not 127.0.0.1: Node warns when a TLS server name is an IP address, RFC 6066).
 */
function agentAddress(config: ServerConfig, port: number): string {
  const host = parseListen(config.agentListen).host;
  if (['', '::', '0.0.0.0', '127.0.0.1', '::1'].includes(host)) return `localhost:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Onboards the local cluster `demo` and runs its agent in-process with a directory sink under
 * `<data-dir>/clusters/demo`, so a newcomer sees configuration land without Kubernetes. A failure
 * here leaves the server running (it is useful without the demo) and says why.
 */
export async function startDemo(server: MeshbridgeServer, config: ServerConfig, password: string): Promise<DemoAgent> {
  if (server.agentPort === undefined) return { skipped: 'the agent listener is off (--agent-listen off)' };
  try {
    const agent = await startDemoAgent({
      apiAddress: `localhost:${server.port}`,
      agentAddress: agentAddress(config, server.agentPort),
      ...(server.tls?.caFile ? { caFile: server.tls.caFile } : {}),
      organization: config.organization,
      username: 'admin',
      password,
      dataDir: config.dataDir,
      agentVersion: VERSION,
      log: server.log.child({ component: 'agent', cluster: 'demo' }),
    });
    return { stop: () => agent.stop(), dir: join(config.dataDir, 'clusters', 'demo') };
  } catch (e) {
    server.log.error({ err: e }, 'demo agent did not start');
    return { skipped: `the demo agent did not start: ${(e as Error).message}` };
  }
}

/** The "what next" block printed once everything runs. */
export function whatNext(o: {
  profile: string;
  path: string;
  password?: string;
  passwordFile: string;
  config: ServerConfig;
  demo: DemoAgent;
  agentPort: number | undefined;
  url: string;
}): string {
  const lines = ['', 'Next:'];
  if (o.password) lines.push(`  admin password: ${o.password}  (shown once; kept in ${o.passwordFile})`);
  lines.push(`  web UI: ${o.url}/  (log in as admin; the certificate is signed by this server's own CA)`);
  lines.push(`  tctl profile "${o.profile}" written to ${o.path} and made current: try \`tctl get organizations\``);
  if (o.agentPort !== undefined) lines.push(`  cluster agents (\`meshbridge agent\`) connect to port ${o.agentPort}`);
  if ('dir' in o.demo) {
    lines.push(
      `  cluster "demo" is onboarded and its agent runs here: configuration for it lands under ${o.demo.dir}/`,
      `    its namespaces are in ${join(o.config.dataDir, 'clusters', 'demo-inventory.yaml')}; check it with \`tctl status cluster demo\``,
    );
  } else {
    lines.push(`  no demo cluster: ${o.demo.skipped}`);
  }
  return `${lines.join('\n')}\n`;
}
