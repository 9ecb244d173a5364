// `meshbridge up` leaves a tctl profile through writeBootstrapProfile (src/cli): tctl works at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startMeshbridge, tctl, tempDir } from './_harness.js';

test('after meshbridge up, the written profile is current and tctl reaches the server with it', async (t) => {
  const dir = await tempDir(t, 'tctl-up-');
  const config = join(dir, 'tctl.yaml');
  const up = await startMeshbridge(
    ['up', '--data-dir', join(dir, 'data'), '--listen', '127.0.0.1:0', '--agent-listen', '127.0.0.1:0', '--tctl-config', config, '--log-level', 'warn'],
    join(dir, 'data'),
    /tctl profile/,
  );
  t.after(() => up.stop());
  assert.equal((await stat(config)).mode & 0o777, 0o600);
  const env = { TCTL_CONFIG: config };
  const list = await tctl(['config', 'profiles', 'list'], { env });
  assert.match(list.stdout, /^  CURRENT  NAME\s+CLUSTER\s+ACCOUNT\n  \*\s+(\S+)\s+\1\s+\1-admin\n$/);
  const orgs = await tctl(['get', 'organizations'], { env });
  assert.equal(orgs.code, 0, orgs.stderr);
  assert.match(orgs.stdout, /^NAME\s+DISPLAY NAME\s+DESCRIPTION\ntetrate\b/);
});

test('GIVEN a tenant set with `tctl config users set` WHEN meshbridge up restarts THEN the entry keeps it, no password is ever written and tctl still works', async (t) => {
  const dir = await tempDir(t, 'tctl-up-restart-');
  const config = join(dir, 'tctl.yaml');
  const argv = [
    'up',
    '--data-dir',
    join(dir, 'data'),
    '--listen',
    '127.0.0.1:0',
    '--agent-listen',
    'off',
    '--tctl-config',
    config,
    '--log-level',
    'warn',
    '--profile',
    'local',
  ];
  const env = { TCTL_CONFIG: config };
  const first = await startMeshbridge(argv, join(dir, 'data'), /tctl profile/);
  const password = (await readFile(join(dir, 'data', 'admin-password'), 'utf8')).trim();
  assert.equal((await tctl(['config', 'users', 'set', 'local-admin', '--tenant', 'prod'], { env })).code, 0);
  await first.stop();
  const second = await startMeshbridge(argv, join(dir, 'data'), /tctl profile/);
  t.after(() => second.stop());
  const text = await readFile(config, 'utf8');
  assert.doesNotMatch(text, /password/);
  assert.ok(!text.includes(password), 'the admin password is not in the tctl config');
  const users = await tctl(['config', 'view', '-o', 'json'], { env });
  const entry = (JSON.parse(users.stdout) as { users: Record<string, Record<string, unknown>> }).users['local-admin'];
  assert.equal(entry.tenant, 'prod', users.stdout);
  const orgs = await tctl(['get', 'organizations'], { env });
  assert.equal(orgs.code, 0, orgs.stderr);
});
