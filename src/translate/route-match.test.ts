import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { translateCluster } from './translate.js';
import { objectKey, type ConfigResource, type IstioObject } from './model.js';
import { CLUSTERS, fixture } from './_fixture.js';
import { fieldNotes, withNotes } from './notes.js';
import { FAIL_CLOSED_ANNOTATION } from './security.js';
import { validateResource } from '../api/schemas/index.js';
import { MeshError } from '../api/index.js';

// A spec as stored before the schemas were closed (or sent around validation): translation must
// not turn an unknown match key into an empty match, which Istio reads as "every request".
const TYPO_RULES = [
  { match: [{ header: { 'x-canary': { exact: 'true' } } }], route: { host: 'bookinfo/canary.bookinfo.svc.cluster.local', port: 9080 } },
  { match: [{ uri: { prefix: '/api' } }, { uri: { exakt: '/x' } }], route: { host: 'bookinfo/productpage.bookinfo.svc.cluster.local', port: 9080 } },
];

function withGateway(rules: unknown[]): ConfigResource[] {
  return fixture().map((r) =>
    r.kind === 'IngressGateway'
      ? { ...r, spec: { ...r.spec, http: [{ name: 'bookinfo', port: 80, hostname: 'bookinfo.example.com', routing: { rules } }] } }
      : r,
  );
}
function vsOf(resources: ConfigResource[]): IstioObject {
  const o = translateCluster(buildIndex(resources), CLUSTERS[0]).find((x) => objectKey(x) === 'bookinfo/VirtualService/bookinfo-gw-bookinfo');
  assert.ok(o);
  return o;
}

test('GIVEN an IngressGateway match with a misspelt key (header: for headers) WHEN applied THEN validation rejects it naming the field and the fix', () => {
  const gw = withGateway(TYPO_RULES).find((r) => r.kind === 'IngressGateway') as ConfigResource;
  assert.throws(
    () => validateResource({ apiVersion: gw.apiVersion, kind: gw.kind, metadata: { name: gw.name }, spec: gw.spec }, { fqn: gw.fqn }),
    (e: unknown) =>
      e instanceof MeshError &&
      /spec\.http\[0\]\.routing\.rules\[0\]\.match\[0\]\.header: unknown field \(did you mean "headers"\?\)/.test(e.message) &&
      e.code === 'MB1001',
  );
});

test('GIVEN a stored IngressGateway match with a misspelt key WHEN translated THEN the rule is left out (never match: [{}]), the VirtualService says why, and the status is PARTIAL with MB3070', () => {
  const vs = vsOf(withGateway(TYPO_RULES));
  const http = vs.spec.http as { name: string; match?: unknown[] }[];
  // Rule 0 (only entry misspelt) produces no route; rule 1 keeps only its understood entry.
  assert.deepEqual(
    http.map((h) => [h.name, h.match]),
    [['bookinfo-1', [{ uri: { prefix: '/api' } }]]],
  );
  assert.ok(!http.some((h) => h.match?.some((m) => Object.keys(m as object).length === 0)), 'no empty (match-everything) condition');
  assert.match(vs.metadata.annotations[FAIL_CLOSED_ANNOTATION] ?? '', /spec\.http\[0\]\.routing\.rules\[0\]\.match\[0\]\.header: unknown match key/);
  assert.match(vs.metadata.annotations[FAIL_CLOSED_ANNOTATION] ?? '', /rules\[1\]\.match\[1\]\.uri: must be one of exact, prefix or regex/);
  const gw = withGateway(TYPO_RULES).find((r) => r.kind === 'IngressGateway') as ConfigResource;
  const notes = fieldNotes(gw);
  assert.deepEqual(
    notes.filter((n) => n.code === 'MB3070').map((n) => n.field),
    ['spec.http[0].routing.rules[0].match[0].header', 'spec.http[0].routing.rules[1].match[1].uri'],
  );
  assert.equal(withNotes({ status: 'READY', lastEvent: 'XCP_APPLIED' }, notes).status, 'PARTIAL');
});

test('GIVEN a stored IngressGateway whose every rule has only misspelt matches WHEN translated THEN its host answers 503, not every request routed', () => {
  const vs = vsOf(withGateway([TYPO_RULES[0]]));
  assert.deepEqual(vs.spec.http, [{ name: 'bookinfo-fail-closed', directResponse: { status: 503 } }]);
});

test('GIVEN a stored ServiceRoute httpRoute whose match has an unknown key WHEN translated THEN that route is left out (the default split applies) and the status names the key', () => {
  const sr: ConfigResource = {
    fqn: 'organizations/tetrate/tenants/prod/workspaces/bookinfo/trafficgroups/traffic/serviceroutes/reviews-typo',
    apiVersion: 'traffic.tsb.tetrate.io/v2',
    kind: 'ServiceRoute',
    name: 'reviews-typo',
    metadata: {},
    spec: {
      service: 'bookinfo/reviews.bookinfo.svc.cluster.local',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
      httpRoutes: [{ name: 'canary', match: [{ headerz: { 'x-canary': { exact: 'true' } } }], destination: [{ subset: 'v2', weight: 100 }] }],
    },
  };
  const base = fixture().filter((r) => r.kind !== 'ServiceRoute');
  const objs = translateCluster(buildIndex([...base, sr]), CLUSTERS[0]);
  const vs = objs.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'reviews-typo');
  assert.ok(vs, objs.map(objectKey).join(', '));
  assert.deepEqual(
    (vs.spec.http as { name: string }[]).map((h) => h.name),
    ['default-from-bookinfo', 'default'],
  );
  assert.match(vs.metadata.annotations[FAIL_CLOSED_ANNOTATION] ?? '', /spec\.httpRoutes\[0\]\.match\[0\]\.headerz: unknown match key/);
  assert.deepEqual(
    fieldNotes(sr)
      .filter((n) => n.code === 'MB3070')
      .map((n) => n.field),
    ['spec.httpRoutes[0].match[0].headerz'],
  );
});
