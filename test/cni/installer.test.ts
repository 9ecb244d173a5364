// `meshbridge cni install` as a real process on temp directories: readiness, never touching a correct
// file, re-chaining within a second when the provider rewrites/replaces its file or a new one wins,
// malformed files left alone, cleanup on SIGTERM, --once/--uninstall, kubeconfig, crash safety.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedDir } from '../support/shared.js';
import { pluginBundle, runMeshbridge } from './support/plugin-bundle.js';
import { getState, startInstaller, waitFor } from './support/installer-process.js';
import type { RunningInstaller } from './support/installer-process.js';
import { jsonEqual, normalizeConf, validateConf } from '../../src/cni/index.js';
import type { JsonObject } from '../../src/cni/index.js';

const root = mkdtempSync(join(tmpdir(), 'mb-cni-installer-'));
const fixture = (...p: string[]): string => readFileSync(sharedDir('data', 'istio', 'cni', ...p), 'utf8');
const readJson = (p: string): JsonObject => JSON.parse(readFileSync(p, 'utf8')) as JsonObject;
const types = (c: JsonObject): unknown[] => (c.plugins as JsonObject[]).map((p) => p.type);
const hasOurs = (p: string): boolean => {
  try {
    return types(readJson(p)).at(-1) === 'meshbridge-cni';
  } catch {
    return false;
  }
};
const cilium = { cniVersion: '0.3.1', name: 'cilium', plugins: [{ type: 'cilium-cni', 'enable-debug': false }] };

function dirs(name: string): { conf: string; bin: string; base: string } {
  const base = join(root, name);
  mkdirSync(join(base, 'net.d'), { recursive: true });
  mkdirSync(join(base, 'bin'));
  return { conf: join(base, 'net.d'), bin: join(base, 'bin'), base };
}

async function commonArgs(d: { conf: string; bin: string; base: string }): Promise<string[]> {
  return [
    '--cni-conf-dir',
    d.conf,
    '--cni-bin-dir',
    d.bin,
    '--plugin-source',
    await pluginBundle(),
    '--node-binary',
    process.execPath,
    '--service-account-dir',
    join(d.base, 'no-sa'),
    '--log-file',
    join(d.base, 'plugin.log'),
  ];
}

/** Writes like a CNI agent does: temp file and rename over the target. */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.agent-tmp`, text);
  renameSync(`${path}.agent-tmp`, path);
}

after(() => rmSync(root, { recursive: true, force: true }));

describe('meshbridge cni install (daemon): watch, re-chain, never rewrite a correct file, cleanup', () => {
  const d = dirs('daemon');
  const calico = join(d.conf, '10-calico.conflist');
  let inst: RunningInstaller;

  before(async () => {
    writeFileSync(calico, fixture('pre', 'calico.conflist'));
    chmodSync(calico, 0o640);
    inst = await startInstaller([...(await commonArgs(d)), '--cleanup', '--rescan-interval', '1s']);
  });
  after(() => inst?.child.kill('SIGKILL'));

  test('becomes ready: /readyz answers 200 with the chain state, the plugin runs from the bin dir', async () => {
    const { status, body } = await waitFor(
      'ready',
      async () => {
        const s = await getState(inst.url, '/readyz');
        return s.status === 200 && s;
      },
      10_000,
      20,
    );
    assert.equal(status, 200);
    assert.equal(body.phase, 'Chained');
    assert.deepEqual(body.primary && (body.primary as JsonObject).plugins, ['calico', 'portmap', 'meshbridge-cni']);
    assert.equal(body.apiMode, 'cni-args');
    assert.deepEqual(types(readJson(calico)), ['calico', 'portmap', 'meshbridge-cni']);
    assert.equal(statSync(calico).mode & 0o777, 0o640, 'file mode preserved');
    const version = execFileSync(join(d.bin, 'meshbridge-cni'), { env: { CNI_COMMAND: 'VERSION' }, input: '{"cniVersion":"0.4.0"}', encoding: 'utf8' });
    assert.deepEqual(JSON.parse(version).supportedVersions, ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
  });

  test('never rewrites a file that is already correct (events and rescans leave it alone)', async () => {
    const before = statSync(calico);
    const { body: s0 } = await getState(inst.url);
    writeFileSync(join(d.conf, 'unrelated.txt'), 'an event in the watched directory');
    // Two full rescans after the event, observed through the state's updatedAt.
    let seen = 0;
    let last = s0.updatedAt;
    await waitFor(
      'two rescans',
      async () => {
        const { body } = await getState(inst.url);
        if (body.updatedAt !== last) {
          seen++;
          last = body.updatedAt;
        }
        return seen >= 2;
      },
      5000,
      50,
    );
    const now = statSync(calico);
    assert.equal(now.ino, before.ino);
    assert.equal(now.mtimeMs, before.mtimeMs);
    assert.equal((await getState(inst.url)).body.rewrites, s0.rewrites);
  });

  test('the provider rewrites its file in place without our entry: re-chained within a second', async () => {
    const t0 = Date.now();
    writeFileSync(calico, fixture('pre', 'calico.conflist'));
    await waitFor('re-chain after rewrite', () => hasOurs(calico), 1000);
    assert.ok(Date.now() - t0 <= 1000, `took ${Date.now() - t0} ms`);
  });

  test('the provider replaces its file (rename over it): re-chained within a second', async () => {
    const t0 = Date.now();
    replaceFile(calico, fixture('pre', 'calico.conflist'));
    await waitFor('re-chain after replace', () => hasOurs(calico), 1000);
    assert.ok(Date.now() - t0 <= 1000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(types(readJson(calico)), ['calico', 'portmap', 'meshbridge-cni']);
  });

  test('a new provider whose file sorts first becomes the primary: chained into it within a second', async () => {
    const file = join(d.conf, '05-cilium.conflist');
    const t0 = Date.now();
    replaceFile(file, JSON.stringify(cilium, null, 2));
    await waitFor('chain into the new winner', () => hasOurs(file), 1000);
    assert.ok(Date.now() - t0 <= 1000, `took ${Date.now() - t0} ms`);
    const { body } = await waitFor(
      'state follows',
      async () => {
        const s = await getState(inst.url);
        return (s.body.primary as JsonObject | undefined)?.file === file && s;
      },
      2000,
    );
    assert.equal(body.ready, true);
  });

  test('a malformed file that sorts first is skipped with a log line and left untouched', async () => {
    const broken = join(d.conf, '00-broken.conflist');
    writeFileSync(broken, '{ "name": "x", "plugins": [ ');
    const { body } = await waitFor(
      'skipped in state',
      async () => {
        const s = await getState(inst.url);
        return (s.body.skipped as Array<{ file: string }>).some((x) => x.file === '00-broken.conflist') && s;
      },
      3000,
      20,
    );
    assert.match(JSON.stringify(body.skipped), /not JSON/);
    assert.equal(readFileSync(broken, 'utf8'), '{ "name": "x", "plugins": [ ');
    assert.ok(inst.logs.some((l) => l.includes('skipping') && l.includes('00-broken.conflist')));
    assert.equal((body.primary as JsonObject).file, join(d.conf, '05-cilium.conflist'));
  });

  test('SIGTERM with --cleanup removes our entry from every file plus kubeconfig and binaries, exit 0', async () => {
    // The provider's replacement (test 4) brought its own mode; uninstall must keep whatever is there.
    const mode = statSync(calico).mode & 0o777;
    const code = await inst.stop('SIGTERM');
    assert.equal(code, 0);
    assert.ok(jsonEqual(readJson(calico), JSON.parse(fixture('pre', 'calico.conflist'))));
    assert.ok(jsonEqual(readJson(join(d.conf, '05-cilium.conflist')), cilium));
    assert.equal(readFileSync(join(d.conf, '00-broken.conflist'), 'utf8'), '{ "name": "x", "plugins": [ ');
    assert.deepEqual(readdirSync(d.bin), []);
    assert.equal(statSync(calico).mode & 0o777, mode);
  });
});

describe('meshbridge cni install --once / --uninstall', () => {
  test('--once converts a .conf into a .conflist with the same mode, a second --once writes nothing, --uninstall restores it semantically', async () => {
    const d = dirs('once-conf');
    const conf = join(d.conf, '10-bridge.conf');
    writeFileSync(conf, fixture('install', 'bridge.conf'));
    chmodSync(conf, 0o604);
    const r1 = await runMeshbridge(['cni', 'install', '--once', ...(await commonArgs(d))]);
    assert.equal(r1.code, 0, r1.stderr);
    const list = join(d.conf, '10-bridge.conflist');
    assert.equal(existsSync(conf), false);
    assert.equal(statSync(list).mode & 0o777, 0o604);
    assert.deepEqual(types(readJson(list)), ['bridge', 'meshbridge-cni']);
    const st = statSync(list);
    const r2 = await runMeshbridge(['cni', 'install', '--once', '-o', 'json', ...(await commonArgs(d))]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(JSON.parse(r2.stdout).rewrites, 0);
    assert.equal(statSync(list).ino, st.ino, 'a correct file is not rewritten');
    const r3 = await runMeshbridge(['cni', 'install', '--uninstall', ...(await commonArgs(d))]);
    assert.equal(r3.code, 0, r3.stderr);
    assert.ok(jsonEqual(normalizeConf(readJson(list)), normalizeConf(JSON.parse(fixture('install', 'bridge.conf')) as JsonObject)));
    assert.deepEqual(readdirSync(d.bin), []);
  });

  test("--once on Istio's pre/ fixtures gives expected/ as JSON, with our entry where istio-cni's is (and the .conf's name kept)", async () => {
    for (const [pre, target, expected, keepName] of [
      ['calico.conflist', '10-calico.conflist', '10-calico.conflist-istioconfig', undefined],
      ['minikube_cni.conf', '10-minikube.conflist', 'minikube_cni.conflist.expected', 'rkt.kubernetes.io'],
    ] as const) {
      const d = dirs(`fixture-${pre}`);
      writeFileSync(join(d.conf, pre.endsWith('.conf') ? '10-minikube.conf' : target), fixture('pre', pre));
      const r = await runMeshbridge(['cni', 'install', '--once', ...(await commonArgs(d))]);
      assert.equal(r.code, 0, r.stderr);
      const got = readJson(join(d.conf, target));
      const want = JSON.parse(fixture('expected', expected)) as JsonObject;
      const wantPlugins = (want.plugins as JsonObject[]).slice(0, -1);
      const ours = (got.plugins as JsonObject[]).at(-1);
      assert.deepEqual(
        { ...got, plugins: (got.plugins as JsonObject[]).slice(0, -1) },
        { ...want, ...(keepName ? { name: keepName } : {}), plugins: wantPlugins },
      );
      assert.equal(ours?.type, 'meshbridge-cni');
      const clean = await runMeshbridge(['cni', 'install', '--uninstall', ...(await commonArgs(d))]);
      assert.equal(clean.code, 0, clean.stderr);
      if (expected === 'minikube_cni.conflist.expected')
        assert.deepEqual(readJson(join(d.conf, target)), { ...(JSON.parse(fixture('expected', 'minikube_cni.conflist.clean')) as JsonObject), name: keepName });
      else assert.deepEqual(readJson(join(d.conf, target)), JSON.parse(fixture('pre', pre)));
    }
  });

  test('meshbridge cni status: exit 0 when chained and the plugin runs, exit 1 naming the problem when a new provider file wins', async () => {
    const d = dirs('status');
    writeFileSync(join(d.conf, '10-calico.conflist'), fixture('pre', 'calico.conflist'));
    assert.equal((await runMeshbridge(['cni', 'install', '--once', ...(await commonArgs(d))])).code, 0);
    const dirsArgs = ['--cni-conf-dir', d.conf, '--cni-bin-dir', d.bin];
    const ok = await runMeshbridge(['cni', 'status', '-o', 'json', ...dirsArgs]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const okJson = JSON.parse(ok.stdout);
    assert.deepEqual(
      [okJson.primary, okJson.plugins, okJson.chained, okJson.plugin],
      ['10-calico.conflist', ['calico', 'portmap', 'meshbridge-cni'], true, 'runs (VERSION ok)'],
    );
    writeFileSync(join(d.conf, '05-cilium.conflist'), JSON.stringify(cilium));
    const bad = await runMeshbridge(['cni', 'status', ...dirsArgs]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /CHAINED\s+no: 05-cilium\.conflist has no meshbridge-cni entry/);
    assert.match(bad.stdout, /ALSO CHAINED\s+10-calico\.conflist \(not used by kubelet\)/);
  });

  test('--once with only a malformed primary exits 1 with MB5101 naming the file and leaves it untouched', async () => {
    const d = dirs('once-bad');
    const file = join(d.conf, '10-calico.conflist');
    writeFileSync(file, fixture('pre', 'noplugins_calico.conflist'));
    const r = await runMeshbridge(['cni', 'install', '--once', ...(await commonArgs(d))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MB5101/);
    assert.match(r.stderr, /10-calico\.conflist is malformed \(a \.conflist needs a "plugins" array\)/);
    assert.equal(readFileSync(file, 'utf8'), fixture('pre', 'noplugins_calico.conflist'));
  });

  test('a plugin that cannot run on the node is never chained: --once exits 1 with MB5106 and the config is untouched', async () => {
    const d = dirs('broken-node');
    const file = join(d.conf, '10-calico.conflist');
    writeFileSync(file, fixture('pre', 'calico.conflist'));
    const args = (await commonArgs(d)).map((a) => (a === process.execPath ? '/bin/false' : a));
    const r = await runMeshbridge(['cni', 'install', '--once', ...args]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /VERSION self-test failed.*\[MB5106\]/s);
    assert.equal(readFileSync(file, 'utf8'), fixture('pre', 'calico.conflist'));
  });

  test('--once with no CNI config exits 1 with MB5100; a bad flag exits with MB5104', async () => {
    const d = dirs('once-empty');
    const r = await runMeshbridge(['cni', 'install', '--once', ...(await commonArgs(d))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MB5100/);
    const bad = await runMeshbridge(['cni', 'install', '--once', '--rescan-interval', 'soon', ...(await commonArgs(d))]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--rescan-interval: "soon" is not a duration.*MB5104/);
  });

  test('with a service-account token the installer writes a 0600 JSON kubeconfig and the entry points to it', async () => {
    const d = dirs('kube');
    writeFileSync(join(d.conf, '10-calico.conflist'), fixture('pre', 'calico.conflist'));
    mkdirSync(join(d.base, 'sa'));
    writeFileSync(join(d.base, 'sa', 'token'), 'tok-123\n');
    writeFileSync(join(d.base, 'sa', 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const args = (await commonArgs(d)).map((a) => (a === join(d.base, 'no-sa') ? join(d.base, 'sa') : a));
    const r = await runMeshbridge(['cni', 'install', '--once', ...args], { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    assert.equal(r.code, 0, r.stderr);
    const kc = join(d.conf, 'ZZZ-meshbridge-cni-kubeconfig');
    assert.equal(statSync(kc).mode & 0o777, 0o600);
    const k = readJson(kc) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: { token: string } }> };
    assert.equal(k.clusters[0].cluster.server, 'https://10.96.0.1:443');
    assert.equal(k.users[0].user.token, 'tok-123');
    assert.equal(Buffer.from(k.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), readFileSync(join(d.base, 'sa', 'ca.crt'), 'utf8'));
    const entry = (readJson(join(d.conf, '10-calico.conflist')).plugins as JsonObject[]).at(-1);
    assert.equal(entry?.kubeconfig, kc);
    assert.match(r.stdout, /Kubernetes API/);
  });
});

describe('meshbridge cni install (daemon): waiting for a primary, and an agent that keeps reverting the file', () => {
  test('/readyz is 503 with MB5100 until a primary CNI config appears, then 200', async () => {
    const d = dirs('waiting');
    const inst = await startInstaller([...(await commonArgs(d)), '--rescan-interval', '200ms']);
    try {
      const waiting = await waitFor(
        'state',
        async () => {
          const s = await getState(inst.url, '/readyz');
          return s.body.phase === 'WaitingForPrimary' && s;
        },
        5000,
        20,
      );
      assert.equal(waiting.status, 503);
      assert.equal((waiting.body.lastError as JsonObject).code, 'MB5100');
      assert.match(String((waiting.body.lastError as JsonObject).fix), /primary CNI/);
      replaceFile(
        join(d.conf, '10-flannel.conflist'),
        JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }] }),
      );
      const ready = await waitFor(
        'ready',
        async () => {
          const s = await getState(inst.url, '/readyz');
          return s.status === 200 && s;
        },
        2000,
        10,
      );
      assert.equal(ready.body.phase, 'Chained');
      assert.equal(ready.body.lastError, undefined);
    } finally {
      await inst.stop('SIGTERM');
    }
  });

  test('an agent that keeps reverting the file is detected: warning with the fix, fighting=true, backoff', async () => {
    const d = dirs('fight');
    const file = join(d.conf, '05-cilium.conflist');
    replaceFile(file, JSON.stringify(cilium));
    const inst = await startInstaller([...(await commonArgs(d)), '--rescan-interval', '200ms']);
    try {
      // A bounded fight: revert our entry each time it appears, 7 times.
      for (let i = 0; i < 7; i++) {
        await waitFor(`chained #${i + 1}`, () => hasOurs(file), 3000, 5);
        replaceFile(file, JSON.stringify(cilium));
      }
      const { body } = await waitFor(
        'fighting flag',
        async () => {
          const s = await getState(inst.url);
          return s.body.fighting === true && s;
        },
        3000,
        20,
      );
      assert.ok(Number(body.rewrites) > 5);
      assert.ok(inst.logs.some((l) => l.includes('another agent keeps reverting it') && l.includes('cni.exclusive=false')));
    } finally {
      await inst.stop('SIGTERM');
    }
  });
});

describe('crash safety', () => {
  test('SIGKILL while the provider keeps replacing its file leaves every config file valid and no temp file kubelet would load', async () => {
    const d = dirs('crash');
    const file = join(d.conf, '10-calico.conflist');
    writeFileSync(file, fixture('pre', 'calico.conflist'));
    const inst = await startInstaller([...(await commonArgs(d)), '--rescan-interval', '100ms']);
    await waitFor('first chain', () => hasOurs(file), 5000);
    // A bounded burst of provider rewrites, killing the installer in the middle of it.
    for (let i = 0; i < 30; i++) {
      replaceFile(file, fixture('pre', 'calico.conflist'));
      if (i === 17) inst.child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 3));
    }
    await inst.stop('SIGKILL');
    for (const name of readdirSync(d.conf).filter((n) => n.endsWith('.conf') || n.endsWith('.conflist'))) {
      const c = validateConf({ name, text: readFileSync(join(d.conf, name), 'utf8') });
      assert.equal(c.valid, true, `${name} must stay valid`);
    }
  });
});
