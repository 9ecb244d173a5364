import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { sharedDir } from '../../../test/support/shared.js';
import type { JsonObject } from './cni-conf.js';
import { insertEntry, isChained, jsonEqual, normalizeConf, removeEntry, selectPrimary, validateConf } from './cni-conf.js';

const fixture = (...p: string[]): string => readFileSync(sharedDir('data', 'istio', 'cni', ...p), 'utf8');
const json = (...p: string[]): JsonObject => JSON.parse(fixture(...p)) as JsonObject;
const istioEntry = json('install', 'istio-cni.conf');

// GIVEN Istio's install-cni inputs WHEN our entry (Istio's, for the comparison) is inserted THEN the result equals Istio's golden as JSON.
for (const [input, golden] of [
  ['list.conflist', 'list.conflist.golden'],
  ['list-with-istio.conflist', 'list-with-istio.conflist.golden'],
]) {
  test(`insertEntry: install/${input} equals install/${golden} as JSON`, () => {
    const out = insertEntry(input, json('install', input), istioEntry);
    assert.equal(out.name, input);
    assert.deepEqual(out.json, json('install', golden));
  });
}

test('insertEntry: pre/calico.conflist with the expected YYY-istio-cni.conf entry equals expected/10-calico.conflist-istioconfig', () => {
  const out = insertEntry('10-calico.conflist', json('pre', 'calico.conflist'), json('expected', 'YYY-istio-cni.conf'));
  assert.deepEqual(out.json, json('expected', '10-calico.conflist-istioconfig'));
});

// Deliberate difference from Istio: converting a .conf keeps the network's name and cniVersion.
// Istio renames it to k8s-pod-network/0.3.1, which makes host-local allocate from a new pool
// (/var/lib/cni/networks/<name>) while running pods keep their addresses.
test("insertEntry: install/bridge.conf becomes a .conflist equal to Istio's golden except the kept name and cniVersion", () => {
  const out = insertEntry('10-bridge.conf', json('install', 'bridge.conf'), istioEntry);
  assert.equal(out.name, '10-bridge.conflist');
  assert.equal(out.replaces, '10-bridge.conf');
  assert.deepEqual(out.json, { ...json('install', 'bridge.conf.golden'), name: 'dbnet', cniVersion: '0.4.0' });
});

test('insertEntry + removeEntry: pre/minikube_cni.conf matches expected/minikube_cni.conflist.expected and .clean (name kept)', () => {
  const entry = json('expected', 'YYY-istio-cni.conf');
  const installed = insertEntry('minikube_cni.conf', json('pre', 'minikube_cni.conf'), entry);
  assert.deepEqual(installed.json, { ...json('expected', 'minikube_cni.conflist.expected'), name: 'rkt.kubernetes.io' });
  assert.deepEqual(removeEntry(installed.json, 'istio-cni'), { ...json('expected', 'minikube_cni.conflist.clean'), name: 'rkt.kubernetes.io' });
});

test("validateConf: Istio's invalid inputs are rejected with a reason, the valid ones accepted", () => {
  const invalid = [
    ['install', 'invalid-arr.conflist'],
    ['install', 'invalid-map.conflist'],
    ['pre', 'non_json.conf'],
    ['pre', 'bad_minikube_cni.conf'],
    ['pre', 'noname_calico.conflist'],
    ['pre', 'noplugins_calico.conflist'],
  ];
  for (const [d, f] of invalid) {
    const c = validateConf({ name: f, text: fixture(d, f) });
    assert.equal(c.valid, false, `${d}/${f} should be invalid`);
    assert.ok(!c.valid && c.reason.length > 0);
  }
  for (const f of ['calico.conflist', 'minikube_cni.conf', 'nover_calico.conflist'])
    assert.equal(validateConf({ name: f, text: fixture('pre', f) }).valid, true, f);
});

test("selectPrimary: sorted by name, invalid files skipped with reasons, first valid wins (kubelet's rule)", () => {
  const files = readdirSync(sharedDir('data', 'istio', 'cni', 'pre')).map((name) => ({ name, text: fixture('pre', name) }));
  const { winner, skipped } = selectPrimary([...files, { name: 'README.md', text: '#' }]);
  // bad_minikube_cni.conf sorts first and has no type; calico.conflist is next and valid.
  assert.equal(winner?.name, 'calico.conflist');
  assert.deepEqual(
    skipped.map((s) => s.name),
    ['bad_minikube_cni.conf'],
  );
  assert.equal(selectPrimary([{ name: '00-x.conflist', text: '{' }]).winner, undefined);
});

const ours: JsonObject = { cniVersion: '1.0.0', name: 'meshbridge-cni', type: 'meshbridge-cni', log_level: 'info', exclude_namespaces: ['kube-system'] };

// Conflists shaped like what each provider writes on a node.
const providers: Record<string, JsonObject> = {
  calico: json('pre', 'calico.conflist'),
  cilium: { cniVersion: '0.3.1', name: 'cilium', plugins: [{ type: 'cilium-cni', 'enable-debug': false, 'log-file': '/var/run/cilium/cilium-cni.log' }] },
  flannel: {
    name: 'cbr0',
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  },
  'aws-vpc': {
    cniVersion: '0.4.0',
    name: 'aws-cni',
    disableCheck: true,
    plugins: [
      {
        name: 'aws-cni',
        type: 'aws-cni',
        vethPrefix: 'eni',
        mtu: '9001',
        podSGEnforcingMode: 'strict',
        pluginLogFile: '/var/log/aws-routed-eni/plugin.log',
        pluginLogLevel: 'DEBUG',
      },
      {
        name: 'egress-cni',
        type: 'egress-cni',
        mtu: '9001',
        enabled: 'false',
        randomizeSNAT: 'prng',
        nodeIP: '',
        ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00::ac:00/118' }]], routes: [{ dst: '::/0' }], dataDir: '/run/cni/v4pd/egress-v6-ipam' },
        pluginLogFile: '/var/log/aws-routed-eni/egress-v6-plugin.log',
        pluginLogLevel: 'DEBUG',
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  },
  'single-conf': { cniVersion: '0.4.0', name: 'mynet', type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.22.0.0/16' } },
};

for (const [provider, conf] of Object.entries(providers)) {
  test(`invariants on a ${provider}-shaped config: originals kept in order, exactly one entry of ours last, idempotent, uninstall(install(x)) = x`, () => {
    const original = structuredClone(conf);
    const once = insertEntry(`10-${provider}.conflist`, conf, ours);
    const plugins = once.json.plugins as JsonObject[];
    const before = normalizeConf(original).plugins as JsonObject[];
    assert.deepEqual(plugins.slice(0, -1), before, 'original plugins kept, in order, unchanged');
    assert.equal(plugins.filter((p) => p.type === 'meshbridge-cni').length, 1);
    assert.equal(plugins.at(-1)?.type, 'meshbridge-cni');
    assert.equal('cniVersion' in (plugins.at(-1) ?? {}), false, 'our entry inherits the list cniVersion');
    for (const [k, v] of Object.entries(original))
      if (k !== 'plugins' && k !== 'type' && 'plugins' in original) assert.deepEqual(once.json[k], v, `top-level ${k} kept`);
    assert.equal(isChained(once.json, ours), true);
    assert.deepEqual(insertEntry(once.name, once.json, ours).json, once.json, 'inserting again changes nothing');
    const removed = removeEntry(once.json, 'meshbridge-cni');
    assert.ok(removed);
    assert.ok(jsonEqual(normalizeConf(removed), normalizeConf(original)), 'uninstall(install(x)) equals x semantically');
    assert.deepEqual(conf, original, 'input not mutated');
  });
}

test('isChained: false when our entry is stale, duplicated or not last; removeEntry: undefined when absent', () => {
  const chained = insertEntry('a.conflist', providers.calico, ours).json;
  assert.equal(isChained(chained, { ...ours, log_level: 'debug' }), false);
  const plugins = chained.plugins as JsonObject[];
  assert.equal(isChained({ ...chained, plugins: [plugins[2], plugins[0], plugins[1]] }, ours), false);
  assert.equal(isChained({ ...chained, plugins: [...plugins, plugins[2]] }, ours), false);
  const fixed = insertEntry('a.conflist', { ...chained, plugins: [plugins[2], ...plugins] }, ours).json;
  assert.equal((fixed.plugins as JsonObject[]).filter((p) => p.type === 'meshbridge-cni').length, 1);
  assert.equal(removeEntry(providers.calico, 'meshbridge-cni'), undefined);
});
