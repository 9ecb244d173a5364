import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, GOLDEN, renderCase } from './golden-cases.js';

for (const c of CASES) {
  test(`GIVEN ${c.given} WHEN rendered with \`tctl install manifest ${c.target}\` THEN the output equals golden/${c.fixture}`, () => {
    const out = renderCase(c);
    const hint = 'golden file differs: if the change is intended, run `node --import tsx test/install/update-golden.ts` and review the diff';
    assert.equal(out.stdout, readFileSync(join(GOLDEN, c.fixture), 'utf8'), hint);
    assert.equal(out.warnings, readFileSync(join(GOLDEN, c.fixture.replace(/\.yaml$/, '.warnings.txt')), 'utf8'), hint);
  });
  test(`GIVEN ${c.fixture} WHEN rendered twice THEN the bytes are identical`, () => {
    assert.equal(renderCase(c).stdout, renderCase(c).stdout);
  });
}
