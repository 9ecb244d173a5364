// Writes docs/errors.md from the error catalogue (npm run docs:errors).
import { writeFileSync } from 'node:fs';
import { allErrorDefs } from '../src/api/index.js';
import { renderErrorsDoc } from '../src/api/index.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc(allErrorDefs));
