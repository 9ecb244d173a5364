import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstall } from './render.js';
import { isMeshError, InstallErrors } from '../api/index.js';

// Field names and values as TSB's published install API reference (install.tetrate.io/v1alpha1)
// writes them: PostgresSettings has address (host:port), name, sslMode (proto enum names such as
// verify_full) and the connection pool fields; FrontEnvoy has TLSMinimumProtocolVersion,
// cipherSuites and ecdhCurves; ManagementPlaneSpec has enableWasmDownloadProxy.
const render = (yaml: string): ReturnType<typeof renderInstall> => renderInstall('management-plane', [{ name: 'mp.yaml', text: yaml }], { version: '9.9.9' });
const config = (r: ReturnType<typeof renderInstall>): Record<string, string> =>
  r.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'meshbridge-server-config')?.data as Record<string, string>;

test('GIVEN a TSB ManagementPlane with dataStore.postgres as TSB documents it WHEN rendered THEN it is accepted, address and sslMode are used and the pool fields are reported as ignored', () => {
  const r = render(`apiVersion: install.tetrate.io/v1alpha1
kind: ManagementPlane
metadata: { name: managementplane, namespace: tsb }
spec:
  hub: docker.io/tetrate
  organization: tetrate
  enableWasmDownloadProxy: true
  components:
    frontEnvoy:
      port: 443
      TLSMinimumProtocolVersion: TLSv1_2
      cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256]
      ecdhCurves: [P-256]
  dataStore:
    postgres:
      address: "postgres.example.com:6432"
      sslMode: verify_full
      name: tsb
      connectionLifetime: "8500s"
      connectionIdleLifetime: "300s"
      connectionMaxOpen: 50
      connectionIdleMaxOpen: 2
`);
  assert.equal(config(r).MESHBRIDGE_DATABASE, 'postgres://postgres.example.com:6432/tsb?sslmode=verify-full');
  for (const path of [
    'spec.enableWasmDownloadProxy',
    'spec.components.frontEnvoy.TLSMinimumProtocolVersion',
    'spec.components.frontEnvoy.cipherSuites',
    'spec.components.frontEnvoy.ecdhCurves',
    'spec.dataStore.postgres.connectionLifetime',
    'spec.dataStore.postgres.connectionIdleLifetime',
    'spec.dataStore.postgres.connectionMaxOpen',
    'spec.dataStore.postgres.connectionIdleMaxOpen',
  ])
    assert.ok(
      r.warnings.some((w) => w.startsWith(`mp.yaml: ${path}: ignored: `)),
      `${path} not reported as ignored:\n${r.warnings.join('\n')}`,
    );
});

test('GIVEN demoPostgres with its connection fields WHEN rendered THEN it is accepted (demo objects rendered) and every field is reported as ignored, never rejected', () => {
  const fields = {
    address: 'postgres:5432',
    name: 'tsb',
    sslMode: 'disable',
    connectionLifetime: '1h',
    connectionMaxOpen: 10,
    connectionIdleLifetime: '5m',
    connectionIdleMaxOpen: 2,
  };
  const r = render(`apiVersion: install.tetrate.io/v1alpha1
kind: ManagementPlane
metadata: { name: managementplane, namespace: tsb }
spec:
  organization: tetrate
  dataStore:
    demoPostgres: ${JSON.stringify(fields)}
`);
  assert.ok(
    r.objects.some((o) => o.kind === 'StatefulSet'),
    'the demo PostgreSQL is rendered',
  );
  for (const k of Object.keys(fields))
    assert.ok(
      r.warnings.some((w) => w.startsWith(`mp.yaml: spec.dataStore.demoPostgres.${k}: ignored: `)),
      `${k}:\n${r.warnings.join('\n')}`,
    );
});

test('the deprecated host/port still work; address and host together, or neither, are errors naming the field', () => {
  const mp = (pg: string): string => `apiVersion: install.tetrate.io/v1alpha1\nkind: ManagementPlane\nspec:\n  dataStore:\n    postgres: ${pg}\n`;
  assert.equal(config(render(mp('{ host: db, port: 5433 }'))).MESHBRIDGE_DATABASE, 'postgres://db:5433/meshbridge?sslmode=require');
  assert.equal(config(render(mp('{ address: "[2001:db8::1]:5432" }'))).MESHBRIDGE_DATABASE, 'postgres://[2001:db8::1]:5432/meshbridge?sslmode=require');
  assert.throws(
    () => render(mp('{ address: "db:5432", host: db }')),
    (e) => isMeshError(e, InstallErrors.InstallFieldInvalid) && e.field === 'spec.dataStore.postgres.address',
  );
  assert.throws(
    () => render(mp('{ name: x }')),
    (e) => isMeshError(e, InstallErrors.InstallFieldRequired) && e.field === 'spec.dataStore.postgres.address',
  );
  assert.throws(
    () => render(mp('{ address: "postgres://db:5432" }')),
    (e) => isMeshError(e, InstallErrors.InstallFieldInvalid) && /is not host:port/.test(e.message),
  );
});
