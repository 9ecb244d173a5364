import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meshView, type ClusterInfo, type GatewayInfo } from '../../translate/index.js';
import type { Principal } from '../contracts.js';
import { RegistryService } from './registry-service.js';

const ORG = 'organizations/tetrate';
const gw = (name: string, hostnames: string[], extra: Partial<GatewayInfo> = {}): GatewayInfo => ({
  namespace: 'edge',
  name,
  kind: 'ingress',
  addresses: [`203.0.113.${name.length}`],
  ports: [{ name: 'tls', port: 15443 }],
  hostnames,
  ...extra,
});
const clusters: ClusterInfo[] = [
  { name: 'west', namespaces: ['edge'], network: 'net-a', region: 'eu', gateways: [gw('gw', ['shop.example.com', 'api.example.com'], { healthy: true })] },
  { name: 'east', namespaces: ['edge'], network: 'net-b', gateways: [gw('gw2', ['shop.example.com'], { healthy: false, network: 'net-c' })] },
  { name: 'tier1', namespaces: ['t1'] },
];
const alice: Principal = { subject: `${ORG}/users/alice`, kind: 'user', organization: 'tetrate', username: 'alice' };

function service(readable: string[]): RegistryService {
  return new RegistryService((org) => (org === ORG ? meshView(clusters) : undefined), {
    can: async (_p, perm, fqn) => perm === 'READ' && readable.some((c) => fqn === `${ORG}/clusters/${c}`),
  });
}

test('GIVEN clusters whose gateways expose hostnames WHEN the registry is listed THEN each hostname shows its clusters, gateway addresses, ports, network and health', async () => {
  const { services } = await service(['west', 'east', 'tier1']).list(alice, 'tetrate');
  assert.deepEqual(
    services.map((s) => [
      s.fqn,
      s.health,
      s.clusters.map((c) => `${c.cluster}:${c.network}:${c.gateways.map((g) => `${g.name}@${g.addresses.join(',')}:${g.network}:${g.health}`).join(';')}`),
    ]),
    [
      [`${ORG}/services/api.example.com`, 'HEALTHY', ['west:net-a:gw@203.0.113.2:net-a:HEALTHY']],
      [`${ORG}/services/shop.example.com`, 'HEALTHY', ['east:net-b:gw2@203.0.113.3:net-c:UNHEALTHY', 'west:net-a:gw@203.0.113.2:net-a:HEALTHY']],
    ],
  );
  assert.equal(services[0].clusters[0].region, 'eu');
  assert.deepEqual(services[0].clusters[0].gateways[0].ports, [{ name: 'tls', port: 15443 }]);
});

test('GIVEN a caller who may read only one cluster WHEN the registry is read THEN they see that cluster only, and a hostname only it does not expose is not found (MB1701)', async () => {
  const reg = service(['east']);
  const { services } = await reg.list(alice, 'tetrate');
  assert.deepEqual(
    services.map((s) => [s.hostname, s.health, s.clusters.map((c) => c.cluster)]),
    [['shop.example.com', 'UNHEALTHY', ['east']]],
  );
  await assert.rejects(reg.get(alice, 'tetrate', 'api.example.com'), (e: Error & { code?: string }) => e.code === 'MB1701');
  assert.equal((await reg.get(alice, 'tetrate', 'SHOP.example.com')).hostname, 'shop.example.com');
  await assert.rejects(reg.get(alice, 'tetrate', 'bad host'), (e: Error & { code?: string }) => e.code === 'MB1702' && /bad host/.test(e.message));
  assert.deepEqual(await service([]).list(alice, 'other'), { services: [] });
});
