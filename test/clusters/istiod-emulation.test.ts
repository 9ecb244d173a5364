// The istiod + workloads emulation other end-to-end tests build on (issue #16), checked on its own:
// it follows a cacerts Secret YAML as a directory sink writes it, distributes root-cert.pem, signs
// leaves from the current intermediate, and its chains pass (or fail) the real `openssl verify`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { cacertsSecret, createRootCa, issueIntermediate, type PluginCaBundle } from '../../src/pki/index.js';
import { opensslVerifyPair, startIstiodWorkloadEmulation } from '../support/istiod-workload-emulation.js';
import { tempDir, until } from './_harness.js';

async function writeCacerts(clusterDir: string, b: PluginCaBundle): Promise<void> {
  await mkdir(join(clusterDir, 'istio-system', 'Secret'), { recursive: true });
  await writeFile(join(clusterDir, 'istio-system', 'Secret', 'cacerts.yaml'), stringify(cacertsSecret(b)), { mode: 0o600 });
}

test('against an emulation of istiod: a root bundle change alone keeps leaves; rotateNow re-signs chosen workloads from the new intermediate; old and new leaves verify each other under old+new bundles and not under the old root alone', async (t) => {
  const dir = await tempDir(t, 'mb-istiod-emu-');
  const now = new Date();
  const oldRoot = await createRootCa({ now, keyType: 'ec', commonName: 'Old Root' });
  const newRoot = await createRootCa({ now, keyType: 'ec', commonName: 'New Root' });
  const oldCa = await issueIntermediate(oldRoot, 'east', { now, keyType: 'ec' });
  const cluster = join(dir, 'sink', 'east');
  const inventory = join(dir, 'east.inventory.yaml');
  await writeFile(inventory, stringify({ namespaces: ['shop'], trustDomain: 'cluster.local' }));
  await writeCacerts(cluster, oldCa);
  const emu = startIstiodWorkloadEmulation({
    clusterSinkDir: cluster,
    inventoryFile: inventory,
    workloads: ['shop/web-0', 'shop/web-1'],
    reissueOnChange: false,
  });
  t.after(() => emu.close());
  await emu.ready();
  const [a0, b0] = emu.workloads();
  assert.equal(a0.spiffeId, 'spiffe://cluster.local/ns/shop/sa/web');
  assert.equal(a0.rootCert, oldRoot.certPem);
  assert.ok((await opensslVerifyPair(dir, a0, b0)).ok);
  // The inventory now lists both workloads (other keys kept) as the agent reads them.
  const inv = parse(await readFile(inventory, 'utf8')) as { namespaces: string[]; trustDomain: string; workloads: { name: string; certChain: string }[] };
  assert.deepEqual([inv.namespaces, inv.trustDomain, inv.workloads.map((w) => w.name)], [['shop'], 'cluster.local', ['web-0', 'web-1']]);
  assert.equal(inv.workloads[0].certChain, a0.certChain);

  // WHEN cacerts carries old+new roots and an intermediate from the new root (reissueOnChange: false)
  const newCa = await issueIntermediate(newRoot, 'east', { now, keyType: 'ec' });
  const both = oldRoot.certPem + newRoot.certPem;
  await writeCacerts(cluster, { ...newCa, 'root-cert.pem': both });
  await until(async () => emu.workloads().every((w) => w.rootCert === both), 'the bundle redistributed');
  // THEN the leaves are unchanged, and still verify each other
  assert.equal(emu.workload('shop/web-0').leaf, a0.leaf);
  assert.equal(emu.reloads, 2);
  // WHEN web-0 rotates its certificate
  await emu.rotateNow({ only: ['shop/web-0'] });
  const a1 = emu.workload('shop/web-0');
  const b1 = emu.workload('shop/web-1');
  assert.notEqual(a1.leaf, a0.leaf);
  assert.equal(b1.leaf, b0.leaf);
  // THEN new↔old, old↔new, new↔new verify with the old+new bundles
  for (const [x, y] of [
    [a1, b1],
    [b1, a1],
    [a1, a1],
  ] as const) {
    const r = await opensslVerifyPair(dir, x, y);
    assert.ok(r.ok, `${x.name} accepts ${y.name}: ${r.out}`);
  }
  // AND a sidecar still holding only the old root refuses the new chain (why bundles go first)
  const r = await opensslVerifyPair(dir, a0, a1);
  assert.equal(r.ok, false);
  assert.match(r.out, /error 19 at 2 depth lookup: self-signed certificate in certificate chain/);
});
