import { MeshError, PkiErrors } from '../api/index.js';

/** One PEM block: its label, decoded bytes, position in the input and whether it was glued on. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
  /** 0-based index among the blocks of the input. */
  readonly index: number;
  /** 1-based line of the BEGIN marker. */
  readonly line: number;
  /** True when this block's BEGIN sits on the same line as the previous END (no newline between). */
  readonly glued: boolean;
}

const BEGIN = /-----BEGIN ([A-Z0-9 #]+)-----/g;
const B64 = /^[A-Za-z0-9+/=\s]*$/;

/** Splits PEM text into blocks; malformed blocks throw a MeshError naming the source, block and line. */
export function parsePemBlocks(text: string, source: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  while ((m = BEGIN.exec(text)) !== null) {
    const label = m[1];
    const line = lineOf(text, m.index);
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, m.index + m[0].length);
    const nextBegin = text.indexOf('-----BEGIN ', m.index + m[0].length);
    if (endAt < 0 || (nextBegin >= 0 && nextBegin < endAt)) {
      throw new MeshError(
        PkiErrors.PemInvalid,
        `${source}: PEM block ${blocks.length + 1} ("BEGIN ${label}" at line ${line}) has no matching "${endMarker}" line`,
        { field: source },
      );
    }
    const body = text.slice(m.index + m[0].length, endAt);
    if (!B64.test(body)) {
      throw new MeshError(PkiErrors.PemInvalid, `${source}: PEM block ${blocks.length + 1} (line ${line}) holds characters that are not base64`, {
        field: source,
      });
    }
    const compact = body.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || /=[^=]/.test(compact)) {
      throw new MeshError(
        PkiErrors.PemInvalid,
        `${source}: PEM block ${blocks.length + 1} (line ${line}) is truncated: its base64 length is not a multiple of 4`,
        { field: source },
      );
    }
    const glued = lastEnd >= 0 && !text.slice(lastEnd, m.index).includes('\n');
    blocks.push({ label, der: new Uint8Array(Buffer.from(compact, 'base64')), index: blocks.length, line, glued });
    lastEnd = endAt + endMarker.length;
    BEGIN.lastIndex = lastEnd;
  }
  return blocks;
}

/** Certificates of a PEM bundle or a single DER certificate, plus which blocks were glued on. */
export interface CertificateInput {
  readonly ders: readonly Uint8Array[];
  /** Indices (among certificates) of blocks whose BEGIN line followed an END without a newline. */
  readonly glued: readonly number[];
}

/** Reads certificates from PEM text or DER bytes; anything else is a MeshError that says what it saw. */
export function readCertificates(input: Uint8Array | string, source: string): CertificateInput {
  if (typeof input !== 'string' && input.length > 0 && input[0] === 0x30 && !looksLikeText(input)) {
    return { ders: [input], glued: [] };
  }
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  const blocks = parsePemBlocks(text, source).filter((b) => b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE');
  if (blocks.length === 0) {
    if (text.trim() === '') throw new MeshError(PkiErrors.NoCertificates, `${source}: the input is empty`, { field: source });
    throw new MeshError(PkiErrors.NoCertificates, `${source}: no "-----BEGIN CERTIFICATE-----" block found`, { field: source });
  }
  return { ders: blocks.map((b) => b.der), glued: blocks.map((b, i) => (b.glued ? i : -1)).filter((i) => i >= 0) };
}

/** Encodes DER bytes as one PEM block with 64-character lines. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function looksLikeText(b: Uint8Array): boolean {
  return Buffer.from(b.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}
