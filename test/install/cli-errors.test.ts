// Bad input through the real tctl binary: one clear error naming the path, non-zero exit, nothing on stdout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runTctl } from './tctl-run.js';

const IG = 'apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: { name: gw, namespace: apps }\n';
const CP = 'apiVersion: install.tetrate.io/v1alpha1\nkind: ControlPlane\nmetadata: { name: controlplane, namespace: istio-system }\n';
const MP = 'apiVersion: install.tetrate.io/v1alpha1\nkind: ManagementPlane\nmetadata: { name: managementplane, namespace: tsb }\n';
const overlay = (path: string, name = 'gw', kind = 'Deployment'): string =>
  `${IG}spec:\n  kubeSpec:\n    overlays:\n      - kind: ${kind}\n        name: ${name}\n        patches:\n          - path: "${path}"\n            value: 1\n`;

interface Case {
  name: string;
  target: string;
  input?: string;
  args?: string[];
  code: string;
  message: RegExp;
}

const CASES: Case[] = [
  { name: 'malformed YAML', target: 'gateway', input: `${IG}spec:\n  kubeSpec: [unclosed\n`, code: 'MB6000', message: /<stdin>:\d+:\d+: Flow sequence/ },
  {
    name: 'a ControlPlane given to `manifest gateway`',
    target: 'gateway',
    input: `${CP}spec: {}\n`,
    code: 'MB6001',
    message:
      /got install\.tetrate\.io\/v1alpha1 ControlPlane; this command renders install\.tetrate\.io\/v1alpha1 IngressGateway, EgressGateway or Tier1Gateway/,
  },
  {
    name: 'a wrong apiVersion',
    target: 'gateway',
    input: 'apiVersion: gateway.tsb.tetrate.io/v2\nkind: IngressGateway\nmetadata: { name: gw }\nspec: {}\n',
    code: 'MB6001',
    message: /got gateway\.tsb\.tetrate\.io\/v2 IngressGateway/,
  },
  {
    name: 'an overlay path that matches nothing',
    target: 'gateway',
    input: overlay('spec.template.spec.containers.[name:web].env[-1]'),
    code: 'MB6006',
    message:
      /spec\.kubeSpec\.overlays\[0\]\.patches\[0\]\.path: overlay path "spec\.template\.spec\.containers\.\[name:web\]\.env\[-1\]" matches nothing in Deployment apps\/gw: no list item matches at/,
  },
  {
    name: 'a malformed overlay path',
    target: 'gateway',
    input: overlay('spec.template..spec'),
    code: 'MB6005',
    message: /overlay path "spec\.template\.\.spec" has an empty segment/,
  },
  {
    name: 'an overlay on an object that is not rendered',
    target: 'gateway',
    input: overlay('spec.replicas', 'api'),
    code: 'MB6007',
    message: /spec\.kubeSpec\.overlays\[0\]: no rendered Deployment named "api"; rendered Deployment objects: gw/,
  },
  {
    name: 'an overlay value Kubernetes would refuse',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    overlays:\n      - kind: Deployment\n        name: gw\n        patches:\n          - path: spec.template.spec.containers.[name:istio-proxy].env[-1]\n            value: { nmae: X, value: "1" }\n`,
    code: 'MB6012',
    message:
      /spec\.kubeSpec\.overlays\[0\]: the overlays leave Deployment apps\/gw invalid for Kubernetes: spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.name: is required/,
  },
  {
    name: 'an invalid memory quantity',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    deployment:\n      resources:\n        requests: { memory: 128MB }\n`,
    code: 'MB6004',
    message: /spec\.kubeSpec\.deployment\.resources\.requests\.memory: "128MB" is not a Kubernetes quantity/,
  },
  {
    name: 'an invalid cpu quantity in hpaSpec',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    deployment:\n      hpaSpec:\n        maxReplicas: 3\n        metrics: [{ type: Resource, resource: { name: memory, targetAverageValue: lots } }]\n`,
    code: 'MB6004',
    message: /spec\.kubeSpec\.deployment\.hpaSpec\.metrics\[0\]\.resource\.targetAverageValue: "lots"/,
  },
  {
    name: 'a misspelt kubeSpec field',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    servce: {}\n`,
    code: 'MB6003',
    message: /spec\.kubeSpec\.servce: unknown field "servce" \(did you mean "service"\?\)/,
  },
  {
    name: 'a field in neither TSB nor meshbridge',
    target: 'management-plane',
    input: `${MP}spec:\n  components:\n    fooBar: {}\n`,
    code: 'MB6003',
    message: /spec\.components\.fooBar: unknown field "fooBar"/,
  },
  {
    name: 'an unknown field inside a Kubernetes type',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    deployment:\n      tolerations: [{ key: a, operater: Exists }]\n`,
    code: 'MB6003',
    message: /spec\.kubeSpec\.deployment\.tolerations\[0\]\.operater: unknown field "operater" \(did you mean "operator"\?\)/,
  },
  {
    name: 'a wrongly typed field',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    deployment:\n      replicaCount: three\n`,
    code: 'MB6002',
    message: /spec\.kubeSpec\.deployment\.replicaCount: must be an integer, got string "three"/,
  },
  {
    name: 'a bad enum value',
    target: 'gateway',
    input: `${IG}spec:\n  kubeSpec:\n    service:\n      type: Internal\n`,
    code: 'MB6002',
    message: /spec\.kubeSpec\.service\.type: "Internal" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName/,
  },
  {
    name: 'a missing required field',
    target: 'control-plane',
    input: `${CP}spec:\n  managementPlane: { host: mp.example.com }\n`,
    code: 'MB6010',
    message: /spec\.managementPlane\.clusterName: is required/,
  },
  {
    name: 'a CNI revision that is not enabled',
    target: 'control-plane',
    input: `${CP}spec:\n  managementPlane: { host: h, clusterName: c }\n  components:\n    xcp:\n      isolationBoundaries: [{ name: g, revisions: [{ name: stable }] }]\n    istio:\n      kubeSpec:\n        CNI: { revision: canary }\n`,
    code: 'MB6002',
    message: /spec\.components\.istio\.kubeSpec\.CNI\.revision: "canary" is not an enabled revision/,
  },
  {
    name: 'an invalid gateway name',
    target: 'gateway',
    input: 'apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: { name: Bad_Name }\nspec: {}\n',
    code: 'MB6011',
    message: /metadata\.name: "Bad_Name" is not a valid DNS-1123 label/,
  },
  { name: 'no -f', target: 'gateway', args: [], code: 'MB6008', message: /no input: pass the CR with -f/ },
  {
    name: 'a missing file',
    target: 'gateway',
    args: ['-f', 'does-not-exist.yaml'],
    code: 'MB6009',
    message: /-f does-not-exist\.yaml: no such file or directory/,
  },
  {
    name: 'an empty input',
    target: 'gateway',
    input: '# nothing\n',
    code: 'MB6008',
    message: /no IngressGateway\/EgressGateway\/Tier1Gateway document found in <stdin>/,
  },
];

// Each case is its own process; three at a time keeps the suite short on a small machine.
describe('tctl install manifest rejects bad input', { concurrency: 3 }, () => {
  for (const c of CASES) {
    test(`bad input: ${c.name} → ${c.code}, the path in one error line, exit 1, empty stdout (real tctl)`, async () => {
      const r = await runTctl(['install', 'manifest', c.target, ...(c.args ?? ['-f', '-'])], c.input);
      assert.equal(r.stdout, '', 'nothing may be printed to stdout');
      assert.equal(r.code, 1, r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], c.message);
      assert.ok(errors[0].endsWith(`[${c.code}]`), errors[0]);
      assert.match(r.stderr, /\nFix: \S/);
    });
  }
});
