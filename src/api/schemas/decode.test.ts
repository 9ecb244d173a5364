import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeshError } from '../errors/index.js';
import { decodeResource } from './decode.js';
import { fromCreateBody, fromUpdateBody, validateResource } from './envelope.js';

test('GIVEN envelope keys in any case WHEN validated THEN they match as Go encoding/json matches them and the stored form is canonical', () => {
  const v = validateResource({
    APIVersion: 'api.tsb.tetrate.io/v2',
    Kind: 'Workspace',
    Metadata: { Name: 'w', ORGANIZATION: 'o', Tenant: 't', DisplayName: 'W', Labels: { KeepMe: 'x' } },
    Spec: { namespaceSelector: { names: ['*/ns'] } },
  });
  assert.equal(v.fqn, 'organizations/o/tenants/t/workspaces/w');
  assert.deepEqual(v.metadata, { displayName: 'W', labels: { KeepMe: 'x' } });
});

test('GIVEN snake_case spec fields (protobuf proto names) WHEN validated THEN they are stored under their lowerCamel JSON names', () => {
  const v = validateResource({
    apiVersion: 'traffic.tsb.tetrate.io/v2',
    kind: 'TrafficSetting',
    metadata: { name: 'default', organization: 'o', tenant: 't', workspace: 'w', group: 'g' },
    spec: {
      display_name: 'd',
      reachability: { mode: 'CUSTOM', hosts: ['ns/h'] },
      resilience: { http_request_timeout: '2s', http_retries: { attempts: 3, per_try_timeout: '1s', retry_on: '5xx' } },
      config_generation_metadata: { labels: { snake_case_label: 'v' } },
    },
  });
  assert.deepEqual(v.spec, {
    displayName: 'd',
    reachability: { mode: 'CUSTOM', hosts: ['ns/h'] },
    resilience: { httpRequestTimeout: '2s', httpRetries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx' } },
    // Map keys are data: never rewritten.
    configGenerationMetadata: { labels: { snake_case_label: 'v' } },
  });
});

test('snake_case inside lists and in the TSB create/flat update bodies is decoded too', () => {
  const ws = fromCreateBody('organizations/o/tenants/t', 'workspaces', { name: 'w', workspace: { namespace_selector: { names: ['c/ns'] } } });
  assert.deepEqual(ws.spec, { namespaceSelector: { names: ['c/ns'] } });
  const sa = fromUpdateBody('organizations/o/serviceaccounts/s', { etag: '"1"', key_encoding: 'PEM', keys: [{ public_key: 'k', encoding: 'PEM' }] });
  assert.deepEqual(sa.spec, { keyEncoding: 'PEM', keys: [{ publicKey: 'k', encoding: 'PEM' }] });
  const env = fromCreateBody('organizations/o', 'tenants', {
    ApiVersion: 'api.tsb.tetrate.io/v2',
    KIND: 'Tenant',
    metadata: { name: 'x' },
    spec: { security_domain: 'sd' },
  });
  assert.deepEqual(env.spec, { securityDomain: 'sd' });
});

test('a field given under both spellings is an error naming both, never a silent pick', () => {
  for (const [doc, field] of [
    [{ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', Name: 'u', organization: 'o' } }, 'metadata.name'],
    [
      { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', organization: 'o' }, spec: { displayName: 'a', display_name: 'b' } },
      'spec.displayName',
    ],
  ] as const) {
    assert.throws(
      () => validateResource(doc),
      (e: unknown) => e instanceof MeshError && e.field === field && /given twice, as "\w+" and "\w+"/.test(e.message),
    );
  }
});

test('protobuf JSON is not case-insensitive: a spec field in the wrong case stays unknown and the nearest one is suggested', () => {
  assert.throws(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', organization: 'o' }, spec: { SecurityDomain: 'x' } }),
    (e: unknown) => e instanceof MeshError && e.field === 'spec.SecurityDomain' && /did you mean "securityDomain"\?/.test(e.message),
  );
  assert.throws(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', organization: 'o' }, spec: { dispalyName: 'x' } }),
    (e: unknown) => e instanceof MeshError && /did you mean "displayName"\?/.test(e.message),
  );
});

test('Istio specs (DIRECT mode) keep their keys: they are Istio objects, not TSB protos', () => {
  const doc = { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'v' }, spec: { http_x: 1 } };
  assert.deepEqual((decodeResource(doc) as { spec: unknown }).spec, { http_x: 1 });
});
