// Attack (issue 10): whoever gets a copy of the database — a backup, a PostgreSQL reader — reads
// the JWT signing key and mints an admin token the server accepts. The real `meshbridge server`
// now seals its secrets (AES-256-GCM under a key file kept out of the database), so the copy
// holds no usable key: the forged token is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SignJWT } from 'jose';
import { cleanup, dropSchemas, freshPostgres, startServer, tempDir } from '../server/_server.js';

/** An HS256 access token for the admin, signed with `raw` read out of the database as the server would use it. */
function forge(raw: string): Promise<string> {
  const key = Buffer.from(raw, 'base64url');
  const kid = createHash('sha256').update(key).digest('base64url').slice(0, 12);
  return new SignJWT({ org: 'tetrate', name: 'admin', typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
    .setIssuer('meshbridge')
    .setSubject('organizations/tetrate/users/admin')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

test('a copy of the SQLite database holds no usable signing key: a token forged from it is refused (401), and the key file is 0600 outside the database', async (t) => {
  const dataDir = tempDir('mb-stolen-');
  t.after(() => cleanup(dataDir));
  const s = await startServer({ dataDir });
  t.after(() => s.stop());
  // The server signs its first token (creating the key) on the first login.
  assert.equal((await s.request('POST', '/v2/auth/login', { username: 'admin', password: s.password }, { auth: null })).status, 200);
  const backup = join(dataDir, '..', `${dataDir.split('/').pop()}-backup.db`);
  t.after(() => cleanup(backup));
  const dump = spawnSync('sqlite3', [join(dataDir, 'meshbridge.db'), `.backup ${backup}`], { encoding: 'utf8' });
  assert.equal(dump.status, 0, dump.stderr);
  const rows = spawnSync('sqlite3', [backup, 'SELECT key, value FROM secrets'], { encoding: 'utf8' }).stdout.trim().split('\n');
  const signing = rows.find((r) => r.startsWith('auth/jwt-signing-key|'));
  assert.ok(signing, `the signing key row exists: ${rows.map((r) => r.split('|')[0]).join(', ')}`);
  const stolen = signing.slice('auth/jwt-signing-key|'.length);
  const forged = await s.request('GET', '/v2/whoami', undefined, { auth: `Bearer ${await forge(stolen)}` });
  assert.equal(forged.status, 401, `the forged admin token was accepted: ${forged.text}`);
  for (const r of rows) assert.match(r, /\|sealed:v1:/, `sealed: ${r.split('|')[0]}`);
  assert.equal(statSync(join(dataDir, 'secrets.key')).mode & 0o777, 0o600);
});

test('on PostgreSQL with --secrets-key-file, a database reader sees only sealed secrets, and a replica without the key refuses to use them (MB1202)', async (t) => {
  t.after(() => dropSchemas());
  const database = freshPostgres();
  const dataDir = tempDir('mb-stolen-pg-');
  t.after(() => cleanup(dataDir));
  const keyFile = join(dataDir, 'shared-secrets.key');
  writeFileSync(keyFile, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const s = await startServer({ dataDir: join(dataDir, 'a'), database, args: ['--secrets-key-file', keyFile] });
  t.after(() => s.stop());
  assert.equal((await s.request('POST', '/v2/auth/login', { username: 'admin', password: s.password }, { auth: null })).status, 200);
  const schema = new URL(database).searchParams.get('schema') as string;
  const c = new pg.Client({ connectionString: database.replace(/\?.*$/, '') });
  await c.connect();
  const { rows } = await c.query<{ key: string; value: string }>(`SELECT key, value FROM "${schema}".secrets`);
  await c.end();
  assert.ok(rows.some((r) => r.key === 'auth/jwt-signing-key'));
  for (const r of rows) assert.match(r.value, /^sealed:v1:/, r.key);
  const stolen = rows.find((r) => r.key === 'auth/jwt-signing-key')?.value as string;
  assert.equal((await s.request('GET', '/v2/whoami', undefined, { auth: `Bearer ${await forge(stolen)}` })).status, 401);
  // A second replica given another key cannot open them: it says so instead of minting a new key.
  const otherKey = join(dataDir, 'other.key');
  writeFileSync(otherKey, `${'cd'.repeat(32)}\n`, { mode: 0o600 });
  const b = await startServer({ dataDir: join(dataDir, 'b'), database, args: ['--secrets-key-file', otherKey] }).catch((e: Error) => e);
  if (!(b instanceof Error)) {
    t.after(() => b.stop());
    const r = await b.request('POST', '/v2/auth/login', { username: 'admin', password: s.password }, { auth: null });
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json.code, 'MB1202');
  } else {
    assert.match(b.message, /MB1202/);
  }
});
