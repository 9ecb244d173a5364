import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from '../scope.js';
import { translateCluster } from '../translate.js';
import { meshView } from '../mesh.js';
import { objectKey, type ClusterInfo, type ConfigResource } from '../model.js';
import { validateIstioObject } from '../istio-validator.js';
import { validateResource } from '../../api/schemas/index.js';
import { crossClusterNotes } from './notes.js';
import { base, mesh, type Golden } from './goldens.test-data.js';
import { GOLDENS } from './goldens-cases.test-data.js';

/** base() with the golden's resources (a resource with the same FQN replaces the base one). */
function configOf(g: Pick<Golden, 'given'>): ConfigResource[] {
  const byFqn = new Map(base().map((r) => [r.fqn, r]));
  for (const r of g.given) byFqn.set(r.fqn, r);
  return [...byFqn.values()];
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const g of GOLDENS) {
  test(`GIVEN ${g.name} WHEN translated for ${g.cluster} THEN the Istio objects and status events match the golden (TSB: ${g.ref.split(' ')[0]})`, () => {
    for (const r of g.given) validateResource({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name }, spec: r.spec }, { fqn: r.fqn });
    const clusters: readonly ClusterInfo[] = g.clusters ?? mesh();
    const cluster = clusters.find((c) => c.name === g.cluster) as ClusterInfo;
    const index = buildIndex(configOf(g));
    const objs = translateCluster(index, cluster, undefined, meshView(clusters));
    const byKey = new Map(objs.map((o) => [objectKey(o), o]));
    assert.deepEqual([...byKey.keys()].sort(), [...g.exactly].sort(), `exactly these objects in ${g.cluster}`);
    for (const key of Object.keys(g.then)) assert.ok(g.exactly.includes(key), `${key} of then is listed in exactly`);
    for (const [key, spec] of Object.entries(g.then)) {
      const o = byKey.get(key);
      assert.ok(o, `${key} missing; produced: ${[...byKey.keys()].join(', ')}`);
      assert.deepEqual(o.spec, spec, key);
    }
    for (const key of g.absent ?? []) assert.equal(byKey.has(key), false, `${key} must not be produced`);
    for (const [key, text] of Object.entries(g.annotated ?? {})) {
      assert.match(byKey.get(key)?.metadata.annotations['meshbridge.io/fail-closed'] ?? '', new RegExp(esc(text)), key);
    }
    for (const [fqn, events] of Object.entries(g.events ?? {})) {
      const got = [
        ...new Set(
          crossClusterNotes({ fqn, kind: index.leaves.find((l) => l.resource.fqn === fqn)?.resource.kind ?? 'WorkspaceSetting' }, index, clusters).map(
            (n) => `${n.field} ${n.code}`,
          ),
        ),
      ];
      assert.deepEqual(got, events, `status events of ${fqn}`);
    }
    // Every produced object is valid Istio, named deterministically and owned by its source FQN.
    for (const o of objs) {
      assert.deepEqual(validateIstioObject(o), [], `${objectKey(o)} is not valid Istio`);
      assert.ok(o.metadata.annotations['tsb.tetrate.io/fqn']?.startsWith('organizations/tetrate/'), `${objectKey(o)} names its source`);
    }
    assert.deepEqual(
      translateCluster(buildIndex([...configOf(g)].reverse()), cluster, undefined, meshView([...clusters].reverse())),
      objs,
      'input order does not matter',
    );
  });
}
