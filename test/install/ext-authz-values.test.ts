// End-to-end (real tctl): `install manifest control-plane --ext-authz URI --istiod-values FILE`
// writes the istiod mesh-config extension providers that translated external authorization
// (`action: CUSTOM`) names, with the same provider name translation writes (issue #18).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runTctl } from './tctl-run.js';
import { buildIndex, translateCluster, type ConfigResource } from '../../src/translate/index.js';

const CP = new URL('./fixtures/cp-minimal.yaml', import.meta.url).pathname;
const GRPC = 'grpc://authz.authz.svc.cluster.local:9000';
const HTTP = 'http://opa.authz.svc.cluster.local:8181/check';

/** The provider a SecuritySetting with this external authorization URI names in its CUSTOM policy. */
function translatedProvider(uri: string): string {
  const ws = 'organizations/o/tenants/t/workspaces/w';
  const r = (fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown>): ConfigResource => ({
    fqn,
    apiVersion,
    kind,
    name: fqn.split('/').pop() ?? '',
    metadata: {},
    spec,
  });
  const objs = translateCluster(
    buildIndex([
      r('organizations/o', 'api.tsb.tetrate.io/v2', 'Organization', {}),
      r('organizations/o/tenants/t', 'api.tsb.tetrate.io/v2', 'Tenant', {}),
      r(ws, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/app'] } }),
      r(`${ws}/securitygroups/s`, 'security.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/app'] }, configMode: 'BRIDGED' }),
      r(`${ws}/securitygroups/s/settings/x`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', { authorization: { http: { external: { uri } } } }),
    ]),
    { name: 'c1', namespaces: ['app'] },
  );
  const ap = objs.find((o) => o.kind === 'AuthorizationPolicy' && o.spec.action === 'CUSTOM');
  assert.ok(ap, 'the SecuritySetting yields a CUSTOM AuthorizationPolicy');
  return (ap.spec.provider as { name: string }).name;
}

test('GIVEN external authorization URIs WHEN tctl install manifest control-plane --ext-authz … --istiod-values FILE THEN FILE declares one extension provider per URI under the name the CUSTOM policies use, and the manifests still print', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-ext-authz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'istiod-values.yaml');
  const r = await runTctl([
    'install',
    'manifest',
    'control-plane',
    '-f',
    CP,
    '--ext-authz',
    GRPC,
    '--ext-authz',
    HTTP,
    '--ext-authz',
    GRPC,
    '--istiod-values',
    file,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /kind: Deployment/);
  const values = parse(readFileSync(file, 'utf8')) as { meshConfig: { extensionProviders: Record<string, unknown>[] } };
  assert.deepEqual(values.meshConfig.extensionProviders, [
    { name: translatedProvider(GRPC), envoyExtAuthzGrpc: { service: 'authz.authz.svc.cluster.local', port: 9000 } },
    { name: translatedProvider(HTTP), envoyExtAuthzHttp: { service: 'opa.authz.svc.cluster.local', port: 8181, pathPrefix: '/check' } },
  ]);
});

test('GIVEN a bad --ext-authz URI or a missing --istiod-values WHEN rendering THEN a clear error naming the flag, non-zero exit, nothing written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-ext-authz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'v.yaml');
  const bad = await runTctl(['install', 'manifest', 'control-plane', '-f', CP, '--ext-authz', 'authz:9000', '--istiod-values', file]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--ext-authz: "authz:9000" is not grpc:\/\/HOST:PORT/);
  assert.match(bad.stderr, /MB3016/);
  assert.equal(bad.stdout, '');
  assert.equal(existsSync(file), false);
  const half = await runTctl(['install', 'manifest', 'control-plane', '-f', CP, '--ext-authz', GRPC]);
  assert.notEqual(half.code, 0);
  assert.match(half.stderr, /--ext-authz needs --istiod-values FILE/);
  assert.equal(half.stdout, '');
});
