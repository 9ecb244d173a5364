import type { CniErrorTexts } from '../cni-fault.js';
import { CniFault } from '../cni-fault.js';

/** CNI spec versions this plugin speaks (chaining with prevResult needs 0.3.0 or later; 1.1.0 adds STATUS and GC). */
export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

/** The plugin's `type` in the conflist and its binary name in the CNI bin directory. */
export const PLUGIN_TYPE = 'meshbridge-cni';

/** Containerd's capability that hands pod annotations to CNI plugins through runtimeConfig. */
export const POD_ANNOTATIONS_CAPABILITY = 'io.kubernetes.cri.pod-annotations';

/** CNI_COMMAND values the plugin answers. */
export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION' | 'STATUS' | 'GC';

/** CNI_* environment as the runtime sets it. */
export interface CniEnv {
  readonly command: CniCommand;
  readonly containerId: string;
  readonly netns: string;
  readonly ifName: string;
  /** CNI_ARGS parsed (`K8S_POD_NAMESPACE`, `K8S_POD_NAME`, ...). */
  readonly args: Readonly<Record<string, string>>;
}

/** Our entry of the conflist, as the runtime hands it on stdin (plus cniVersion/name of the list). */
export interface PluginConf {
  readonly cniVersion: string;
  readonly name: string;
  readonly type: string;
  readonly logFile?: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly kubeconfig?: string;
  readonly excludeNamespaces: readonly string[];
  readonly podLookupTimeoutMs: number;
  readonly nsenter?: string;
  readonly iptablesRestore?: string;
  readonly iptablesSave?: string;
  readonly ip6tablesRestore?: string;
  readonly ip6tablesSave?: string;
  readonly prevResult?: Readonly<Record<string, unknown>>;
  /** Pod annotations handed over without an API server (runtimeConfig capability or args.cni). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** CNI well-known error codes (spec "Error" section); plugin-specific codes are the MB number (≥ 100). */
export const CniCode = { IncompatibleVersion: 1, InvalidEnv: 4, IoFailure: 5, DecodeFailure: 6, InvalidConfig: 7, TryAgainLater: 11 } as const;

/** Parses CNI_* variables; throws CniEnvInvalid naming the variable. */
export function parseCniEnv(env: Readonly<Record<string, string | undefined>>): CniEnv {
  const command = env.CNI_COMMAND;
  if (command === undefined || command === '') throw envError('CNI_COMMAND', 'is not set');
  if (!['ADD', 'DEL', 'CHECK', 'VERSION', 'STATUS', 'GC'].includes(command))
    throw new CniFault('CniCommandUnknown', `CNI_COMMAND: "${command}" is not ADD, DEL, CHECK, VERSION, STATUS or GC`, { field: 'CNI_COMMAND' });
  const c = command as CniCommand;
  const perContainer = c === 'ADD' || c === 'DEL' || c === 'CHECK';
  if (perContainer && !env.CNI_CONTAINERID) throw envError('CNI_CONTAINERID', 'is not set');
  // DEL may come after the namespace is gone; ADD and CHECK need it.
  if ((c === 'ADD' || c === 'CHECK') && !env.CNI_NETNS) throw envError('CNI_NETNS', 'is not set');
  if (perContainer && !env.CNI_IFNAME) throw envError('CNI_IFNAME', 'is not set');
  return {
    command: c,
    containerId: env.CNI_CONTAINERID ?? '',
    netns: env.CNI_NETNS ?? '',
    ifName: env.CNI_IFNAME ?? '',
    args: parseCniArgs(env.CNI_ARGS ?? ''),
  };
}

function envError(name: string, what: string): CniFault {
  return new CniFault('CniEnvInvalid', `${name} ${what}`, { field: name, details: { cniCode: CniCode.InvalidEnv } });
}

/** `IgnoreUnknown=1;K8S_POD_NAME=x` → `{IgnoreUnknown: '1', K8S_POD_NAME: 'x'}`. */
export function parseCniArgs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(';')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function confError(field: string, message: string, cniCode: number = CniCode.InvalidConfig): CniFault {
  return new CniFault('CniConfigInvalid', `network configuration ${field}: ${message}`, { field, details: { cniCode } });
}

/**
 * The parts of prevResult the plugin reads (the result of the plugins before it in the chain):
 * `ips` a list of {address: "CIDR"}, `interfaces` a list of objects. A null or a wrong type is
 * invalid configuration (code 7) naming the field, not an internal error.
 */
function checkPrevResult(prev: Record<string, unknown>): void {
  for (const list of ['ips', 'interfaces', 'routes', 'dns'] as const) {
    const v = prev[list];
    if (v === undefined) continue;
    if (list === 'dns') {
      if (!isObject(v)) throw confError('prevResult.dns', 'must be an object');
      continue;
    }
    if (!Array.isArray(v)) throw confError(`prevResult.${list}`, 'must be a list');
    v.forEach((item: unknown, i) => {
      if (!isObject(item)) throw confError(`prevResult.${list}[${i}]`, 'must be an object');
      if (list === 'ips' && typeof item.address !== 'string') throw confError(`prevResult.ips[${i}].address`, 'must be a CIDR string such as "10.1.2.3/24"');
    });
  }
}

/** Parses and validates stdin; throws CniConfigInvalid / CniVersionUnsupported naming the field. */
export function parsePluginConf(stdin: string): PluginConf {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (e) {
    throw confError('(stdin)', `not JSON: ${(e as Error).message}`, CniCode.DecodeFailure);
  }
  if (!isObject(raw)) throw confError('(stdin)', 'must be a JSON object', CniCode.DecodeFailure);
  const version = raw.cniVersion;
  if (typeof version !== 'string' || !(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    throw new CniFault('CniVersionUnsupported', `cniVersion ${JSON.stringify(version)} is not supported; supported: ${SUPPORTED_VERSIONS.join(', ')}`, {
      field: 'cniVersion',
      details: { cniCode: CniCode.IncompatibleVersion },
    });
  }
  const str = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw confError(k, 'must be a string');
    return v;
  };
  const level = str('log_level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw confError('log_level', `"${level}" is not debug, info, warn or error`);
  const excl = raw.exclude_namespaces ?? [];
  if (!Array.isArray(excl) || excl.some((n) => typeof n !== 'string')) throw confError('exclude_namespaces', 'must be a list of namespace names');
  const timeout = raw.pod_lookup_timeout_seconds ?? 30;
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw confError('pod_lookup_timeout_seconds', 'must be a non-negative number');
  if (raw.prevResult !== undefined && !isObject(raw.prevResult)) throw confError('prevResult', 'must be an object');
  if (isObject(raw.prevResult)) checkPrevResult(raw.prevResult);
  return {
    cniVersion: version,
    name: str('name') ?? '',
    type: str('type') ?? PLUGIN_TYPE,
    logFile: str('log_file'),
    logLevel: level as PluginConf['logLevel'],
    kubeconfig: str('kubeconfig'),
    excludeNamespaces: excl as string[],
    podLookupTimeoutMs: timeout * 1000,
    nsenter: str('nsenter'),
    iptablesRestore: str('iptables_restore'),
    iptablesSave: str('iptables_save'),
    ip6tablesRestore: str('ip6tables_restore'),
    ip6tablesSave: str('ip6tables_save'),
    prevResult: raw.prevResult as Record<string, unknown> | undefined,
    annotations: annotationsFrom(raw),
  };
}

function annotationsFrom(raw: Record<string, unknown>): Record<string, string> | undefined {
  const rc = isObject(raw.runtimeConfig) ? raw.runtimeConfig[POD_ANNOTATIONS_CAPABILITY] : undefined;
  const args = isObject(raw.args) && isObject(raw.args.cni) ? raw.args.cni[POD_ANNOTATIONS_CAPABILITY] : undefined;
  const src = rc ?? args;
  if (src === undefined) return undefined;
  if (!isObject(src) || Object.values(src).some((v) => typeof v !== 'string')) {
    throw confError(`runtimeConfig["${POD_ANNOTATIONS_CAPABILITY}"]`, 'must be a map of annotation names to string values');
  }
  return src as Record<string, string>;
}

/** ADD's stdout: prevResult unchanged (CNI chaining contract), or an empty result when there is none. */
export function addResult(conf: PluginConf): Record<string, unknown> {
  if (conf.prevResult) return conf.prevResult.cniVersion === undefined ? { cniVersion: conf.cniVersion, ...conf.prevResult } : conf.prevResult;
  return { cniVersion: conf.cniVersion, dns: {} };
}

/** VERSION's stdout. */
export function versionResult(requested?: string): Record<string, unknown> {
  return {
    cniVersion: requested && (SUPPORTED_VERSIONS as readonly string[]).includes(requested) ? requested : '1.0.0',
    supportedVersions: [...SUPPORTED_VERSIONS],
  };
}

/**
 * The CNI error object for any failure: the spec's code where one applies, else the catalogue number
 * (≥ 100 as the spec asks); title and fix from the texts the installer ships, when present.
 */
export function errorResult(e: unknown, cniVersion = '1.0.0', texts: CniErrorTexts = {}): Record<string, unknown> {
  if (e instanceof CniFault) {
    const cniCode = e.opts.details?.cniCode;
    const t = texts[e.errorName];
    return {
      cniVersion,
      code: typeof cniCode === 'number' ? cniCode : Number(e.code.slice(2)),
      msg: `${e.code}${t ? ` ${t.title}` : ''}: ${e.message}`,
      details: `Fix: ${e.opts.fix ?? t?.fix ?? `see docs/errors.md (${e.code})`}`,
    };
  }
  return {
    cniVersion,
    code: 999,
    msg: `meshbridge-cni internal error: ${(e as Error)?.message ?? String(e)}`,
    details: 'This is a bug in meshbridge-cni: report it with the plugin log.',
  };
}
