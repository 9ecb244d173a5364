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
  server: ['api', 'store', 'translate', 'pki', 'fs'],
  agent: ['api', 'pki', 'client', 'fs'],
  cli: ['api', 'client', 'install', 'pki', 'fs', 'command'],
  // The command layer (argv, help, errors): it must start fast, so it reaches only the error catalogue.
  command: ['api'],
  client: ['api'],
  cni: ['api', 'fs'],
  // Node built-ins only (atomic writes), for the parts above that may not import one another.
  fs: [],
  ui: ['api'],
  gen: [],
  // The composition root: binaries' entry points wire the parts together.
  bin: ['api', 'store', 'server', 'translate', 'agent', 'install', 'pki', 'cni', 'cli', 'client', 'fs', 'command'],
};
// A folder is reached through its index.ts. src/api has a second entry, its schemas (TypeBox and
// ajv), so that importing src/api/index.ts stays light for code that must start fast (tctl).
const ENTRIES = { api: ['api/index', 'api/schemas/index'] };
function isEntry(to, target) {
  const entries = ENTRIES[to] ?? [`${to}/index`];
  return target === to || entries.some((e) => target === `${e}.js` || target === `${e}.ts`);
}
// Test code: unit tests, and modules that exist only for tests (`*.test-support.ts`: fakes,
// conformance suites; `*.test-data.ts`). Product code never imports it. A unit test follows its
// folder's rules, may reach an allowed folder's test-support modules, and may use test/support/
// (helpers that start no process); end-to-end helpers in test/<area>/ stay with their suites.
const TEST_CODE = /\.(test|test-support|test-data)\.ts$/;
const problems = [];
function walk(dir, fn) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, fn);
    else if (/\.tsx?$/.test(name)) fn(p);
  }
}
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(re)].map((m) => m[1] ?? m[2]).filter((spec) => spec.startsWith('.'));
}
function check(file) {
  const rel = relative(src, file);
  const from = rel.split('/')[0];
  const isTest = TEST_CODE.test(rel);
  for (const spec of importsOf(file)) {
    const abs = resolve(dirname(file), spec);
    const target = relative(src, abs);
    if (target.startsWith('..')) {
      const inRoot = relative(root, abs);
      if (!(isTest && inRoot.startsWith('test/support/'))) {
        problems.push(`${rel}: ${isTest ? 'a unit test may use test/support/ only, not' : 'product code may not import'} ${inRoot} (${spec})`);
      }
      continue;
    }
    const to = target.split('/')[0];
    if (!isTest && TEST_CODE.test(target.replace(/\.js$/, '.ts'))) {
      problems.push(`${rel}: product code may not import test code ${target} (${spec})`);
      continue;
    }
    if (to === from || to === 'gen') continue;
    if (from === 'command' && to === 'api') {
      // The command layer loads before any command: the error catalogue alone, not even the light api entry.
      if (!/^api\/errors\/index\.[jt]s$/.test(target)) problems.push(`${rel}: src/command may import only src/api/errors/index.ts (${spec})`);
      continue;
    }
    if (!(allowed[from] ?? []).includes(to)) {
      problems.push(`${rel}: src/${from} may not import src/${to} (${spec}); allowed: ${(allowed[from] ?? []).join(', ') || 'nothing'}`);
    } else if (!isEntry(to, target) && !(isTest && /\.test-support\.js$/.test(target))) {
      problems.push(`${rel}: import src/${to} through its index.ts, not ${spec}`);
    }
  }
}
walk(src, check);
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check-imports: ${problems.length} import rule violation(s); see DESIGN.md "Import rules"`);
  process.exit(1);
}
console.log('check-imports: ok');
