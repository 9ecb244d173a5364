import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { translateCluster } from './translate.js';
import { meshView } from './mesh.js';
import { objectKey, type ClusterInfo, type ConfigResource, type IstioObject } from './model.js';
import { validateIstioObject } from './istio-validator.js';
import { validateResource } from '../api/schemas/index.js';
import { fieldNotes, withNotes } from './notes.js';
import { CLUSTERS, GOLDENS, PARTIAL_FIELDS, base, type Golden } from './goldens.test-data.js';

/** base() with the golden's resources (a resource with the same FQN replaces the base one). */
export function configOf(g: Pick<Golden, 'given'>): ConfigResource[] {
  const byFqn = new Map(base().map((r) => [r.fqn, r]));
  for (const r of g.given) byFqn.set(r.fqn, r);
  return [...byFqn.values()];
}

function translate(g: Golden): IstioObject[] {
  const own = CLUSTERS.find((c) => c.name === g.cluster) as ClusterInfo;
  const cluster: ClusterInfo = g.alone ? { ...own, trustDomain: g.alone.trustDomain } : own;
  const mesh = g.alone ? meshView([cluster]) : meshView(CLUSTERS.map((c) => (c.name === cluster.name ? cluster : c)));
  return translateCluster(buildIndex(configOf(g)), cluster, undefined, mesh);
}

for (const g of GOLDENS) {
  test(`GIVEN ${g.name} WHEN translated for ${g.cluster} THEN the Istio objects match the golden (TSB: ${g.ref.split(' ')[0]})`, () => {
    // The golden's input is valid TSB as the API accepts it (what tctl apply would send).
    for (const r of g.given) validateResource({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name }, spec: r.spec }, { fqn: r.fqn });
    const objs = translate(g);
    const byKey = new Map(objs.map((o) => [objectKey(o), o]));
    for (const [key, spec] of Object.entries(g.then)) {
      const o = byKey.get(key);
      assert.ok(o, `${key} missing; produced: ${[...byKey.keys()].join(', ')}`);
      assert.deepEqual(o.spec, spec, key);
    }
    for (const [key, text] of Object.entries(g.annotated ?? {})) {
      assert.match(byKey.get(key)?.metadata.annotations['meshbridge.io/fail-closed'] ?? '', new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), key);
    }
    for (const key of g.absent ?? []) assert.equal(byKey.has(key), false, `${key} must not be produced`);
    for (const [key, labels] of Object.entries(g.labelled ?? {})) {
      for (const [k, v] of Object.entries(labels)) assert.equal(byKey.get(key)?.metadata.labels[k], v, `${key} label ${k}`);
    }
    // Every produced object stays valid Istio (schema + CEL rules of the CRDs).
    for (const o of objs) assert.deepEqual(validateIstioObject(o), [], `${objectKey(o)} is not valid Istio`);
  });
}

test('GIVEN an authorization mode that resolves to nobody WHEN translated THEN the ALLOW policy has no rules (deny-all), never a missing policy', () => {
  for (const g of GOLDENS.filter((x) => x.name.startsWith('CUSTOM authorization with no'))) {
    const ap = translate(g).find((o) => objectKey(o) === 'bookinfo/AuthorizationPolicy/sec-default');
    assert.deepEqual(ap?.spec, { action: 'ALLOW' });
  }
});

for (const p of PARTIAL_FIELDS) {
  test(`GIVEN a ${p.resource.kind} setting ${p.fields.join(', ')} WHEN its status is read THEN it is PARTIAL with an event naming the field, never READY (TSB: refs/tsb/v2/cluster, organization_setting, tier1_gateway)`, () => {
    const notes = fieldNotes(p.resource);
    assert.deepEqual(
      notes.map((n) => n.field),
      p.fields,
    );
    const st = withNotes({ status: 'READY', lastEvent: 'XCP_APPLIED', message: 'applied in 2 cluster(s)' }, notes);
    assert.equal(st.status, 'PARTIAL');
    assert.equal(st.lastEvent, 'TRANSLATION_PARTIAL');
    assert.deepEqual(
      (st.events as { field: string }[]).map((e) => e.field),
      p.fields,
    );
    assert.match(String(st.message), new RegExp(`not translated: ${p.fields[0].replace(/[.[\]]/g, '\\$&')} \\[MB3011\\]`));
    assert.equal(
      withNotes({ status: 'ACCEPTED', lastEvent: 'TSB_ACCEPTED' }, notes).status,
      'PARTIAL',
      'no cluster reports on it: still PARTIAL, not silently accepted',
    );
    assert.equal(withNotes({ status: 'FAILED', lastEvent: 'XCP_REJECTED' }, notes).status, 'FAILED');
  });
}
