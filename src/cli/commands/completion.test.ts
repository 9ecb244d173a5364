import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTctl } from '../_memory-io.js';
import { startFakeApi } from '../../client/fake-api.test-support.js';
import { NAMES_TIMEOUT_MS } from './complete.js';

test('bash completion completes command words and kinds after get', async () => {
  const r = await runTctl(['completion', 'bash'], {});
  assert.equal(r.code, 0, r.stderr);
  const script = `${r.stdout}\nCOMP_WORDS=(tctl config pro); COMP_CWORD=2; _tctl; echo "\${COMPREPLY[@]}"\nCOMP_WORDS=(tctl get tn); COMP_CWORD=2; _tctl; echo "\${COMPREPLY[@]}"\n`;
  const out = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(out.stdout.trim().split('\n'), ['profiles', 'tnab tns']);
});

test('zsh completion is produced and an unknown shell is a usage error', async () => {
  assert.match((await runTctl(['completion', 'zsh'], {})).stdout, /^#compdef tctl\n/);
  const bad = await runTctl(['completion', 'fish'], {});
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected bash or zsh, got "fish"/);
});

const run = promisify(execFile);
const TCTL = `${new URL('../../bin/tctl.ts', import.meta.url).pathname}`;

/** Runs the bash completion for `words` (the last one being completed) with a real `tctl` on the line. */
async function complete(words: readonly string[], env: Record<string, string>, cwd = process.cwd()): Promise<string[]> {
  const script = (await runTctl(['completion', 'bash'], {})).stdout;
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const line = `tctl() { '${process.execPath}' --import tsx '${TCTL}' "$@"; }\n${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _tctl; printf '%s\\n' "\${COMPREPLY[@]}"\n`;
  // Asynchronously: the fake API answers from this process's event loop.
  const { stdout } = await run('bash', ['-c', line], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return stdout.split('\n').filter(Boolean);
}

test('completion completes file names after -f, and profiles from the config after -p', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-compl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'mesh.yaml'), '');
  await writeFile(join(dir, 'mesh-2.yaml'), '');
  assert.deepEqual(await complete(['tctl', 'apply', '-f', 'mes'], {}, dir), ['mesh-2.yaml', 'mesh.yaml']);
  const env = { TCTL_CONFIG: join(dir, 'tctl.yaml') };
  for (const p of ['alpha', 'beta']) assert.equal((await runTctl(['config', 'profiles', 'set', p, '--cluster', 'c'], env)).code, 0);
  assert.deepEqual(await complete(['tctl', 'get', 'tns', '-p', ''], env), ['alpha', 'beta']);
  assert.deepEqual(await complete(['tctl', '--profile', 'b'], env), ['beta']);
});

test('completion completes resource names from the server, in the scope the line names, and gives up quickly on a silent server', async (t) => {
  const api = await startFakeApi();
  const dir = await mkdtemp(join(tmpdir(), 'tctl-compl-'));
  // A management plane that accepts connections and never answers.
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  t.after(async () => {
    await api.close();
    silent.close();
    await rm(dir, { recursive: true, force: true });
  });
  const env = { TCTL_CONFIG: join(dir, 'tctl.yaml') };
  for (const args of [
    ['config', 'clusters', 'set', 'fake', '--bridge-address', api.address, '--tls-disabled'],
    ['config', 'profiles', 'set', 'fake', '--cluster', 'fake'],
    ['config', 'profiles', 'set-current', 'fake'],
    ['login', '--org', 'tetrate', '--username', 'admin', '--password', 'pw'],
    ['config', 'clusters', 'set', 'silent', '--bridge-address', `127.0.0.1:${(silent.address() as AddressInfo).port}`, '--tls-disabled'],
    ['config', 'profiles', 'set', 'silent', '--cluster', 'silent', '--username', 'fake-admin'],
  ])
    assert.equal((await runTctl(args, env)).code, 0, args.join(' '));
  await writeFile(
    join(dir, 'o.yaml'),
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Organization\nmetadata:\n  name: tetrate\nspec:\n  displayName: T\n---\n' +
      ['prod', 'dev']
        .map((n) => `apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: ${n}\nspec:\n  displayName: ${n}\n`)
        .join('---\n') +
      '---\napiVersion: api.tsb.tetrate.io/v2\nkind: Workspace\nmetadata:\n  organization: tetrate\n  tenant: prod\n  name: pay\nspec:\n  namespaceSelector:\n    names: ["*/pay"]\n',
  );
  const applied = await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  assert.equal(applied.code, 0, applied.stderr);
  assert.deepEqual(await complete(['tctl', 'get', 'tns', ''], env), ['dev', 'prod']);
  assert.deepEqual(await complete(['tctl', 'delete', 'ws', '--tenant', 'prod', 'p'], env), ['pay']);
  assert.deepEqual(await complete(['tctl', 'edit', 'ws', '--tenant', 'dev', ''], env), []);
  const t0 = Date.now();
  assert.deepEqual(await complete(['tctl', '-p', 'silent', 'get', 'tns', ''], env), []);
  assert.ok(Date.now() - t0 < NAMES_TIMEOUT_MS + 8000, `a silent server held completion for ${Date.now() - t0} ms`);
});
