import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreErrors, MeshError } from '../../api/index.js';
import { createStore, type Store } from '../../store/index.js';
import type { KindHook, Principal, Rbac } from '../contracts.js';
import { ReadCache } from './read-cache.js';
import { ResourceService } from './resource-service.js';

const admin: Principal = { subject: 'organizations/o/users/admin', kind: 'user', organization: 'o', username: 'admin' };
const allowAll: Rbac = {
  can: async () => true,
  require: async () => {},
  readable: async (_p, r) => [...r],
  hidden: async (_p, fqn) => new MeshError(CoreErrors.NotFound, `${fqn} not found`),
};

async function withService(fn: (svc: ResourceService, store: Store, events: string[]) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-svc-'));
  const store = await createStore({ dataDir: dir });
  const events: string[] = [];
  const hooks: KindHook[] = [
    {
      kind: 'Cluster',
      afterCreate: async (_tx, r) => (events.push(`create ${r.fqn}`), { credentials: { once: true } }),
      afterDelete: async (_tx, fqn) => void events.push(`delete ${fqn}`),
    },
    {
      kind: 'Team',
      // Vetoes any write that would make `blocked` a member, as auth's membership check does.
      beforeWrite: async (_tx, p, before, after) => {
        events.push(`check ${p.username} ${after.fqn} ${JSON.stringify(before?.spec.members ?? null)} -> ${JSON.stringify(after.spec.members)}`);
        if ((after.spec.members as string[]).includes('blocked')) throw new MeshError(CoreErrors.Forbidden, 'blocked may not join');
      },
    },
  ];
  const cache = new ReadCache(store);
  try {
    await store.write('test', (tx) =>
      tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null),
    );
    await fn(new ResourceService({ store, rbac: allowAll, hooks, cache }), store, events);
  } finally {
    cache.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function code(e: unknown): string {
  return e instanceof MeshError ? `${e.code} ${e.field ?? ''}`.trim() : String(e);
}

test('group selectors must stay inside their workspace; kinds must match the group configMode', async () => {
  await withService(async (svc) => {
    await svc.create(admin, 'organizations/o', 'tenants', { name: 't', tenant: {} });
    await svc.create(admin, 'organizations/o/tenants/t', 'workspaces', { name: 'w', workspace: { namespaceSelector: { names: ['c1/app-*'] } } });
    const w = 'organizations/o/tenants/t/workspaces/w';
    await assert.rejects(
      svc.create(admin, w, 'trafficgroups', { name: 'g', group: { namespaceSelector: { names: ['c1/app-a', 'c2/app-a'] } } }),
      (e) => code(e) === 'MB1001 spec.namespaceSelector.names[1]',
    );
    await svc.create(admin, w, 'trafficgroups', { name: 'direct', group: { namespaceSelector: { names: ['c1/app-a'] }, configMode: 'DIRECT' } });
    await svc.create(admin, `${w}/trafficgroups/direct`, 'virtualservices', { name: 'vs', virtualService: { hosts: ['a'] } });
    await assert.rejects(
      svc.create(admin, `${w}/trafficgroups/direct`, 'serviceroutes', { name: 'sr', serviceRoute: { service: 'app-a/a.app-a.svc.cluster.local' } }),
      (e) => code(e).startsWith('MB1020'),
    );
    await assert.rejects(
      svc.create(admin, `${w}/trafficgroups/direct`, 'destinationrules', { name: 'dr', destinationRule: { host: 7 } }),
      (e) => code(e) === 'MB1001 spec.host',
    );
    const vs = await svc.get(admin, `${w}/trafficgroups/direct/virtualservices/vs`);
    // TSB's REST message: fqn and etag, then the object's fields.
    assert.equal(vs.fqn, `${w}/trafficgroups/direct/virtualservices/vs`);
    assert.deepEqual({ ...vs, etag: undefined }, { fqn: vs.fqn, etag: undefined, hosts: ['a'] });
  });
});

test('workspace selectors are exclusive across tenants of one organization, also on replace', async () => {
  await withService(async (svc) => {
    for (const t of ['a', 'b']) await svc.create(admin, 'organizations/o', 'tenants', { name: t, tenant: {} });
    await svc.create(admin, 'organizations/o/tenants/a', 'workspaces', { name: 'w1', workspace: { namespaceSelector: { names: ['*/shared'] } } });
    const w2 = await svc.create(admin, 'organizations/o/tenants/b', 'workspaces', { name: 'w2', workspace: { namespaceSelector: { names: ['c1/other'] } } });
    const etag = w2.etag as string;
    await assert.rejects(
      svc.replace(admin, 'organizations/o/tenants/b/workspaces/w2', { namespaceSelector: { names: ['c1/other', 'c9/shared'] }, etag }),
      (e) => code(e) === 'MB1007 spec.namespaceSelector.names[1]' && /organizations\/o\/tenants\/a\/workspaces\/w1/.test((e as Error).message),
    );
    await svc.create(admin, 'organizations/o/tenants/b', 'workspaces', { name: 'p', workspace: { namespaceSelector: { names: ['*/*'] }, privileged: true } });
  });
});

test('kind hooks run in the write: create extras reach the response only; delete hooks see every removed resource', async () => {
  await withService(async (svc, store, events) => {
    const created = await svc.create(admin, 'organizations/o', 'clusters', { name: 'c1', cluster: {} });
    assert.deepEqual(created.credentials, { once: true });
    assert.equal((await svc.get(admin, 'organizations/o/clusters/c1')).credentials, undefined);
    const { deleted } = await svc.remove(admin, 'organizations/o', false);
    assert.deepEqual(events, ['create organizations/o/clusters/c1', 'delete organizations/o/clusters/c1']);
    assert.ok(deleted.includes('organizations/o'));
    assert.equal(await store.reader.get('organizations/o/clusters/c1'), undefined);
  });
});

test('status is ACCEPTED until clusters report, then aggregated with the clusters listed', async () => {
  await withService(async (svc, store) => {
    await svc.create(admin, 'organizations/o', 'tenants', { name: 't', tenant: {} });
    const fqn = 'organizations/o/tenants/t';
    assert.equal((await svc.status(admin, fqn)).status, 'ACCEPTED');
    await store.putStatus({ fqn, source: 'c1', status: { status: 'READY', lastEvent: 'XCP_APPLIED', message: 'applied' } });
    assert.equal((await svc.status(admin, fqn)).status, 'READY');
    await store.putStatus({ fqn, source: 'c2', status: { status: 'FAILED', lastEvent: 'XCP_REJECTED', message: 'bad' } });
    const s = await svc.status(admin, fqn);
    assert.equal(s.status, 'PARTIAL');
    assert.deepEqual(Object.keys(s.clusters as object).sort(), ['c1', 'c2']);
  });
});

test('beforeWrite hooks see the caller, the stored and the new resource, and veto creates and replaces', async () => {
  await withService(async (svc, store, events) => {
    const teams = 'organizations/o';
    await assert.rejects(svc.create(admin, teams, 'teams', { name: 'x', team: { members: ['blocked'] } }), (e) => code(e).startsWith('MB1012'));
    assert.equal(await store.reader.get('organizations/o/teams/x'), undefined, 'a vetoed create writes nothing');
    const created = await svc.create(admin, teams, 'teams', { name: 'x', team: { members: ['a'] } });
    const etag = created.etag as string;
    await assert.rejects(svc.replace(admin, 'organizations/o/teams/x', { members: ['a', 'blocked'], etag }), (e) => code(e).startsWith('MB1012'));
    assert.deepEqual((await store.reader.get('organizations/o/teams/x'))?.spec.members, ['a'], 'a vetoed replace changes nothing');
    await svc.replace(admin, 'organizations/o/teams/x', { members: ['b'], etag });
    await svc.create(admin, teams, 'tenants', { name: 't', tenant: {} });
    assert.deepEqual(events, [
      'check admin organizations/o/teams/x null -> ["blocked"]',
      'check admin organizations/o/teams/x null -> ["a"]',
      'check admin organizations/o/teams/x ["a"] -> ["a","blocked"]',
      'check admin organizations/o/teams/x ["a"] -> ["b"]',
    ]);
  });
});

test('TSB REST shape: a message read with GET goes back with PUT as it is (TSB and Istio kinds, labels kept), and lists are {collection: [messages]}', async () => {
  await withService(async (svc) => {
    const created = await svc.create(admin, 'organizations/o', 'tenants', { name: 't', tenant: { displayName: 'T', description: 'first' } });
    assert.deepEqual(created, { fqn: 'organizations/o/tenants/t', etag: created.etag, displayName: 'T', description: 'first' });
    const read = await svc.get(admin, 'organizations/o/tenants/t');
    const updated = await svc.replace(admin, 'organizations/o/tenants/t', { ...read, description: 'second' });
    assert.equal(updated.description, 'second');
    assert.notEqual(updated.etag, read.etag);
    await assert.rejects(
      svc.replace(admin, 'organizations/o/tenants/t', { ...read, description: 'stale' }),
      (e) => code(e) === 'MB1004 metadata.resourceVersion',
    );
    const labelled = await svc.replace(admin, 'organizations/o/tenants/t', { ...updated, metadata: { labels: { team: 'a' } } });
    assert.deepEqual(labelled.metadata, { labels: { team: 'a' } });
    const again = await svc.replace(admin, 'organizations/o/tenants/t', { ...labelled, displayName: 'T2' });
    assert.deepEqual(again.metadata, { labels: { team: 'a' } }, 'metadata a PUT carries back is kept');
    const list = JSON.parse(await svc.listJson(admin, 'organizations/o', 'tenants')) as { tenants: Record<string, unknown>[] };
    assert.deepEqual(
      list.tenants.map((x) => x.fqn),
      ['organizations/o/tenants/t'],
    );

    await svc.create(admin, 'organizations/o/tenants/t', 'workspaces', { name: 'w', workspace: { namespaceSelector: { names: ['c1/app'] } } });
    const g = 'organizations/o/tenants/t/workspaces/w/trafficgroups/d';
    await svc.create(admin, 'organizations/o/tenants/t/workspaces/w', 'trafficgroups', {
      name: 'd',
      group: { namespaceSelector: { names: ['c1/app'] }, configMode: 'DIRECT' },
    });
    await svc.create(admin, g, 'virtualservices', { name: 'vs', virtualService: { hosts: ['a'] } });
    const vs = await svc.get(admin, `${g}/virtualservices/vs`);
    const vs2 = await svc.replace(admin, `${g}/virtualservices/vs`, { ...vs, hosts: ['b'] });
    assert.deepEqual(vs2.hosts, ['b']);
  });
});
