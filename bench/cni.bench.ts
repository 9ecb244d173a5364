// ADD latency of meshbridge-cni vs Debian's portmap plugin (the baseline), same pod netns, same run,
// interleaved so machine load hits both alike. Both run the way a runtime runs them (exec per call,
// config on stdin) from a private "node" netns; ours through the launcher the installer writes, so
// the number includes sh + Node start-up + one iptables-restore in the pod's namespace.
// Run: npm run build && node scripts/run-bench.mjs cni   (as root; ~1 minute)
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { addChain, execPlugin, pluginStdin } from '../test/cni/support/cni-runtime.js';
import type { Json, RuntimeCall } from '../test/cni/support/cni-runtime.js';
import { addNetns, delNetns, shortId } from '../test/cni/support/netns.js';
import { pluginBundle, runMeshbridge } from '../test/cni/support/plugin-bundle.js';

const ROUNDS = Number(process.env.CNI_BENCH_ROUNDS ?? 60);
const WARMUP = 5;
const id = shortId();
const podNs = `mbbp-${id}`;
const nodeNs = `mbbn-${id}`;
const net = `198.19.${parseInt(id.slice(0, 2), 16)}`;
const dir = mkdtempSync(join(tmpdir(), 'mb-cni-bench-'));
const binDir = join(dir, 'bin');
const confDir = join(dir, 'net.d');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Times a process the same way execPlugin does (async spawn, until close), so rows compare. */
function timeSpawn(cmd: string, args: string[]): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t) / 1e6) : reject(new Error(`${cmd} exited ${code}`))));
    child.stdin.end();
  });
}

/**
 * What-if variant for the report, not what ships: the same plugin bundled as CommonJS instead of ESM
 * (the build script's choice), to show what that build change would save at every pod start.
 */
async function buildCjsVariant(): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    outfile: join(binDir, 'lean.cjs'),
    stdin: {
      contents: "import { pluginMain } from './src/cni/index.ts'; void pluginMain();",
      resolveDir: new URL('..', import.meta.url).pathname,
      loader: 'ts',
    },
  });
  writeFileSync(join(binDir, 'meshbridge-cni-lean'), `#!/bin/sh\nexec '${process.execPath}' "\${0%/*}/lean.cjs" "$@"\n`);
  chmodSync(join(binDir, 'meshbridge-cni-lean'), 0o755);
}

async function main(): Promise<void> {
  mkdirSync(binDir);
  mkdirSync(confDir);
  for (const p of ['bridge', 'host-local', 'portmap']) symlinkSync(`/usr/lib/cni/${p}`, join(binDir, p));
  writeFileSync(
    join(confDir, '10-bench.conflist'),
    JSON.stringify({
      cniVersion: '1.0.0',
      name: `mbbench-${id}`,
      plugins: [
        {
          type: 'bridge',
          bridge: `mbbb${id}`,
          isGateway: true,
          ipMasq: false,
          ipam: { type: 'host-local', ranges: [[{ subnet: `${net}.0/24`, rangeStart: `${net}.10` }]], dataDir: join(dir, 'ipam') },
        },
        { type: 'portmap', snat: true, capabilities: { portMappings: true } },
      ],
    }),
  );
  const inst = await runMeshbridge([
    'cni',
    'install',
    '--once',
    '--cni-conf-dir',
    confDir,
    '--cni-bin-dir',
    binDir,
    '--plugin-source',
    await pluginBundle(),
    '--node-binary',
    process.execPath,
    '--log-file',
    join(dir, 'plugin.log'),
    '--service-account-dir',
    join(dir, 'no-sa'),
    '--health-address',
    'off',
  ]);
  if (inst.code !== 0) throw new Error(inst.stderr);
  await buildCjsVariant();
  const list = JSON.parse(readFileSync(join(confDir, '10-bench.conflist'), 'utf8')) as Json;
  addNetns(nodeNs);
  addNetns(podNs);
  const call: RuntimeCall = {
    binDir,
    netns: `/var/run/netns/${podNs}`,
    containerId: `bench-${id}`,
    podNamespace: 'shop',
    podName: 'web',
    hostNetns: nodeNs,
    capabilityArgs: {
      'io.kubernetes.cri.pod-annotations': { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
      portMappings: [{ hostPort: 18080, containerPort: 8080, protocol: 'tcp' }],
    },
  };
  const { outputs } = await addChain(list, call);
  const portmapIn = outputs[1].input;
  const oursIn = outputs[2].input;
  const plugins = list.plugins as Json[];
  const delIn = (i: number): Json => pluginStdin(list, plugins[i], call, outputs[2].output);
  const ours: number[] = [];
  const lean: number[] = [];
  const portmap: number[] = [];
  const version: number[] = [];
  const floorNode: number[] = [];
  const floorNetns: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    // Untimed DELs return both plugins to a clean state, so every timed ADD does its full work.
    for (const [idx, type] of [
      [2, 'meshbridge-cni'],
      [1, 'portmap'],
    ] as const) {
      const d = await execPlugin('DEL', type, delIn(idx), call);
      if (d.code !== 0) throw new Error(`${type} DEL failed: ${d.stdout}`);
    }
    const a = await execPlugin('ADD', 'meshbridge-cni', oursIn, call);
    const b = await execPlugin('ADD', 'portmap', portmapIn, call);
    const c = await execPlugin('DEL', 'meshbridge-cni', delIn(2), call).then(() => execPlugin('ADD', 'meshbridge-cni-lean', oursIn, call));
    if (a.code !== 0 || b.code !== 0 || c.code !== 0) throw new Error(`ADD failed: ${a.stdout} ${b.stdout} ${c.stdout}`);
    // Floors measured inside the same rounds, so they see the same machine load.
    const v = await execPlugin('VERSION', 'meshbridge-cni', {}, call);
    const n = await timeSpawn('ip', ['netns', 'exec', nodeNs, process.execPath, '-e', '0']);
    const t = await timeSpawn('ip', ['netns', 'exec', nodeNs, '/bin/true']);
    if (i >= WARMUP) {
      ours.push(a.ms);
      portmap.push(b.ms);
      lean.push(c.ms);
      version.push(v.ms);
      floorNode.push(n);
      floorNetns.push(t);
    }
  }
  const row = (name: string, xs: number[]): string => `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} |`;
  const p50 = pct(ours, 50);
  console.log(
    `node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}, ${ROUNDS} interleaved rounds after ${WARMUP} warm-up`,
  );
  console.log('| exec (from the node netns via ip netns exec) | n | p50 ms | p99 ms |\n|---|---|---|---|');
  console.log(row('meshbridge-cni ADD (launcher + Node + iptables-restore in pod netns)', ours));
  console.log(row('portmap ADD, one hostPort mapping (baseline)', portmap));
  console.log(row('what-if: the same plugin bundled as CommonJS', lean));
  console.log(row('meshbridge-cni VERSION (same launch, no iptables)', version));
  console.log(row('floor: `ip netns exec <ns> node -e 0`', floorNode));
  console.log(row('floor: `ip netns exec <ns> /bin/true`', floorNetns));
  console.log(`ratio meshbridge-cni / portmap (p50): ${(p50 / pct(portmap, 50)).toFixed(2)}x; target p50 <= 80 ms: ${p50 <= 80 ? 'met' : 'NOT met'}`);
}

try {
  await main();
} finally {
  delNetns(podNs);
  delNetns(nodeNs);
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('ip', ['link', 'del', `mbbb${id}`], { stdio: 'ignore' });
  } catch {
    // the bridge lived in the node netns and went with it
  }
}
