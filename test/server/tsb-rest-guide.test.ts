// TSB users' curl + jq scripts run unchanged against meshbridge: the script follows TSB's REST API
// guide and runs with the real curl and jq against a real `meshbridge server`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, startServer, tempDir } from './_server.js';

const SCRIPT = join(import.meta.dirname, 'tsb-rest-guide.sh');

test("TSB's REST guide as a curl + jq script (create with {name, tenant}, .etag, PUT with it, .tenants[].fqn) runs unchanged", async (t) => {
  for (const tool of ['curl', 'jq']) assert.equal(spawnSync(tool, ['--version']).status, 0, `${tool} is needed (apt-get install ${tool})`);
  const dir = tempDir();
  const work = mkdtempSync(join(tmpdir(), 'mb-tsb-rest-'));
  const s = await startServer({ dataDir: dir });
  t.after(async () => {
    await s.stop();
    cleanup(dir);
    rmSync(work, { recursive: true, force: true });
  });
  const r = spawnSync('sh', [SCRIPT], {
    cwd: work,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TSB: s.url, ORG: 'tetrate', TSB_USER: 'admin', TSB_PASSWORD: s.password, CURL_CA_BUNDLE: s.caFile },
  });
  assert.equal(r.status, 0, `script failed\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'created organizations/tetrate/tenants/mytenant');
  assert.match(lines[1], /^etag "[^"]+"$/);
  assert.match(lines[2], /^updated My Modified tenant etag "[^"]+"$/);
  assert.equal(lines[3], 'stale etag answered 409');
  assert.equal(lines[4], 'organizations/tetrate/tenants/mytenant');
  assert.equal(lines[5], 'deleted');
  const gone = await s.request('GET', '/v2/organizations/tetrate/tenants/mytenant');
  assert.equal(gone.status, 404);
});
