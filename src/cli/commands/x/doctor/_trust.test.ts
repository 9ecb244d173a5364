import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trustChecks } from './_trust.js';

const root = 'a'.repeat(64);
const other = 'b'.repeat(64);

test('clusters chained to one mesh root: ✔ per cluster and ✔ one root; workloads stay ‼ (not reported)', () => {
  const checks = trustChecks([
    { name: 'c1', ca: { source: 'meshbridge', caCertSha256: '1'.repeat(64), rootCertSha256: [root], chainsToMeshRoot: true } },
    { name: 'c2', ca: { source: 'meshbridge', caCertSha256: '2'.repeat(64), rootCertSha256: [root], chainsToMeshRoot: true } },
  ]);
  assert.deepEqual(
    checks.map((c) => [c.name, c.status]),
    [
      ['cluster c1 cacerts', 'ok'],
      ['cluster c2 cacerts', 'ok'],
      ['one root across clusters', 'ok'],
      ['one root across workloads', 'warn'],
    ],
  );
  assert.equal(checks[2].detail, `2 cluster(s) share root ${'a'.repeat(16)}…`);
});

test('a cluster with a foreign root: ✖ with the server’s problem and fix, ✖ one root naming both roots; none reported is ‼', () => {
  const checks = trustChecks([
    { name: 'c1', ca: { caCertSha256: '1'.repeat(64), rootCertSha256: [root], chainsToMeshRoot: true } },
    {
      name: 'c3',
      ca: {
        bringYourOwnCa: true,
        rootCertSha256: [other],
        chainsToMeshRoot: false,
        problem: { code: 'MB4900', message: 'ca-cert.pem does not chain to the mesh root: at depth 0', fix: 'Plug in an intermediate' },
      },
    },
    { name: 'c4' },
    { name: 'c5', error: 'HTTP 403' },
  ]);
  const by = Object.fromEntries(checks.map((c) => [c.name, c]));
  assert.equal(by['cluster c3 cacerts'].status, 'fail');
  assert.equal(by['cluster c3 cacerts'].detail, 'MB4900, brings its own CA');
  assert.equal(by['cluster c3 cacerts'].fix, 'Plug in an intermediate');
  assert.equal(by['cluster c4 cacerts'].status, 'warn');
  assert.equal(by['cluster c5 cacerts'].status, 'fail');
  assert.equal(by['one root across clusters'].status, 'fail');
  assert.equal(by['one root across clusters'].cause, `c1: root ${'a'.repeat(16)}…; c3: root ${'b'.repeat(16)}…`);
});

test('one root across workloads is the fleet-trust verdict (issue #16) when the server answers', () => {
  const checks = trustChecks([], {
    status: 'fail',
    detail: '1 outlier(s) among 3 workload(s) in 1 cluster(s); 2 root set(s)',
    cause: 'c1 pay/odd-0: holds roots b',
    fix: 'tctl x certs rootca-compare --all',
  });
  assert.deepEqual(checks, [
    {
      name: 'one root across workloads',
      status: 'fail',
      detail: '1 outlier(s) among 3 workload(s) in 1 cluster(s); 2 root set(s)',
      cause: 'c1 pay/odd-0: holds roots b',
      fix: 'tctl x certs rootca-compare --all',
    },
  ]);
});
