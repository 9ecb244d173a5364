// Starts the management plane in-process with the mesh CA extension next to the built-in ones (the
// server's `extensions` option), on a real HTTPS loopback listener and a real store, and talks to it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createServer, loadServerConfig, type MeshbridgeServer } from '../../src/server/index.js';
import type { ServerExtension } from '../../src/server/index.js';
import { builtinExtensions } from '../../src/server/extensions.js';
import { meshCaExtension, readClusterCa, type MeshCaExtensionOptions } from '../../src/server/ca/index.js';
import type { PluginCaBundle } from '../../src/pki/index.js';
import { httpsJson } from '../support/https-json.js';

export const ADMIN_PASSWORD = 'admin-password-ca-1';
export const admin = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

export interface Res {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly json: Record<string, unknown>;
  readonly text: string;
}

export interface CaServer {
  readonly server: MeshbridgeServer;
  readonly ca: ReturnType<typeof meshCaExtension> | undefined;
  request(method: string, path: string, body?: unknown, auth?: string | null): Promise<Res>;
  close(): Promise<void>;
}

/** Options: `withCa: false` runs only the built-in extensions; `log` receives every log line (level info). */
export interface StartOptions {
  readonly withCa?: boolean;
  readonly database?: string;
  readonly log?: (line: string) => void;
  readonly ca?: MeshCaExtensionOptions;
}

/** Starts a server on `dataDir`. */
export async function startCaServer(dataDir: string, o: StartOptions = {}): Promise<CaServer> {
  const flags = {
    'data-dir': dataDir,
    listen: '127.0.0.1:0',
    'agent-listen': 'off',
    'admin-password': ADMIN_PASSWORD,
    ...(o.database ? { database: o.database } : {}),
  };
  const config = loadServerConfig(flags, {});
  const ca = o.withCa === false ? undefined : meshCaExtension(o.ca);
  // The built-in mesh CA is swapped for one with this test's options (or left out with withCa: false).
  const builtins = builtinExtensions({ agentListen: null }).filter((e) => e.name !== 'mesh-ca');
  const extensions: ServerExtension[] = [...builtins, ...(ca ? [ca] : [])];
  const sink = o.log;
  const logger = sink ? pino({ level: 'info' }, { write: (line: string) => sink(line) }) : pino({ level: 'warn' });
  const server = await createServer(config, { version: 'test', extensions, logger });
  const agent = new Agent({ keepAlive: true, ca: server.tls?.ca });
  const request: CaServer['request'] = (method, path, body, auth = admin) => {
    const headers: Record<string, string> = {};
    if (auth !== null) headers.authorization = auth;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return httpsJson(agent, `${server.url}${path}`, method, headers, payload);
  };
  return {
    server,
    ca,
    request,
    async close() {
      agent.destroy();
      await server.close();
    },
  };
}

/** A temporary directory and its removal. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-ca-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const run = promisify(execFile);

/** Runs the real openssl CLI; resolves to its exit code and combined output (never throws on exit ≠ 0). */
export async function openssl(args: readonly string[], cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('openssl', [...args], { cwd });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Writes files into `dir`. */
export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, { mode: 0o600 });
}

/**
 * The cluster's current plug-in CA bundle with its key, as the agent stream delivers it to istiod
 * (read from the store in-process: REST never returns the key).
 */
export async function deliveredBundle(s: CaServer, cluster: string): Promise<PluginCaBundle> {
  const ca = await readClusterCa(s.server.store.reader, `organizations/tetrate/clusters/${cluster}`);
  if (!ca) throw new Error(`cluster ${cluster} has no intermediate`);
  return ca.current;
}
