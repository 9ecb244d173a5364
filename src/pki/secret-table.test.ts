import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedDir } from '../../test/support/shared.js';
import { parseSecretDump, workloadSecrets, rootsPem } from './config-dump.js';
import { formatSecretTable } from './secret-table.js';
import { readCertificates } from './pem.js';

// Frozen clock: after the istio leaf expired (2023-05-16) and before any root expires (2033).
const NOW = new Date('2026-01-01T00:00:00Z');

for (const name of ['istio', 'spire']) {
  test(`secret table for the ${name} Envoy config dump equals istioctl's expected output byte for byte`, () => {
    const dump = parseSecretDump(readFileSync(sharedDir('data', 'istio', 'config-dumps', name, 'config_dump.json'), 'utf8'), 'config_dump.json');
    assert.equal(formatSecretTable(dump, NOW), readFileSync(sharedDir('data', 'istio', 'config-dumps', name, 'output'), 'utf8'));
  });
}

test('the full /config_dump yields the workload chain and the ROOTCA bundle', () => {
  const dump = parseSecretDump(readFileSync(sharedDir('data', 'istio', 'config-dumps', 'full-config_dump.json'), 'utf8'), 'full');
  assert.equal(dump.format, 'envoy-config-dump');
  const { chain, roots } = workloadSecrets(dump);
  assert.equal(chain?.name, 'default');
  assert.equal(roots?.name, 'ROOTCA');
  assert.ok(readCertificates(chain?.certificateChain ?? '', 'chain').ders.length >= 2);
  assert.equal(readCertificates(rootsPem(roots!), 'roots').ders.length, 1);
});

test('istioctl -o json (camelCase SecretsConfigDump) is read like the snake_case Envoy dump', () => {
  const snake = JSON.parse(readFileSync(sharedDir('data', 'istio', 'config-dumps', 'istio', 'config_dump.json'), 'utf8')) as {
    configs: Record<string, unknown>[];
  };
  const camelize = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(camelize)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), camelize(x)]))
        : v;
  const istioctl = JSON.stringify(camelize(snake.configs[0]), null, 4);
  const a = parseSecretDump(istioctl, 'istioctl.json');
  assert.equal(a.format, 'istioctl-json');
  const b = parseSecretDump(JSON.stringify(snake), 'envoy.json');
  assert.deepEqual(a.secrets, b.secrets);
  assert.equal(formatSecretTable(a, NOW), formatSecretTable(b, NOW));
});
