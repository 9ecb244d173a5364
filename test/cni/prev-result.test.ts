// Low finding of issue 10 against the real meshbridge-cni executable: a prevResult with nulls
// (a buggy plugin earlier in the chain) was error 999 with a JavaScript message ("Cannot read
// properties of null"); it is CNI error 7 (invalid network configuration) naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { binCommand } from '../support/bins.js';

const ENV = {
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: 'c1',
  CNI_NETNS: '/var/run/netns/absent',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/opt/cni/bin',
  PATH: process.env.PATH ?? '/usr/bin:/bin',
};

test('meshbridge-cni ADD with a prevResult holding nulls answers CNI error 7 naming the field, never 999', () => {
  const { command, args } = binCommand('meshbridge-cni');
  const cases: [unknown, string][] = [
    [{ cniVersion: '1.0.0', ips: [null] }, 'prevResult.ips[0]'],
    [{ cniVersion: '1.0.0', ips: [{ address: null }] }, 'prevResult.ips[0].address'],
    [{ cniVersion: '1.0.0', interfaces: null }, 'prevResult.interfaces'],
    [{ cniVersion: '1.0.0', ips: 'x' }, 'prevResult.ips'],
  ];
  for (const [prevResult, field] of cases) {
    const conf = { cniVersion: '1.0.0', name: 'k8s', type: 'meshbridge-cni', prevResult };
    const r = spawnSync(command, args, { input: JSON.stringify(conf), env: ENV, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { code: number; msg: string };
    assert.equal(out.code, 7, `${field}: ${r.stdout}`);
    assert.ok(out.msg.includes(`network configuration ${field}:`), out.msg);
    assert.doesNotMatch(out.msg, /Cannot read properties|internal error/);
  }
});
