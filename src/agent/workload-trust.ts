// What one workload's sidecar trusts and presents, as the agent reports it (issue #16): the
// fingerprints of every root in its ROOTCA bundle, of its certificate chain (leaf first), and which
// bundle root that chain verifies to with the same path validation `openssl verify` does.
import { createHash } from 'node:crypto';
import { FleetTrustErrors, MeshError } from '../api/index.js';
import { parseCertificate, readCertificates, verifyChain, type CertInfo } from '../pki/index.js';
import type { WorkloadTrust } from '../gen/agent-types.js';

const sha256 = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

function certs(pem: string, label: string): CertInfo[] {
  if (pem.trim() === '') return [];
  return readCertificates(pem, label).ders.map((d, i) => parseCertificate(d, `${label} certificate ${i + 1}`));
}

/**
 * The report of one workload from its ROOTCA bundle and its chain (PEM texts). The chain's root is
 * the first bundle root the leaf verifies to through the rest of the chain at `at` (signatures,
 * validity periods, CA constraints); '' when none does or the chain is empty. Throws MB4940 naming
 * the workload and the PEM that cannot be read.
 */
export function workloadTrust(namespace: string, name: string, rootPem: string, chainPem: string, at = new Date()): WorkloadTrust {
  const who = `${namespace}/${name}`;
  let roots: CertInfo[];
  let chain: CertInfo[];
  try {
    roots = certs(rootPem, `${who} rootCert`);
    chain = certs(chainPem, `${who} certChain`);
  } catch (e) {
    throw new MeshError(FleetTrustErrors.WorkloadTrustInvalid, (e as Error).message, { field: 'workloads', cause: e });
  }
  let chainRoot = '';
  if (chain.length > 0) {
    for (const r of roots) {
      if (verifyChain({ leaf: chain[0], untrusted: chain.slice(1), trusted: [r], at }).ok) {
        chainRoot = sha256(r.der);
        break;
      }
    }
  }
  return {
    namespace,
    name,
    rootSha256: roots.map((r) => sha256(r.der)),
    chainSha256: chain.map((c) => sha256(c.der)),
    chainRootSha256: chainRoot,
    leafNotAfterMs: chain.length ? chain[0].notAfter.getTime() : 0,
    error: '',
  };
}
