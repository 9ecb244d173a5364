import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RootRotationView } from '../../../../api/index.js';
import { formatRotation } from './_rotate-root-render.js';

const cert = (cn: string, sha: string) => ({
  serial: '01',
  subject: `CN=${cn}`,
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2036-01-01T00:00:00.000Z',
  sha256: sha,
});

test('the --status table names the step, both roots, each cluster with its workloads and what it lacks, and what --advance/--abort would do', () => {
  const v: RootRotationView = {
    organization: 'tetrate',
    phase: 'intermediates',
    step: 2,
    description: 'step 2: intermediates from the new root',
    meshRoot: cert('Old', 'a'.repeat(64)),
    oldRoot: cert('Old', 'a'.repeat(64)),
    newRoot: cert('New', 'b'.repeat(64)),
    gate: { holds: false, holding: ['organizations/tetrate/clusters/c2: its agent is not connected'] },
    next: { advance: 'step 3', abort: 'rollback' },
    notManaged: { clusters: ['organizations/tetrate/clusters/byo'], note: 'own CA' },
    clusters: [
      { cluster: 'organizations/tetrate/clusters/c1', managed: true, connected: true, done: true, workloads: { total: 2, done: 2 }, lacking: [] },
      {
        cluster: 'organizations/tetrate/clusters/c2',
        managed: true,
        connected: false,
        done: false,
        workloads: { total: 3, done: 1 },
        lacking: ['its agent is not connected'],
      },
      { cluster: 'organizations/tetrate/clusters/byo', managed: false, connected: true, done: true, workloads: { total: 1, done: 0 }, lacking: [] },
    ],
  };
  const out = formatRotation(v);
  assert.match(out, /Root rotation: step 2\/3 \(intermediates\)/);
  assert.match(out, /New root:  CN=New  sha256 bbbbbbbbbbbbbbbb/);
  assert.match(out, /^c1 +yes +yes +2\/2 +done +-$/m);
  assert.match(out, /^c2 +yes +no +1\/3 +waiting +its agent is not connected$/m);
  assert.match(out, /^byo +no \(own CA\) +yes +0\/1 +not gated +-$/m);
  assert.match(out, /Gate: held by 1 cluster\(s\)\./);
  assert.match(out, /--advance: step 3\n--abort: rollback/);
});
