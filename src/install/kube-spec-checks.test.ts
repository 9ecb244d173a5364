import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKubeSpec } from './kube-spec-checks.js';
import { renderInstall } from './render.js';
import { isMeshError, InstallErrors } from '../api/index.js';

const bad = (ks: Parameters<typeof checkKubeSpec>[0], re: RegExp): void => {
  assert.throws(
    () => checkKubeSpec(ks, 'spec.kubeSpec'),
    (e) => isMeshError(e, InstallErrors.InstallFieldInvalid) && re.test(e.message),
  );
};

test('HPA bounds, PDB exclusivity and Service port names/numbers are checked with the CR path', () => {
  bad({ deployment: { hpaSpec: { minReplicas: 5, maxReplicas: 2 } } }, /^spec\.kubeSpec\.deployment\.hpaSpec\.minReplicas: 5 is more than maxReplicas 2$/);
  bad({ deployment: { podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } }, /podDisruptionBudget: set either/);
  bad({ service: { ports: [{ port: 81 }] } }, /spec\.kubeSpec\.service\.ports\[0\]\.name: is required/);
  bad(
    {
      service: {
        ports: [
          { name: 'a', port: 81 },
          { name: 'a', port: 82 },
        ],
      },
    },
    /ports\[1\]\.name: "a" is already used by ports\[0\]/,
  );
  bad(
    {
      service: {
        ports: [
          { name: 'a', port: 81 },
          { name: 'b', port: 81 },
        ],
      },
    },
    /ports\[1\]\.port: 81\/TCP is already used/,
  );
  bad({ service: { type: 'ExternalName' } }, /service\.type: ExternalName cannot front a workload/);
  checkKubeSpec(
    {
      service: {
        ports: [
          { name: 'a', port: 81 },
          { name: 'b', port: 81, protocol: 'UDP' },
        ],
      },
    },
    'spec.kubeSpec',
  );
});

test('a new port that collides with a default port of another name is refused', () => {
  const yaml =
    'apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: { name: g, namespace: n }\nspec:\n  kubeSpec:\n    service:\n      ports: [{ name: web, port: 443 }]\n';
  assert.throws(
    () => renderInstall('gateway', [{ name: 'x', text: yaml }], { version: '0' }),
    /port 443\/TCP of Service n\/g is used by both "https" and "web"/,
  );
});
