// Pure core of `tctl x sa`: reading a service account's private key (JWK or PKCS#8 PEM), signing
// the JWT it authenticates with, and encoding the keys the server hands out once.
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, SignJWT, type JWK } from 'jose';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { parseDuration } from '../../../config/tctl-config.js';
import { UsageError } from '../../../../command/index.js';

/** The server refuses service-account tokens that live longer (src/server/auth MAX_SA_TOKEN_SECONDS). */
export const MAX_TOKEN_SECONDS = 3600;

/** A key as POST /v2/{sa}/keys (or the create response) returns it, private half included. */
export interface IssuedKey {
  readonly id: string;
  readonly algorithm: 'RS256' | 'ES256';
  readonly privateKey: string;
  readonly privateKeyJwk: Record<string, unknown>;
  readonly publicKey?: string;
  readonly defaultToken?: string;
}

/** A private key ready to sign with. */
export interface SigningKey {
  readonly key: KeyObject;
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
}

/** The private key file contents for --key-encoding JWK (default, as TSB) or PEM. */
export function encodeKey(k: IssuedKey, encoding: string): string {
  const e = encoding.toUpperCase();
  if (e === 'JWK') return `${JSON.stringify({ ...k.privateKeyJwk, kid: k.id, alg: k.algorithm })}\n`;
  if (e === 'PEM') return k.privateKey.endsWith('\n') ? k.privateKey : `${k.privateKey}\n`;
  throw new UsageError(`--key-encoding: "${encoding}" is not an encoding; use JWK or PEM`);
}

/** Reads a JWK (JSON) or PKCS#8 PEM private key; the key id is its RFC 7638 thumbprint, as the server's. */
export async function parseSigningKey(text: string, source: string): Promise<SigningKey> {
  let key: KeyObject;
  let declared: string | undefined;
  const bad = (why: string): MeshError => new MeshError(TctlErrors.ServiceAccountKeyInvalid, `${source}: ${why}`, { field: '--key-path' });
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      if (typeof jwk.d !== 'string') throw bad('this JWK has no private part ("d"); it is a public key — use the private key printed when the key was made');
      declared = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } else if (text.includes('-----BEGIN')) {
      if (!text.includes('PRIVATE KEY-----')) throw bad('this PEM is not a private key');
      key = createPrivateKey(text);
    } else {
      throw bad('neither a JWK (JSON) nor a PEM private key');
    }
  } catch (e) {
    if (e instanceof MeshError) throw e;
    throw bad(`not a usable private key (${(e as Error).message})`);
  }
  const alg =
    key.asymmetricKeyType === 'rsa' ? 'RS256' : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
  if (!alg) throw bad(`a ${key.asymmetricKeyType ?? 'unknown'} key; service accounts use RSA (RS256) or EC P-256 (ES256) keys`);
  const kid = await calculateJwkThumbprint(key.export({ format: 'jwk' }) as JWK);
  if (declared !== undefined && declared !== kid) throw bad(`its "kid" ${declared} is not the key's thumbprint ${kid}; the file was edited or mixes two keys`);
  return { key, alg, kid };
}

/** `--expiration` as seconds: a Go-style duration, positive, at most one hour. */
export function parseExpiration(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text, '--expiration');
  } catch {
    throw new UsageError(`--expiration: "${text}" is not a duration; use e.g. 30m or 1h`);
  }
  const s = Math.floor(ms / 1000);
  if (s < 1) throw new UsageError(`--expiration: "${text}" is shorter than one second`);
  if (s > MAX_TOKEN_SECONDS) throw new UsageError(`--expiration: "${text}" is longer than the 1h the server accepts for service-account tokens`);
  return s;
}

/** A JWT the service account signs itself: kid = key id, sub = its FQN, exp = now + seconds. */
export function signToken(k: SigningKey, saFqn: string, seconds: number, now: Date = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT' })
    .setSubject(saFqn)
    .setIssuedAt(iat)
    .setExpirationTime(iat + seconds)
    .sign(k.key);
}
