import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { parse } from 'yaml';
import { ClusterErrors, MeshError } from '../../api/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import type { InventorySource } from './inventory.js';
import { cacertsFromInventory } from '../ca-report.js';

function fail(file: string, msg: string): never {
  throw new MeshError(ClusterErrors.InventoryInvalid, `${file}: ${msg}`, { field: 'inventory' });
}

/** Parses `{namespaces: [..], services: [{namespace, name, ports}], cacerts?: {ca-cert.pem, cert-chain.pem, root-cert.pem}}` from YAML or JSON text. */
export function parseInventory(text: string, file: string): Inventory {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    fail(file, (e as Error).message);
  }
  const d = (doc ?? {}) as Record<string, unknown>;
  if (d.namespaces !== undefined && !Array.isArray(d.namespaces)) fail(file, 'namespaces must be a list of names');
  const namespaces = ((d.namespaces ?? []) as unknown[]).map((n, i) => (typeof n === 'string' ? n : fail(file, `namespaces[${i}] must be a string`)));
  if (d.services !== undefined && !Array.isArray(d.services)) fail(file, 'services must be a list');
  const services = ((d.services ?? []) as Record<string, unknown>[]).map((s, i) => {
    if (typeof s?.namespace !== 'string' || typeof s?.name !== 'string') fail(file, `services[${i}] needs namespace and name`);
    const ports = Array.isArray(s.ports) ? (s.ports as Record<string, unknown>[]) : [];
    return {
      namespace: s.namespace,
      name: s.name,
      ports: ports.map((p) => ({ name: typeof p.name === 'string' ? p.name : '', port: typeof p.port === 'number' ? p.port : 0, protocol: typeof p.protocol === 'string' ? p.protocol : '' })),
    };
  });
  // A service implies its namespace exists.
  const all = [...new Set([...namespaces, ...services.map((s) => s.namespace)])].sort();
  // issue #16: the cacerts a cluster that brings its own CA holds (certificates only).
  return d.cacerts === undefined ? { namespaces: all, services } : { namespaces: all, services, ca: cacertsFromInventory(d.cacerts, file) };
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

  watch(fn: () => void): () => void {
    const listener = (): void => fn();
    watchFile(this.file, { interval: 500 }, listener);
    return () => unwatchFile(this.file, listener);
  }
}
