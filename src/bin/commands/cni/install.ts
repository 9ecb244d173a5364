import { defineCommand } from '../../../command/index.js';
import type { Io } from '../../../command/index.js';
import { CniErrors, MeshError } from '../../../api/index.js';
import { ChainWatcher, CniFault, Installer, startReadyServer } from '../../../cni/index.js';
import type { ChainState, CniErrorTexts, ErrorSummary, InstallerLog } from '../../../cni/index.js';
import type { InstallConfig } from './install-options.js';
import { installFlags, parseInstallFlags } from './install-options.js';

/** A catalogue MeshError for anything the installer throws. */
function asMeshError(e: unknown): unknown {
  return e instanceof CniFault ? new MeshError(CniErrors[e.errorName], e.message, e.opts) : e;
}

/** The CNI catalogue's codes, titles and fixes, shipped beside the plugin. */
function errorTexts(): CniErrorTexts {
  return Object.fromEntries(Object.entries(CniErrors).map(([name, d]) => [name, { code: d.code, title: d.title, fix: d.fix }]));
}

function explain(e: unknown): ErrorSummary {
  const m = asMeshError(e);
  return m instanceof MeshError ? { code: m.code, name: m.def.name, message: m.message, fix: m.fix } : { message: (m as Error)?.message ?? String(m) };
}

/** JSON lines on stderr (the DaemonSet's log), one per event. */
function stderrLog(io: Io): InstallerLog {
  return (level, msg, fields) => {
    if (level === 'debug' && !io.env.MESHBRIDGE_CNI_DEBUG) return;
    io.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, component: 'cni-install', msg, ...fields }) + '\n');
  };
}

function newInstaller(cfg: InstallConfig, io: Io, log: InstallerLog): Installer {
  return new Installer({
    confDir: cfg.confDir,
    binDir: cfg.binDir,
    entry: cfg.entry,
    binary: { bundleSource: cfg.bundleSource, node: cfg.node, nodeSource: process.execPath, errorTexts: errorTexts() },
    serviceAccountDir: cfg.serviceAccountDir,
    apiHost: io.env.KUBERNETES_SERVICE_HOST,
    apiPort: io.env.KUBERNETES_SERVICE_PORT,
    log,
    explain,
  });
}

function summary(s: ChainState): string {
  if (s.phase === 'Uninstalled') return `meshbridge-cni removed from ${s.confDir} and ${s.binDir}\n`;
  return `meshbridge-cni chained into ${s.primary?.file} (plugins: ${s.primary?.plugins.join(', ')}); pods read from ${s.apiMode === 'kubernetes' ? `the Kubernetes API (${s.kubeconfig})` : 'runtime annotations (no service-account token)'}\n`;
}

async function runOnce(cfg: InstallConfig, io: Io, log: InstallerLog): Promise<number> {
  const inst = newInstaller(cfg, io, log);
  try {
    if (cfg.uninstall) await inst.uninstall();
    else await inst.reconcile();
  } catch (e) {
    throw asMeshError(e);
  }
  io.stdout.write(cfg.json ? JSON.stringify(inst.state, null, 2) + '\n' : summary(inst.state));
  return 0;
}

/** Runs until SIGTERM/SIGINT: watch + rescan, readiness endpoint, optional cleanup on the way out. */
async function runDaemon(cfg: InstallConfig, io: Io, log: InstallerLog): Promise<number> {
  const inst = newInstaller(cfg, io, log);
  const watcher = new ChainWatcher(inst, { watchDirs: [cfg.confDir, cfg.binDir, cfg.serviceAccountDir], rescanMs: cfg.rescanMs, log });
  const ready = cfg.health ? await startReadyServer(cfg.health.host, cfg.health.port, () => inst.state) : undefined;
  if (ready)
    log('info', 'readiness endpoint listening', {
      readyz: `http://${ready.address.address.includes(':') ? `[${ready.address.address}]` : ready.address.address}:${ready.address.port}/readyz`,
    });
  const signalled = new Promise<string>((resolve) => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve(sig));
  });
  await watcher.start();
  log('info', `watching ${cfg.confDir} (rescan every ${cfg.rescanMs} ms)`, { phase: inst.state.phase });
  const sig = await signalled;
  log('info', `received ${sig}, stopping`);
  await watcher.stop();
  let code = 0;
  if (cfg.cleanup) {
    try {
      await inst.uninstall();
      log('info', 'cleanup: removed our entry, kubeconfig and binaries');
    } catch (e) {
      log('error', `cleanup failed: ${(e as Error).message}`);
      code = 1;
    }
  }
  await new Promise((r) => (ready ? ready.server.close(r) : r(undefined)));
  return code;
}

export default defineCommand({
  summary: "Chain the meshbridge-cni plugin into the node's primary CNI config and keep it chained",
  usage: '[--cni-conf-dir DIR] [--cni-bin-dir DIR] [--once | --uninstall] [--cleanup]',
  description: [
    'Runs on every node (DaemonSet). Finds the CNI config kubelet uses (.conf/.conflist sorted by name,',
    'first valid wins), appends the meshbridge-cni entry to its plugins (a .conf becomes a .conflist),',
    "installs the plugin into the bin dir and, in a pod, writes the plugin's kubeconfig. Then watches the",
    'directory: when the primary CNI rewrites or replaces its file, or another file starts to sort first,',
    'it chains itself in again within a second; a file that is already correct is never rewritten.',
    'Readiness and chain state: GET /readyz (200 chained, 503 not) and GET /state on --health-address.',
  ].join('\n'),
  examples: [
    'meshbridge cni install                                   # DaemonSet: chain, watch, serve :8000/readyz',
    'meshbridge cni install --once --cni-conf-dir /etc/cni/net.d --cni-bin-dir /opt/cni/bin',
    'meshbridge cni install --cleanup                         # also unchain on SIGTERM',
    'meshbridge cni install --uninstall                       # remove our entry and binaries now',
  ],
  options: installFlags,
  async run({ io, options }) {
    const cfg = parseInstallFlags(options, io.cwd);
    const log = stderrLog(io);
    if (cfg.once || cfg.uninstall) return runOnce(cfg, io, log);
    if (!cfg.health && !cfg.cleanup) log('warn', 'no readiness endpoint (--health-address off)');
    return runDaemon(cfg, io, log);
  },
});
