import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../store/index.js';
import { issueClusterCa, rotateClusterCa } from '../ca/index.js';
import { CaDelivery } from './ca-delivery.js';

const ORG = 'organizations/o';
const FQN = `${ORG}/clusters/east`;

test("CaDelivery: the cluster's cacerts appears, follows a rotation, and goes when the cluster brings its own CA", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-ca-delivery-'));
  const store = await createStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.migrate();
  const cluster = (spec: Record<string, unknown>) => ({
    fqn: FQN,
    parent: ORG,
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Cluster',
    name: 'east',
    metadata: {},
    spec,
  });
  await store.write('t', async (tx) => {
    await tx.put({ fqn: ORG, parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
    await tx.put(cluster({}), null);
    await issueClusterCa(tx, FQN, {});
  });
  const ca = new CaDelivery(store.reader);
  assert.equal(ca.objectOf(FQN), undefined);
  assert.equal(await ca.refresh(FQN), true);
  const first = ca.objectOf(FQN) as unknown as { kind: string; data: Record<string, string> };
  assert.equal(first.kind, 'Secret');
  assert.equal(await ca.refresh(FQN), false, 'nothing changed');
  await store.write('t', (tx) => rotateClusterCa(tx, FQN, {}));
  assert.equal(await ca.refresh(FQN), true, 'a rotated intermediate is picked up');
  const second = ca.objectOf(FQN) as unknown as { data: Record<string, string> };
  assert.notEqual(second.data['ca-cert.pem'], first.data['ca-cert.pem']);
  const current = await store.reader.get(FQN);
  await store.write('t', (tx) => tx.put(cluster({ bringYourOwnCa: true }), current?.etag ?? null));
  assert.equal(await ca.refresh(FQN), true);
  assert.equal(ca.objectOf(FQN), undefined, 'never delivered to a cluster that brings its own CA');
});
