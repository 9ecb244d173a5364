import { test } from 'node:test';
import assert from 'node:assert/strict';
import { putResource, sqliteStore } from '../../../test/support/stores.js';
import { removeSubjectEverywhere } from './index.js';

const O = 'organizations/o';
const ALICE = `${O}/users/alice`;

test('a deleted principal leaves no binding and no team membership behind; others keep theirs', async (t) => {
  const store = await sqliteStore(t);
  await putResource(store, O, 'Organization');
  await putResource(store, `${O}/tenants/t`, 'Tenant');
  await putResource(store, ALICE, 'User');
  await putResource(store, `${O}/users/bob`, 'User');
  await putResource(store, `${O}/teams/devs`, 'Team', { members: [ALICE, `${O}/users/bob`], description: 'kept' });
  await store.write('t', async (tx) => {
    await tx.setPolicy(O, [
      { role: 'rbac/reader', subjects: [{ user: ALICE }] },
      { role: 'rbac/admin', subjects: [{ user: `${O}/users/bob` }] },
    ]);
    await tx.setPolicy(`${O}/tenants/t`, [{ role: 'rbac/writer', subjects: [{ user: ALICE }, { team: `${O}/teams/devs` }] }]);
  });
  const { result } = await store.write('t', async (tx) => {
    await tx.remove(ALICE);
    return removeSubjectEverywhere(tx, ALICE);
  });
  assert.deepEqual(result, { policies: 2, teams: 1 });
  assert.deepEqual((await store.reader.getPolicy(O))?.allow, [{ role: 'rbac/admin', subjects: [{ user: `${O}/users/bob` }] }]);
  assert.deepEqual((await store.reader.getPolicy(`${O}/tenants/t`))?.allow, [{ role: 'rbac/writer', subjects: [{ team: `${O}/teams/devs` }] }]);
  const team = await store.reader.get(`${O}/teams/devs`);
  assert.deepEqual(team?.spec, { members: [`${O}/users/bob`], description: 'kept' });
});
