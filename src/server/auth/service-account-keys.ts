import {
  calculateJwkThumbprint,
  decodeJwt,
  errors as joseErrors,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  importJWK,
  jwtVerify,
  type JWK,
  type KeyLike,
} from 'jose';
import { CoreErrors, MeshError } from '../../api/index.js';
import type { Reader, WriteTx } from '../../store/index.js';
import type { KindHook, Principal } from '../contracts.js';

/** Algorithms a service-account key may use. */
export type KeyAlgorithm = 'RS256' | 'ES256';
/** Longest lifetime (exp − iat) accepted for a self-signed service-account token. */
export const MAX_SA_TOKEN_SECONDS = 3600;

/** The public half of a key as kept in the store's secrets. */
export interface ServiceAccountPublicKey {
  readonly id: string;
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: string;
  readonly publicKeyJwk: JWK;
  readonly createdAt: string;
}

/** A key as returned once on creation: the private half is never stored. */
export interface IssuedServiceAccountKey {
  readonly id: string;
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: string;
  /** Encoding of `privateKey` and `publicKey` (TSB's field); the JWK form is always beside it. */
  readonly encoding: 'PEM';
  readonly privateKey: string;
  readonly privateKeyJwk: JWK;
  /** A token signed with the new key, valid MAX_SA_TOKEN_SECONDS, for a first call without tooling. */
  readonly defaultToken: string;
}

const SA_FQN = /^organizations\/([^/]+)\/serviceaccounts\/([^/]+)$/;

/** Secret key of a service account's public keys. */
export function keysSecret(saFqn: string): string {
  return `serviceaccount-keys/${saFqn}`;
}

/** The public keys of a service account (empty when it has none). */
export async function listServiceAccountKeys(reader: Reader, saFqn: string): Promise<ServiceAccountPublicKey[]> {
  const raw = await reader.getSecret(keysSecret(saFqn));
  return raw === undefined ? [] : (JSON.parse(raw) as ServiceAccountPublicKey[]);
}

type KeyPair = { publicKey: KeyLike; privateKey: KeyLike };
const spare = new Map<KeyAlgorithm, Promise<KeyPair>>();

function generate(algorithm: KeyAlgorithm): Promise<KeyPair> {
  return generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) });
}

/**
 * A fresh key pair. RSA generation takes tens of milliseconds and runs inside the create
 * transaction (holding the store's write lock), so one spare pair is prepared after each use.
 */
function takeKeyPair(algorithm: KeyAlgorithm): Promise<KeyPair> {
  const ready = spare.get(algorithm) ?? generate(algorithm);
  const next = generate(algorithm);
  next.catch(() => spare.delete(algorithm));
  spare.set(algorithm, next);
  return ready;
}

/** Generates a key pair, stores its public half on the service account and returns both halves once. */
export async function addServiceAccountKey(tx: WriteTx, saFqn: string, algorithm: KeyAlgorithm = 'RS256'): Promise<IssuedServiceAccountKey> {
  const { publicKey, privateKey } = await takeKeyPair(algorithm);
  const publicKeyJwk = await exportJWK(publicKey);
  // The RFC 7638 thumbprint: stable, derived from the key, so the id itself proves which key it is.
  const id = await calculateJwkThumbprint(publicKeyJwk);
  const pub: ServiceAccountPublicKey = {
    id,
    algorithm,
    publicKey: await exportSPKI(publicKey),
    publicKeyJwk: { ...publicKeyJwk, kid: id, alg: algorithm, use: 'sig' },
    createdAt: new Date().toISOString(),
  };
  const keys = await listServiceAccountKeys(tx, saFqn);
  await tx.putSecret(keysSecret(saFqn), JSON.stringify([...keys, pub]));
  // TSB hands out a ready token with a new key; ours lives as long as any self-signed one may.
  const defaultToken = await new SignJWT({})
    .setProtectedHeader({ alg: algorithm, kid: id, typ: 'JWT' })
    .setSubject(saFqn)
    .setIssuedAt()
    .setExpirationTime(`${MAX_SA_TOKEN_SECONDS}s`)
    .sign(privateKey);
  return {
    id,
    algorithm,
    encoding: 'PEM',
    publicKey: pub.publicKey,
    privateKey: await exportPKCS8(privateKey),
    privateKeyJwk: { ...(await exportJWK(privateKey)), kid: id, alg: algorithm },
    defaultToken,
  };
}

/** Removes one key; tokens signed with it stop working. Throws NotFound naming the key. */
export async function revokeServiceAccountKey(tx: WriteTx, saFqn: string, keyId: string): Promise<void> {
  const keys = await listServiceAccountKeys(tx, saFqn);
  const left = keys.filter((k) => k.id !== keyId);
  if (left.length === keys.length) {
    throw new MeshError(CoreErrors.NotFound, `key ${keyId} of ${saFqn} not found; list the keys with GET /v2/${saFqn}/keys`, {
      details: { fqn: saFqn, keyId },
    });
  }
  await tx.putSecret(keysSecret(saFqn), JSON.stringify(left));
}

/** Rotation: a new key, and every older key revoked in the same transaction. */
export async function rotateServiceAccountKeys(tx: WriteTx, saFqn: string, algorithm: KeyAlgorithm = 'RS256'): Promise<IssuedServiceAccountKey> {
  await tx.putSecret(keysSecret(saFqn), '[]');
  return addServiceAccountKey(tx, saFqn, algorithm);
}

/** ServiceAccount create → one key pair, the private half in the create response only; delete → keys gone. */
export function serviceAccountHook(): KindHook {
  return {
    kind: 'ServiceAccount',
    async afterCreate(tx, res) {
      // RS256 as TSB; ES256 keys can be added through POST /v2/{sa}/keys.
      return { serviceAccount: { keys: [await addServiceAccountKey(tx, res.fqn, 'RS256')] } };
    },
    async afterDelete(tx, fqn) {
      await tx.deleteSecret(keysSecret(fqn));
    },
  };
}

function unauthenticated(message: string, cause?: unknown): MeshError {
  return new MeshError(CoreErrors.Unauthenticated, message, {
    cause,
    fix: 'Sign a fresh token with a current key of the service account: kid = key id, sub = its FQN, exp at most 1 h ahead.',
  });
}

/**
 * Authenticates a service account's self-signed JWT: `kid` names one of its stored keys, `sub` is
 * its FQN, `exp` is required and at most MAX_SA_TOKEN_SECONDS after `iat` (or now).
 */
export async function verifyServiceAccountToken(
  reader: Reader,
  token: string,
  kid: string | undefined,
  importKey: (k: ServiceAccountPublicKey) => Promise<KeyLike | Uint8Array>,
): Promise<Principal> {
  let sub: unknown;
  try {
    sub = decodeJwt(token).sub;
  } catch (e) {
    throw unauthenticated('the bearer token is not a JWT', e);
  }
  const m = typeof sub === 'string' ? SA_FQN.exec(sub) : null;
  if (!m || kid === undefined)
    throw unauthenticated(
      'the bearer token was not issued by this server, and is not a service-account token (kid = key id, sub = organizations/<o>/serviceaccounts/<name>)',
    );
  const saFqn = sub as string;
  const key = (await listServiceAccountKeys(reader, saFqn)).find((k) => k.id === kid);
  if (!key || (await reader.get(saFqn))?.kind !== 'ServiceAccount') throw unauthenticated(`no key ${kid} is registered for ${saFqn}`);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await importKey(key), { algorithms: [key.algorithm], subject: saFqn, clockTolerance: 30, requiredClaims: ['exp'] }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new MeshError(CoreErrors.TokenExpired, `the token of ${saFqn} expired; sign a new one`, { cause: e });
    throw unauthenticated(`the token of ${saFqn} does not verify with key ${kid} (${(e as Error).message})`, e);
  }
  // A future iat must not stretch the window: measure from whichever is earlier, iat or now.
  const now = Math.floor(Date.now() / 1000);
  const start = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if ((payload.exp as number) - start > MAX_SA_TOKEN_SECONDS) {
    throw unauthenticated(
      `the token of ${saFqn} lives ${(payload.exp as number) - start} s; service-account tokens may live at most ${MAX_SA_TOKEN_SECONDS} s`,
    );
  }
  return { subject: saFqn, kind: 'serviceaccount', organization: m[1], username: m[2] };
}

/** Imports a stored public key for verification. */
export function importPublicKey(k: ServiceAccountPublicKey): Promise<KeyLike | Uint8Array> {
  return importJWK(k.publicKeyJwk, k.algorithm);
}
