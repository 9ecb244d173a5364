import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, isMeshError } from '../../api/index.js';
import type { Principal } from '../contracts.js';
import { countingPolicyReads, sqliteStore, putResource } from '../../../test/support/stores.js';
import { createRbac } from './index.js';

const O = 'organizations/o';
const T1 = `${O}/tenants/t1`;
const W = `${T1}/workspaces/w`;
const G = `${W}/trafficgroups/g`;
const user = (name: string): Principal => ({ subject: `${O}/users/${name}`, kind: 'user', organization: 'o', username: name });

async function tree(t: TestContext) {
  const store = await sqliteStore(t);
  for (const [fqn, kind] of [
    [O, 'Organization'],
    [T1, 'Tenant'],
    [`${O}/tenants/t2`, 'Tenant'],
    [W, 'Workspace'],
    [G, 'Group'],
    [`${O}/users/alice`, 'User'],
    [`${O}/users/bob`, 'User'],
  ]) {
    await putResource(store, fqn, kind);
  }
  return store;
}

test('a grant on a workspace is inherited by its groups but not by the tenant above it', async (t) => {
  const store = await tree(t);
  await store.write('t', (tx) => tx.setPolicy(W, [{ role: 'rbac/writer', subjects: [{ user: `${O}/users/alice` }] }]));
  const rbac = createRbac({ store });
  assert.equal(await rbac.can(user('alice'), 'WRITE', G), true);
  assert.equal(await rbac.can(user('alice'), 'WRITE', W), true);
  assert.equal(await rbac.can(user('alice'), 'READ', T1), false);
  assert.equal(await rbac.can(user('alice'), 'DELETE', G), false);
  assert.equal(await rbac.can(user('bob'), 'READ', G), false);
});

test('team membership is transitive and a membership cycle terminates', async (t) => {
  const store = await tree(t);
  await putResource(store, `${O}/teams/inner`, 'Team', { members: [`${O}/users/alice`, `${O}/teams/outer`] });
  await putResource(store, `${O}/teams/outer`, 'Team', { members: [`${O}/teams/inner`] });
  await store.write('t', (tx) => tx.setPolicy(T1, [{ role: 'rbac/creator', subjects: [{ team: `${O}/teams/outer` }] }]));
  const rbac = createRbac({ store });
  assert.equal(await rbac.can(user('alice'), 'CREATE', G), true);
  assert.equal(await rbac.can(user('alice'), 'WRITE', G), false);
  assert.equal(await rbac.can(user('bob'), 'CREATE', G), false);
});

test('require: NotFound when the caller may not read, Forbidden naming permission and FQN when it may', async (t) => {
  const store = await tree(t);
  await store.write('t', (tx) => tx.setPolicy(W, [{ role: 'rbac/reader', subjects: [{ user: `${O}/users/alice` }] }]));
  const rbac = createRbac({ store });
  await assert.rejects(
    rbac.require(user('alice'), 'WRITE', G),
    (e: unknown) => isMeshError(e, CoreErrors.Forbidden) && e.message === `permission WRITE on ${G} is missing`,
  );
  await assert.rejects(
    rbac.require(user('alice'), 'WRITE', T1),
    (e: unknown) => isMeshError(e, CoreErrors.NotFound) && e.message === `alice has no right to read ${T1} itself; alice's rights start below it, on: ${W}`,
  );
  await assert.rejects(rbac.require(user('alice'), 'READ', T1), (e: unknown) => isMeshError(e, CoreErrors.NotFound));
  await rbac.require(user('alice'), 'READ', G);
});

test('cluster principals may not write over REST even when bound as admin', async (t) => {
  const store = await tree(t);
  const cluster: Principal = { subject: `${O}/clusters/c1`, kind: 'cluster', organization: 'o', username: 'c1' };
  await store.write('t', (tx) => tx.setPolicy(O, [{ role: 'rbac/admin', subjects: [{ user: cluster.subject }] }]));
  const rbac = createRbac({ store });
  assert.equal(await rbac.can(cluster, 'READ', T1), true);
  for (const perm of ['WRITE', 'CREATE', 'DELETE', 'SET_POLICY'] as const) assert.equal(await rbac.can(cluster, perm, T1), false, perm);
});

test('readable keeps the order and drops what the caller may not read', async (t) => {
  const store = await tree(t);
  await store.write('t', (tx) => tx.setPolicy(T1, [{ role: 'rbac/reader', subjects: [{ user: `${O}/users/alice` }] }]));
  const rbac = createRbac({ store });
  const all = await store.reader.listUnder(O);
  const got = await rbac.readable(user('alice'), all);
  assert.deepEqual(
    got.map((r) => r.fqn),
    [T1, W, G],
  );
});

test('checks are answered from cache until a write, then see the new grant', async (t) => {
  const { store, reads } = countingPolicyReads(await tree(t));
  const rbac = createRbac({ store });
  assert.equal(await rbac.can(user('alice'), 'READ', G), false);
  const before = reads();
  assert.ok(before > 0);
  for (let i = 0; i < 100; i++) await rbac.can(user('alice'), 'READ', G);
  assert.equal(reads(), before);
  await store.write('t', (tx) => tx.setPolicy(O, [{ role: 'rbac/reader', subjects: [{ user: `${O}/users/alice` }] }]));
  assert.equal(await rbac.can(user('alice'), 'READ', G), true);
});

test('a team grant disappears when the user leaves the team', async (t) => {
  const store = await tree(t);
  const team = await putResource(store, `${O}/teams/ops`, 'Team', { members: [`${O}/users/alice`] });
  await store.write('t', (tx) => tx.setPolicy(T1, [{ role: 'rbac/admin', subjects: [{ team: team.fqn }] }]));
  const rbac = createRbac({ store });
  assert.equal(await rbac.can(user('alice'), 'DELETE', W), true);
  await store.write('t', (tx) => tx.put({ ...team, spec: { members: [] } }, team.etag));
  assert.equal(await rbac.can(user('alice'), 'DELETE', W), false);
});

test('creating organizations is forbidden to everyone over REST', async (t) => {
  const store = await tree(t);
  await store.write('t', (tx) => tx.setPolicy(O, [{ role: 'rbac/admin', subjects: [{ user: `${O}/users/alice` }] }]));
  const rbac = createRbac({ store });
  await assert.rejects(
    rbac.require(user('alice'), 'CREATE', ''),
    (e: unknown) => isMeshError(e, CoreErrors.Forbidden) && /permission CREATE on the root/.test(e.message),
  );
});

test('GIVEN rights on one workspace only WHEN asking outside it THEN the 404 lists what the caller can reach, says "no right" above its rights and hides existence elsewhere', async (t) => {
  const store = await tree(t);
  await store.write('t', (tx) => tx.setPolicy(W, [{ role: 'rbac/reader', subjects: [{ user: `${O}/users/alice` }] }]));
  const rbac = createRbac({ store });
  const alice = user('alice');
  const above = await rbac.hidden(alice, O);
  assert.equal(above.message, `alice has no right to read ${O} itself; alice's rights start below it, on: ${W}`);
  assert.deepEqual(above.details, { fqn: O, reachable: [W], exists: true });
  // A sibling tenant that exists and one that does not answer alike: existence stays hidden.
  const other = await rbac.hidden(alice, `${O}/tenants/t2`);
  const missing = await rbac.hidden(alice, `${O}/tenants/nope`);
  assert.equal(other.message, `${O}/tenants/t2: not found, or alice has no right to read it; alice can reach: ${W}`);
  assert.equal(missing.message.replace('nope', 't2'), other.message);
  assert.deepEqual(other.details?.reachable, [W]);
  // Nothing bound: said so; another organization or a cluster learns nothing more than not found.
  assert.match((await rbac.hidden(user('bob'), T1)).message, /bob can reach: \(nothing: no role is bound to you or your teams\)/);
  assert.equal((await rbac.hidden(alice, 'organizations/other/tenants/x')).message, 'organizations/other/tenants/x not found');
});
