import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreErrors, isMeshError } from '../api/index.js';
import { pendingMigrations, type Migration } from './migration.js';
import { SQLITE_MIGRATIONS } from './sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from './postgres/migrations.js';

const all: Migration[] = [
  { version: 2, name: 'b', statements: [] },
  { version: 1, name: 'a', statements: [] },
  { version: 3, name: 'c', statements: [] },
];

test('pendingMigrations returns the versions not yet applied, in version order', () => {
  assert.deepEqual(
    pendingMigrations(all, []).map((m) => m.version),
    [1, 2, 3],
  );
  assert.deepEqual(
    pendingMigrations(all, [1]).map((m) => m.version),
    [2, 3],
  );
  assert.deepEqual(pendingMigrations(all, [1, 2, 3]), []);
});

test('a database with a version this build does not know is refused with SchemaTooNew naming both versions', () => {
  assert.throws(
    () => pendingMigrations(all, [1, 2, 3, 4]),
    (e: unknown) => isMeshError(e, StoreErrors.SchemaTooNew) && /4/.test(e.message) && /3/.test(e.message),
  );
});

test('both backends define the same migration versions with the same names', () => {
  assert.deepEqual(
    SQLITE_MIGRATIONS.map((m) => [m.version, m.name]),
    POSTGRES_MIGRATIONS.map((m) => [m.version, m.name]),
  );
  const tables = (ms: readonly Migration[]) => ms.flatMap((m) => m.statements.flatMap((s) => /^CREATE TABLE (\w+)/i.exec(s.trim())?.[1] ?? [])).sort();
  assert.deepEqual(tables(SQLITE_MIGRATIONS), tables(POSTGRES_MIGRATIONS));
});
