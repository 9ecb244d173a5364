// The plugin reading pods through the Kubernetes API, tested against the documented contract
// (GET /api/v1/namespaces/{ns}/pods/{name}, bearer token, cluster CA) served by a fake API server on
// loopback: no real API server can run here. The bundled plugin runs as a process, in a real netns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKubeconfig } from '../../src/cni/index.js';
import { addNetns, delNetns, natRules, shortId } from './support/netns.js';
import { pluginBundle } from './support/plugin-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'mb-cni-kube-'));
const ns = `mbk-${shortId()}`;
const token = 'test-token-' + shortId();
let server: Server;
let requests: string[] = [];
let failFirst = 0;

const pod = {
  metadata: {
    namespace: 'shop',
    name: 'web-1',
    annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}', 'traffic.sidecar.istio.io/excludeOutboundPorts': '5432' },
  },
  spec: { containers: [{ name: 'app' }, { name: 'istio-proxy', args: ['proxy', 'sidecar'], securityContext: { runAsUser: 1500, runAsGroup: 1500 } }] },
};

function runPluginProcess(command: string, podName: string, extra: Record<string, unknown> = {}): Promise<{ code: number; stdout: string }> {
  return pluginBundle().then(
    (bundle) =>
      new Promise((resolve, reject) => {
        const conf = {
          cniVersion: '1.0.0',
          name: 'net',
          type: 'meshbridge-cni',
          kubeconfig: join(dir, 'kubeconfig'),
          log_file: join(dir, 'plugin.log'),
          prevResult: { cniVersion: '1.0.0', ips: [], dns: {} },
          ...extra,
        };
        const child = spawn(process.execPath, [bundle], {
          env: {
            PATH: process.env.PATH,
            CNI_COMMAND: command,
            CNI_CONTAINERID: 'c1',
            CNI_NETNS: `/var/run/netns/${ns}`,
            CNI_IFNAME: 'eth0',
            CNI_ARGS: `K8S_POD_NAMESPACE=shop;K8S_POD_NAME=${podName}`,
          },
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
        child.stdin.end(JSON.stringify(conf));
      }),
  );
}

describe('plugin pod lookup through the Kubernetes API contract (fake API server on loopback; no real cluster here)', () => {
  before(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end('{"kind":"Status","code":401}');
      if (failFirst > 0) {
        failFirst--;
        return void res.writeHead(503).end('{"kind":"Status","code":503}');
      }
      if (req.url === '/api/v1/namespaces/shop/pods/web-1') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pod));
      res.writeHead(404).end('{"kind":"Status","code":404,"reason":"NotFound"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const kc = renderKubeconfig({ host: '127.0.0.1', port: String(port), token, caData: readFileSync(join(dir, 'cert.pem')).toString('base64') });
    writeFileSync(join(dir, 'kubeconfig'), JSON.stringify(kc));
    addNetns(ns);
  });

  after(() => {
    server?.close();
    delNetns(ns);
    rmSync(dir, { recursive: true, force: true });
  });

  test("ADD reads the pod with the token over verified TLS, retries a 503, and applies rules for the proxy's runAsUser", async () => {
    requests = [];
    failFirst = 1;
    const out = await runPluginProcess('ADD', 'web-1');
    assert.equal(out.code, 0, out.stdout);
    assert.deepEqual(requests, [`GET /api/v1/namespaces/shop/pods/web-1 Bearer ${token}`, `GET /api/v1/namespaces/shop/pods/web-1 Bearer ${token}`]);
    const rules = natRules(ns);
    assert.ok(rules.includes('-A ISTIO_OUTPUT -m owner --uid-owner 1500 -j RETURN'));
    assert.ok(rules.includes('-A ISTIO_OUTPUT -p tcp -m tcp --dport 5432 -j RETURN'));
    assert.equal(
      rules.some((r) => r.includes('1337')),
      false,
    );
    assert.match(readFileSync(join(dir, 'plugin.log'), 'utf8'), /pod lookup attempt 1 failed: API answered HTTP 503/);
  });

  test('a pod the API never returns fails ADD with CNI code 11 (try again later) and MB5006 after the lookup deadline', async () => {
    const out = await runPluginProcess('ADD', 'missing', { pod_lookup_timeout_seconds: 1 });
    assert.equal(out.code, 1);
    const err = JSON.parse(out.stdout) as { code: number; msg: string };
    assert.equal(err.code, 11);
    assert.match(err.msg, /^MB5006: GET pod shop\/missing .*HTTP 404/);
  });
});
