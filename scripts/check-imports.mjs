// Enforces DESIGN.md's import rules between src/ folders: which folder may import which, and that
// another folder is reached only through its index.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const allowed = {
  api: [],
  store: ['api'],
  translate: ['api'],
  install: ['api'],
  pki: ['api'],
  server: ['api', 'store', 'translate', 'pki'],
  agent: ['api', 'pki', 'client'],
  cli: ['api', 'client', 'install', 'pki'],
  client: ['api'],
  cni: ['api'],
  ui: ['api'],
  gen: [],
  // The composition root: binaries' entry points wire the parts together.
  bin: ['api', 'store', 'server', 'translate', 'agent', 'install', 'pki', 'cni', 'cli', 'client'],
};
// Dependency-free sub-surfaces for start-up-critical paths (tctl, the CNI plugin): the error
// catalogue, api/core.ts (kinds, FQNs, selectors, errors) and api/health (sidecar readiness
// explainer), without the schemas that
// src/api/index.ts also exports.
const LIGHT_SURFACES = new Set(['api/errors/index.js', 'api/errors/index.ts', 'api/core.js', 'api/core.ts', 'api/health/index.js', 'api/health/index.ts']);
const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) check(p);
  }
}
function check(file) {
  const rel = relative(src, file);
  const from = rel.split('/')[0];
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), spec));
    const to = target.split('/')[0];
    if (to === from || to === 'gen') continue;
    if (!(allowed[from] ?? []).includes(to)) {
      problems.push(`${rel}: src/${from} may not import src/${to} (${spec}); allowed: ${(allowed[from] ?? []).join(', ') || 'nothing'}`);
    } else if (target !== `${to}/index.js` && target !== `${to}/index.ts` && target !== to && !LIGHT_SURFACES.has(target)) {
      problems.push(`${rel}: import src/${to} through its index.ts, not ${spec}`);
    }
  }
}
walk(src);
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check-imports: ${problems.length} import rule violation(s); see DESIGN.md "Import rules"`);
  process.exit(1);
}
console.log('check-imports: ok');
