// What the agent reports of the plug-in CA material its cluster holds (istiod's cacerts):
// the public certificates and their SHA-256 fingerprints, never ca-key.pem.
import { createHash } from 'node:crypto';
import { MeshError, TrustErrors } from '../api/index.js';
import { readCertificates } from '../pki/index.js';
import type { CaReport } from '../gen/agent-types.js';

/** Key of the cacerts Secret in the agent's state and sinks. */
export const CACERTS_KEY = 'istio-system/Secret/cacerts';

/** The public files of cacerts (ca-key.pem is deliberately absent). */
export interface CacertsPublic {
  readonly 'ca-cert.pem': string;
  readonly 'cert-chain.pem': string;
  readonly 'root-cert.pem': string;
}

function fingerprints(pem: string, file: string): string[] {
  if (pem.trim() === '') return [];
  return readCertificates(pem, file).ders.map((d) => createHash('sha256').update(d).digest('hex'));
}

/** Builds the report from the public files; throws MB3901 naming the file that is not PEM. */
export function caReport(files: CacertsPublic, source: string): CaReport {
  try {
    return {
      source,
      caCertSha256: fingerprints(files['ca-cert.pem'], 'ca-cert.pem')[0] ?? '',
      certChainSha256: fingerprints(files['cert-chain.pem'], 'cert-chain.pem'),
      rootCertSha256: fingerprints(files['root-cert.pem'], 'root-cert.pem'),
      caCertPem: files['ca-cert.pem'],
      certChainPem: files['cert-chain.pem'],
      rootCertPem: files['root-cert.pem'],
    };
  } catch (e) {
    throw new MeshError(TrustErrors.CaInventoryInvalid, `cacerts: ${(e as Error).message}`, { field: 'cacerts', cause: e });
  }
}

/** The public files of a `cacerts` Secret object (base64 `data`, as Kubernetes holds it). */
export function cacertsFromSecret(secret: Record<string, unknown>): CacertsPublic {
  const data = (secret.data ?? {}) as Record<string, unknown>;
  const get = (k: string): string => (typeof data[k] === 'string' ? Buffer.from(data[k], 'base64').toString('utf8') : '');
  return { 'ca-cert.pem': get('ca-cert.pem'), 'cert-chain.pem': get('cert-chain.pem'), 'root-cert.pem': get('root-cert.pem') };
}

/**
 * The `cacerts:` entry of a file inventory: a map of PEM texts. A listed ca-key.pem is refused
 * (the agent never reports key material); a file of the list that is missing is empty.
 */
export function cacertsFromInventory(value: unknown, file: string): CaReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MeshError(TrustErrors.CaInventoryInvalid, `${file}: cacerts must be a map of file name to PEM text`, { field: 'cacerts' });
  const v = value as Record<string, unknown>;
  if ('ca-key.pem' in v)
    throw new MeshError(TrustErrors.CaKeyInInventory, `${file}: cacerts lists ca-key.pem; the inventory reports certificates only`, {
      field: 'cacerts.ca-key.pem',
    });
  for (const k of Object.keys(v)) {
    if (!['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem'].includes(k))
      throw new MeshError(TrustErrors.CaInventoryInvalid, `${file}: cacerts.${k} is not one of ca-cert.pem, cert-chain.pem, root-cert.pem`, {
        field: `cacerts.${k}`,
      });
    if (typeof v[k] !== 'string') throw new MeshError(TrustErrors.CaInventoryInvalid, `${file}: cacerts.${k} must be PEM text`, { field: `cacerts.${k}` });
  }
  const s = (k: string): string => (typeof v[k] === 'string' ? v[k] : '');
  try {
    return caReport({ 'ca-cert.pem': s('ca-cert.pem'), 'cert-chain.pem': s('cert-chain.pem'), 'root-cert.pem': s('root-cert.pem') }, 'cluster');
  } catch (e) {
    throw new MeshError(TrustErrors.CaInventoryInvalid, `${file}: ${(e as Error).message}`, { field: 'cacerts', cause: e });
  }
}
