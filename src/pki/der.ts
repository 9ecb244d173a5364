// Minimal DER reader/writer: enough to find a certificate's exact to-be-signed bytes, read
// name constraints and canonicalise names, and to encode the few structures @peculiar/x509 has
// no class for. Every read is bounds-checked because fuzzed input reaches it.

/** One decoded TLV: tag byte, where its content starts and ends, and where the whole TLV ends. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
  readonly headerStart: number;
}

/** Thrown for malformed DER; callers turn it into a MeshError naming the input. */
export class DerError extends Error {}

/** Reads the TLV at `offset`; rejects indefinite lengths, multi-byte tags and overruns. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated DER at byte ${offset}`);
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at byte ${offset}`);
  let len = buf[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError(`unsupported length encoding at byte ${offset}`);
    if (pos + n > limit) throw new DerError(`truncated length at byte ${offset}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    pos += n;
  }
  if (pos + len > limit) throw new DerError(`length ${len} at byte ${offset} runs past the end`);
  return { tag, start: pos, end: pos + len, headerStart: offset };
}

/** The TLVs directly inside a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.start;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** Decodes an OBJECT IDENTIFIER's content bytes to dotted form. */
export function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new DerError('empty OID');
  const parts: number[] = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join('.');
}

/** Encodes one TLV with a definite length. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else if (n < 0x100) head = [tag, 0x81, n];
  else if (n < 0x10000) head = [tag, 0x82, n >> 8, n & 0xff];
  else head = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(content, head.length);
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The raw pieces of an X.509 certificate: exact TBS bytes, signature algorithm and value, names. */
export interface CertificateParts {
  readonly tbs: Uint8Array;
  readonly sigAlgOid: string;
  readonly signature: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
}

/** Splits a certificate into its signed bytes and signature without trusting any length. */
export function certificateParts(der: Uint8Array): CertificateParts {
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new DerError('not a single DER SEQUENCE');
  const [tbsT, algT, sigT] = children(der, outer);
  if (!tbsT || !algT || !sigT || tbsT.tag !== 0x30 || algT.tag !== 0x30 || sigT.tag !== 0x03)
    throw new DerError('certificate is not SEQUENCE { tbs, algorithm, signature }');
  const oidT = children(der, algT)[0];
  if (!oidT || oidT.tag !== 0x06) throw new DerError('signature algorithm has no OID');
  const f = children(der, tbsT);
  const base = f[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = f[base + 2];
  const subject = f[base + 4];
  if (!issuer || !subject || issuer.tag !== 0x30 || subject.tag !== 0x30) throw new DerError('TBSCertificate has no issuer/subject names');
  return {
    tbs: der.subarray(tbsT.headerStart, tbsT.end),
    sigAlgOid: decodeOid(der.subarray(oidT.start, oidT.end)),
    signature: der.subarray(sigT.start + 1, sigT.end),
    issuerDer: der.subarray(issuer.headerStart, issuer.end),
    subjectDer: der.subarray(subject.headerStart, subject.end),
  };
}

/**
 * A comparable form of a Name, close to OpenSSL's X509_NAME_cmp canonical encoding: attribute
 * types in order, string values case-folded with runs of whitespace collapsed.
 */
export function canonicalName(name: Uint8Array): string {
  return canonicalRdns(name).join(',');
}

/** The canonical form of each RDN of a Name, in order (what OpenSSL's directoryName constraints compare as a prefix). */
export function canonicalRdns(name: Uint8Array): string[] {
  const seq = readTlv(name, 0);
  const out: string[] = [];
  for (const rdn of children(name, seq)) {
    const atvs = children(name, rdn).map((atv) => {
      const [t, v] = children(name, atv);
      if (!t || !v) throw new DerError('malformed AttributeTypeAndValue');
      const value = Buffer.from(name.subarray(v.start, v.end)).toString(v.tag === 0x1e ? 'utf16le' : 'utf8');
      return `${decodeOid(name.subarray(t.start, t.end))}=${value.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    });
    out.push(atvs.sort().join('+'));
  }
  return out;
}
