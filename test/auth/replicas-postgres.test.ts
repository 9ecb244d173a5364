// Two management-plane replicas on one PostgreSQL: they agree on one signing key even when both
// create it at once, accept each other's tokens, bootstrap the admin exactly once, and a grant
// written through one replica reaches the other's grant cache through LISTEN/NOTIFY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStore, type Store } from '../../src/store/index.js';
import { createAccessControl } from '../../src/server/auth/index.js';
import type { Principal } from '../../src/server/contracts.js';
import { postgresUrl } from '../support/shared.js';
import { FAST_SCRYPT } from '../support/auth-app.js';
import { putResource } from '../support/stores.js';

function waitForRevision(store: Store, revision: number): Promise<void> {
  return new Promise((resolve) => {
    const off = store.subscribe((r) => {
      if (r >= revision) {
        off();
        resolve();
      }
    });
    void store.currentRevision().then((r) => {
      if (r >= revision) {
        off();
        resolve();
      }
    });
  });
}

test('two replicas on one PostgreSQL share the signing key, tokens, the admin and grant invalidation', async (t) => {
  const schema = `mbauth_${randomBytes(5).toString('hex')}`;
  const u = new URL(postgresUrl());
  u.searchParams.set('schema', schema);
  const dir = mkdtempSync(join(tmpdir(), 'mb-auth-pg-'));
  const a = await createStore({ dataDir: dir, database: u.toString() });
  const b = await createStore({ dataDir: dir, database: u.toString() });
  t.after(async () => {
    await a.close();
    await b.close();
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });
  const A = createAccessControl({ store: a, dataDir: dir, organization: 'o', scrypt: FAST_SCRYPT });
  const B = createAccessControl({ store: b, dataDir: dir, organization: 'o', scrypt: FAST_SCRYPT });
  t.after(() => {
    A.rbac.close();
    B.rbac.close();
  });

  const [kidA, kidB] = await Promise.all([A.auth.authenticator.tokens.keyId(), B.auth.authenticator.tokens.keyId()]);
  assert.equal(kidA, kidB);

  const boots = await Promise.allSettled([A.auth.bootstrapAdmin('o', 'admin-password'), B.auth.bootstrapAdmin('o', 'admin-password')]);
  const created = boots.filter((r) => r.status === 'fulfilled' && r.value.created).length;
  assert.equal(created, 1, JSON.stringify(boots.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))));

  const v = await A.auth.authenticator.verifyLogin('admin', 'admin-password', '10.0.0.1');
  const pair = await A.auth.authenticator.tokens.issue({ sub: v.user.fqn, org: 'o', name: 'admin', passwordHash: v.passwordHash });
  assert.equal((await B.auth.authenticate({ 'x-tetrate-token': pair.accessToken }, '10.0.0.2')).subject, 'organizations/o/users/admin');

  await putResource(a, 'organizations/o/tenants/t', 'Tenant');
  await putResource(a, 'organizations/o/users/alice', 'User');
  const alice: Principal = { subject: 'organizations/o/users/alice', kind: 'user', organization: 'o', username: 'alice' };
  await waitForRevision(b, await a.currentRevision());
  assert.equal(await B.rbac.can(alice, 'READ', 'organizations/o/tenants/t'), false);
  const { revision } = await a.write('test', (tx) => tx.setPolicy('organizations/o/tenants/t', [{ role: 'rbac/reader', subjects: [{ user: alice.subject }] }]));
  await waitForRevision(b, revision);
  assert.equal(await B.rbac.can(alice, 'READ', 'organizations/o/tenants/t'), true);
});
