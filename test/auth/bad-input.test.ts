// Generated malformed bodies and headers against every auth/rbac route (in-process Fastify over a
// real SQLite store): each must be answered 4xx with a catalogue code, never 5xx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAST_SCRYPT, basic, testApp } from '../support/auth-app.js';
import { putResource, sqliteStore } from '../support/stores.js';
import { hashPassword, passwordSecret } from '../../src/server/auth/index.js';

/** Deterministic pseudo-random values (seeded) so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function junk(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(r() * 1e6) - 5e5;
    case 2:
      return r() < 0.5;
    case 3:
      return 'x'.repeat(Math.floor(r() * 5000));
    case 4:
      return 'organizations/o/users/../admin';
    case 5:
      return 'rbac/' + String.fromCharCode(Math.floor(r() * 0x2000));
    case 6:
      return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth + 1));
    case 7:
      return depth > 3 ? {} : { role: junk(r, depth + 1), subjects: junk(r, depth + 1) };
    case 8:
      return depth > 3 ? {} : { user: junk(r, depth + 1) };
    case 9:
      return '\u0000\ud800';
    case 10:
      return { __proto__: { polluted: true }, constructor: 'x' };
    default:
      return depth > 3 ? '' : { allow: junk(r, depth + 1), etag: junk(r, depth + 1), spec: junk(r, depth + 1) };
  }
}

test('1,000 malformed requests to the auth and rbac routes get 4xx with a code, never 5xx', async (t) => {
  const store = await sqliteStore(t);
  const { app, auth } = await testApp(store);
  await auth.bootstrapAdmin('o', 'admin-password');
  await putResource(store, 'organizations/o/tenants/t', 'Tenant');
  await putResource(store, 'organizations/o/serviceaccounts/ci', 'ServiceAccount');
  await putResource(store, 'organizations/o/users/alice', 'User');
  const hash = await hashPassword('alice-password', FAST_SCRYPT);
  await store.write('t', (tx) => tx.putSecret(passwordSecret('organizations/o/users/alice'), hash));
  const admin = basic('admin', 'admin-password');
  const routes: [string, string, string | undefined][] = [
    ['POST', '/v2/auth/login', undefined],
    ['POST', '/v2/auth/refresh', undefined],
    ['PUT', '/v2/organizations/o/users/alice/password', admin],
    ['PUT', '/v2/organizations/o/tenants/t/accessbindings', admin],
    ['PUT', '/v2/organizations/o/accessbindings', admin],
    ['POST', '/v2/organizations/o/serviceaccounts/ci/keys', admin],
  ];
  const r = rng(42);
  const seen = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    const [method, url, authz] = routes[i % routes.length];
    // Valid key requests would each generate an RSA key (slow); fuzz the key route's fields instead.
    const body = url.endsWith('/keys') ? { algorithm: junk(r), rotate: junk(r) } : junk(r);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authz) headers.authorization = authz;
    if (i % 50 === 7) headers.authorization = ['Bearer', 'Basic', 'Basic ' + 'A'.repeat(100), 'Bearer a.b.c', 'Bearer ' + 'e'.repeat(9000)][i % 5];
    const res = await app.inject({ method: method as 'POST' | 'PUT', url, headers, payload: JSON.stringify(body) ?? 'null' });
    seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
    // Some junk is accidentally valid (e.g. an empty binding list): 2xx is fine, 5xx never is.
    assert.ok(res.statusCode < 500, `${method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) assert.match(String(res.json().code), /^MB\d{4}$/, res.body);
  }
  assert.ok((seen.get(400) ?? 0) > 300, JSON.stringify([...seen]));
});
