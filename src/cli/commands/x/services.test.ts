import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../command/index.js';
import { memoryIo } from '../../../command/memory-io.test-support.js';
import command, { formatServices } from './services.js';

test('GIVEN registry entries WHEN shown as a table THEN one row per gateway, node ports as PORT:NODEPORT, "-" for what is unknown', () => {
  const out = formatServices([
    {
      fqn: 'organizations/o/services/shop.example.com',
      hostname: 'shop.example.com',
      health: 'HEALTHY',
      clusters: [
        {
          cluster: 'c1',
          fqn: 'organizations/o/clusters/c1',
          network: 'net-a',
          gateways: [
            {
              namespace: 'edge',
              name: 'gw',
              kind: 'ingress',
              addresses: ['203.0.113.1'],
              ports: [{ name: 'tls', port: 15443, nodePort: 31443 }],
              network: 'net-a',
              health: 'HEALTHY',
            },
          ],
        },
        {
          cluster: 'c2',
          fqn: 'organizations/o/clusters/c2',
          network: '',
          gateways: [{ namespace: 'edge', name: 'gw', kind: 'eastwest', addresses: [], ports: [], network: '', health: 'UNKNOWN' }],
        },
      ],
    },
  ]);
  assert.equal(
    out,
    [
      'HOST              CLUSTER  NETWORK  GATEWAY  KIND      ADDRESSES    PORTS        HEALTH',
      'shop.example.com  c1       net-a    gw.edge  ingress   203.0.113.1  15443:31443  HEALTHY',
      'shop.example.com  c2       -        gw.edge  eastwest  -            -            UNKNOWN',
      '',
    ].join('\n'),
  );
  assert.match(formatServices([]), /^No hostnames registered/);
});

test('tctl x services with two hosts is a usage error (exit 2), before any request', async () => {
  const { io, err } = memoryIo(process.cwd());
  const code = await runCli('tctl', ['x', 'services', 'a.example.com', 'b.example.com'], io, [
    { path: ['x', 'services'], summary: '', load: async () => ({ default: command }) },
  ]);
  assert.equal(code, 2);
  assert.match(err(), /one HOST at most, got 2/);
});
