import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from '../../../test/auth/_memory-store.js';
import { createAccessControl } from './index.js';

test('first start creates the organization, admin with a generated password and an admin binding; later starts change nothing', async () => {
  const store = memoryStore();
  const { auth, rbac } = createAccessControl({ store, dataDir: '/x', organization: 'o' });
  const first = await auth.bootstrapAdmin('o');
  assert.equal(first.created, true);
  assert.equal(typeof first.password, 'string');
  assert.equal(first.password?.length, 24);
  assert.equal((await store.reader.get('organizations/o'))?.kind, 'Organization');
  assert.equal((await store.reader.get('organizations/o/users/admin'))?.kind, 'User');
  const admin = await auth.authenticate({ authorization: `Basic ${Buffer.from(`admin:${first.password}`).toString('base64')}` }, '127.0.0.1');
  assert.equal(admin.subject, 'organizations/o/users/admin');
  assert.equal(await rbac.can(admin, 'SET_POLICY', 'organizations/o'), true);

  const again = await auth.bootstrapAdmin('o', 'another-password');
  assert.deepEqual(again, { created: false });
  await assert.rejects(auth.authenticate({ authorization: `Basic ${Buffer.from('admin:another-password').toString('base64')}` }, '127.0.0.2'));
  assert.equal((await store.reader.getPolicy('organizations/o'))?.allow.length, 1);
});

test('a given admin password is used and not echoed back', async () => {
  const store = memoryStore();
  const { auth } = createAccessControl({ store, dataDir: '/x', organization: 'acme' });
  assert.deepEqual(await auth.bootstrapAdmin('acme', 'from-the-flag'), { created: true });
  const p = await auth.authenticate({ authorization: `Basic ${Buffer.from('admin:from-the-flag').toString('base64')}` }, '::1');
  assert.deepEqual(p, { subject: 'organizations/acme/users/admin', kind: 'user', organization: 'acme', username: 'admin' });
});
