// Rewrites test/install/golden/* from the current renderer: node --import tsx test/install/update-golden.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, GOLDEN, renderCase } from './golden-cases.js';

for (const c of CASES) {
  const out = renderCase(c);
  writeFileSync(join(GOLDEN, c.fixture), out.stdout);
  writeFileSync(join(GOLDEN, c.fixture.replace(/\.yaml$/, '.warnings.txt')), out.warnings);
  console.log(`updated golden/${c.fixture}`);
}
