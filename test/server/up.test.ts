// End-to-end: `meshbridge up` starts the embedded default, onboards the local cluster `demo` with
// its in-process agent, and leaves a tctl profile with which `tctl get organizations` works right
// away; configuration selecting demo/bookinfo lands as Istio YAML under <data-dir>/clusters/demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { binCommand } from '../support/bins.js';
import { cleanup, tempDir } from './_server.js';

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MESHBRIDGE_') && k !== 'TCTL_CONFIG') env[k] = v;
  if (process.env.MESHBRIDGE_TEST_DIST) env.MESHBRIDGE_TEST_DIST = process.env.MESHBRIDGE_TEST_DIST;
  return env;
}

/** Runs `meshbridge up` and resolves once its "what next" block is out. */
async function up(dir: string, agentListen: string, extra: readonly string[] = []): Promise<{ proc: ChildProcess; out: string; stop: () => Promise<void> }> {
  const mb = binCommand('meshbridge');
  const args = [
    'up',
    '--data-dir',
    join(dir, 'data'),
    '--listen',
    '127.0.0.1:0',
    '--agent-listen',
    agentListen,
    '--tctl-config',
    join(dir, 'tctl.yaml'),
    ...extra,
  ];
  const proc = spawn(mb.command, [...mb.args, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  };
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`up did not finish starting in 60 s\n${out}\n${err}`)), 60_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (/tctl profile "meshbridge-local" written[^\n]*\n(.*\n)*.*(lands under|no demo cluster)[^\n]*\n/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`up exited with ${code}\n${out}\n${err}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { proc, out, stop };
}

function tctl(dir: string, args: string[]): string {
  const t = binCommand('tctl');
  const r = spawnSync(t.command, [...t.args, ...args], { env: { ...childEnv(), TCTL_CONFIG: join(dir, 'tctl.yaml') }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `tctl ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(relative(root, join(d, e.name)).split(sep).join('/'));
    }
  };
  await walk(root);
  return out.sort();
}

/** Polls `check` every 50 ms for at most `ms` (files written by another process have no event to await here). */
async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CONFIG = `apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata: {organization: tetrate, name: demo}
spec: {}
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
metadata: {organization: tetrate, tenant: demo, name: bookinfo}
spec: {namespaceSelector: {names: ["demo/bookinfo"]}}
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Group
metadata: {organization: tetrate, tenant: demo, workspace: bookinfo, name: gw}
spec: {namespaceSelector: {names: ["demo/bookinfo"]}, configMode: BRIDGED}
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: IngressGateway
metadata: {organization: tetrate, tenant: demo, workspace: bookinfo, group: gw, name: bookinfo-gw}
spec:
  workloadSelector: {namespace: bookinfo, labels: {app: bookinfo-gateway}}
  http:
  - name: bookinfo
    port: 80
    hostname: bookinfo.example.com
    routing:
      rules:
      - route: {host: bookinfo/productpage.bookinfo.svc.cluster.local, port: 9080}
`;
// issue #16: the demo cluster also holds istiod's plug-in CA material.
const EXPECTED = ['bookinfo/Gateway/bookinfo-gw.yaml', 'bookinfo/VirtualService/bookinfo-gw-bookinfo.yaml', 'istio-system/Secret/cacerts.yaml'];

test('meshbridge up onboards cluster demo: tctl works at once, an applied IngressGateway lands as Istio YAML under data/clusters/demo, and a restart resumes without a new password', async () => {
  const dir = tempDir('mb-up-');
  const demoDir = join(dir, 'data', 'clusters', 'demo');
  let run = await up(dir, '127.0.0.1:0');
  try {
    assert.match(run.out, /admin password: \S+ +\(shown once; kept in .*admin-password\)/);
    assert.match(run.out, /cluster "demo" is onboarded .* lands under .*clusters\/demo\//);
    assert.doesNotMatch(run.out, /"level":30/, 'up logs at warn by default so the next steps stay readable');
    assert.match(tctl(dir, ['get', 'organizations', '-o', 'json']), /"name": ?"tetrate"/);
    await writeFile(join(dir, 'demo.yaml'), CONFIG);
    tctl(dir, ['apply', '-f', join(dir, 'demo.yaml')]);
    await until(async () => JSON.stringify(await files(demoDir)) === JSON.stringify(EXPECTED), `${EXPECTED.join(', ')} under ${demoDir}`);
    const gateway = await readFile(join(demoDir, EXPECTED[0]), 'utf8');
    assert.match(gateway, /apiVersion: networking\.istio\.io\/v1/);
    assert.match(gateway, /kind: Gateway/);
    assert.match(gateway, /bookinfo\.example\.com/);
    assert.match(tctl(dir, ['status', 'cluster', 'demo']), /^demo\s+READY\b/m);
    await until(
      () =>
        /^bookinfo-gw\s+READY\b/m.test(
          tctl(dir, ['status', 'ingressgateway', 'bookinfo-gw', '--tenant', 'demo', '--workspace', 'bookinfo', '--gatewaygroup', 'gw']),
        ),
      'IngressGateway READY',
    );
    await run.stop();
    assert.equal(run.proc.exitCode, 0);

    // A second start: same admin (no password printed), the saved cluster key, files kept.
    run = await up(dir, '127.0.0.1:0');
    assert.doesNotMatch(run.out, /password/);
    assert.match(run.out, /cluster "demo" is onboarded/);
    assert.deepEqual(await files(demoDir), EXPECTED);
    await until(() => /^demo\s+READY\b/m.test(tctl(dir, ['status', 'cluster', 'demo'])), 'demo READY after restart');
  } finally {
    await run.stop();
    cleanup(dir);
  }
});

test('meshbridge up --agent-listen off runs no demo cluster and says so', async () => {
  const dir = tempDir('mb-up-off-');
  const run = await up(dir, 'off');
  try {
    assert.match(run.out, /no demo cluster: the agent listener is off/);
    assert.match(tctl(dir, ['get', 'organizations', '-o', 'json']), /"name": ?"tetrate"/);
    assert.deepEqual(await files(join(dir, 'data', 'clusters')), []);
  } finally {
    await run.stop();
    cleanup(dir);
  }
});

test('meshbridge up --insecure-http writes a profile without TLS and the demo agent still syncs', async () => {
  const dir = tempDir('mb-up-http-');
  const run = await up(dir, '127.0.0.1:0', ['--insecure-http']);
  try {
    assert.match(run.out, /listening on http:\/\//);
    assert.match(tctl(dir, ['get', 'organizations', '-o', 'json']), /"name": ?"tetrate"/);
    await until(() => /^demo\s+READY\b/m.test(tctl(dir, ['status', 'cluster', 'demo'])), 'demo READY without TLS');
  } finally {
    await run.stop();
    cleanup(dir);
  }
});
