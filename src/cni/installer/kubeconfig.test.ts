import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sharedDir } from '../../../test/support/shared.js';
import { apiServerUrl, renderKubeconfig } from './kubeconfig.js';

test("renderKubeconfig equals Istio's expected ZZZ-istio-cni-kubeconfig as data (server written without brackets around IPv4)", () => {
  const expected = parse(readFileSync(sharedDir('data', 'istio', 'cni', 'expected', 'ZZZ-istio-cni-kubeconfig.expected'), 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  const got = renderKubeconfig({
    host: '10.110.0.1',
    port: '443',
    caData: expected.clusters[0].cluster['certificate-authority-data'],
    token: expected.users[0].user.token,
    identity: 'istio-cni',
  });
  // Istio's template brackets every host ("https://[10.110.0.1]:443"); RFC 3986 and Node's URL reject
  // brackets around IPv4, so we bracket IPv6 literals only.
  expected.clusters[0].cluster.server = 'https://10.110.0.1:443';
  assert.deepEqual(got, expected);
});

test('apiServerUrl brackets IPv6 literals only', () => {
  assert.equal(apiServerUrl('fd00::1', '6443'), 'https://[fd00::1]:6443');
  assert.equal(apiServerUrl('kubernetes.default.svc', '443'), 'https://kubernetes.default.svc:443');
  assert.equal(new URL(apiServerUrl('10.0.0.1', '443')).hostname, '10.0.0.1');
});
