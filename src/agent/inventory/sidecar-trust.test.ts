import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { PortForward } from '@kubernetes/client-node';
import { createRootCa, issueIntermediate } from '../../pki/index.js';
import { startKubePortForwardEmulation } from '../../../test/support/kube-portforward-emulation.js';
import { issueWorkloadLeaf, startEnvoySecretsAdmin, type EmulatedWorkload } from '../../../test/support/istiod-workload-emulation.js';
import { readFleetSidecarTrust, SidecarTrustCache } from './sidecar-trust.js';
import { kubeConfigFor } from '../fake-kube-api.test-support.js';

const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

test("against emulations of the API server's pods/portforward and of Envoy admin: every sidecar's active secrets give its roots and chain; an unreachable one is reported with the reason; at most N pods at once", async (t) => {
  const now = new Date();
  const root = await createRootCa({ now, keyType: 'ec' });
  const ca = await issueIntermediate(root, 'east', { now, keyType: 'ec' });
  const pods = Array.from({ length: 5 }, (_, i) => ({ namespace: 'shop', name: `web-${i}`, ip: '127.0.0.1' }));
  const workloads: EmulatedWorkload[] = [];
  for (const p of pods) {
    const leaf = await issueWorkloadLeaf(ca, `spiffe://cluster.local/ns/shop/sa/web`, 3_600_000, now);
    workloads.push({ ...p, spiffeId: '', rootCert: root.certPem, leaf, intermediates: ca['cert-chain.pem'], certChain: leaf + ca['cert-chain.pem'] });
  }
  const api = await startKubePortForwardEmulation([...pods, { namespace: 'shop', name: 'gone-0', ip: '127.0.0.1' }]);
  t.after(() => api.close());
  const gauge = { open: 0, peak: 0 };
  for (const [i, p] of pods.entries()) {
    const admin = await startEnvoySecretsAdmin(() => workloads[i], { delayMs: 50, gauge });
    t.after(() => admin.close());
    api.portMap.set(`shop/${p.name}/15000`, admin.port);
  }
  // gone-0 listens nowhere: port 1 refuses the connection.
  api.portMap.set('shop/gone-0/15000', 1);
  const kc = kubeConfigFor(api.server, api.token);
  const got = await readFleetSidecarTrust(new PortForward(kc), [...pods, { namespace: 'shop', name: 'gone-0', ip: '127.0.0.1' }], {
    concurrency: 2,
    timeoutMs: 3000,
  });
  assert.equal(got.length, 6);
  for (const [i, w] of got.slice(0, 5).entries()) {
    assert.equal(w.name, `web-${i}`);
    assert.equal(w.error, '');
    assert.deepEqual(w.rootSha256, [sha(root.certPem)]);
    assert.deepEqual(w.chainSha256, [sha(workloads[i].leaf), sha(ca['ca-cert.pem']), sha(root.certPem)]);
    assert.equal(w.chainRootSha256, sha(root.certPem));
  }
  assert.equal(got[5].name, 'gone-0');
  assert.notEqual(got[5].error, '');
  assert.deepEqual(got[5].rootSha256, []);
  assert.equal(gauge.peak, 2, 'two sidecars read at once, never more');
  assert.ok(
    api.requests.some((r) => r === '/api/v1/namespaces/shop/pods/web-3/portforward?ports=15000'),
    api.requests.join('\n'),
  );

  // The inventory's cache: within refreshMs only new pods and pods that failed are read again.
  let clock = 0;
  const cache = new SidecarTrustCache(new PortForward(kc), { refreshMs: 60_000, timeoutMs: 3000 }, () => clock);
  const forwards = (): number => api.requests.filter((r) => r.endsWith('/portforward?ports=15000')).length;
  const gone = { namespace: 'shop', name: 'gone-0', ip: '127.0.0.1' };
  let before = forwards();
  await cache.read([pods[0], pods[1], gone]);
  assert.equal(forwards() - before, 3);
  before = forwards();
  clock = 30_000;
  const again = await cache.read([pods[0], pods[1], pods[2], gone]);
  assert.equal(forwards() - before, 2, 'web-2 (new) and gone-0 (failed) only');
  assert.deepEqual(
    again.map((w) => [w.name, w.error === '']),
    [
      ['web-0', true],
      ['web-1', true],
      ['web-2', true],
      ['gone-0', false],
    ],
  );
  before = forwards();
  clock = 60_000;
  await cache.read([pods[0]]);
  assert.equal(forwards() - before, 1, 'web-0 is due again after refreshMs');
  // The cluster's cacerts change (a rotation step): no answer read before is reused, and every
  // sidecar is read on every re-list while istiod hands out the new material (refreshMs).
  cache.noteCacerts('ca1/root1');
  clock = 61_000;
  await cache.read([pods[0]]);
  assert.equal(forwards() - before, 1, 'the first cacerts seen change nothing');
  clock = 62_000;
  cache.noteCacerts('ca1/root1+root2');
  before = forwards();
  await cache.read([pods[0], pods[1]]);
  assert.equal(forwards() - before, 2, 'web-0 was read 1 s ago, but before the cacerts changed');
  before = forwards();
  clock = 92_000;
  await cache.read([pods[0], pods[1]]);
  assert.equal(forwards() - before, 2, 'within refreshMs of the change every sidecar is read on each re-list');
  before = forwards();
  clock = 121_000;
  await cache.read([pods[0], pods[1]]);
  assert.equal(forwards() - before, 2, 'the last re-list inside the window');
  before = forwards();
  clock = 123_000;
  await cache.read([pods[0], pods[1]]);
  assert.equal(forwards() - before, 0, 'settled: answers are reused again');
});
