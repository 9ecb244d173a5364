import { MeshError, PkiErrors } from '../api/index.js';
import { parseCertificate, displayName, type CertInfo } from './certificate.js';
import { readCertificates } from './pem.js';
import { verifyChain, type Problem, type Purpose, type VerifyResult } from './verify.js';
import { explain } from './explain.js';

/** What `tctl x certs verify` is given: the chain file (leaf first) and optionally the roots. */
export interface VerifyPemInput {
  readonly chain: string | Uint8Array;
  readonly chainSource?: string;
  /** Roots as PEM/DER, already parsed certificates, or undefined: the chain's last self-signed certificate. */
  readonly roots?: string | Uint8Array | readonly CertInfo[];
  readonly rootsSource?: string;
  readonly at: Date;
  readonly purpose?: Purpose;
  /** openssl -partial_chain: a trusted certificate that is not self-signed may end the path. */
  readonly partialChain?: boolean;
  /** openssl -verify_depth N. */
  readonly maxDepth?: number;
  readonly hostname?: string;
  readonly ip?: readonly number[];
}

/** VerifyResult plus how the inputs were read. */
export interface VerifyPemResult extends VerifyResult {
  readonly leaf: CertInfo;
  /** The rest of the chain file (may be used to build the path, not trusted). */
  readonly untrusted: readonly CertInfo[];
  readonly trusted: readonly CertInfo[];
  /** Where the trust anchors came from: the roots file or the chain's last self-signed certificate. */
  readonly anchorSource: 'roots' | 'chain';
}

/** Reads the chain and roots, reports glued PEM blocks as problems, then verifies the path. */
export function verifyPem(input: VerifyPemInput): VerifyPemResult {
  const chainSource = input.chainSource ?? 'chain';
  const read = readCertificates(input.chain, chainSource);
  const certs = read.ders.map((d, i) => parseCertificate(d, `${chainSource} certificate ${i + 1}`));
  const [leaf, ...untrusted] = certs;
  let trusted: readonly CertInfo[];
  let anchorSource: 'roots' | 'chain' = 'roots';
  const pemProblems: Problem[] = [];
  if (input.roots === undefined) {
    const anchor = [...untrusted].reverse().find((c) => c.selfSigned);
    if (!anchor) {
      throw new MeshError(PkiErrors.NoCertificates, `${chainSource}: no --roots given and the chain has no self-signed root certificate to use as the anchor`, {
        field: '--roots',
        fix: 'Pass the trusted roots with --roots root-cert.pem (for Istio: the ROOTCA bundle from `tctl x certs extract`).',
      });
    }
    trusted = [anchor];
    anchorSource = 'chain';
  } else if (typeof input.roots === 'string' || input.roots instanceof Uint8Array) {
    const rootsSource = input.rootsSource ?? 'roots';
    const r = readCertificates(input.roots, rootsSource);
    trusted = r.ders.map((d, i) => parseCertificate(d, `${rootsSource} certificate ${i + 1}`));
    for (const i of r.glued) pemProblems.push(gluedProblem(i, trusted[i], leaf, untrusted, trusted, input, `${rootsSource}`));
  } else trusted = input.roots;
  for (const i of read.glued) pemProblems.push(gluedProblem(i, certs[i], leaf, untrusted, trusted, input, chainSource));
  const result = verifyChain({
    leaf,
    untrusted,
    trusted,
    at: input.at,
    purpose: input.purpose,
    partialChain: input.partialChain,
    maxDepth: input.maxDepth,
    hostname: input.hostname,
    ip: input.ip,
  });
  const problems = [...pemProblems, ...result.problems];
  return { ...result, ok: problems.length === 0, problems, leaf, untrusted, trusted, anchorSource };
}

function gluedProblem(
  index: number,
  cert: CertInfo,
  leaf: CertInfo,
  untrusted: readonly CertInfo[],
  trusted: readonly CertInfo[],
  input: VerifyPemInput,
  source: string,
): Problem {
  const e = explain({ error: 100, depth: index, cert, chain: [leaf], input: { leaf, untrusted, trusted, at: input.at, purpose: input.purpose } });
  return { error: 100, depth: index, cert, name: displayName(cert), cause: `${source}: ${e.cause}`, fix: e.fix };
}
