// Two management-plane replicas on one PostgreSQL database drive the same rotation: each transition
// re-checks the step inside its transaction, so concurrent callers never double-step.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../../store/index.js';
import { ensureRoot, issueClusterCa, readClusterCa } from './mesh-ca.js';
import { readRotation } from './root-rotation-state.js';
import { applyAction } from './root-rotation-steps.js';

function postgresUrl(): string {
  const url = process.env.MESHBRIDGE_TEST_POSTGRES;
  if (!url) throw new Error('MESHBRIDGE_TEST_POSTGRES is not set: start PostgreSQL as .ci/run does and export the URL');
  return url;
}

const schema = `mbtest_${randomBytes(6).toString('hex')}`;
after(async () => {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
});

test('two replicas starting, then advancing, the same rotation at once: exactly one of each succeeds and every cluster is re-issued once', async () => {
  const u = new URL(postgresUrl());
  u.searchParams.set('schema', schema);
  const a = await createStore({ dataDir: '', database: u.toString() });
  const b = await createStore({ dataDir: '', database: u.toString() });
  try {
    await a.migrate();
    const fqn = 'organizations/o/clusters/c1';
    await a.write('t', async (tx) => {
      await ensureRoot(tx, {});
      await tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
      await tx.put({ fqn, parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', name: 'c1', metadata: {}, spec: {} }, null);
      await issueClusterCa(tx, fqn, {});
    });
    const both = async (action: 'start' | 'advance', expect: 'bundle' | undefined) =>
      Promise.allSettled([a, b].map((s, i) => s.write(`replica-${i}`, (tx) => applyAction(tx, 'o', action, `replica-${i}`, expect, {}))));
    const starts = await both('start', undefined);
    assert.deepEqual(starts.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.match(String((starts.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), /moved to bundle meanwhile|MB4910/);
    const started = await readRotation(b.reader);
    assert.equal(started?.history.length, 1, 'one start recorded');
    const advances = await both('advance', 'bundle');
    assert.deepEqual(advances.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((await readRotation(a.reader))?.phase, 'intermediates');
    assert.equal((await readClusterCa(a.reader, fqn))?.rotations, 1, 'the cluster was re-issued once');
    assert.equal((await readRotation(a.reader))?.newRoot.certPem, started?.newRoot.certPem, 'the new root was created once');
  } finally {
    await a.close();
    await b.close();
  }
});
