// The cost of the fleet's workload trust (issue #16), each row against a baseline in the same run:
//  1. agent: one sidecar's report (PEM parsing, fingerprints, path validation per bundle root) vs
//     the least node:crypto can do for the same answer (X509Certificate parse + two signature checks);
//  2. server: grouping one cluster's reports (clusterTrust) vs the JSON round trip of the same
//     reports, which every inventory message costs anyway.
// Bounded: fixed iteration counts.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes, X509Certificate } from 'node:crypto';
import { createRootCa, issueIntermediate } from '../src/pki/index.js';
import { clusterTrust } from '../src/api/index.js';
import { workloadTrust } from '../src/agent/workload-trust.js';
import { issueWorkloadLeaf } from '../test/support/istiod-workload-emulation.js';

const now = new Date();
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${now.toISOString().slice(0, 10)}`);
const oldRoot = await createRootCa({ now, keyType: 'ec', commonName: 'Old Root' });
const newRoot = await createRootCa({ now, keyType: 'ec', commonName: 'New Root' });
const ca = await issueIntermediate(newRoot, 'east', { now, keyType: 'ec' });
const leaf = await issueWorkloadLeaf(ca, 'spiffe://cluster.local/ns/shop/sa/web', 3_600_000, now);
const bundle = oldRoot.certPem + newRoot.certPem;
const chain = leaf + ca['cert-chain.pem'];

function rate(n: number, fn: () => void): number {
  for (let i = 0; i < 20; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return n / ((performance.now() - t0) / 1000);
}

const N = Number(process.env.TRUST_BENCH_N ?? 500);
const ours = rate(N, () => workloadTrust('shop', 'web-0', bundle, chain, now));
const base = rate(N, () => {
  const l = new X509Certificate(leaf);
  const i = new X509Certificate(ca['ca-cert.pem']);
  const r = new X509Certificate(newRoot.certPem);
  void new X509Certificate(oldRoot.certPem);
  if (!l.verify(i.publicKey) || !i.verify(r.publicKey)) throw new Error('baseline chain does not verify');
});
console.log(
  `| sidecar report (2-root bundle, 3-cert chain), reports/s vs node:crypto parse+verify | ${ours.toFixed(0)} / ${base.toFixed(0)} | ${(ours / base).toFixed(2)} |`,
);

const h = (): string => randomBytes(32).toString('hex');
const root = h();
const inter = h();
for (const n of [1000, 5000]) {
  const reports = Array.from({ length: n }, (_, i) => ({
    namespace: `ns-${i % 20}`,
    name: `web-${i}`,
    rootSha256: [root],
    chainSha256: [h(), inter, root],
    chainRootSha256: root,
    leafNotAfterMs: now.getTime(),
    error: '',
  }));
  const runs = 10;
  const time = (fn: () => unknown): number => {
    fn();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    return (performance.now() - t0) / runs;
  };
  const grouped = time(() => clusterTrust('east', reports, now));
  const json = time(() => JSON.parse(JSON.stringify(reports)));
  const size = JSON.stringify(clusterTrust('east', reports, now)).length;
  console.log(
    `| group ${n} workloads (clusterTrust), ms vs JSON round trip of the reports | ${grouped.toFixed(1)} / ${json.toFixed(1)} | ${(grouped / json).toFixed(2)} | status ${(size / 1024).toFixed(0)} KiB |`,
  );
}
