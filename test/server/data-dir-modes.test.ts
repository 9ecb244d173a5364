// The data directory holds the database (JWT signing key, mesh CA key, password hashes), the TLS
// keys and the admin password. Started with the common umask 022 by the real `meshbridge server`
// and `meshbridge up` processes, nothing in it may be readable by another local user, a data dir
// others can write is refused, and modes left open by an older release are repaired at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { binCommand } from '../support/bins.js';
import { cleanup, startServer, tempDir } from './_server.js';

/** Every entry under `root` with its permission bits. */
async function modes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>([['.', statSync(root).mode & 0o777]]);
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      const name = rel ? `${rel}/${e.name}` : e.name;
      out.set(name, statSync(path).mode & 0o777);
      if (e.isDirectory()) await walk(path, name);
    }
  };
  await walk(root, '');
  return out;
}

function openToOthers(m: Map<string, number>): string[] {
  return [...m].filter(([, mode]) => (mode & 0o077) !== 0).map(([name, mode]) => `${name} ${mode.toString(8)}`);
}

/** `cat path` as the unprivileged user nobody (the "any local user" of the attack). */
function readAsNobody(path: string): { status: number | null; bytes: number } {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', path], { encoding: 'buffer' });
  return { status: r.status, bytes: r.stdout.length };
}

test('with umask 022 meshbridge server keeps the data dir 0700 and every file in it (database, -wal, -shm, TLS, keys, admin password) 0600: another local user cannot copy the database', async (t) => {
  const old = process.umask(0o022);
  t.after(() => process.umask(old));
  const root = tempDir('mb-modes-');
  t.after(() => cleanup(root));
  chmodSync(root, 0o755);
  // As a user would prepare it: `mkdir data` under umask 022 gives 0755.
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  const s = await startServer({ dataDir });
  t.after(() => s.stop());
  assert.equal((await s.request('POST', '/v2/organizations/tetrate/tenants', { name: 't', tenant: {} })).status, 201);
  const m = await modes(dataDir);
  for (const f of ['meshbridge.db', 'meshbridge.db-wal', 'meshbridge.db-shm', 'tls/ca.crt', 'tls/ca.key', 'tls/server.crt', 'tls/server.key', 'admin-password'])
    assert.ok(m.has(f), `${f} exists (have ${[...m.keys()].join(', ')})`);
  assert.equal(m.get('.'), 0o700);
  assert.deepEqual(openToOthers(m), []);
  const stolen = readAsNobody(join(dataDir, 'meshbridge.db'));
  assert.notEqual(stolen.status, 0, 'nobody could read the database');
  assert.equal(stolen.bytes, 0);
});

test('meshbridge server repairs modes an older release left open (0755 dir, 0644 database) with a warning naming them', async (t) => {
  const old = process.umask(0o022);
  t.after(() => process.umask(old));
  const dataDir = tempDir('mb-modes-repair-');
  t.after(() => cleanup(dataDir));
  let s = await startServer({ dataDir });
  await s.stop();
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'meshbridge.db'), 0o644);
  chmodSync(join(dataDir, 'tls', 'ca.key'), 0o644);
  s = await startServer({ dataDir, args: ['--log-level', 'warn'] });
  t.after(() => s.stop());
  const m = await modes(dataDir);
  assert.deepEqual(openToOthers(m), []);
  assert.match(s.stdout(), /readable by other users; modes set to 0600\/0700/);
  assert.match(s.stdout(), /meshbridge\.db"/);
  assert.match(s.stdout(), /ca\.key"/);
});

test('meshbridge server refuses a data dir others can write (0777): exit 1, MB1200 naming the directory and the chmod, no database created', async (t) => {
  const root = tempDir('mb-modes-open-');
  t.after(() => cleanup(root));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o777);
  const { command, args } = binCommand('meshbridge');
  const r = spawnSync(command, [...args, 'server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--agent-listen', 'off'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /MB1200/);
  assert.match(r.stderr, new RegExp(`${dataDir}.*0777.*chmod 0700`));
  assert.equal(existsSync(join(dataDir, 'meshbridge.db')), false);
  assert.equal(existsSync(join(dataDir, 'tls')), false);
});

test('with umask 022 meshbridge up leaves nothing in its data dir readable by others (database, TLS, demo cluster key, rendered YAML)', async (t) => {
  const old = process.umask(0o022);
  t.after(() => process.umask(old));
  const dir = tempDir('mb-modes-up-');
  t.after(() => cleanup(dir));
  const mb = binCommand('meshbridge');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MESHBRIDGE_') && k !== 'TCTL_CONFIG') env[k] = v;
  if (process.env.MESHBRIDGE_TEST_DIST) env.MESHBRIDGE_TEST_DIST = process.env.MESHBRIDGE_TEST_DIST;
  const dataDir = join(dir, 'data');
  const proc = spawn(
    mb.command,
    [...mb.args, 'up', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--agent-listen', '127.0.0.1:0', '--tctl-config', join(dir, 'tctl.yaml')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  t.after(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`up did not start in 60 s\n${out}`)), 60_000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/lands under|no demo cluster/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`up exited with ${code}\n${out}`));
    });
  });
  const m = await modes(dataDir);
  for (const f of ['meshbridge.db', 'meshbridge.db-wal', 'tls/ca.key', 'admin-password']) assert.ok(m.has(f), `${f} exists (have ${[...m.keys()].join(', ')})`);
  assert.ok(
    [...m.keys()].some((f) => f.startsWith('clusters/')),
    'the demo cluster wrote its files',
  );
  assert.deepEqual(openToOthers(m), []);
});
