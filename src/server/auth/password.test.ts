import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePassword, hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

test('a hashed password verifies and a wrong one does not', async () => {
  const h = await hashPassword('correct horse', FAST);
  assert.match(h, /^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('correct horse', h), true);
  assert.equal(await verifyPassword('correct horsE', h), false);
});

test('the same password hashes differently each time (per-user salt)', async () => {
  assert.notEqual(await hashPassword('pw-pw-pw-pw', FAST), await hashPassword('pw-pw-pw-pw', FAST));
});

test('malformed or hostile stored hashes never verify', async () => {
  for (const bad of ['', 'plain', 'scrypt$1024$8$1$abc', 'scrypt$99999999$8$1$AAAA$AAAA', 'bcrypt$1$1$1$a$b', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$short']) {
    assert.equal(await verifyPassword('x', bad), false, bad);
  }
});

test('the default parameters are used when none are given and still verify', async () => {
  const h = await hashPassword('default-cost');
  assert.match(h, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword('default-cost', h), true);
  assert.equal(await verifyAgainstDummy('default-cost'), false);
});

test('generated passwords are long and distinct; weak ones are refused with the reason', () => {
  const a = generatePassword();
  assert.equal(a.length, 24);
  assert.notEqual(a, generatePassword());
  assert.equal(passwordProblem(a), undefined);
  assert.equal(passwordProblem('short'), 'must be at least 8 characters');
  assert.equal(passwordProblem(12345678), 'expected a string');
});
