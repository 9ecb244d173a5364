import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlDocuments, validateCr } from './parse.js';
import { isMeshError, InstallErrors } from '../api/index.js';

const src = (text: string): { name: string; text: string }[] => [{ name: 'in.yaml', text }];

test('YAML syntax errors and duplicate keys name the file, line and column (MB6000)', () => {
  assert.throws(
    () => parseYamlDocuments(src('a: 1\nb: [x\nc: 2\n')),
    (e) => isMeshError(e, InstallErrors.InstallYamlInvalid) && /^in\.yaml:\d+:\d+: /.test(e.message),
  );
  assert.throws(
    () => parseYamlDocuments(src('a: 1\na: 2\n')),
    (e) => isMeshError(e, InstallErrors.InstallYamlInvalid) && /^in\.yaml:2:1: Map keys must be unique/.test(e.message),
  );
});

test('empty documents are skipped; JSON is YAML; merge keys are honoured', () => {
  assert.deepEqual(
    parseYamlDocuments(src('---\n# only a comment\n---\n{"a": 1}\n---\n')).map((d) => d.value),
    [{ a: 1 }],
  );
  assert.deepEqual(parseYamlDocuments(src('base: &b { x: 1 }\nderived: { <<: *b, y: 2 }\n'))[0].value, { base: { x: 1 }, derived: { x: 1, y: 2 } });
});

test('a document that is not an object, or of another kind, is MB6001', () => {
  assert.throws(
    () => validateCr('in.yaml', [1, 2], ['IngressGateway']),
    (e) => isMeshError(e, InstallErrors.InstallWrongKind) && /expected an IngressGateway object, got a list/.test(e.message),
  );
  assert.throws(
    () => validateCr('in.yaml', { apiVersion: 'install.tetrate.io/v1alpha1', kind: 'Gateway', spec: {} }, ['IngressGateway', 'EgressGateway']),
    (e) =>
      isMeshError(e, InstallErrors.InstallWrongKind) &&
      /got install\.tetrate\.io\/v1alpha1 Gateway; this command renders install\.tetrate\.io\/v1alpha1 IngressGateway or EgressGateway/.test(e.message),
  );
});

test('one schema problem is thrown on one line with its path', () => {
  const doc = { apiVersion: 'install.tetrate.io/v1alpha1', kind: 'IngressGateway', metadata: { name: 'g' }, spec: { kubeSpec: { a: 1 } } };
  assert.throws(
    () => validateCr('in.yaml', doc, ['IngressGateway']),
    (e) =>
      isMeshError(e, InstallErrors.InstallUnknownField) &&
      e.message.startsWith('in.yaml: IngressGateway "g": spec.kubeSpec.a: unknown field "a"') &&
      e.field === 'spec.kubeSpec.a',
  );
});

test('GIVEN seven problems WHEN validated THEN the rejection lists every one with its path (as kubectl does), not "and 6 more"', () => {
  const kubeSpec = { a: 1, b: 2, c: 3, deployment: { replicaCount: 'two', bogus: true }, service: { type: 'Nope' } };
  const doc = { apiVersion: 'install.tetrate.io/v1alpha1', kind: 'IngressGateway', metadata: { name: 'g' }, spec: { kubeSpec, revision: 5 } };
  assert.throws(
    () => validateCr('in.yaml', doc, ['IngressGateway']),
    (e) => {
      assert.ok(isMeshError(e, InstallErrors.InstallUnknownField), String(e));
      const lines = e.message.split('\n');
      assert.equal(lines[0], 'in.yaml: IngressGateway "g" is invalid (7 problems):');
      for (const path of [
        'spec.kubeSpec.a',
        'spec.kubeSpec.b',
        'spec.kubeSpec.c',
        'spec.kubeSpec.deployment.replicaCount',
        'spec.kubeSpec.deployment.bogus',
        'spec.kubeSpec.service.type',
        'spec.revision',
      ]) {
        assert.ok(
          lines.some((l) => l.startsWith(`  * ${path}: `)),
          `${path} missing in:\n${e.message}`,
        );
      }
      assert.doesNotMatch(e.message, /more problem/);
      return true;
    },
  );
});

test('a missing spec is treated as spec: {}', () => {
  assert.deepEqual(validateCr('in.yaml', { apiVersion: 'install.tetrate.io/v1alpha1', kind: 'IngressGateway' }, ['IngressGateway']).doc.spec, {});
});
