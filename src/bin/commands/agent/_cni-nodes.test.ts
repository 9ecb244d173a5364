import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cniInspector, parseCniConfDirs } from './_cni-nodes.js';

const calico = (plugins: string[]) => JSON.stringify({ cniVersion: '1.0.0', name: 'k8s-pod-network', plugins: plugins.map((type) => ({ type })) });

test('--cni-conf-dir: NODE=DIR or DIR (this host); a missing directory or a node given twice is MB2513 naming the value', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-cni-flag-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'n1'));
  assert.deepEqual(parseCniConfDirs(['n1=n1', '.'], dir, 'this-host'), [
    { node: 'n1', dir: join(dir, 'n1') },
    { node: 'this-host', dir },
  ]);
  assert.throws(() => parseCniConfDirs(['n2=nope'], dir), { code: 'MB2513', message: /--cni-conf-dir "n2=nope": .*nope is not a directory/ });
  assert.throws(() => parseCniConfDirs(['=n1'], dir), { code: 'MB2513', message: /expected DIR or NODE=DIR/ });
  assert.throws(() => parseCniConfDirs(['a=n1', 'a=.'], dir), { code: 'MB2513', message: /node a is given twice/ });
});

test('the inspector reports each node: istio-cni last is chained; missing, or an unreadable directory, is not, with the reason', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-cni-inspect-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [n, plugins] of [
    ['ok', ['calico', 'portmap', 'meshbridge-cni']],
    ['bad', ['calico', 'portmap']],
  ] as const) {
    await mkdir(join(dir, n));
    await writeFile(join(dir, n, '10-calico.conflist'), calico([...plugins]));
  }
  const nodes = await cniInspector(
    [
      { node: 'ok', dir: join(dir, 'ok') },
      { node: 'bad', dir: join(dir, 'bad') },
      { node: 'gone', dir: join(dir, 'gone') },
    ],
    () => 7,
  )();
  assert.deepEqual(
    nodes.map((n) => [n.node, n.chained, n.primary, n.plugins.join(',')]),
    [
      ['ok', true, '10-calico.conflist', 'calico,portmap,meshbridge-cni'],
      ['bad', false, '10-calico.conflist', 'calico,portmap'],
      ['gone', false, '', ''],
    ],
  );
  assert.equal(nodes[1].problem, '10-calico.conflist has no meshbridge-cni entry: pods on this node are not captured');
  assert.match(nodes[2].problem, /^cannot read .*gone: ENOENT/);
  assert.equal(nodes[0].inspectedAtMs, 7);
});
