import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CniFault } from '../cni-fault.js';
import type { JsonObject } from './cni-conf.js';
import { insertEntry, isChained, removeEntry, renderConf, selectPrimary, validateConf } from './cni-conf.js';
import { atomicWrite, fileMode, readConfDir, readIfExists, removeStaleTemps } from './fs-atomic.js';
import { renderKubeconfig } from './kubeconfig.js';
import type { PluginBinaryOptions } from './plugin-binary.js';
import { BinNames, installPluginBinary, removePluginBinary, verifyPluginBinary } from './plugin-binary.js';
import type { ChainState, ErrorSummary, InstallerLog } from './chain-state.js';
import { initialState } from './chain-state.js';

/** File name of the plugin's kubeconfig in the conf dir (sorts last, and kubelet ignores it: no .conf suffix). */
export const KUBECONFIG_NAME = 'ZZZ-meshbridge-cni-kubeconfig';

/** Everything one installer needs; built once from flags by the command. */
export interface InstallerOptions {
  readonly confDir: string;
  readonly binDir: string;
  /** Our conflist entry; its `type` identifies entries of ours. */
  readonly entry: JsonObject;
  readonly binary: Omit<PluginBinaryOptions, 'binDir'>;
  /** Service-account dir with `token` and `ca.crt`; no token there means no API (CNI-args mode). */
  readonly serviceAccountDir: string;
  readonly apiHost?: string;
  readonly apiPort?: string;
  readonly log: InstallerLog;
  /** Turns an error into the catalogue's code, message and fix for the state endpoint (the command owns the catalogue). */
  readonly explain?: (e: unknown) => ErrorSummary;
}

/** Chains the plugin into the primary CNI config and undoes it; one pass per call, no timers. */
export class Installer {
  readonly state: ChainState;
  /** The file we last wrote, to tell "a new provider's file now sorts first" from a steady state. */
  private lastWritten?: string;
  /** Whether the installed binaries passed the VERSION self-test since they were last written. */
  private verified = false;

  constructor(private readonly o: InstallerOptions) {
    this.state = initialState(o.confDir, o.binDir, join(o.binDir, BinNames.launcher));
  }

  /** The entry as written into the list (kubeconfig path added when the API is available). */
  private entry(kubeconfig: boolean): JsonObject {
    return kubeconfig ? { ...this.o.entry, kubeconfig: join(this.o.confDir, KUBECONFIG_NAME) } : this.o.entry;
  }

  /**
   * One reconcile pass: binaries and kubeconfig when they differ, then the primary config when it does
   * not already end with exactly our entry. Never writes a file that is already correct.
   */
  async reconcile(): Promise<ChainState> {
    const s = this.state;
    try {
      if ((await fileMode(this.o.confDir)) === undefined)
        throw new CniFault('CniConfDirMissing', `CNI config directory ${this.o.confDir} does not exist`, { field: '--cni-conf-dir' });
      // Reconciles never overlap, so any temp file of ours here is a crashed run's leftover.
      await removeStaleTemps(this.o.confDir);
      await removeStaleTemps(this.o.binDir);
      await this.installBinaries();
      const kube = await this.writeKubeconfig();
      await this.chain(this.entry(kube));
      s.lastError = undefined;
    } catch (e) {
      s.ready = false;
      if (s.phase === 'Chained' || s.phase === 'Starting') s.phase = 'Error';
      const repeated = s.lastError?.message === (e as Error).message;
      s.lastError = this.o.explain ? this.o.explain(e) : describe(e);
      // The rescan retries every second: say it once, not once per second.
      this.o.log(repeated ? 'debug' : 'error', (e as Error).message, { code: s.lastError.code, fix: s.lastError.fix });
      throw e;
    } finally {
      s.updatedAt = new Date().toISOString();
    }
    return s;
  }

  private async installBinaries(): Promise<void> {
    try {
      const written = await installPluginBinary({ ...this.o.binary, binDir: this.o.binDir });
      if (written.length) this.o.log('info', `installed ${written.join(', ')} into ${this.o.binDir}`);
      if (written.length || !this.verified) {
        this.verified = false;
        await verifyPluginBinary(this.o.binDir);
        this.verified = true;
      }
    } catch (e) {
      if (e instanceof CniFault) throw e;
      throw new CniFault('CniConfigWriteFailed', `cannot install the plugin into ${this.o.binDir}: ${(e as Error).message}`, {
        field: '--cni-bin-dir',
        cause: e,
      });
    }
  }

  private async writeKubeconfig(): Promise<boolean> {
    const token = (await readIfExists(join(this.o.serviceAccountDir, 'token')))?.toString('utf8').trim();
    const path = join(this.o.confDir, KUBECONFIG_NAME);
    if (!token || !this.o.apiHost) {
      this.state.apiMode = 'cni-args';
      this.state.kubeconfig = undefined;
      return false;
    }
    const ca = await readIfExists(join(this.o.serviceAccountDir, 'ca.crt'));
    const text = renderConf(renderKubeconfig({ host: this.o.apiHost, port: this.o.apiPort ?? '443', token, caData: ca?.toString('base64') }));
    const old = await readIfExists(path);
    // Projected tokens rotate: rewrite when (and only when) the content changed.
    if (!old || old.toString('utf8') !== text) {
      await atomicWrite(path, text, 0o600);
      this.o.log('info', `wrote kubeconfig ${path}`);
    }
    this.state.apiMode = 'kubernetes';
    this.state.kubeconfig = path;
    return true;
  }

  private async chain(entry: JsonObject): Promise<void> {
    const s = this.state;
    const { winner, skipped } = selectPrimary(await readConfDir(this.o.confDir));
    s.skipped = skipped.map((c) => ({ file: c.name, reason: c.reason }));
    for (const c of skipped) this.o.log('warn', `skipping ${join(this.o.confDir, c.name)}: ${c.reason}`);
    if (!winner) {
      s.ready = false;
      s.primary = undefined;
      if (skipped.length === 0) {
        s.phase = 'WaitingForPrimary';
        throw new CniFault('CniNoPrimaryConfig', `no .conf or .conflist in ${this.o.confDir} yet`, { field: '--cni-conf-dir' });
      }
      s.phase = 'PrimaryInvalid';
      const first = skipped[0];
      throw new CniFault('CniPrimaryConfigInvalid', `${join(this.o.confDir, first.name)} is malformed (${first.reason}); left untouched`, {
        field: first.name,
      });
    }
    const path = join(this.o.confDir, winner.name);
    if (isChained(winner.json, entry)) {
      this.markChained(winner.name, winner.json, false);
      return;
    }
    const out = insertEntry(winner.name, winner.json, entry);
    const target = join(this.o.confDir, out.name);
    const mode = (await fileMode(path)) ?? 0o600;
    try {
      await atomicWrite(target, renderConf(out.json), mode);
      // Crash-safe conversion: the .conflist exists before the .conf goes away.
      if (out.replaces && out.replaces !== out.name) await rm(path, { force: true });
    } catch (e) {
      throw new CniFault('CniConfigWriteFailed', `cannot write ${target}: ${(e as Error).message}`, { field: '--cni-conf-dir', cause: e });
    }
    this.o.log('info', `chained into ${target}${out.replaces && out.replaces !== out.name ? ` (converted from ${out.replaces})` : ''}`, {
      rechain: this.lastWritten !== undefined,
    });
    this.markChained(out.name, out.json, true);
  }

  private markChained(name: string, json: JsonObject, wrote: boolean): void {
    const s = this.state;
    const now = new Date().toISOString();
    const plugins = (json.plugins as Array<{ type?: unknown }>).map((p) => String(p.type));
    if (wrote) {
      s.rewrites++;
      s.lastRewriteAt = now;
      this.lastWritten = name;
    }
    s.phase = 'Chained';
    s.ready = true;
    s.primary = { file: join(this.o.confDir, name), plugins, chainedAt: wrote || !s.primary ? now : s.primary.chainedAt };
  }

  /**
   * Removes our entry from every config file that has one (the current winner and any older one),
   * preserving mode and every other field, then the kubeconfig and the binaries.
   */
  async uninstall(): Promise<void> {
    const type = String(this.o.entry.type);
    for (const f of await readConfDir(this.o.confDir).catch(() => [])) {
      const c = validateConf(f);
      if (!c.valid) continue;
      const cleaned = removeEntry(c.json, type);
      if (!cleaned) continue;
      const path = join(this.o.confDir, f.name);
      await atomicWrite(path, renderConf(cleaned), (await fileMode(path)) ?? 0o600);
      this.o.log('info', `removed the ${type} entry from ${path}`);
    }
    await rm(join(this.o.confDir, KUBECONFIG_NAME), { force: true });
    await removePluginBinary(this.o.binDir);
    Object.assign(this.state, { phase: 'Uninstalled', ready: false, primary: undefined, updatedAt: new Date().toISOString() });
  }
}

function describe(e: unknown): ErrorSummary {
  return { name: e instanceof CniFault ? e.errorName : undefined, message: (e as Error)?.message ?? String(e) };
}

/** Reads a JSON file (tests and the state endpoint use it). */
export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}
