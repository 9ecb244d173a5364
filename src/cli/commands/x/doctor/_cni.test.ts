import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cniChecks } from './_cni.js';

test('each reported node: ✔ chained (its chain shown), ✖ not chained with the reason and the install command for its directory', () => {
  const checks = cniChecks({
    clusters: [
      {
        name: 'c1',
        status: {
          cni: {
            nodes: [
              { node: 'n1', confDir: '/host/n1', primary: '10-calico.conflist', plugins: ['calico', 'meshbridge-cni'], chained: true },
              {
                node: 'n2',
                confDir: '/host/n2',
                primary: '10-calico.conflist',
                plugins: ['calico'],
                chained: false,
                problem: '10-calico.conflist has no meshbridge-cni entry: pods on this node are not captured',
              },
            ],
          },
        },
      },
      { name: 'c2', status: {} },
    ],
  });
  assert.deepEqual(
    checks.map((c) => [c.name, c.status, c.detail]),
    [
      ['node n1 (cluster c1)', 'ok', '10-calico.conflist: calico → meshbridge-cni'],
      ['node n2 (cluster c1)', 'fail', 'MB1510 10-calico.conflist: calico'],
    ],
  );
  assert.equal(checks[1].cause, '10-calico.conflist has no meshbridge-cni entry: pods on this node are not captured');
  assert.match(checks[1].fix ?? '', /^On node n2: meshbridge cni install --cni-conf-dir \/host\/n2 /);
});

test('no node reporting is one warning naming the agent flag, never a pass', () => {
  const checks = cniChecks({ clusters: [{ name: 'c1', status: {} }] });
  assert.deepEqual(
    checks.map((c) => c.status),
    ['warn'],
  );
  assert.match(checks[0].fix ?? '', /--cni-conf-dir/);
});
