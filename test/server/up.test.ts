// End-to-end: `meshbridge up` starts the embedded default and leaves a tctl profile with which
// `tctl get organizations` works right away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { binCommand } from '../support/bins.js';
import { cleanup, tempDir } from './_server.js';

test('meshbridge up prints the password once and writes a current tctl profile that works', async () => {
  const dir = tempDir('mb-up-');
  const tctlConfig = join(dir, 'tctl.yaml');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MESHBRIDGE_') && k !== 'TCTL_CONFIG') env[k] = v;
  if (process.env.MESHBRIDGE_TEST_DIST) env.MESHBRIDGE_TEST_DIST = process.env.MESHBRIDGE_TEST_DIST;
  const mb = binCommand('meshbridge');
  const proc = spawn(mb.command, [...mb.args, 'up', '--data-dir', join(dir, 'data'), '--listen', '127.0.0.1:0', '--agent-listen', 'off', '--log-level', 'warn', '--tctl-config', tctlConfig], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`up did not finish starting in 60 s\n${out}\n${err}`)), 60_000);
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/tctl profile "meshbridge-local" written/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => reject(new Error(`up exited with ${code}\n${out}\n${err}`)));
    });
    assert.match(out, /password: \S+/);
    const tctl = binCommand('tctl');
    const r = spawnSync(tctl.command, [...tctl.args, 'get', 'organizations', '-o', 'json'], { env: { ...env, TCTL_CONFIG: tctlConfig }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /"name": ?"tetrate"/);
  } finally {
    proc.kill('SIGTERM');
    if (proc.exitCode === null) await new Promise((resolve) => proc.once('exit', resolve));
    cleanup(dir);
  }
});
