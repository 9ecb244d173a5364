import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteStore } from '../../../test/support/stores.js';
import { createAccessControl } from './index.js';
import { FAST_SCRYPT } from '../../../test/support/auth-app.js';

test('first start creates the organization, admin with a generated password and an admin binding; later starts change nothing', async (t) => {
  const store = await sqliteStore(t);
  const { auth, rbac } = createAccessControl({ store, dataDir: '/x', organization: 'o', scrypt: FAST_SCRYPT });
  const first = await auth.bootstrapAdmin('o');
  assert.equal(first.created, true);
  assert.equal(typeof first.password, 'string');
  assert.equal(first.password?.length, 24);
  assert.equal((await store.reader.get('organizations/o'))?.kind, 'Organization');
  assert.equal((await store.reader.get('organizations/o'))?.spec.deletionProtectionEnabled, true);
  assert.equal((await store.reader.get('organizations/o/users/admin'))?.kind, 'User');
  const admin = await auth.authenticate({ authorization: `Basic ${Buffer.from(`admin:${first.password}`).toString('base64')}` }, '127.0.0.1');
  assert.equal(admin.subject, 'organizations/o/users/admin');
  assert.equal(await rbac.can(admin, 'SET_POLICY', 'organizations/o'), true);

  const again = await auth.bootstrapAdmin('o', 'another-password');
  assert.deepEqual(again, { created: false });
  await assert.rejects(auth.authenticate({ authorization: `Basic ${Buffer.from('admin:another-password').toString('base64')}` }, '127.0.0.2'));
  assert.equal((await store.reader.getPolicy('organizations/o'))?.allow.length, 1);
});

test('a given admin password is used and not echoed back', async (t) => {
  const store = await sqliteStore(t);
  const { auth } = createAccessControl({ store, dataDir: '/x', organization: 'acme', scrypt: FAST_SCRYPT });
  assert.deepEqual(await auth.bootstrapAdmin('acme', 'from-the-flag'), { created: true });
  const p = await auth.authenticate({ authorization: `Basic ${Buffer.from('admin:from-the-flag').toString('base64')}` }, '::1');
  assert.deepEqual(p, { subject: 'organizations/acme/users/admin', kind: 'user', organization: 'acme', username: 'admin' });
});
