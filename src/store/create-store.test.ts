import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { StoreErrors, isMeshError } from '../api/index.js';
import { resolveDatabase } from './create-store.js';

test('no --database, or sqlite: alone, selects meshbridge.db in the data directory', () => {
  for (const database of [undefined, '', 'sqlite:', 'sqlite://']) {
    assert.deepEqual(resolveDatabase({ database, dataDir: 'data' }), { backend: 'sqlite', path: join(resolve('data'), 'meshbridge.db') }, String(database));
  }
});

test('a file path or sqlite:<path> selects that SQLite file', () => {
  assert.deepEqual(resolveDatabase({ database: '/var/lib/mb/x.db', dataDir: 'data' }), { backend: 'sqlite', path: '/var/lib/mb/x.db' });
  assert.deepEqual(resolveDatabase({ database: 'sqlite:/var/lib/mb/x.db', dataDir: 'data' }), { backend: 'sqlite', path: '/var/lib/mb/x.db' });
  assert.deepEqual(resolveDatabase({ database: 'sqlite:rel/x.db', dataDir: 'data' }), { backend: 'sqlite', path: resolve('rel/x.db') });
});

test('postgres:// and postgresql:// select PostgreSQL with the URL unchanged', () => {
  for (const url of ['postgres://u:p@db:5432/mb', 'postgresql://u@db/mb?schema=x']) {
    assert.deepEqual(resolveDatabase({ database: url, dataDir: 'data' }), { backend: 'postgres', url });
  }
});

test('other schemes and :memory: are refused with InvalidDatabaseUrl naming the flag', () => {
  for (const database of ['mysql://u@h/db', ':memory:', 'sqlite::memory:']) {
    assert.throws(
      () => resolveDatabase({ database, dataDir: 'data' }),
      (e: unknown) => isMeshError(e, StoreErrors.InvalidDatabaseUrl) && e.message.startsWith('--database') && e.field === 'database',
      database,
    );
  }
});
