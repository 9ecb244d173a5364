import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstall } from './render.js';
import { checkOverlaidObjects } from './overlay-check.js';
import { isMeshError, InstallErrors } from '../api/index.js';

const ig = (patch: string): string =>
  `apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: { name: g, namespace: n }\nspec:\n  kubeSpec:\n    overlays:\n      - kind: Deployment\n        name: g\n        patches:\n${patch}`;

test('an overlay that leaves the Deployment invalid for Kubernetes is MB6012, naming the overlay and the field', async () => {
  const r = renderInstall(
    'gateway',
    [{ name: 'x', text: ig('          - path: spec.template.spec.containers.[name:istio-proxy].env[-1]\n            value: { nmae: A, value: "1" }\n') }],
    { version: '0' },
  );
  assert.deepEqual(r.overlaid, [{ field: 'spec.kubeSpec.overlays[0]', kind: 'Deployment', namespace: 'n', name: 'g' }]);
  await assert.rejects(
    checkOverlaidObjects(r),
    (e) =>
      isMeshError(e, InstallErrors.InstallOverlayResultInvalid) &&
      /^spec\.kubeSpec\.overlays\[0\]: the overlays leave Deployment n\/g invalid for Kubernetes: spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.name: is required/.test(
        e.message,
      ),
  );
});

test('valid overlays pass the check, and no overlays means no check at all', async () => {
  const ok = renderInstall('gateway', [{ name: 'x', text: ig('          - path: spec.template.spec.hostNetwork\n            value: true\n') }], {
    version: '0',
  });
  await checkOverlaidObjects(ok);
  const none = renderInstall(
    'gateway',
    [{ name: 'x', text: 'apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: { name: g }\nspec: {}\n' }],
    { version: '0' },
  );
  assert.deepEqual(none.overlaid, []);
  await checkOverlaidObjects(none);
});
