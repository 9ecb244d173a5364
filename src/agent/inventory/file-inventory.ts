import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { parse } from 'yaml';
import { isIP } from 'node:net';
import { ClusterErrors, FleetTrustErrors, HealthErrors, MeshError } from '../../api/index.js';
import type { Inventory, WorkloadTrust } from '../../gen/agent-types.js';
import type { InventoryPod, InventorySource } from './inventory.js';
import { cacertsFromInventory } from '../ca-report.js';
import { workloadTrust } from '../workload-trust.js';
import { parseInventoryGateways } from './gateway-file.js';

function fail(file: string, msg: string): never {
  throw new MeshError(ClusterErrors.InventoryInvalid, `${file}: ${msg}`, { field: 'inventory' });
}

function parseDoc(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    fail(file, (e as Error).message);
  }
  return (doc ?? {}) as Record<string, unknown>;
}

/** Parses `pods: [{namespace, name, ip}]` (pods with a sidecar, for the health prober). */
export function parseInventoryPods(text: string, file: string): InventoryPod[] {
  const d = parseDoc(text, file);
  const bad = (msg: string): never => {
    throw new MeshError(HealthErrors.HealthInventoryPodInvalid, `${file}: ${msg}`, { field: 'inventory.pods' });
  };
  if (d.pods === undefined) return [];
  if (!Array.isArray(d.pods)) bad('pods must be a list of {namespace, name, ip}');
  const seen = new Set<string>();
  return (d.pods as Record<string, unknown>[]).map((p, i) => {
    if (typeof p?.namespace !== 'string' || typeof p?.name !== 'string' || !p.namespace || !p.name) bad(`pods[${i}] needs namespace and name`);
    if (typeof p.ip !== 'string' || isIP(p.ip) === 0)
      bad(`pods[${i}] (${String(p.namespace)}/${String(p.name)}): ip ${JSON.stringify(p.ip ?? null)} is not an IP address`);
    const key = `${String(p.namespace)}/${String(p.name)}`;
    if (seen.has(key)) bad(`pods[${i}]: ${key} is listed twice`);
    seen.add(key);
    return { namespace: p.namespace as string, name: p.name as string, ip: p.ip as string };
  });
}

const WORKLOAD_KEYS = ['namespace', 'name', 'rootCert', 'certChain'];

/**
 * Parses `workloads: [{namespace, name, rootCert, certChain}]`: what each workload's sidecar holds
 * (rootCert: its ROOTCA bundle, PEM; certChain: its certificate chain, PEM, leaf first), reported as
 * fingerprints and the bundle root the chain verifies to at `at`.
 */
export function parseInventoryWorkloads(d: Record<string, unknown>, file: string, at = new Date()): WorkloadTrust[] {
  const bad = (field: string, msg: string): never => {
    throw new MeshError(FleetTrustErrors.WorkloadTrustInvalid, `${file}: ${msg}`, { field });
  };
  if (d.workloads === undefined) return [];
  if (!Array.isArray(d.workloads)) bad('inventory.workloads', 'workloads must be a list of {namespace, name, rootCert, certChain}');
  const seen = new Set<string>();
  return (d.workloads as unknown[]).map((raw, i) => {
    const at_ = `workloads[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return bad(`inventory.${at_}`, `${at_} must be a map {namespace, name, rootCert, certChain}`);
    const w = raw as Record<string, unknown>;
    for (const k of Object.keys(w)) if (!WORKLOAD_KEYS.includes(k)) bad(`inventory.${at_}.${k}`, `${at_}.${k} is not one of ${WORKLOAD_KEYS.join(', ')}`);
    for (const k of WORKLOAD_KEYS)
      if (typeof w[k] !== 'string' || (k !== 'certChain' && w[k] === ''))
        bad(`inventory.${at_}.${k}`, `${at_}.${k} is required and must be ${k.startsWith('name') || k === 'namespace' ? 'a name' : 'PEM text'}`);
    const key = `${String(w.namespace)}/${String(w.name)}`;
    if (seen.has(key)) bad(`inventory.${at_}`, `${at_}: ${key} is listed twice`);
    seen.add(key);
    try {
      return workloadTrust(w.namespace as string, w.name as string, w.rootCert as string, w.certChain as string, at);
    } catch (e) {
      return bad(`inventory.${at_}`, `${at_}: ${(e as Error).message}`);
    }
  });
}

/** Parses `{namespaces: [..], services: [{namespace, name, ports}], trustDomain, pods: [..], gateways: [..], workloads: [..], cacerts}` from YAML or JSON text. */
export function parseInventory(text: string, file: string): Inventory {
  const d = parseDoc(text, file);
  if (d.namespaces !== undefined && !Array.isArray(d.namespaces)) fail(file, 'namespaces must be a list of names');
  const namespaces = ((d.namespaces ?? []) as unknown[]).map((n, i) => (typeof n === 'string' ? n : fail(file, `namespaces[${i}] must be a string`)));
  if (d.services !== undefined && !Array.isArray(d.services)) fail(file, 'services must be a list');
  const services = ((d.services ?? []) as Record<string, unknown>[]).map((s, i) => {
    if (typeof s?.namespace !== 'string' || typeof s?.name !== 'string') fail(file, `services[${i}] needs namespace and name`);
    const ports = Array.isArray(s.ports) ? (s.ports as Record<string, unknown>[]) : [];
    return {
      namespace: s.namespace,
      name: s.name,
      ports: ports.map((p) => ({
        name: typeof p.name === 'string' ? p.name : '',
        port: typeof p.port === 'number' ? p.port : 0,
        protocol: typeof p.protocol === 'string' ? p.protocol : '',
      })),
    };
  });
  // A service (or a pod, or a gateway) implies its namespace exists.
  const pods = parseInventoryPods(text, file);
  const gateways = parseInventoryGateways(d, file);
  const workloadTrust = parseInventoryWorkloads(d, file);
  const all = [
    ...new Set([
      ...namespaces,
      ...services.map((s) => s.namespace),
      ...pods.map((p) => p.namespace),
      ...gateways.map((g) => g.namespace),
      ...workloadTrust.map((w) => w.namespace),
    ]),
  ].sort();
  // istiod's trust domain (meshConfig.trustDomain) as the file's author knows it; empty = unknown.
  if (d.trustDomain !== undefined && typeof d.trustDomain !== 'string') fail(file, 'trustDomain must be a string, e.g. cluster.local');
  const inv = {
    namespaces: all,
    services,
    trustDomain: typeof d.trustDomain === 'string' ? d.trustDomain : '',
    workloadTrust,
    workloadTrustReported: d.workloads !== undefined,
    gateways,
  };
  // issue #16: the cacerts a cluster that brings its own CA holds (certificates only).
  return d.cacerts === undefined ? inv : { ...inv, ca: cacertsFromInventory(d.cacerts, file) };
}

/** `--inventory file:PATH`: the inventory from a file, re-read when it changes. */
export class FileInventory implements InventorySource {
  constructor(readonly file: string) {}

  async read(): Promise<Inventory> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      fail(this.file, (e as Error).message);
    }
    return parseInventory(text, this.file);
  }

  async pods(): Promise<InventoryPod[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      fail(this.file, (e as Error).message);
    }
    return parseInventoryPods(text, this.file);
  }

  watch(fn: () => void): () => void {
    const listener = (): void => fn();
    watchFile(this.file, { interval: 500 }, listener);
    return () => unwatchFile(this.file, listener);
  }
}
