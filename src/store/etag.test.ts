import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEtag } from './etag.js';

test('newEtag gives TSB-style quoted base64 of 8 bytes, distinct across pool refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const e = newEtag();
    assert.match(e, /^"[A-Za-z0-9+/]{11}="$/);
    seen.add(e);
  }
  assert.equal(seen.size, 2000);
});
