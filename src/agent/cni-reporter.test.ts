import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CniNodeReport } from '../gen/agent-types.js';
import { CniReporter } from './cni-reporter.js';

const node = (chained: boolean, at: number): CniNodeReport => ({
  node: 'n1',
  confDir: '/etc/cni/net.d',
  primary: '10-calico.conflist',
  plugins: chained ? ['calico', 'meshbridge-cni'] : ['calico'],
  chained,
  problem: chained ? '' : '10-calico.conflist has no meshbridge-cni entry',
  inspectedAtMs: at,
});

test('a chain state is sent once, again only when it changes or a new stream asks (force)', async () => {
  let current = node(true, 1);
  const r = new CniReporter(() => Promise.resolve([current]));
  assert.deepEqual((await r.next(false))?.nodes, [current]);
  current = node(true, 2);
  assert.equal(await r.next(false), undefined, 'only the inspection time moved');
  assert.ok(await r.next(true), 'a new stream gets it whole');
  current = node(false, 3);
  assert.deepEqual(
    (await r.next(false))?.nodes.map((n) => n.chained),
    [false],
  );
});
