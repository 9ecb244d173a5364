import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CniFault } from '../cni-fault.js';
import type { RuleSet } from './rule-builder.js';
import { renderFreshRestore } from './rule-builder.js';
import { diffCapture, parseNatSave, renderReconcileRestore, renderRemoveRestore } from './nat-state.js';

/** How to reach iptables inside one network namespace (paths come from the plugin config). */
export interface NetnsIptablesOptions {
  /** The namespace path (CNI_NETNS), e.g. /var/run/netns/cni-1234 or /proc/42/ns/net. */
  readonly netns: string;
  readonly nsenter?: string;
  readonly iptablesRestore?: string;
  readonly iptablesSave?: string;
  readonly timeoutMs?: number;
}

/** What an apply did, for the plugin log. */
export type ApplyOutcome = 'created' | 'unchanged' | 'reconciled';

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs iptables-save / iptables-restore inside a network namespace through nsenter. */
export class NetnsIptables {
  private readonly o: Required<NetnsIptablesOptions>;

  constructor(o: NetnsIptablesOptions) {
    this.o = {
      netns: o.netns,
      nsenter: resolveCommand(o.nsenter ?? 'nsenter'),
      iptablesRestore: resolveCommand(o.iptablesRestore ?? 'iptables-restore'),
      iptablesSave: resolveCommand(o.iptablesSave ?? 'iptables-save'),
      timeoutMs: o.timeoutMs ?? 20_000,
    };
  }

  /**
   * Installs the rule set. The common case (a fresh namespace) is ONE iptables-restore whose `-N`
   * lines fail atomically if our chains already exist; only then (a repeated ADD) the table is read and
   * replaced in one more restore, or left alone when it already matches: ADD is idempotent.
   */
  async apply(set: RuleSet): Promise<ApplyOutcome> {
    const fresh = await this.restore(renderFreshRestore(set));
    if (fresh.code === 0) return 'created';
    const state = parseNatSave(await this.save());
    if (diffCapture(state, set).length === 0) return 'unchanged';
    this.check(await this.restore(renderReconcileRestore(state, set)), 'reconcile');
    return 'reconciled';
  }

  /** Removes our jumps and chains; returns false when there was nothing to remove. */
  async remove(): Promise<boolean> {
    const script = renderRemoveRestore(parseNatSave(await this.save()));
    if (script === undefined) return false;
    this.check(await this.restore(script), 'remove');
    return true;
  }

  /** Differences between the namespace and the rule set (empty when they match). */
  async verify(set: RuleSet): Promise<string[]> {
    return diffCapture(parseNatSave(await this.save()), set);
  }

  /**
   * Adds (or removes) `::6/128` on the namespace's loopback: Envoy binds it as the source of IPv6
   * inbound passthrough, which the `-s ::6/128 -o lo` rule exempts (Istio's configureIPv6Addresses).
   * IPv4 needs nothing: 127.0.0.6 is already inside lo's 127.0.0.0/8.
   */
  async ipv6PassthroughAddress(add: boolean): Promise<void> {
    const r = await this.run([resolveCommand('ip'), '-6', 'addr', add ? 'add' : 'del', '::6/128', 'dev', 'lo'], '');
    // Already there on a repeated ADD, already gone on a repeated DEL: both fine.
    if (r.code !== 0 && !/File exists|already assigned|Cannot assign requested address/i.test(r.stderr))
      this.check(r, `ip -6 addr ${add ? 'add' : 'del'} ::6/128`);
  }

  /** The raw nat table, for logs and tests. */
  async save(): Promise<string> {
    const r = await this.run([this.o.iptablesSave, '-t', 'nat'], '');
    return this.check(r, 'save').stdout;
  }

  private restore(script: string): Promise<RunResult> {
    return this.run([this.o.iptablesRestore, '--noflush', '-w', '10'], script);
  }

  private check(r: RunResult, what: string): RunResult {
    if (r.code === 0) return r;
    throw new CniFault('CniIptablesFailed', `iptables ${what} in ${this.o.netns} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`, {
      details: { netns: this.o.netns },
    });
  }

  private run(argv: readonly string[], input: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.o.nsenter, [`--net=${this.o.netns}`, '--', ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
      // Our own deadline, not spawn's `timeout`: Node clears that timer only on 'exit', which never
      // comes when the binary is missing (ENOENT), so the plugin process lingered for the whole
      // timeout after answering the runtime.
      const deadline = setTimeout(() => child.kill('SIGTERM'), this.o.timeoutMs);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e) => {
        clearTimeout(deadline);
        reject(new CniFault('CniIptablesFailed', `cannot run ${this.o.nsenter} ${argv[0]}: ${e.message}`, { cause: e }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(deadline);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal ? `${stderr}killed by ${signal}` : stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }
}

/**
 * A bare command name resolved on PATH plus the sbin directories: container runtimes run plugins with
 * their own environment, which does not always include /usr/sbin where iptables lives.
 */
export function resolveCommand(name: string, path = process.env.PATH ?? ''): string {
  if (name.includes('/')) return name;
  const dirs = [...path.split(':').filter(Boolean), '/usr/sbin', '/sbin', '/usr/bin', '/bin', '/usr/local/sbin'];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p)) ?? name;
}
