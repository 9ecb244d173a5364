import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, OptionValues } from '../../../command/index.js';
import { CniErrors, MeshError } from '../../../api/index.js';
import { PLUGIN_TYPE, POD_ANNOTATIONS_CAPABILITY } from '../../../cni/index.js';
import type { JsonObject } from '../../../cni/index.js';

/** Flags of `meshbridge cni install`. */
export const installFlags = {
  'cni-conf-dir': { type: 'string', default: '/etc/cni/net.d', value: 'DIR', description: "CNI network config directory (mount the host's at the same path)" },
  'cni-bin-dir': { type: 'string', default: '/opt/cni/bin', value: 'DIR', description: "CNI plugin binary directory (the host's, mounted anywhere)" },
  once: { type: 'boolean', description: 'chain once and exit (init containers, scripts); exits 1 if there is no valid primary config' },
  uninstall: { type: 'boolean', description: 'remove our entry, kubeconfig and binaries, then exit' },
  cleanup: { type: 'boolean', description: 'on SIGTERM/SIGINT remove our entry, kubeconfig and binaries before exiting' },
  'health-address': {
    type: 'string',
    default: '0.0.0.0:8000',
    value: 'HOST:PORT',
    description: 'readiness endpoint (/readyz, /state, /healthz/live); port 0 picks a free one, "off" disables',
  },
  'rescan-interval': { type: 'string', default: '1s', value: 'DURATION', description: 'full rescan period besides inotify (e.g. 500ms, 1s, 5s)' },
  'exclude-namespaces': { type: 'string', default: 'kube-system,istio-system', value: 'NS,...', description: 'namespaces whose pods are never redirected' },
  'log-file': {
    type: 'string',
    default: '/var/run/meshbridge-cni/meshbridge-cni.log',
    value: 'FILE',
    description: 'where the plugin logs (host path); "" disables plugin logging',
  },
  'log-level': { type: 'string', default: 'info', value: 'LEVEL', description: 'plugin log level: debug, info, warn or error' },
  'plugin-source': { type: 'string', value: 'FILE', description: "bundled plugin to install (default: meshbridge-cni.js next to this program's dist/)" },
  'node-binary': {
    type: 'string',
    default: 'copy',
    value: 'copy|PATH',
    description: '"copy" copies this Node.js into the bin dir for the plugin; or the absolute path of Node on the host',
  },
  'service-account-dir': {
    type: 'string',
    default: '/var/run/secrets/kubernetes.io/serviceaccount',
    value: 'DIR',
    description: "token and ca.crt for the plugin's kubeconfig; without a token the plugin reads pod annotations from the runtime",
  },
  'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'with --once/--uninstall: "json" prints the chain state' },
} as const satisfies Options;

/** The parsed, validated flags. */
export interface InstallConfig {
  readonly confDir: string;
  readonly binDir: string;
  readonly once: boolean;
  readonly uninstall: boolean;
  readonly cleanup: boolean;
  readonly health?: { host: string; port: number };
  readonly rescanMs: number;
  readonly entry: JsonObject;
  readonly bundleSource: string;
  readonly node: string;
  readonly serviceAccountDir: string;
  readonly json: boolean;
}

function flagError(flag: string, msg: string): MeshError {
  return new MeshError(CniErrors.CniInstallerFlagInvalid, `--${flag}: ${msg}`, { field: `--${flag}` });
}

/** `500ms`, `1s`, `2` (seconds) → milliseconds. */
export function parseDuration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v.trim());
  if (!m) throw flagError(flag, `"${v}" is not a duration (e.g. 500ms, 1s)`);
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : 1000);
  if (ms < 50) throw flagError(flag, 'must be at least 50ms');
  return ms;
}

function parseHealth(v: string): { host: string; port: number } | undefined {
  if (v === 'off' || v === '') return undefined;
  const i = v.lastIndexOf(':');
  const port = Number(v.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw flagError('health-address', `"${v}" is not HOST:PORT`);
  return { host: v.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0', port };
}

/** dist/meshbridge-cni.js relative to this module, bundled (dist/chunks/) or run from source (src/bin/commands/cni/). */
function defaultBundle(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'meshbridge-cni.js'), join(here, 'meshbridge-cni.js'), join(here, '..', '..', '..', '..', 'dist', 'meshbridge-cni.js')];
  return candidates.find((c) => existsSync(c)) ?? candidates[candidates.length - 1];
}

type Flag = keyof typeof installFlags;
/** The flags that have a default value. */
type WithDefault = { [K in Flag]: (typeof installFlags)[K] extends { readonly default: string } ? K : never }[Flag];

/** Reads and checks every flag; errors name the flag. */
export function parseInstallFlags(o: Partial<OptionValues<typeof installFlags>>, cwd: string): InstallConfig {
  const str = (k: WithDefault): string => o[k] ?? installFlags[k].default;
  const level = str('log-level');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw flagError('log-level', `"${level}" is not debug, info, warn or error`);
  const node = str('node-binary');
  if (node !== 'copy' && !isAbsolute(node)) throw flagError('node-binary', `"${node}" must be "copy" or an absolute path`);
  if (o.once && o.uninstall) throw flagError('once', 'cannot be combined with --uninstall');
  const out = o['output-type'] ?? '';
  if (out !== '' && out !== 'json') throw flagError('output-type', `"${out}" is not supported; use json`);
  const exclude = str('exclude-namespaces')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const logFile = str('log-file');
  const entry: JsonObject = {
    name: PLUGIN_TYPE,
    type: PLUGIN_TYPE,
    log_level: level,
    ...(logFile ? { log_file: logFile } : {}),
    exclude_namespaces: exclude,
    capabilities: { [POD_ANNOTATIONS_CAPABILITY]: true },
  };
  return {
    confDir: resolve(cwd, str('cni-conf-dir')),
    binDir: resolve(cwd, str('cni-bin-dir')),
    once: o.once === true,
    uninstall: o.uninstall === true,
    cleanup: o.cleanup === true,
    health: parseHealth(str('health-address')),
    rescanMs: parseDuration('rescan-interval', str('rescan-interval')),
    entry,
    bundleSource: o['plugin-source'] !== undefined ? resolve(cwd, o['plugin-source']) : defaultBundle(),
    node,
    serviceAccountDir: resolve(cwd, str('service-account-dir')),
    json: out === 'json',
  };
}
