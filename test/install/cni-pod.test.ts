// The rendered CNI installer pod, run as a real process: the DaemonSet container's args with its
// hostPath mounts mapped into a temp dir, its readiness probe polled as the kubelet would, and
// SIGTERM (pod deletion) proving `--cleanup` restores the node's conflist. Kubernetes itself
// cannot run here; the image's bundled plugin and the service-account mount are supplied the way
// the CNI suite does (test/cni/support).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderInstall } from '../../src/install/index.js';
import { pluginBundle } from '../cni/support/plugin-bundle.js';
import { startInstaller, waitFor } from '../cni/support/installer-process.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
type Pod = {
  spec: {
    containers: { args: string[]; readinessProbe: { httpGet: { path: string; port: number } } }[];
    volumes: { name: string; hostPath?: { path: string } }[];
  };
};

test('the rendered CNI DaemonSet pod chains the plugin, turns ready on its probe, and --cleanup unchains on SIGTERM', async () => {
  const { objects } = renderInstall('control-plane', [{ name: 'cp-cni.yaml', text: readFileSync(join(FIX, 'cp-cni.yaml'), 'utf8') }], { version: '0.1.0' });
  const ds = objects.find((o) => o.kind === 'DaemonSet');
  assert.ok(ds);
  const pod = (ds.spec as { template: Pod }).template;
  const c = pod.spec.containers[0];
  const dir = mkdtempSync(join(tmpdir(), 'mb-cni-pod-'));
  try {
    // hostPath volumes → directories of a fake node.
    const host: Record<string, string> = {};
    for (const v of pod.spec.volumes) if (v.hostPath) host[v.hostPath.path] = join(dir, 'node', v.hostPath.path);
    for (const p of Object.values(host)) mkdirSync(p, { recursive: true });
    const confDir = host['/etc/cni/net.d'];
    const primary = {
      cniVersion: '1.0.0',
      name: 'k8s-pod-network',
      plugins: [
        { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.22.0.0/16' } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    writeFileSync(join(confDir, '10-bridge.conflist'), JSON.stringify(primary, null, 2) + '\n');
    const args = c.args
      .slice(2)
      .map((a) => Object.entries(host).reduce((s, [from, to]) => (s === from || s.startsWith(`${from}/`) ? to + s.slice(from.length) : s), a));
    // startInstaller passes its own --health-address 127.0.0.1:0 (the probe port is mapped like a port-forward).
    const i = args.indexOf('--health-address');
    args.splice(i, 2);
    const installer = await startInstaller([
      ...args,
      '--plugin-source',
      await pluginBundle(),
      '--node-binary',
      process.execPath,
      '--service-account-dir',
      join(dir, 'no-sa'),
    ]);
    try {
      const probe = c.readinessProbe.httpGet;
      assert.equal(probe.port, 8000);
      await waitFor('readiness', async () => (await fetch(installer.url + probe.path)).status === 200, 10_000, 20);
      const chained = JSON.parse(readFileSync(join(confDir, '10-bridge.conflist'), 'utf8')) as { plugins: { type: string }[] };
      assert.deepEqual(
        chained.plugins.map((p) => p.type),
        ['bridge', 'portmap', 'meshbridge-cni'],
      );
    } finally {
      await installer.stop('SIGTERM');
    }
    const after = JSON.parse(readFileSync(join(confDir, '10-bridge.conflist'), 'utf8')) as { plugins: { type: string }[] };
    assert.deepEqual(
      after.plugins.map((p) => p.type),
      ['bridge', 'portmap'],
      '--cleanup should remove our entry on SIGTERM',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
