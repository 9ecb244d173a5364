// docs/install.md must stay runnable: its CR heredocs render, the FAQ's Services carry exactly the
// annotations shown, and the overlay example applies to the object it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderInstall } from '../../src/install/index.js';
import { projectRoot } from '../support/bins.js';

const doc = readFileSync(`${projectRoot}docs/install.md`, 'utf8');
const heredocs = [...doc.matchAll(/cat > (\S+) <<'EOF'\n([\s\S]*?)\nEOF/g)].map((m) => ({ file: m[1], text: m[2] }));

test('docs/install.md FAQ: every CR it writes renders, and each Service has exactly the annotations the doc sets', () => {
  assert.deepEqual(
    heredocs.map((h) => h.file),
    ['mp.yaml', 'ig.yaml'],
  );
  for (const h of heredocs) {
    const cr = parse(h.text) as {
      kind: string;
      metadata: { name: string };
      spec: {
        kubeSpec?: { service: { annotations: Record<string, string> } };
        components?: { frontEnvoy: { kubeSpec: { service: { annotations: Record<string, string> } } } };
      };
    };
    const target = cr.kind === 'ManagementPlane' ? 'management-plane' : 'gateway';
    const { objects } = renderInstall(target, [{ name: h.file, text: h.text }], { version: '0.1.0' });
    const svcName = cr.kind === 'ManagementPlane' ? 'envoy' : cr.metadata.name;
    const want = cr.kind === 'ManagementPlane' ? cr.spec.components?.frontEnvoy.kubeSpec.service.annotations : cr.spec.kubeSpec?.service.annotations;
    assert.deepEqual(objects.find((o) => o.kind === 'Service' && o.metadata.name === svcName)?.metadata.annotations, want);
  }
});

test('docs/install.md overlay example applies to the server Deployment', () => {
  const block = /```yaml\n(overlays:[\s\S]*?)```/.exec(doc);
  assert.ok(block);
  const overlays = (parse(block[1]) as { overlays: unknown }).overlays;
  const cr = {
    apiVersion: 'install.tetrate.io/v1alpha1',
    kind: 'ManagementPlane',
    spec: { dataStore: { postgres: { host: 'db' } }, components: { apiServer: { kubeSpec: { overlays } } } },
  };
  const { objects } = renderInstall('management-plane', [{ name: 'x.json', text: JSON.stringify(cr) }], { version: '0.1.0' });
  const tpl = (
    objects.find((o) => o.kind === 'Deployment')?.spec as {
      template: { metadata: { annotations: Record<string, string> }; spec: { containers: { env: { name: string }[]; livenessProbe?: unknown }[] } };
    }
  ).template;
  assert.equal(tpl.metadata.annotations['example.com/owner'], 'platform');
  assert.equal(tpl.spec.containers[0].env.at(-1)?.name, 'EXTRA');
  assert.equal(tpl.spec.containers[0].livenessProbe, undefined);
});
