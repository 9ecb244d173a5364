import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiDocument } from './openapi.js';

type Json = Record<string, unknown>;
const doc = openApiDocument('0.0.0-test');
const paths = doc.paths as Record<string, Record<string, Json>>;

test('openapi lists the auth, rbac and cluster-credential routes with their methods', () => {
  const want: Record<string, string[]> = {
    '/v2/organizations/{organization}/users/{name}/password': ['put'],
    '/v2/organizations/{organization}/serviceaccounts/{name}/keys': ['get', 'post'],
    '/v2/organizations/{organization}/serviceaccounts/{name}/keys/{id}': ['delete'],
    '/v2/organizations/{organization}/tenants/{tenant}/workspaces/{name}/permissions': ['get'],
    '/v2/accessbindings': ['put'],
    '/v2/auth/signing-key/rotate': ['post'],
    '/v2/organizations/{organization}/clusters/{name}/credentials': ['post', 'get', 'delete'],
    '/v2/organizations/{organization}/clusters/{name}/credentials/{id}': ['delete'],
  };
  for (const [path, methods] of Object.entries(want)) {
    assert.ok(paths[path], `${path} missing`);
    assert.deepEqual(Object.keys(paths[path]).sort(), [...methods].sort(), path);
  }
});

test('every {placeholder} of every path is declared as a path parameter of each operation', () => {
  for (const [path, ops] of Object.entries(paths)) {
    const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [method, op] of Object.entries(ops)) {
      const declared = ((op.parameters as Json[] | undefined) ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => String(p.name))
        .sort();
      assert.deepEqual(declared, placeholders, `${method.toUpperCase()} ${path}`);
    }
  }
});
