import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../contracts.js';
import { CachedAuthenticator } from './authenticate.js';

const admin: Principal = { subject: 'organizations/o/users/admin', kind: 'user', organization: 'o', username: 'admin' };

function req(authorization?: string): FastifyRequest {
  return { headers: authorization ? { authorization } : {}, ip: '127.0.0.1' } as unknown as FastifyRequest;
}

test('concurrent requests with the same credentials share one verification, and the result is reused', async () => {
  let calls = 0;
  const a = new CachedAuthenticator({ authenticate: async () => (calls++, admin) }, 60_000);
  const got = await Promise.all(Array.from({ length: 16 }, () => a.authenticate(req('Basic x'))));
  assert.ok(got.every((p) => p === admin));
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 1);
  await a.authenticate(req('Basic y'));
  assert.equal(calls, 2);
});

test('failures are not remembered and requests without credentials always ask auth', async () => {
  let calls = 0;
  const a = new CachedAuthenticator({
    authenticate: async (h) => {
      calls++;
      if (h.authorization !== 'Basic good') throw new Error('bad');
      return admin;
    },
  });
  await assert.rejects(a.authenticate(req('Basic bad')));
  await assert.rejects(a.authenticate(req('Basic bad')));
  assert.equal(calls, 2);
  await assert.rejects(a.authenticate(req()));
  await assert.rejects(a.authenticate(req()));
  assert.equal(calls, 4);
});

test('an expired entry is verified again', async () => {
  let calls = 0;
  let clock = 1000;
  const a = new CachedAuthenticator({ authenticate: async () => (calls++, admin) }, 50, 100, () => clock);
  await a.authenticate(req('Basic x'));
  clock += 49;
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 1);
  clock += 1;
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 2);
});

test("a revocation drops the revoked subject's cached credentials at once, and everyone's on null", async () => {
  const alice: Principal = { ...admin, subject: 'organizations/o/users/alice', username: 'alice' };
  let listener: ((subject: string | null) => void) | undefined;
  let calls = 0;
  const a = new CachedAuthenticator(
    {
      authenticate: async (h) => (calls++, h.authorization === 'Basic a' ? alice : admin),
      onRevoke: (l) => ((listener = l), () => (listener = undefined)),
    },
    60_000,
  );
  await a.authenticate(req('Basic a'));
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 2);
  listener?.(alice.subject);
  await a.authenticate(req('Basic a'));
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 3, 'only alice was verified again');
  listener?.(null);
  await a.authenticate(req('Basic a'));
  await a.authenticate(req('Basic x'));
  assert.equal(calls, 5, 'both verified again after a revoke-all');
  a.close();
  assert.equal(listener, undefined, 'close stops listening');
});
