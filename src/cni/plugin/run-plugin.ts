import type { CniEnv, PluginConf } from './cni-spec.js';
import { addResult, errorResult, parseCniEnv, parsePluginConf, versionResult } from './cni-spec.js';
import type { PodInfo, Decision } from './pod-decision.js';
import { decide, podInfoFromAnnotations, podInfoFromApi, preLookupSkip } from './pod-decision.js';
import type { PluginLogger } from './file-logger.js';
import { fileLogger } from './file-logger.js';
import { getPodWithRetry, loadKubeconfig } from './kube-client.js';
import type { IpFamily, RuleSet } from '../iptables/rule-builder.js';
import { buildRules } from '../iptables/rule-builder.js';
import type { ApplyOutcome } from '../iptables/netns-iptables.js';
import { NetnsIptables } from '../iptables/netns-iptables.js';
import type { CniErrorTexts } from '../cni-fault.js';
import { CniFault } from '../cni-fault.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the plugin does to the outside world; tests replace it. */
export interface PluginDeps {
  readonly lookupPod: (conf: PluginConf, namespace: string, name: string, log: PluginLogger) => Promise<PodInfo>;
  readonly iptables: (
    conf: PluginConf,
    netns: string,
    family: IpFamily,
  ) => {
    apply(set: RuleSet): Promise<ApplyOutcome>;
    remove(): Promise<boolean>;
    verify(set: RuleSet): Promise<string[]>;
    ipv6PassthroughAddress(add: boolean): Promise<void>;
  };
  readonly logger: (conf: PluginConf | undefined, env: Partial<CniEnv>) => PluginLogger;
  /** Catalogue titles and fixes; read only on the error path. */
  readonly errorTexts: () => CniErrorTexts;
}

/** Name of the catalogue excerpt the installer writes beside the plugin in the CNI bin dir. */
export const ERROR_TEXTS_FILE = 'meshbridge-cni-errors.json';

/** One invocation's output: what to print on stdout and the exit code. */
export interface PluginOutcome {
  readonly stdout: string;
  readonly exitCode: number;
}

/** The real dependencies: Kubernetes API over node:https, iptables through nsenter, a log file. */
export const realDeps: PluginDeps = {
  async lookupPod(conf, namespace, name, log) {
    if (!conf.kubeconfig) return podInfoFromAnnotations(namespace, name, conf.annotations ?? {});
    const target = loadKubeconfig(conf.kubeconfig);
    return podInfoFromApi(await getPodWithRetry(target, namespace, name, conf.podLookupTimeoutMs, (m) => log.log('warn', m)));
  },
  iptables: (conf, netns, family) =>
    new NetnsIptables(
      family === 4
        ? { netns, nsenter: conf.nsenter, iptablesRestore: conf.iptablesRestore, iptablesSave: conf.iptablesSave }
        : { netns, nsenter: conf.nsenter, iptablesRestore: conf.ip6tablesRestore ?? 'ip6tables-restore', iptablesSave: conf.ip6tablesSave ?? 'ip6tables-save' },
    ),
  errorTexts() {
    try {
      return JSON.parse(readFileSync(join(dirname(process.argv[1] ?? ''), ERROR_TEXTS_FILE), 'utf8')) as CniErrorTexts;
    } catch {
      return {};
    }
  },
  logger: (conf, env) =>
    fileLogger(conf?.logFile, conf?.logLevel ?? 'info', {
      command: env.command,
      containerId: env.containerId,
      pod: env.args ? `${env.args.K8S_POD_NAMESPACE ?? ''}/${env.args.K8S_POD_NAME ?? ''}` : undefined,
    }),
};

/** Runs one CNI command from its environment and stdin; never throws. */
export async function runPlugin(env: Readonly<Record<string, string | undefined>>, stdin: string, deps: PluginDeps = realDeps): Promise<PluginOutcome> {
  let conf: PluginConf | undefined;
  let cniEnv: Partial<CniEnv> = {};
  let log: PluginLogger | undefined;
  try {
    cniEnv = parseCniEnv(env);
    if (cniEnv.command === 'VERSION') {
      let requested: string | undefined;
      try {
        requested = (JSON.parse(stdin || '{}') as { cniVersion?: string }).cniVersion;
      } catch {
        requested = undefined;
      }
      return { stdout: JSON.stringify(versionResult(requested)), exitCode: 0 };
    }
    conf = parsePluginConf(stdin);
    log = deps.logger(conf, cniEnv);
    const out = await dispatch(cniEnv as CniEnv, conf, deps, log);
    return { stdout: out === undefined ? '' : JSON.stringify(out), exitCode: 0 };
  } catch (e) {
    const result = errorResult(e, conf?.cniVersion, e instanceof CniFault ? deps.errorTexts() : {});
    log ??= deps.logger(conf, cniEnv);
    log.log('error', String(result.msg), { code: result.code, details: result.details });
    return { stdout: JSON.stringify(result), exitCode: 1 };
  } finally {
    log?.flush();
  }
}

async function dispatch(env: CniEnv, conf: PluginConf, deps: PluginDeps, log: PluginLogger): Promise<Record<string, unknown> | undefined> {
  // STATUS: nothing of ours can be unready. GC: our rules live in pod namespaces and die with them.
  if (env.command === 'STATUS' || env.command === 'GC') return undefined;
  if (env.command === 'DEL') return runDel(env, conf, deps, log);
  if (env.command === 'CHECK' && conf.cniVersion.startsWith('0.3')) {
    throw new CniFault('CniVersionUnsupported', `CHECK is defined from CNI 0.4.0; the network configuration says ${conf.cniVersion}`, {
      field: 'cniVersion',
      details: { cniCode: 1 },
    });
  }
  const decision = await decideFor(env, conf, deps, log);
  const families = podFamilies(conf);
  if (env.command === 'ADD') {
    if (!decision.redirect) log.log('info', `no redirection: ${decision.reason}`);
    else {
      const t0 = performance.now();
      const outcomes = await Promise.all(
        families.map(async (f) => {
          const ipt = deps.iptables(conf, env.netns, f);
          if (f === 6) await ipt.ipv6PassthroughAddress(true);
          return ipt.apply(buildRules(decision.params, f));
        }),
      );
      // Both timings are since process start, so the log shows start-up vs iptables cost per pod.
      log.log('info', `capture rules ${outcomes.join('/')}`, { netns: env.netns, families, startupMs: Math.round(t0), doneMs: Math.round(performance.now()) });
    }
    return addResult(conf);
  }
  if (decision.redirect) {
    const problems = (await Promise.all(families.map((f) => deps.iptables(conf, env.netns, f).verify(buildRules(decision.params, f))))).flatMap((ps, i) =>
      ps.map((p) => (families[i] === 6 ? `ip6tables ${p}` : p)),
    );
    if (problems.length > 0)
      throw new CniFault('CniRulesMissing', `capture rules in ${env.netns} differ from what ADD installs: ${problems.join('; ')}`, { details: { problems } });
  }
  return undefined;
}

/** IPv4 always; IPv6 too when the primary CNI gave the pod an IPv6 address (Istio's dual-stack rule). */
function podFamilies(conf: PluginConf): IpFamily[] {
  const ips = conf.prevResult?.ips;
  const v6 =
    Array.isArray(ips) &&
    ips.some((ip) => typeof (ip as { address?: unknown }).address === 'string' && String((ip as { address: string }).address).includes(':'));
  return v6 ? [4, 6] : [4];
}

async function runDel(env: CniEnv, conf: PluginConf, deps: PluginDeps, log: PluginLogger): Promise<undefined> {
  // DEL must succeed even when the namespace is already gone (runtimes retry DEL until it does).
  if (!env.netns) {
    log.log('info', 'DEL without CNI_NETNS: nothing to remove');
    return undefined;
  }
  // Without prevResult (CNI 0.3) we cannot know the pod's families: try IPv6 too.
  const families: IpFamily[] = conf.prevResult ? podFamilies(conf) : [4, 6];
  for (const f of families) {
    // Best effort: the rules die with the namespace, and a DEL that keeps failing would keep the
    // runtime from ever tearing the sandbox down. A failure is logged, not returned.
    const ipt = deps.iptables(conf, env.netns, f);
    const removed = await ipt
      .remove()
      .then(async (r) => {
        if (r && f === 6) await ipt.ipv6PassthroughAddress(false);
        return r;
      })
      .catch((e: unknown) => {
        const gone = /No such file|cannot open|reassociate/i.test((e as Error).message);
        log.log(gone ? 'info' : 'warn', gone ? 'namespace already gone' : `could not remove IPv${f} capture rules: ${(e as Error).message}`, {
          netns: env.netns,
        });
        return undefined;
      });
    if (removed !== undefined) log.log('info', removed ? `IPv${f} capture rules removed` : `no IPv${f} capture rules to remove`, { netns: env.netns });
  }
  return undefined;
}

async function decideFor(env: CniEnv, conf: PluginConf, deps: PluginDeps, log: PluginLogger): Promise<Decision> {
  const early = preLookupSkip(env.args, conf.excludeNamespaces);
  if (early) return { redirect: false, reason: early };
  const pod = await deps.lookupPod(conf, env.args.K8S_POD_NAMESPACE, env.args.K8S_POD_NAME, log);
  return decide(pod);
}
