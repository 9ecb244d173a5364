// The authorization matrix against a real SQLite store (and the same on PostgreSQL): every built-in role granted at each level
// (organization, tenant, workspace, group) to a user directly, to a user through nested teams and to
// a service account, × read/create/update/delete/set-policy/get-policy on every level of its own
// tenant and of another tenant. The expectation comes from _matrix.ts (role table + tree only).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, isMeshError } from '../../src/api/index.js';
import type { Principal } from '../../src/server/contracts.js';
import { createRbac } from '../../src/server/rbac/index.js';
import { postgresStore, putResource, sqliteStore } from '../support/stores.js';
import type { Store } from '../../src/store/index.js';
import { GRANT_LEVELS, OPS, ORG, ROLE_TABLE, T1, T2, TARGETS, checkOf, expected, type Op } from './_matrix.js';

const principal = (kind: 'user' | 'serviceaccount', name: string): Principal => ({
  subject: `${ORG}/${kind === 'user' ? 'users' : 'serviceaccounts'}/${name}`,
  kind,
  organization: 'o',
  username: name,
});

const MODES = {
  'user directly': { who: principal('user', 'alice'), subject: { user: `${ORG}/users/alice` } },
  'user through nested teams': { who: principal('user', 'bob'), subject: { team: `${ORG}/teams/outer` } },
  'service account': { who: principal('serviceaccount', 'ci'), subject: { serviceAccount: `${ORG}/serviceaccounts/ci` } },
} as const;

type Outcome = 'allow' | 'forbidden' | 'notfound' | 'other';

test('authorization matrix on SQLite: zero unexpected allows, zero unexpected denies, right denial kind', async (t) => {
  await runMatrix(t, await sqliteStore(t));
});

test('authorization matrix on PostgreSQL: the same outcomes', async (t) => {
  await runMatrix(t, await postgresStore(t));
});

async function runMatrix(t: TestContext, store: Store): Promise<void> {
  await putResource(store, ORG, 'Organization');
  for (const tree of [T1, T2]) {
    await putResource(store, tree.tenant, 'Tenant');
    await putResource(store, tree.workspace, 'Workspace');
    await putResource(store, tree.group, 'Group');
    await putResource(store, tree.child, 'ServiceRoute');
  }
  for (const u of ['alice', 'bob', 'nobody']) await putResource(store, `${ORG}/users/${u}`, 'User');
  await putResource(store, `${ORG}/serviceaccounts/ci`, 'ServiceAccount');
  // bob ∈ inner ∈ outer ∈ inner: the grant goes to outer, and the cycle must not hang anything.
  await putResource(store, `${ORG}/teams/inner`, 'Team', { members: [`${ORG}/users/bob`, `${ORG}/teams/outer`] });
  await putResource(store, `${ORG}/teams/outer`, 'Team', { members: [`${ORG}/teams/inner`] });
  const rbac = createRbac({ store });
  t.after(() => rbac.close());

  const unexpectedAllows: string[] = [];
  const unexpectedDenies: string[] = [];
  const wrongDenial: string[] = [];
  let checks = 0;
  const nobody = principal('user', 'nobody');
  for (const [role] of Object.entries(ROLE_TABLE)) {
    for (const [level, grantAt] of Object.entries(GRANT_LEVELS)) {
      for (const [mode, { who, subject }] of Object.entries(MODES)) {
        await store.write('matrix', (tx) => tx.setPolicy(grantAt, [{ role, subjects: [subject] }]));
        for (const target of TARGETS) {
          for (const op of OPS) {
            const want = expected(role, grantAt, op, target);
            const got = await attempt(rbac, who, op, target);
            checks++;
            const label = `${role} at ${level} to ${mode}: ${op} ${target} → ${got}, expected ${want}`;
            if (got === 'allow' && want !== 'allow') unexpectedAllows.push(label);
            else if (got !== 'allow' && want === 'allow') unexpectedDenies.push(label);
            else if (got !== want) wrongDenial.push(label);
            // Whoever holds no grant at all sees nothing, whatever is bound to others.
            if ((await attempt(rbac, nobody, op, target)) === 'allow') unexpectedAllows.push(`nobody: ${op} ${target}`);
          }
        }
        const readable = (await rbac.readable(who, await store.reader.listUnder(''))).map((r) => r.fqn);
        const wantReadable = (await store.reader.listUnder('')).map((r) => r.fqn).filter((f) => expected(role, grantAt, 'read', f) === 'allow');
        assert.deepEqual(readable, wantReadable, `readable for ${role} at ${level} to ${mode}`);
        await store.write('matrix', (tx) => tx.setPolicy(grantAt, []));
      }
    }
  }
  assert.equal(checks, 5 * 4 * 3 * TARGETS.length * OPS.length);
  assert.deepEqual(unexpectedAllows, [], 'unexpected allows');
  assert.deepEqual(unexpectedDenies, [], 'unexpected denies');
  assert.deepEqual(wrongDenial, [], 'denials of the wrong kind (NotFound vs Forbidden)');
}

test('cross-tenant isolation: an admin of t1 sees nothing of t2, not even that it exists', async (t) => {
  const store = await sqliteStore(t);
  await putResource(store, ORG, 'Organization');
  for (const tree of [T1, T2]) {
    await putResource(store, tree.tenant, 'Tenant');
    await putResource(store, tree.workspace, 'Workspace');
  }
  await putResource(store, `${ORG}/users/alice`, 'User');
  await store.write('matrix', (tx) => tx.setPolicy(T1.tenant, [{ role: 'rbac/admin', subjects: [{ user: `${ORG}/users/alice` }] }]));
  const rbac = createRbac({ store });
  t.after(() => rbac.close());
  const alice = principal('user', 'alice');
  const seen = (await rbac.readable(alice, await store.reader.listUnder(ORG))).map((r) => r.fqn);
  assert.deepEqual(seen, [T1.tenant, T1.workspace]);
  for (const op of OPS) {
    await assert.rejects(
      rbac.require(alice, checkOf(op, T2.workspace).permission as never, checkOf(op, T2.workspace).on),
      (e: unknown) => isMeshError(e, CoreErrors.NotFound),
      op,
    );
  }
});

async function attempt(rbac: ReturnType<typeof createRbac>, who: Principal, op: Op, target: string): Promise<Outcome> {
  const { permission, on } = checkOf(op, target);
  try {
    await rbac.require(who, permission as Parameters<typeof rbac.require>[1], on);
    return 'allow';
  } catch (e) {
    if (isMeshError(e, CoreErrors.Forbidden)) return 'forbidden';
    if (isMeshError(e, CoreErrors.NotFound)) return 'notfound';
    return 'other';
  }
}
