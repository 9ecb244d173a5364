import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeEnvelope } from './decode-envelope.js';

test('an envelope is recognised by apiVersion or kind in any case, or by metadata with spec', () => {
  assert.equal(looksLikeEnvelope({ APIVersion: 'api.tsb.tetrate.io/v2' }), true);
  assert.equal(looksLikeEnvelope({ Kind: 'Tenant' }), true);
  assert.equal(looksLikeEnvelope({ metadata: { name: 'x' }, spec: {} }), true);
});

test('a REST message with metadata (labels) beside its fields is not an envelope', () => {
  assert.equal(looksLikeEnvelope({ fqn: 'organizations/o/tenants/t', etag: '"e"', metadata: { labels: { a: 'b' } }, displayName: 'T' }), false);
});
