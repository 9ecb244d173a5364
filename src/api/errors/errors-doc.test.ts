import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allErrorDefs } from './index.js';
import { renderErrorsDoc } from './errors-doc.js';

test('docs/errors.md documents every catalogue code exactly as generated', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(doc, renderErrorsDoc(allErrorDefs), 'docs/errors.md is stale: run `npm run docs:errors`');
});

test('error codes are unique, well-formed and carry a fix', () => {
  const seen = new Set<string>();
  for (const d of allErrorDefs) {
    assert.match(d.code, /^MB\d{4}$/, `${d.name}: code ${d.code}`);
    assert.ok(!seen.has(d.code), `duplicate code ${d.code}`);
    seen.add(d.code);
    assert.ok(d.fix.length > 10, `${d.code} has no fix`);
    assert.ok(d.status >= 400 && d.status < 600, `${d.code} status ${d.status}`);
  }
});
