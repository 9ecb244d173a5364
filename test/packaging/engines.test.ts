// A fresh `npm ci` on a supported Node.js prints no EBADENGINE warning: package.json's `engines`
// names the Node.js lines the project is tested on, and every package the lockfile resolves
// accepts each of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';

const root = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest release of each Node.js line we support, and 24.18.1 which CI runs (see .ci/run). */
const SUPPORTED = ['20.19.0', '24.0.0', '24.18.1'];

test("package.json's engines admits exactly the tested Node.js lines and the running one", () => {
  for (const v of [...SUPPORTED, process.version]) assert.ok(semver.satisfies(v, pkg.engines.node), `${v} is outside engines.node ${pkg.engines.node}`);
  for (const v of ['18.20.0', '21.7.0', '22.12.0', '23.0.0'])
    assert.ok(!semver.satisfies(v, pkg.engines.node), `${v} is untested but admitted by engines.node ${pkg.engines.node}`);
  // better-sqlite3 12 built against Node 24.19+ headers aborts when V8 collects a Statement.
  assert.ok(!semver.satisfies('24.19.0', pkg.engines.node), 'Node 24.19+ is admitted although better-sqlite3 12 aborts there');
});

test('no package in the lockfile has engines that exclude a supported Node.js (npm ci would print EBADENGINE)', () => {
  const bad: string[] = [];
  for (const [path, p] of Object.entries(lock.packages)) {
    const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
    if (!path || !range) continue;
    for (const v of SUPPORTED) if (!semver.satisfies(v, range)) bad.push(`${path}@${p.version} wants node ${range}, excluding ${v}`);
  }
  assert.deepEqual(bad, []);
});
