// TEST CODE: an emulation of istiod and its workloads' sidecars for end-to-end tests of the mesh's
// root of trust (issue #16). istiod and Envoy cannot run here; this follows their documented
// contract (/work/shared/reference/istio.md, plug-in CA):
//   - istiod reads the `cacerts` Secret of istio-system (ca-cert.pem, ca-key.pem, cert-chain.pem,
//     root-cert.pem), here the YAML a meshbridge agent's directory sink wrote, and reloads it when
//     it changes;
//   - it distributes root-cert.pem to every namespace (istio-ca-root-cert), which sidecars load as
//     their ROOTCA bundle;
//   - it signs each workload's CSR with ca-cert.pem/ca-key.pem: a short-lived leaf with the
//     workload's SPIFFE URI SAN (spiffe://<trust domain>/ns/<ns>/sa/<sa>), served by SDS as the
//     `default` secret with the chain leaf + cert-chain.pem.
// What the sidecars hold is written into the agent's file inventory under `workloads:` (the format
// src/agent/inventory/file-inventory.ts reads), as `istioctl proxy-config secret` would show it.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createCertificate, EKU, KU, parseCertificate, readCertificates, readPrivateKey, toPem } from '../../src/pki/index.js';

/** The plug-in CA files istiod reads, as PEM texts. */
export interface CacertsFiles {
  readonly 'ca-cert.pem': string;
  readonly 'ca-key.pem': string;
  readonly 'cert-chain.pem': string;
  readonly 'root-cert.pem': string;
}

/** What one emulated sidecar holds. */
export interface EmulatedWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly spiffeId: string;
  /** ROOTCA: the root bundle istiod distributed (root-cert.pem of cacerts). */
  readonly rootCert: string;
  /** `default`: leaf first, then cert-chain.pem. */
  readonly certChain: string;
  readonly leaf: string;
  /** The chain without its leaf (what a peer passes as -untrusted). */
  readonly intermediates: string;
}

export interface IstiodWorkloadEmulationOptions {
  /** The cluster's directory sink folder: `<dir>/istio-system/Secret/cacerts.yaml` is read. */
  readonly clusterSinkDir: string;
  /** The agent's file inventory; its `workloads:` is owned by the emulation, other keys are kept. */
  readonly inventoryFile: string;
  /** Workloads as `namespace/name` (service account = name without a trailing `-N`). */
  readonly workloads: readonly string[];
  readonly trustDomain?: string;
  /** Leaf validity (istiod's default workload TTL is 24 h; short here). Default 1 h. */
  readonly leafTtlMs?: number;
  /** When cacerts changes: true (default) re-issues every leaf too, false only redistributes root-cert.pem. */
  readonly reissueOnChange?: boolean;
  /** How often cacerts.yaml is polled for changes, ms (default 200). */
  readonly pollMs?: number;
}

/** A running emulation. */
export interface IstiodWorkloadEmulation {
  /** The workloads as their sidecars hold them now. */
  workloads(): readonly EmulatedWorkload[];
  workload(key: string): EmulatedWorkload;
  /** Re-reads cacerts now; distributes its root bundle and (by default, or for `only`) re-issues leaves. */
  rotateNow(opts?: { only?: readonly string[]; reissue?: boolean }): Promise<void>;
  /** Resolves once the emulation has loaded cacerts (the agent applied it). */
  ready(timeoutMs?: number): Promise<void>;
  /** Times cacerts changed and was reloaded. */
  readonly reloads: number;
  close(): void;
}

const cacertsPath = (dir: string): string => join(dir, 'istio-system', 'Secret', 'cacerts.yaml');

/** The four PEM files of a cacerts Secret YAML written by a directory sink; undefined when absent. */
export async function readCacertsYaml(clusterSinkDir: string): Promise<CacertsFiles | undefined> {
  const text = await readFile(cacertsPath(clusterSinkDir), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const data = ((parse(text) as { data?: Record<string, string> } | null)?.data ?? {}) as Record<string, string>;
  const f = (k: string): string => Buffer.from(data[k] ?? '', 'base64').toString('utf8');
  return { 'ca-cert.pem': f('ca-cert.pem'), 'ca-key.pem': f('ca-key.pem'), 'cert-chain.pem': f('cert-chain.pem'), 'root-cert.pem': f('root-cert.pem') };
}

/** istiod's signing of one workload CSR: an EC P-256 leaf with the SPIFFE URI SAN, signed by ca-cert.pem's key. */
export async function issueWorkloadLeaf(ca: CacertsFiles, spiffeId: string, ttlMs: number, now = new Date()): Promise<string> {
  const caCert = parseCertificate(readCertificates(ca['ca-cert.pem'], 'ca-cert.pem').ders[0], 'ca-cert.pem');
  const signingKey = readPrivateKey(ca['ca-key.pem'], 'ca-key.pem');
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = await createCertificate({
    subject: '',
    issuer: caCert.subject,
    publicKey: key.publicKey,
    signingKey,
    serialHex: `01${randomBytes(15).toString('hex')}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(Math.min(now.getTime() + ttlMs, caCert.notAfter.getTime())),
    basicConstraints: { ca: false, critical: true },
    keyUsage: KU.digitalSignature | KU.keyEncipherment,
    extKeyUsage: [EKU.serverAuth, EKU.clientAuth],
    sans: [{ type: 'uri', value: spiffeId }],
    sanCritical: true,
    akiKeyId: caCert.ski,
  });
  return toPem(der);
}

const withNewline = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** Starts the emulation: polls cacerts.yaml and keeps the inventory's `workloads:` current. */
export function startIstiodWorkloadEmulation(opts: IstiodWorkloadEmulationOptions): IstiodWorkloadEmulation {
  const td = opts.trustDomain ?? 'cluster.local';
  const ttl = opts.leafTtlMs ?? 3_600_000;
  const current = new Map<string, EmulatedWorkload>();
  let ca: CacertsFiles | undefined;
  let loadedText = '';
  let reloads = 0;
  let chain: Promise<void> = Promise.resolve();
  const file = cacertsPath(opts.clusterSinkDir);

  const writeInventory = async (): Promise<void> => {
    const text = await readFile(opts.inventoryFile, 'utf8').catch(() => '');
    const doc = ((text.trim() ? parse(text) : {}) ?? {}) as Record<string, unknown>;
    doc.workloads = [...current.values()].map((w) => ({ namespace: w.namespace, name: w.name, rootCert: w.rootCert, certChain: w.certChain }));
    // Atomic replace: the agent never reads half a file.
    const tmp = `${opts.inventoryFile}.${process.pid}.tmp`;
    await writeFile(tmp, opts.inventoryFile.endsWith('.json') ? JSON.stringify(doc) : stringify(doc));
    await rename(tmp, opts.inventoryFile);
  };

  const apply = async (reissue: boolean, only?: readonly string[]): Promise<void> => {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text === '') return;
    if (text !== loadedText) {
      loadedText = text;
      ca = await readCacertsYaml(opts.clusterSinkDir);
      reloads++;
    }
    if (!ca) return;
    for (const key of opts.workloads) {
      const [namespace, name] = key.split('/');
      const spiffeId = `spiffe://${td}/ns/${namespace}/sa/${name.replace(/-\d+$/, '')}`;
      const prev = current.get(key);
      const fresh = !prev || (reissue && (!only || only.includes(key)));
      const leaf = fresh ? await issueWorkloadLeaf(ca, spiffeId, ttl) : prev.leaf;
      const intermediates = fresh ? withNewline(ca['cert-chain.pem']) : prev.intermediates;
      current.set(key, { namespace, name, spiffeId, rootCert: withNewline(ca['root-cert.pem']), leaf, intermediates, certChain: leaf + intermediates });
    }
    await writeInventory();
  };
  const enqueue = (fn: () => Promise<void>): Promise<void> => (chain = chain.then(fn, fn));

  const poll = (): void => {
    void enqueue(async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text !== '' && text !== loadedText) await apply(opts.reissueOnChange ?? true);
    });
  };
  watchFile(file, { interval: opts.pollMs ?? 200 }, poll);
  poll();

  return {
    workloads: () => [...current.values()],
    workload(key) {
      const w = current.get(key);
      if (!w) throw new Error(`emulated workload ${key} has no certificates yet`);
      return w;
    },
    rotateNow: (o) => enqueue(() => apply(o?.reissue ?? true, o?.only)),
    async ready(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (current.size < opts.workloads.length) {
        if (Date.now() > end) throw new Error(`istiod emulation: no cacerts at ${file} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await chain;
    },
    get reloads() {
      return reloads;
    },
    close: () => unwatchFile(file, poll),
  };
}

/**
 * What Envoy's TLS does when `a` accepts `b`'s certificate: the real
 * `openssl verify -CAfile <a's ROOTCA> -untrusted <b's intermediates> <b's leaf>`.
 */
export async function opensslVerifyPair(workDir: string, a: EmulatedWorkload, b: EmulatedWorkload): Promise<{ ok: boolean; out: string }> {
  const dir = join(workDir, `pair-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'roots.pem'), a.rootCert);
  await writeFile(join(dir, 'untrusted.pem'), b.intermediates);
  await writeFile(join(dir, 'leaf.pem'), b.leaf);
  return new Promise((resolve) => {
    const p = spawn('openssl', ['verify', '-CAfile', 'roots.pem', '-untrusted', 'untrusted.pem', 'leaf.pem'], { cwd: dir });
    let out = '';
    p.stdout.on('data', (c) => (out += String(c)));
    p.stderr.on('data', (c) => (out += String(c)));
    p.on('exit', (code) => resolve({ ok: code === 0 && /leaf\.pem: OK/.test(out), out }));
  });
}

/**
 * Envoy's admin `/config_dump?resource=dynamic_active_secrets` for one emulated sidecar: `configs`
 * holding each active SDS secret (`SecretsConfigDump.DynamicSecret`), `default` with the chain and
 * a redacted key, `ROOTCA` with the trusted bundle, inline_bytes base64 as Envoy prints them.
 */
export function activeSecretsDump(w: EmulatedWorkload): Record<string, unknown> {
  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  const type = 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump.DynamicSecret';
  const secretType = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';
  return {
    configs: [
      {
        '@type': type,
        name: 'default',
        version_info: '2026-12-06T00:00:00Z',
        last_updated: '2026-12-06T00:00:00Z',
        secret: {
          '@type': secretType,
          name: 'default',
          tls_certificate: { certificate_chain: { inline_bytes: b64(w.certChain) }, private_key: { inline_bytes: b64('[redacted]') } },
        },
      },
      {
        '@type': type,
        name: 'ROOTCA',
        version_info: '2026-12-06T00:00:00Z',
        last_updated: '2026-12-06T00:00:00Z',
        secret: { '@type': secretType, name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: b64(w.rootCert) } } },
      },
    ],
  };
}

/** A loopback Envoy admin (emulated) serving one sidecar's active secrets; requests are recorded. */
export async function startEnvoySecretsAdmin(
  current: () => EmulatedWorkload | undefined,
  opts: { delayMs?: number; gauge?: { open: number; peak: number } } = {},
): Promise<{ port: number; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const g = opts.gauge;
    if (g) {
      g.peak = Math.max(g.peak, ++g.open);
      res.on('close', () => g.open--);
    }
    const w = current();
    if (req.url !== '/config_dump?resource=dynamic_active_secrets' || !w) {
      res.statusCode = 404;
      return res.end('invalid path\n');
    }
    res.setHeader('content-type', 'application/json');
    setTimeout(() => res.end(JSON.stringify(activeSecretsDump(w), null, 2)), opts.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
