import { MeshError, PkiErrors } from '../../../../api/index.js';
import type { CaKeyType } from '../../../../pki/index.js';
import type { Options } from '../../../../command/index.js';
import type { Io } from '../../../../command/index.js';

/** Options every `tctl x ca` creation command accepts. */
export const CA_OPTIONS = {
  'out-dir': { type: 'string', value: 'DIR', description: 'where to write the files (default: current directory)' },
  'key-type': { type: 'string', value: 'rsa|ec', description: "rsa (4096 bits, Istio's recipe; default) or ec (P-256, fast)" },
  days: { type: 'string', value: 'N', description: 'validity in days' },
  force: { type: 'boolean', description: 'overwrite existing files' },
} as const satisfies Options;

/** Validated --key-type. */
export function keyType(v: unknown): CaKeyType {
  if (v === undefined || v === 'rsa') return 'rsa';
  if (v === 'ec') return 'ec';
  throw new MeshError(PkiErrors.InvalidCaRequest, `--key-type "${String(v)}": use rsa or ec`, { field: '--key-type' });
}

/** Validated --days. */
export function days(v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 36500)
    throw new MeshError(PkiErrors.InvalidCaRequest, `--days "${String(v)}": use a whole number of days between 1 and 36500`, { field: '--days' });
  return n;
}

/** Progress on a TTY only: key generation can take seconds. */
export function progress(io: Io, text: string): void {
  if (io.stderr.isTTY) io.stderr.write(`${text}\n`);
}

/**
 * Files holding private key material are written readable by the owner only: the keys themselves
 * and the cacerts Secret manifest, which carries ca-key.pem base64-encoded.
 */
export const keyMode = (path: string): number => (path.endsWith('-key.pem') || path.endsWith('cacerts.yaml') ? 0o600 : 0o644);
