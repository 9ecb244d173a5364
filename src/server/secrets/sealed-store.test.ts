import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityErrors, isMeshError } from '../../api/index.js';
import { createStore } from '../../store/index.js';
import { loadSecretsKey, seal, sealSecrets, unseal, type SecretsKey } from './sealed-store.js';

const K: SecretsKey = { key: Buffer.alloc(32, 7), file: '/k' };
const OTHER: SecretsKey = { key: Buffer.alloc(32, 8), file: '/other' };

test('seal/unseal: GIVEN a sealed value WHEN opened with the key THEN the plain text; the text never appears sealed', () => {
  const s = seal(K, 'auth/jwt-signing-key', 'the-key');
  assert.match(s, /^sealed:v1:/);
  assert.ok(!s.includes('the-key'));
  assert.equal(unseal(K, 'auth/jwt-signing-key', s), 'the-key');
});

test('unseal: GIVEN another key, no key, or the value moved to another name THEN MB1202 naming the secret', () => {
  const s = seal(K, 'a', 'v');
  for (const [k, name] of [
    [OTHER, 'a'],
    [undefined, 'a'],
    [K, 'b'],
  ] as const) {
    assert.throws(
      () => unseal(k, name, s),
      (e: unknown) => isMeshError(e, SecurityErrors.SecretsKeyMismatch) && e.message.includes(JSON.stringify(name)),
    );
  }
});

test('unseal: GIVEN a plain value from an older release THEN it passes through', () => {
  assert.equal(unseal(K, 'a', 'plain'), 'plain');
});

test('sealSecrets over a real SQLite store: the raw rows are sealed, the sealed store reads plain text inside and outside transactions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-seal-'));
  const raw = await createStore({ dataDir: dir });
  t.after(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = sealSecrets(raw, K);
  await store.write('t', async (tx) => {
    await tx.putSecret('x', 'secret-value');
    assert.equal(await tx.getSecret('x'), 'secret-value');
  });
  assert.match((await raw.reader.getSecret('x')) ?? '', /^sealed:v1:/);
  assert.equal(await store.reader.getSecret('x'), 'secret-value');
  assert.equal(await store.reader.getSecret('missing'), undefined);
  assert.equal(store.backend, 'sqlite');
});

test('loadSecretsKey: GIVEN no file THEN one is created 0600 with 64 hex characters; GIVEN a malformed file THEN MB1202 with the openssl command', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-seal-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'secrets.key');
  const first = await loadSecretsKey(file, true);
  assert.equal(first.created, true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = await loadSecretsKey(file, true);
  assert.equal(again.created, false);
  assert.deepEqual(again.key.key, first.key.key);
  writeFileSync(join(dir, 'bad.key'), 'short');
  await assert.rejects(
    loadSecretsKey(join(dir, 'bad.key'), true),
    (e: unknown) => isMeshError(e, SecurityErrors.SecretsKeyMismatch) && /openssl rand -hex 32/.test(e.message),
  );
});
