// A minimal container runtime for tests: runs a conflist's plugins the way libcni does (ADD in order
// with prevResult threaded through, DEL in reverse with the cached result, capability args injected
// as runtimeConfig), optionally from inside a "node" network namespace so the host is never touched.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type Json = Record<string, unknown>;

export interface RuntimeCall {
  readonly binDir: string;
  readonly netns: string;
  readonly containerId: string;
  readonly ifName?: string;
  readonly podNamespace: string;
  readonly podName: string;
  /** Capability name → value, given to plugins whose `capabilities` enable it. */
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
  /** Run plugins inside this network namespace (by name) instead of the caller's. */
  readonly hostNetns?: string;
}

export interface PluginRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The stdin libcni builds for one plugin of a list. */
export function pluginStdin(list: Json, plugin: Json, call: RuntimeCall, prevResult?: Json): Json {
  const conf: Json = { ...plugin, cniVersion: list.cniVersion, name: list.name };
  const caps = (plugin.capabilities ?? {}) as Record<string, boolean>;
  const rc: Json = {};
  for (const [k, v] of Object.entries(call.capabilityArgs ?? {})) if (caps[k]) rc[k] = v;
  if (Object.keys(rc).length) conf.runtimeConfig = rc;
  if (prevResult) conf.prevResult = prevResult;
  return conf;
}

/** Execs one plugin binary with CNI_* env and the config on stdin. */
export function execPlugin(command: string, type: string, stdin: Json, call: RuntimeCall): Promise<PluginRun> {
  const env = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: command,
    CNI_CONTAINERID: call.containerId,
    CNI_NETNS: call.netns,
    CNI_IFNAME: call.ifName ?? 'eth0',
    CNI_PATH: call.binDir,
    CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${call.podNamespace};K8S_POD_NAME=${call.podName};K8S_POD_INFRA_CONTAINER_ID=${call.containerId}`,
  };
  const bin = join(call.binDir, type);
  const [cmd, args] = call.hostNetns ? ['ip', ['netns', 'exec', call.hostNetns, bin]] : [bin, []];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    child.stdin.end(JSON.stringify(stdin));
  });
}

function parseOut(type: string, r: PluginRun): Json {
  if (r.code !== 0) throw new Error(`plugin ${type} failed (exit ${r.code}): ${r.stdout} ${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Json) : {};
}

/** ADD through the whole list; returns the final result and each plugin's output. */
export async function addChain(list: Json, call: RuntimeCall): Promise<{ result: Json; outputs: Array<{ type: string; input: Json; output: Json }> }> {
  let prev: Json | undefined;
  const outputs: Array<{ type: string; input: Json; output: Json }> = [];
  for (const p of list.plugins as Json[]) {
    const input = pluginStdin(list, p, call, prev);
    const output = parseOut(String(p.type), await execPlugin('ADD', String(p.type), input, call));
    outputs.push({ type: String(p.type), input, output });
    prev = output;
  }
  return { result: prev ?? {}, outputs };
}

/** CHECK (or DEL) through the list with the cached result, as libcni does (DEL in reverse order). */
export async function runChain(command: 'CHECK' | 'DEL', list: Json, call: RuntimeCall, cached: Json): Promise<PluginRun[]> {
  const plugins = [...(list.plugins as Json[])];
  if (command === 'DEL') plugins.reverse();
  const runs: PluginRun[] = [];
  for (const p of plugins) {
    const r = await execPlugin(command, String(p.type), pluginStdin(list, p, call, cached), call);
    runs.push(r);
    if (r.code !== 0) break;
  }
  return runs;
}
