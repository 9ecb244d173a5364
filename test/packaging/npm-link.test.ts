// The README's way to get `tctl` and `meshbridge` on PATH: `npm link` from the checkout, after which
// the docs' bare `tctl …` commands work as typed. Linked into a temporary npm prefix, so the
// machine's global folder is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

test('npm link puts tctl and meshbridge on PATH: bare `tctl` and `meshbridge` run from any folder', (t) => {
  assert.ok(existsSync(join(root, 'dist', 'tctl.js')), 'dist/ is missing: run npm run build first (npm test does)');
  assert.match(readFileSync(join(root, 'README.md'), 'utf8'), /npm link/, 'the README says how to get tctl on PATH');
  const prefix = mkdtempSync(join(tmpdir(), 'mb-link-'));
  const away = mkdtempSync(join(tmpdir(), 'mb-link-cwd-'));
  t.after(() => {
    rmSync(prefix, { recursive: true, force: true });
    rmSync(away, { recursive: true, force: true });
  });
  const link = spawnSync('npm', ['link', '--no-audit', '--no-fund'], {
    cwd: root,
    env: { ...process.env, npm_config_prefix: prefix },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(link.status, 0, `${link.stdout}\n${link.stderr}`);
  assert.equal(realpathSync(join(prefix, 'lib', 'node_modules', 'meshbridge')), realpathSync(root));
  // Only the linked bin folder, node and the system: nothing from the checkout's node_modules/.bin.
  const env = { PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: away, TCTL_CONFIG: join(away, 'tctl.yaml') };
  const tctl = spawnSync('tctl', ['version', '--local-only'], { cwd: away, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(tctl.status, 0, tctl.stderr);
  assert.match(tctl.stdout, /^TCTL version: v\d+\.\d+\.\d+/);
  const mb = spawnSync('meshbridge', ['--help'], { cwd: away, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(mb.status, 0, mb.stderr);
  assert.match(mb.stdout, /^Usage: meshbridge <command>/);
});
