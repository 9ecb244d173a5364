// The rendered management-plane pod, run as a real process: the server container's args, its env
// (ConfigMap envFrom, Secret keys) and its probes, with the pod's paths mapped into a temp dir and
// its ports forwarded to free loopback ports — what the kubelet would do, minus Kubernetes, which
// cannot run here. Uses the test PostgreSQL in a schema of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { renderInstall, type KubeObject } from '../../src/install/index.js';
import { binCommand } from '../support/bins.js';
import { postgresUrl } from '../support/shared.js';

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } };
type Container = {
  args: string[];
  env: EnvVar[];
  envFrom: { configMapRef: { name: string } }[];
  readinessProbe: { httpGet: { path: string; port: number } };
  livenessProbe: { httpGet: { path: string; port: number } };
};

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  s.close();
  return port;
}

function get(port: number, path: string, body?: unknown, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: data ? 'POST' : 'GET',
        rejectUnauthorized: false,
        headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

test('the rendered server pod (args, ConfigMap env, Secret env, probes) runs and becomes ready on PostgreSQL', async () => {
  const db = new URL(postgresUrl());
  const schema = `install_pod_${process.pid}`;
  const cr = `apiVersion: install.tetrate.io/v1alpha1\nkind: ManagementPlane\nmetadata: { name: mp, namespace: tsb }\nspec:\n  organization: acme\n  dataStore:\n    postgres: { host: ${db.hostname}, port: ${db.port || 5432}, name: ${db.pathname.slice(1)}, sslMode: disable, credentialsSecretName: pg }\n`;
  const { objects } = renderInstall('management-plane', [{ name: 'mp.yaml', text: cr }], { version: '0.1.0' });
  const find = (kind: string, name: string): KubeObject => objects.find((o) => o.kind === kind && o.metadata.name === name) as KubeObject;
  const c = (find('Deployment', 'meshbridge-server').spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
  const secrets: Record<string, Record<string, string>> = {
    pg: { username: decodeURIComponent(db.username), password: decodeURIComponent(db.password) },
    'admin-credentials': { password: 'Pod-admin-pw-1' },
  };
  const dir = mkdtempSync(join(tmpdir(), 'mb-pod-'));
  const [https, agent] = [await freePort(), await freePort()];
  // The kubelet's part: mounts, port mapping, env from the ConfigMap and the Secrets.
  const mounts: Record<string, string> = { '/etc/meshbridge/tls': join(dir, 'tls'), '/var/lib/meshbridge': join(dir, 'data') };
  const ports: Record<string, string> = { ':8443': `127.0.0.1:${https}`, ':9443': `127.0.0.1:${agent}` };
  mkdirSync(mounts['/etc/meshbridge/tls']);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=envoy.tsb.svc',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'tls', 'tls.key'),
      '-out',
      join(dir, 'tls', 'tls.crt'),
    ],
    { stdio: 'ignore' },
  );
  const args = c.args.map((a) => ports[a] ?? Object.entries(mounts).reduce((s, [from, to]) => s.replace(from, to), a));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir };
  for (const from of c.envFrom) Object.assign(env, find('ConfigMap', from.configMapRef.name).data as Record<string, string>);
  for (const e of c.env) env[e.name] = e.value ?? secrets[e.valueFrom?.secretKeyRef?.name ?? '']?.[e.valueFrom?.secretKeyRef?.key ?? ''] ?? '';
  env.MESHBRIDGE_DATABASE += `&schema=${schema}`; // isolation from other suites sharing the test database
  const { command, args: pre } = binCommand('meshbridge');
  const server = spawn(command, [...pre, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const probe = c.readinessProbe.httpGet;
    assert.equal(probe.port, 8443);
    let ready = 0;
    for (let i = 0; i < 300 && ready !== 200 && server.exitCode === null; i++) {
      ready = await get(https, probe.path).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100)); // the kubelet polls too (periodSeconds)
    }
    assert.equal(ready, 200, `readiness ${probe.path} never answered 200; server log:\n${log}`);
    assert.equal((await get(https, c.livenessProbe.httpGet.path)).status, 200);
    const login = await get(https, '/v2/auth/login', { username: 'admin', password: 'Pod-admin-pw-1' });
    assert.equal(login.status, 200, `admin password from Secret admin-credentials not taken: ${login.text}`);
    const { accessToken } = JSON.parse(login.text) as { accessToken: string };
    const org = await get(https, '/v2/organizations/acme', undefined, accessToken);
    assert.equal(org.status, 200, `organization acme (MESHBRIDGE_ORGANIZATION from the ConfigMap) not served: ${org.text}`);
    assert.equal((await get(https, '/v2/organizations/tetrate', undefined, accessToken)).status, 404);
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});
