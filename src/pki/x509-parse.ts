// A direct DER reader for the X.509 fields path validation needs. @peculiar/x509 builds
// certificates (issue.ts) but parsing every extension through it costs milliseconds per
// certificate; reading the handful of fields here is ~50x faster and keeps fuzzed input on code
// whose every read is bounds-checked.
import { children, decodeOid, readTlv, DerError, type Tlv } from './der.js';
import { parseNameConstraints, type NameConstraints } from './name-constraints.js';

/** A subjectAltName entry. */
export interface San {
  readonly type: 'dns' | 'uri' | 'ip' | 'email' | 'other';
  readonly value: string;
}

/** Raw fields of one certificate. */
export interface RawCertificate {
  readonly version: number;
  readonly serialHex: string;
  readonly subject: string;
  readonly issuer: string;
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly tbs: Uint8Array;
  readonly sigAlgOid: string;
  readonly signature: Uint8Array;
  readonly extensions: readonly { readonly oid: string; readonly critical: boolean; readonly value: Uint8Array }[];
}

const ATTR: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '2.5.4.9': 'street',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
  '2.5.4.17': 'postalCode',
  '2.5.4.45': 'x500UniqueIdentifier',
};

const sub = (b: Uint8Array, t: Tlv) => b.subarray(t.start, t.end);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found ${t ? `0x${t.tag.toString(16)}` : 'nothing'}`);
  return t;
}

/** Reads the certificate's fields; throws DerError on any structural problem. */
export function parseRawCertificate(der: Uint8Array): RawCertificate {
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new DerError('not a single DER SEQUENCE');
  const [tbsT, algT, sigT] = children(der, outer);
  expect(tbsT, 0x30, 'tbsCertificate');
  expect(algT, 0x30, 'signatureAlgorithm');
  expect(sigT, 0x03, 'signatureValue');
  const f = children(der, tbsT);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = expect(children(der, f[0])[0], 0x02, 'version');
    version = der[v.start] + 1;
    i = 1;
  }
  const serial = sub(der, expect(f[i], 0x02, 'serialNumber'));
  const issuerT = expect(f[i + 2], 0x30, 'issuer');
  const validity = children(der, expect(f[i + 3], 0x30, 'validity'));
  const subjectT = expect(f[i + 4], 0x30, 'subject');
  const spkiT = expect(f[i + 5], 0x30, 'subjectPublicKeyInfo');
  const extensions: RawCertificate['extensions'][number][] = [];
  const extWrap = f.slice(i + 6).find((t) => t.tag === 0xa3);
  if (extWrap) {
    for (const e of children(der, expect(children(der, extWrap)[0], 0x30, 'extensions'))) {
      const parts = children(der, e);
      const oid = decodeOid(sub(der, expect(parts[0], 0x06, 'extnID')));
      const critical = parts[1]?.tag === 0x01 ? der[parts[1].start] !== 0 : false;
      const value = expect(parts[parts.length - 1], 0x04, `extension ${oid} value`);
      extensions.push({ oid, critical, value: sub(der, value) });
    }
  }
  const oidT = expect(children(der, algT)[0], 0x06, 'signature algorithm OID');
  const issuerDer = der.subarray(issuerT.headerStart, issuerT.end);
  const subjectDer = der.subarray(subjectT.headerStart, subjectT.end);
  return {
    version,
    serialHex: hex(serial.length > 1 && serial[0] === 0 ? serial.subarray(1) : serial),
    subject: formatName(subjectDer),
    issuer: formatName(issuerDer),
    subjectDer,
    issuerDer,
    notBefore: readTime(der, expect(validity[0], validity[0]?.tag === 0x18 ? 0x18 : 0x17, 'notBefore')),
    notAfter: readTime(der, expect(validity[1], validity[1]?.tag === 0x18 ? 0x18 : 0x17, 'notAfter')),
    spki: der.subarray(spkiT.headerStart, spkiT.end),
    tbs: der.subarray(tbsT.headerStart, tbsT.end),
    sigAlgOid: decodeOid(sub(der, oidT)),
    signature: der.subarray(sigT.start + 1, sigT.end),
    extensions,
  };
}

function readTime(der: Uint8Array, t: Tlv): Date {
  const s = Buffer.from(sub(der, t)).toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new DerError(`bad time "${s}"`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  if (Number.isNaN(d.getTime())) throw new DerError(`bad time "${s}"`);
  return d;
}

/** RFC 4514-style text in encoding order (the order openssl and @peculiar/x509 print). */
export function formatName(name: Uint8Array): string {
  const seq = readTlv(name, 0);
  return children(name, seq)
    .map((rdn) =>
      children(name, rdn)
        .map((atv) => {
          const [t, v] = children(name, atv);
          if (!t || !v) throw new DerError('malformed AttributeTypeAndValue');
          const oid = decodeOid(sub(name, t));
          const raw = sub(name, v);
          const value =
            v.tag === 0x1e
              ? Buffer.from(raw).swap16().toString('utf16le')
              : v.tag === 0x0c || v.tag === 0x13 || v.tag === 0x16 || v.tag === 0x14
                ? Buffer.from(raw).toString('utf8')
                : `#${hex(raw)}`;
          return `${ATTR[oid] ?? oid}=${value.startsWith('#') && !(v.tag === 0x0c || v.tag === 0x13) ? value : value.replace(/([,+"\\<>;])/g, '\\$1')}`;
        })
        .join('+'),
    )
    .join(', ');
}

/** Decoded extensions of interest. */
export interface ParsedExtensions {
  basicConstraints?: { ca: boolean; pathLen?: number };
  keyUsage?: number;
  extKeyUsage?: string[];
  ski?: string;
  akiKeyId?: string;
  sans: San[];
  nameConstraints?: NameConstraints;
}

/** Decodes basicConstraints, keyUsage, EKU, SKI, AKI, SAN and nameConstraints values. */
export function parseExtensions(exts: RawCertificate['extensions']): ParsedExtensions {
  const out: ParsedExtensions = { sans: [] };
  for (const e of exts) {
    const v = e.value;
    if (e.oid === '2.5.29.19') {
      const parts = children(v, expect(readTlv(v, 0), 0x30, 'basicConstraints'));
      const ca = parts[0]?.tag === 0x01 && v[parts[0].start] !== 0;
      const lenT = parts.find((p) => p.tag === 0x02);
      out.basicConstraints = { ca, ...(lenT ? { pathLen: intValue(sub(v, lenT)) } : {}) };
    } else if (e.oid === '2.5.29.15') {
      const bits = sub(v, expect(readTlv(v, 0), 0x03, 'keyUsage'));
      let flags = 0;
      for (let i = 0; i < 9 && (i >> 3) + 1 < bits.length; i++) if ((bits[(i >> 3) + 1] >> (7 - (i & 7))) & 1) flags |= 1 << i;
      out.keyUsage = flags;
    } else if (e.oid === '2.5.29.37') {
      out.extKeyUsage = children(v, expect(readTlv(v, 0), 0x30, 'extKeyUsage')).map((o) => decodeOid(sub(v, expect(o, 0x06, 'KeyPurposeId'))));
    } else if (e.oid === '2.5.29.14') {
      out.ski = hex(sub(v, expect(readTlv(v, 0), 0x04, 'subjectKeyIdentifier')));
    } else if (e.oid === '2.5.29.35') {
      const k = children(v, expect(readTlv(v, 0), 0x30, 'authorityKeyIdentifier')).find((p) => p.tag === 0x80);
      if (k) out.akiKeyId = hex(sub(v, k));
    } else if (e.oid === '2.5.29.17') {
      out.sans = children(v, expect(readTlv(v, 0), 0x30, 'subjectAltName')).map((g) => generalName(g.tag, sub(v, g)));
    } else if (e.oid === '2.5.29.30') out.nameConstraints = parseNameConstraints(v);
  }
  return out;
}

function intValue(b: Uint8Array): number {
  if (b.length === 0 || b.length > 4 || b[0] & 0x80) throw new DerError('pathLenConstraint out of range');
  return b.reduce((n, x) => n * 256 + x, 0);
}

function generalName(tag: number, b: Uint8Array): San {
  const text = () => Buffer.from(b).toString('latin1');
  if (tag === 0x82) return { type: 'dns', value: text() };
  if (tag === 0x86) return { type: 'uri', value: text() };
  if (tag === 0x81) return { type: 'email', value: text() };
  if (tag === 0x87) {
    if (b.length === 4) return { type: 'ip', value: [...b].join('.') };
    if (b.length === 16) return { type: 'ip', value: (hex(b).match(/.{4}/g) ?? []).map((g) => g.replace(/^0+(?=.)/, '')).join(':') };
    // Not an address (OpenSSL: "unsupported or invalid name syntax" under an IP constraint).
    return { type: 'ip', value: `#${hex(b)}` };
  }
  return { type: 'other', value: `[${tag & 0x1f}]:${hex(b)}` };
}
