import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterDetails, statusDocument, statusTable, type StatusRow } from './_status-render.js';

// What GET /v2/organizations/tetrate/clusters/c1/status answers once an agent synced: the record
// the distributor writes (src/server/distribute/distributor.ts writeClusterStatus) plus `clusters`.
const ONBOARDED: StatusRow = {
  name: 'c1',
  fqn: 'organizations/tetrate/clusters/c1',
  status: {
    status: 'READY',
    message: 'Cluster onboarded',
    lastEvent: 'AGENT_SYNCED',
    connected: true,
    lastSeen: '2026-11-25T20:00:00.000Z',
    agentVersion: '0.1.0',
    version: '42',
    replica: 'mp-0',
    namespaces: ['bookinfo', 'default'],
    services: ['bookinfo/details', 'bookinfo/reviews'],
    clusters: {},
  },
};

test('-o json carries TSB\'s ResourceStatus shape: .spec.status READY and .spec.message "Cluster onboarded"', () => {
  const doc = statusDocument(ONBOARDED) as { apiVersion: string; kind: string; metadata: Record<string, string>; spec: Record<string, unknown> };
  assert.equal(doc.apiVersion, 'api.tsb.tetrate.io/v2');
  assert.equal(doc.kind, 'ResourceStatus');
  assert.deepEqual(doc.metadata, { name: 'c1', organization: 'tetrate', fqn: 'organizations/tetrate/clusters/c1' });
  assert.equal(doc.spec.status, 'READY');
  assert.equal(doc.spec.message, 'Cluster onboarded');
  assert.deepEqual(doc.spec.namespaces, ['bookinfo', 'default']);
  assert.equal(doc.spec.agentVersion, '0.1.0');
});

test('metadata names every parent of a deep object the way TSB does (tenant, workspace, group)', () => {
  const doc = statusDocument({ name: 'gw', fqn: 'organizations/o/tenants/t/workspaces/w/gatewaygroups/g/ingressgateways/gw', status: { status: 'ACCEPTED' } });
  assert.deepEqual(doc.metadata, {
    name: 'gw',
    organization: 'o',
    tenant: 't',
    workspace: 'w',
    group: 'g',
    fqn: 'organizations/o/tenants/t/workspaces/w/gatewaygroups/g/ingressgateways/gw',
  });
});

test("a cluster's table is followed by what its agent reported", () => {
  const out = statusTable([ONBOARDED], true, new Date('2026-11-25T20:00:42.000Z'));
  assert.equal(
    out,
    [
      'NAME  STATUS  LAST EVENT    MESSAGE',
      'c1    READY   AGENT_SYNCED  Cluster onboarded',
      '',
      'c1:',
      '  Connected:       yes',
      '  Last seen:       2026-11-25T20:00:00.000Z (42s ago)',
      '  Agent version:   0.1.0',
      '  Config version:  42',
      '  Server replica:  mp-0',
      '  Namespaces:      bookinfo, default (2)',
      '  Services:        bookinfo/details, bookinfo/reviews (2)',
      '',
    ].join('\n'),
  );
});

test('a cluster no agent reported on says so; a disconnected one says no; long inventories are cut at ten', () => {
  const fresh: StatusRow = {
    name: 'c2',
    fqn: 'organizations/tetrate/clusters/c2',
    status: { status: 'ACCEPTED', lastEvent: 'TSB_ACCEPTED', message: 'Accepted; no cluster has reported on it yet', clusters: {} },
  };
  assert.match(clusterDetails(fresh), /never connected/);
  const services = Array.from({ length: 25 }, (_, i) => `ns/svc-${i}`);
  const gone = clusterDetails({ ...ONBOARDED, status: { ...ONBOARDED.status, connected: false, services } }, new Date('2026-11-25T23:00:00.000Z'));
  assert.match(gone, /Connected: {7}no/);
  assert.match(gone, /\(3h ago\)/);
  assert.match(gone, /ns\/svc-9, … \(25 in all; -o yaml lists them\)/);
  assert.doesNotMatch(gone, /svc-10/);
});

test('other kinds get the plain table', () => {
  const out = statusTable([{ name: 'tetrate', fqn: 'organizations/tetrate', status: { status: 'READY', lastEvent: 'XCP_APPLIED', message: 'ok' } }], false);
  assert.equal(out, 'NAME     STATUS  LAST EVENT   MESSAGE\ntetrate  READY   XCP_APPLIED  ok\n');
});

test('other kinds list the clusters that reported, so a PARTIAL status names the failing one', () => {
  const row: StatusRow = {
    name: 'bad',
    fqn: 'organizations/o/tenants/t/workspaces/w/trafficgroups/g/virtualservices/bad',
    status: {
      status: 'PARTIAL',
      lastEvent: 'XCP_PARTIALLY_APPLIED',
      message: 'applied in 1 of 2 cluster(s); c2: invalid',
      clusters: {
        c1: { status: 'READY', lastEvent: 'XCP_APPLIED', version: '3', at: 'x', state: 'applied' },
        c2: { status: 'FAILED', lastEvent: 'XCP_REJECTED', message: 'invalid', version: '3', at: 'x', state: 'rejected' },
      },
    },
  };
  assert.equal(
    statusTable([row], false),
    [
      'NAME  STATUS   LAST EVENT             MESSAGE',
      'bad   PARTIAL  XCP_PARTIALLY_APPLIED  applied in 1 of 2 cluster(s); c2: invalid',
      '',
      'NAME  CLUSTER  STATUS  LAST EVENT    MESSAGE',
      'bad   c1       READY   XCP_APPLIED',
      'bad   c2       FAILED  XCP_REJECTED  invalid',
      '',
    ].join('\n'),
  );
});
