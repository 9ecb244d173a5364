import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginDeps } from './run-plugin.js';
import { runPlugin } from './run-plugin.js';
import { podInfoFromAnnotations } from './pod-decision.js';
import type { RuleSet } from '../iptables/rule-builder.js';
import { CniErrors } from '../../api/index.js';

interface Fake {
  deps: PluginDeps;
  applied: RuleSet[];
  removed: number;
  logs: string[];
  lookups: number;
}

function fake(opts: { verify?: string[]; annotations?: Record<string, string> } = {}): Fake {
  const f: Fake = { applied: [], removed: 0, logs: [], lookups: 0, deps: undefined as unknown as PluginDeps };
  f.deps = {
    async lookupPod(conf, ns, name) {
      f.lookups++;
      return podInfoFromAnnotations(ns, name, opts.annotations ?? conf.annotations ?? {});
    },
    iptables: () => ({
      async apply(set) {
        f.applied.push(set);
        return 'created';
      },
      async remove() {
        f.removed++;
        return true;
      },
      async verify() {
        return opts.verify ?? [];
      },
      async ipv6PassthroughAddress(add: boolean) {
        f.logs.push(`ipv6 passthrough ${add ? 'add' : 'del'}`);
      },
    }),
    logger: () => ({ log: (level, msg) => f.logs.push(`${level} ${msg}`), flush: () => undefined }),
    errorTexts: () => CniErrors,
  };
  return f;
}

const injected = { 'sidecar.istio.io/status': JSON.stringify({ containers: ['istio-proxy'] }) };
const env = (cmd: string, extra: Record<string, string> = {}): Record<string, string> => ({
  CNI_COMMAND: cmd,
  CNI_CONTAINERID: 'c1',
  CNI_NETNS: '/var/run/netns/x',
  CNI_IFNAME: 'eth0',
  CNI_ARGS: 'K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web',
  ...extra,
});
const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }], dns: {} };
const conf = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'net',
    type: 'meshbridge-cni',
    prevResult,
    runtimeConfig: { 'io.kubernetes.cri.pod-annotations': injected },
    ...extra,
  });

test('ADD on an injected pod applies the rules once and prints prevResult unchanged', async () => {
  const f = fake();
  const out = await runPlugin(env('ADD'), conf(), f.deps);
  assert.equal(out.exitCode, 0);
  assert.deepEqual(JSON.parse(out.stdout), prevResult);
  assert.equal(f.applied.length, 1);
  assert.ok(f.applied[0].rules.includes('-A OUTPUT -j ISTIO_OUTPUT'));
});

test('ADD for a dual-stack pod (IPv6 address in prevResult) applies IPv4 and IPv6 rule sets', async () => {
  const f = fake();
  const dual = { ...prevResult, ips: [...prevResult.ips, { address: 'fd00::5/64', interface: 0 }] };
  const out = await runPlugin(env('ADD'), conf({ prevResult: dual }), f.deps);
  assert.equal(out.exitCode, 0);
  assert.equal(f.applied.length, 2);
  assert.ok(f.applied[0].rules.includes('-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN'));
  assert.ok(f.applied[1].rules.includes('-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN'));
  assert.ok(f.logs.includes('ipv6 passthrough add'));
});

test('ADD without prevResult prints an empty result in the configured version', async () => {
  const out = await runPlugin(env('ADD'), conf({ prevResult: undefined, cniVersion: '0.4.0' }), fake().deps);
  assert.deepEqual(JSON.parse(out.stdout), { cniVersion: '0.4.0', dns: {} });
});

test('ADD in an excluded namespace or for a non-Kubernetes sandbox neither looks the pod up nor applies rules', async () => {
  for (const e of [env('ADD', { CNI_ARGS: 'K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=dns' }), env('ADD', { CNI_ARGS: '' })]) {
    const f = fake();
    const out = await runPlugin(e, conf({ exclude_namespaces: ['kube-system'] }), f.deps);
    assert.equal(out.exitCode, 0);
    assert.deepEqual(JSON.parse(out.stdout), prevResult);
    assert.equal(f.lookups, 0);
    assert.equal(f.applied.length, 0);
    assert.match(f.logs.join('\n'), /no redirection/);
  }
});

test('ADD on a pod without injection passes through without rules', async () => {
  const f = fake({ annotations: {} });
  const out = await runPlugin(env('ADD'), conf(), f.deps);
  assert.equal(out.exitCode, 0);
  assert.equal(f.applied.length, 0);
});

test('ADD with an invalid traffic annotation fails with CNI error JSON code 5003 naming the annotation', async () => {
  const f = fake({ annotations: { ...injected, 'traffic.sidecar.istio.io/excludeInboundPorts': 'ssh' } });
  const out = await runPlugin(env('ADD'), conf(), f.deps);
  assert.equal(out.exitCode, 1);
  const err = JSON.parse(out.stdout);
  assert.equal(err.code, 5003);
  assert.equal(err.cniVersion, '1.0.0');
  assert.match(err.msg, /^MB5003 .*traffic\.sidecar\.istio\.io\/excludeInboundPorts: "ssh" is not a port number/);
  assert.match(err.details, /^Fix: /);
  assert.equal(f.applied.length, 0);
});

test('DEL removes the rules, and succeeds without a netns (already torn down)', async () => {
  const f = fake();
  assert.equal((await runPlugin(env('DEL'), conf(), f.deps)).stdout, '');
  assert.equal(f.removed, 1);
  const out = await runPlugin(env('DEL', { CNI_NETNS: '' }), conf(), f.deps);
  assert.deepEqual(out, { stdout: '', exitCode: 0 });
  assert.equal(f.removed, 1);
});

test('DEL succeeds and logs a warning when iptables fails (the rules die with the namespace)', async () => {
  const f = fake();
  const deps: PluginDeps = {
    ...f.deps,
    iptables: () => ({
      apply: async () => 'created',
      verify: async () => [],
      ipv6PassthroughAddress: async () => undefined,
      remove: async () => Promise.reject(new Error('iptables-save: not found')),
    }),
  };
  assert.deepEqual(await runPlugin(env('DEL'), conf(), deps), { stdout: '', exitCode: 0 });
  assert.ok(f.logs.some((l) => l.startsWith('warn could not remove IPv4 capture rules: iptables-save: not found')));
});

test('CHECK: silent when rules match, MB5007 when they differ, CNI code 1 for a 0.3.x config', async () => {
  assert.deepEqual(await runPlugin(env('CHECK'), conf(), fake().deps), { stdout: '', exitCode: 0 });
  const bad = await runPlugin(env('CHECK'), conf(), fake({ verify: ['missing: -A OUTPUT -j ISTIO_OUTPUT'] }).deps);
  assert.equal(JSON.parse(bad.stdout).code, 5007);
  const old = await runPlugin(env('CHECK'), conf({ cniVersion: '0.3.1' }), fake().deps);
  assert.equal(JSON.parse(old.stdout).code, 1);
});

test('VERSION answers the supported versions without needing a config', async () => {
  const out = await runPlugin({ CNI_COMMAND: 'VERSION' }, '', fake().deps);
  assert.deepEqual(JSON.parse(out.stdout), { cniVersion: '1.0.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] });
  assert.equal(JSON.parse((await runPlugin({ CNI_COMMAND: 'VERSION' }, '{"cniVersion":"0.3.1"}', fake().deps)).stdout).cniVersion, '0.3.1');
});

test('STATUS and GC (CNI 1.1) succeed silently without container variables', async () => {
  for (const cmd of ['STATUS', 'GC']) {
    const f = fake();
    assert.deepEqual(await runPlugin({ CNI_COMMAND: cmd }, conf({ cniVersion: '1.1.0' }), f.deps), { stdout: '', exitCode: 0 });
    assert.equal(f.applied.length + f.removed, 0);
  }
});

test('environment and config errors map to CNI spec codes', async () => {
  const cases: Array<[Record<string, string>, string, number]> = [
    [{}, conf(), 4],
    [env('ADD', { CNI_NETNS: '' }), conf(), 4],
    [env('BOGUS'), conf(), 5009],
    [env('ADD'), '{not json', 6],
    [env('ADD'), conf({ cniVersion: '0.2.0' }), 1],
    [env('ADD'), conf({ log_level: 'loud' }), 7],
    [env('ADD'), conf({ runtimeConfig: { 'io.kubernetes.cri.pod-annotations': ['x'] } }), 7],
  ];
  for (const [e, stdin, code] of cases) {
    const out = await runPlugin(e, stdin, fake().deps);
    assert.equal(out.exitCode, 1);
    assert.equal(JSON.parse(out.stdout).code, code, `${JSON.stringify(e)} ${stdin}`);
  }
});

test("without the installer's error texts the CNI error still carries the code and points to docs/errors.md", async () => {
  const f = fake({ annotations: { ...injected, 'traffic.sidecar.istio.io/excludeInboundPorts': 'ssh' } });
  const out = await runPlugin(env('ADD'), conf(), { ...f.deps, errorTexts: () => ({}) });
  const err = JSON.parse(out.stdout);
  assert.equal(err.code, 5003);
  assert.match(err.msg, /^MB5003: annotation /);
  assert.equal(err.details, 'Fix: see docs/errors.md (MB5003)');
});
