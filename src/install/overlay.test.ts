import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverlayPath, applyPatch, applyOverlays } from './overlay.js';
import type { KubeObject } from './canonical.js';
import { isMeshError, InstallErrors } from '../api/index.js';

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'tsb' },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'side', env: [] },
            { name: 'web', env: [{ name: 'A', value: '1' }], args: ['x', 'y'] },
          ],
        },
      },
    },
  };
}
const containers = (d: KubeObject): Array<Record<string, unknown>> =>
  (d.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers;

test('GIVEN the grammar WHEN parsing paths THEN keys, selectors, indexes and escaped dots are segments', () => {
  assert.deepEqual(parseOverlayPath('spec.template.spec.containers.[name:web].env[-1]'), [
    { key: 'spec' },
    { key: 'template' },
    { key: 'spec' },
    { key: 'containers' },
    { match: 'name', value: 'web' },
    { key: 'env' },
    { index: -1 },
  ]);
  assert.deepEqual(parseOverlayPath('a.[key:value].b'), [{ key: 'a' }, { match: 'key', value: 'value' }, { key: 'b' }]);
  assert.deepEqual(parseOverlayPath('metadata.annotations.example\\.com/x'), [{ key: 'metadata' }, { key: 'annotations' }, { key: 'example.com/x' }]);
  assert.deepEqual(parseOverlayPath('args.[:y]'), [{ key: 'args' }, { match: '', value: 'y' }]);
});

test('malformed paths are rejected with MB6005 naming the path', () => {
  for (const p of ['', '.a', 'a..b', 'a.[b', 'a]', 'a.[x]', 'a[1]b', 'a.']) {
    assert.throws(
      () => parseOverlayPath(p, 'f'),
      (e) => isMeshError(e, InstallErrors.InstallOverlayPathInvalid) && e.message.includes(`"${p}"`),
      p,
    );
  }
});

test('[-1] appends, [key:value] selects, [N] replaces and a missing value removes', () => {
  const d = deployment();
  applyPatch(d, { path: 'spec.template.spec.containers.[name:web].env[-1]', value: { name: 'B', value: '2' } });
  assert.deepEqual(containers(d)[1].env, [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ]);
  applyPatch(d, { path: 'spec.template.spec.containers.[name:web].args[0]', value: 'z' });
  assert.deepEqual(containers(d)[1].args, ['z', 'y']);
  applyPatch(d, { path: 'spec.template.spec.containers.[name:web].args.[:y]' });
  assert.deepEqual(containers(d)[1].args, ['z']);
  applyPatch(d, { path: 'spec.template.spec.hostNetwork', value: true });
  assert.equal((d.spec as { template: { spec: { hostNetwork: boolean } } }).template.spec.hostNetwork, true);
  applyPatch(d, { path: 'spec.template.spec.containers.[name:side]', value: null });
  assert.equal(containers(d).length, 1);
});

test('a path that matches nothing names the path and the object', () => {
  const cases = ['spec.template.spec.containers.[name:nope].env[-1]', 'spec.tempalte.spec.x', 'spec.template.spec.containers[7].env', 'metadata.name.x'];
  for (const path of cases) {
    assert.throws(
      () => applyPatch(deployment(), { path, value: 1 }, 'spec.overlays[0].patches[0].path'),
      (e) =>
        isMeshError(e, InstallErrors.InstallOverlayNoMatch) &&
        e.message.includes(`"${path}"`) &&
        e.message.includes('Deployment tsb/web') &&
        e.message.startsWith('spec.overlays[0].patches[0].path'),
      path,
    );
  }
  assert.throws(
    () => applyPatch(deployment(), { path: 'spec.replicas' }),
    (e) => isMeshError(e, InstallErrors.InstallOverlayNoMatch),
  );
});

test('an overlay on an object that is not rendered lists what is', () => {
  assert.throws(
    () => applyOverlays([deployment()], [{ kind: 'Deployment', name: 'api', patches: [] }], 'spec.kubeSpec.overlays'),
    (e) => isMeshError(e, InstallErrors.InstallOverlayTargetMissing) && /named "api"; rendered Deployment objects: web/.test(e.message),
  );
});

test('an overlay aimed at an object only TSB renders is skipped with a note, not an error', () => {
  const d = deployment();
  const notes = applyOverlays(
    [d],
    [
      {
        apiVersion: 'install.xcp.tetrate.io/v1alpha1',
        kind: 'EdgeXcp',
        name: 'edge-xcp',
        patches: [{ path: 'spec.components.edgeServer.kubeSpec.deployment.env[-1]', value: { name: 'A', value: '1' } }],
      },
      { kind: 'Deployment', name: 'tsb', patches: [{ path: 'spec.replicas', value: 3 }] },
    ],
    'spec.components.xcp.kubeSpec.overlays',
  );
  assert.deepEqual(notes, [
    "spec.components.xcp.kubeSpec.overlays[0]: ignored: targets TSB's EdgeXcp edge-xcp, which meshbridge does not render",
    "spec.components.xcp.kubeSpec.overlays[1]: ignored: targets TSB's Deployment tsb, which meshbridge does not render",
  ]);
  assert.deepEqual(d, deployment());
});
