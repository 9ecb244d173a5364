import { KU, EKU, type CertInfo } from './certificate.js';

const KU_NAMES: [number, string][] = [
  [KU.digitalSignature, 'digitalSignature'],
  [KU.nonRepudiation, 'nonRepudiation'],
  [KU.keyEncipherment, 'keyEncipherment'],
  [KU.dataEncipherment, 'dataEncipherment'],
  [KU.keyAgreement, 'keyAgreement'],
  [KU.keyCertSign, 'keyCertSign'],
  [KU.cRLSign, 'cRLSign'],
  [128, 'encipherOnly'],
  [256, 'decipherOnly'],
];
const EKU_NAMES: Record<string, string> = {
  [EKU.serverAuth]: 'serverAuth',
  [EKU.clientAuth]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/** The fields `tctl x certs inspect` shows, as a plain object (also the -o json shape). */
export interface CertDescription {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  validAt: boolean;
  sans: string[];
  spiffeId?: string;
  keyType: string;
  subjectKeyId?: string;
  authorityKeyId?: string;
  basicConstraints?: string;
  keyUsage?: string[];
  extKeyUsage?: string[];
  selfSigned: boolean;
  sha256: string;
}

/** Describes a certificate; `at` decides `validAt`. */
export function describeCertificate(c: CertInfo, at: Date): CertDescription {
  const colon = (hex: string) => hex.match(/.{2}/g)?.join(':').toUpperCase() ?? '';
  const bc = c.basicConstraints;
  return {
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serialHex,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    validAt: c.notBefore.getTime() <= at.getTime() && at.getTime() < c.notAfter.getTime(),
    sans: c.sans.map((s) => `${s.type.toUpperCase()}:${s.value}`),
    ...(c.spiffeId ? { spiffeId: c.spiffeId } : {}),
    keyType: c.keyType,
    ...(c.ski ? { subjectKeyId: colon(c.ski) } : {}),
    ...(c.akiKeyId ? { authorityKeyId: colon(c.akiKeyId) } : {}),
    ...(bc ? { basicConstraints: `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLen !== undefined ? `, pathlen:${bc.pathLen}` : ''}` } : {}),
    ...(c.keyUsage !== undefined ? { keyUsage: KU_NAMES.filter(([b]) => (c.keyUsage as number) & b).map(([, n]) => n) } : {}),
    ...(c.extKeyUsage ? { extKeyUsage: c.extKeyUsage.map((o) => EKU_NAMES[o] ?? o) } : {}),
    selfSigned: c.selfSigned,
    sha256: colon(c.fingerprint256),
  };
}
