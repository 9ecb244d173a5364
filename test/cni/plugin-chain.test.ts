// End to end, as root: a "node" network namespace holds the bridge; a pod namespace gets its network
// from the real Debian plugins (bridge + host-local + portmap) and then meshbridge-cni, run the way a
// container runtime runs a conflist. Real TCP connections prove what the capture rules do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addChain, execPlugin, pluginStdin, runChain } from './support/cni-runtime.js';
import type { Json, RuntimeCall } from './support/cni-runtime.js';
import { addNetns, connectFrom, delNetns, natRules, sh, shortId, startListeners } from './support/netns.js';
import { pluginBundle, runMeshbridge } from './support/plugin-bundle.js';

const id = shortId();
const podNs = `mbp-${id}`;
const nodeNs = `mbn-${id}`;
const bridge = `mbbr${id}`;
const net = `198.18.${parseInt(id.slice(0, 2), 16)}`;
const gateway = `${net}.1`;
const excludedIp = `${net}.2`;
const net6 = `fd6d:6200:${id.slice(0, 4)}:`;
const gateway6 = `${net6}:1`;
const dir = mkdtempSync(join(tmpdir(), 'mb-cni-e2e-'));
const binDir = join(dir, 'bin');
const confDir = join(dir, 'net.d');
const pluginLog = join(dir, 'plugin.log');
const children: ChildProcess[] = [];

const annotations = {
  'sidecar.istio.io/status': JSON.stringify({
    initContainers: ['istio-validation'],
    containers: ['istio-proxy'],
    volumes: [],
    imagePullSecrets: null,
    revision: 'default',
  }),
  'traffic.sidecar.istio.io/excludeOutboundPorts': '7777',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': `${excludedIp}/32`,
  'traffic.sidecar.istio.io/excludeInboundPorts': '8081',
};
const call: RuntimeCall = {
  binDir,
  netns: `/var/run/netns/${podNs}`,
  containerId: `ctr-${id}`,
  podNamespace: 'shop',
  podName: `web-${id}`,
  hostNetns: nodeNs,
  capabilityArgs: { 'io.kubernetes.cri.pod-annotations': annotations, portMappings: [] },
};
let list: Json;
let result: Json;
let podIp: string;
let podIp6: string;
let natBefore: string[];
let nat6Before: string[];
let natAfterAdd: string[];
let ours: Json;

describe('meshbridge-cni chained after bridge + host-local + portmap (real plugins, real netns, root)', () => {
  before(async () => {
    mkdirSync(binDir);
    mkdirSync(confDir);
    for (const p of ['bridge', 'host-local', 'portmap']) symlinkSync(`/usr/lib/cni/${p}`, join(binDir, p));
    writeFileSync(
      join(confDir, '10-bridge.conflist'),
      JSON.stringify({
        cniVersion: '1.0.0',
        name: `mbnet-${id}`,
        plugins: [
          {
            type: 'bridge',
            bridge,
            isGateway: true,
            ipMasq: false,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet: `${net}.0/24`, rangeStart: `${net}.10`, gateway }], [{ subnet: `${net6}:/64`, gateway: gateway6 }]],
              dataDir: join(dir, 'ipam'),
            },
          },
          { type: 'portmap', snat: true, capabilities: { portMappings: true } },
        ],
      }),
    );
    const install = await runMeshbridge([
      'cni',
      'install',
      '--once',
      '--cni-conf-dir',
      confDir,
      '--cni-bin-dir',
      binDir,
      '--plugin-source',
      await pluginBundle(),
      '--node-binary',
      process.execPath,
      '--log-file',
      pluginLog,
      '--service-account-dir',
      join(dir, 'no-sa'),
      '--health-address',
      'off',
    ]);
    assert.equal(install.code, 0, install.stderr);
    list = JSON.parse(readFileSync(join(confDir, '10-bridge.conflist'), 'utf8')) as Json;
    addNetns(nodeNs);
    addNetns(podNs);
    // Someone else's rule in the pod's nat table: DEL must leave it alone.
    sh('ip', ['netns', 'exec', podNs, 'iptables', '-t', 'nat', '-A', 'OUTPUT', '-d', '203.0.113.9/32', '-j', 'RETURN']);
    natBefore = natRules(podNs);
    nat6Before = natRules(podNs, 6);
    children.push(await startListeners(nodeNs, ['node-9999@9999', 'node-7777@7777']));
    children.push(await startListeners(podNs, ['outbound-15001@15001', 'inbound-15006@15006', 'app-8080@8080', 'app-8081@8081']));
    const add = await addChain(list, call);
    result = add.result;
    ours = add.outputs[add.outputs.length - 1].input;
    const addrs = (result.ips as Json[]).map((ip) => String(ip.address).split('/')[0]);
    podIp = addrs.find((a) => !a.includes(':')) ?? '';
    podIp6 = addrs.find((a) => a.includes(':')) ?? '';
    natAfterAdd = natRules(podNs);
    sh('ip', ['-n', nodeNs, 'addr', 'add', `${excludedIp}/24`, 'dev', bridge]);
  });

  after(() => {
    for (const c of children) c.kill('SIGKILL');
    delNetns(podNs);
    delNetns(nodeNs);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the installer appended meshbridge-cni after portmap and the runtime ran all three', () => {
    assert.deepEqual(
      (list.plugins as Json[]).map((p) => p.type),
      ['bridge', 'portmap', 'meshbridge-cni'],
    );
    assert.match(podIp, new RegExp(`^${net.replace(/\./g, '\\.')}\\.\\d+$`));
  });

  test('ADD prints prevResult unchanged, and only that, on stdout', async () => {
    const run = await execPlugin('ADD', 'meshbridge-cni', ours, call);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.stdout), ours.prevResult);
    assert.match(readFileSync(pluginLog, 'utf8'), /capture rules (created|unchanged)/);
  });

  test('outbound TCP from the pod reaches the listener on 15001', async () => {
    assert.equal(await connectFrom(podNs, gateway, 9999), 'outbound-15001');
  });

  test('inbound TCP to the pod reaches the listener on 15006', async () => {
    assert.equal(await connectFrom(nodeNs, podIp, 8080), 'inbound-15006');
  });

  test('a process running as UID/GID 1337 bypasses capture', async () => {
    assert.equal(await connectFrom(podNs, gateway, 9999, 1337), 'node-9999');
  });

  test('dual stack: IPv6 outbound reaches 15001, inbound reaches 15006, UID 1337 bypasses (ip6tables rules)', async () => {
    assert.match(podIp6, /^fd6d:6200:/);
    assert.equal(await connectFrom(podNs, gateway6, 9999), 'outbound-15001');
    assert.equal(await connectFrom(nodeNs, podIp6, 8080), 'inbound-15006');
    assert.equal(await connectFrom(podNs, gateway6, 9999, 1337), 'node-9999');
    assert.ok(natRules(podNs, 6).includes('-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN'));
    assert.match(sh('ip', ['-n', podNs, '-6', 'addr', 'show', 'dev', 'lo']), /inet6 ::6\/128/, "Envoy's IPv6 passthrough source exists");
  });

  test('an excluded outbound port and an excluded outbound CIDR bypass capture', async () => {
    assert.equal(await connectFrom(podNs, gateway, 7777), 'node-7777');
    assert.equal(await connectFrom(podNs, excludedIp, 9999), 'node-9999');
  });

  test('an excluded inbound port reaches the application directly', async () => {
    assert.equal(await connectFrom(nodeNs, podIp, 8081), 'app-8081');
  });

  test('ADD again is idempotent: the nat table is exactly as after the first ADD', async () => {
    const run = await execPlugin('ADD', 'meshbridge-cni', ours, call);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(natRules(podNs), natAfterAdd);
  });

  test('CHECK passes through the chain, fails with MB5007 when a rule is removed, and ADD repairs it', async () => {
    const ok = await runChain('CHECK', list, call, result);
    assert.deepEqual(
      ok.map((r) => r.code),
      [0, 0, 0],
      ok.map((r) => r.stdout).join(' '),
    );
    sh('ip', ['netns', 'exec', podNs, 'iptables', '-t', 'nat', '-D', 'ISTIO_OUTPUT', '-m', 'owner', '--uid-owner', '1337', '-j', 'RETURN']);
    const bad = await execPlugin('CHECK', 'meshbridge-cni', pluginStdin(list, (list.plugins as Json[])[2], call, result), call);
    assert.equal(bad.code, 1);
    const err = JSON.parse(bad.stdout) as Json;
    assert.equal(err.code, 5007);
    assert.match(
      String(err.msg),
      /^MB5007 Capture rules missing or changed in the pod network namespace: .*missing: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN/,
    );
    assert.match(String(err.details), /^Fix: .*delete the pod/);
    const repair = await execPlugin('ADD', 'meshbridge-cni', ours, call);
    assert.equal(repair.code, 0, repair.stdout);
    assert.deepEqual(natRules(podNs), natAfterAdd);
  });

  test("DEL of our plugin restores the pod namespace's nat table exactly and traffic flows uncaptured", async () => {
    const del = await execPlugin('DEL', 'meshbridge-cni', pluginStdin(list, (list.plugins as Json[])[2], call, result), call);
    assert.deepEqual([del.code, del.stdout], [0, '']);
    assert.deepEqual(natRules(podNs), natBefore);
    assert.deepEqual(natRules(podNs, 6), nat6Before);
    assert.doesNotMatch(sh('ip', ['-n', podNs, '-6', 'addr', 'show', 'dev', 'lo']), /::6\/128/);
    // The same connection that went to 15001 now reaches the real listener.
    assert.equal(await connectFrom(podNs, gateway, 9999), 'node-9999');
  });

  test('DEL through the whole chain (reverse order, cached result) succeeds, again too, and after the netns is gone', async () => {
    const del = await runChain('DEL', list, call, result);
    assert.deepEqual(
      del.map((r) => r.code),
      [0, 0, 0],
      del.map((r) => r.stdout).join(' '),
    );
    assert.deepEqual(natRules(podNs), natBefore);
    const again = await runChain('DEL', list, call, result);
    assert.deepEqual(
      again.map((r) => r.code),
      [0, 0, 0],
    );
    const gone = await execPlugin('DEL', 'meshbridge-cni', ours, { ...call, netns: `/var/run/netns/gone-${id}` });
    assert.deepEqual([gone.code, gone.stdout], [0, '']);
  });

  test('pods that must not be captured pass through untouched: not injected, inject "false", excluded namespace', async () => {
    const cases: Array<[string, Partial<RuntimeCall>]> = [
      ['not injected', { capabilityArgs: { 'io.kubernetes.cri.pod-annotations': {} } }],
      ['inject "false"', { capabilityArgs: { 'io.kubernetes.cri.pod-annotations': { ...annotations, 'sidecar.istio.io/inject': 'false' } } }],
      ['excluded namespace', { podNamespace: 'kube-system' }],
    ];
    for (const [name, over] of cases) {
      const c = { ...call, ...over };
      const run = await execPlugin('ADD', 'meshbridge-cni', pluginStdin(list, (list.plugins as Json[])[2], c, result), c);
      assert.equal(run.code, 0, `${name}: ${run.stdout}`);
      assert.deepEqual(JSON.parse(run.stdout), result, name);
      assert.deepEqual(natRules(podNs), natBefore, name);
    }
    assert.match(readFileSync(pluginLog, 'utf8'), /no redirection: namespace kube-system is excluded/);
  });
});
