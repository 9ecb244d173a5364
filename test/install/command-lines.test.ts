// The command lines rendered into containers must be ones the real meshbridge binary accepts:
// `meshbridge <args> --help` parses every flag strictly (an unknown flag exits 2) and then prints help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInstall, type ManifestTarget } from '../../src/install/index.js';
import { binCommand } from '../support/bins.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;

function meshbridge(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const { command, args: pre } = binCommand('meshbridge');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...pre, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function containerArgs(target: ManifestTarget, fixture: string, kind: string): string[] {
  const { objects } = renderInstall(target, [{ name: fixture, text: readFileSync(join(FIX, fixture), 'utf8') }], { version: '0.1.0' });
  const o = objects.find(
    (x) =>
      x.kind === kind && (x.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image.includes('/meshbridge:'),
  );
  assert.ok(o, `no meshbridge ${kind} in ${fixture}`);
  return (o.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0].args;
}

for (const [what, target, fixture, kind, command] of [
  ['the server Deployment', 'management-plane', 'mp-every-field.yaml', 'Deployment', 'server'],
  ['the cluster agent Deployment', 'control-plane', 'cp-cni.yaml', 'Deployment', 'agent'],
  ['the CNI installer DaemonSet', 'control-plane', 'cp-cni.yaml', 'DaemonSet', 'cni install'],
] as const) {
  test(`${what} runs \`meshbridge ${command}\` with flags the real binary accepts`, async () => {
    const args = containerArgs(target, fixture, kind);
    assert.deepEqual(args.slice(0, command.split(' ').length), command.split(' '));
    const r = await meshbridge([...args, '--help']);
    assert.equal(r.code, 0, `meshbridge ${args.join(' ')} --help:\n${r.out}`);
    assert.match(r.out, /Usage: meshbridge /);
  });
}
