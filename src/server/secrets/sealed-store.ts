import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { MeshError, SecurityErrors } from '../../api/index.js';
import type { Reader, Store, WriteTx } from '../../store/index.js';

/** Prefix of a sealed secret value: `sealed:v1:<iv>.<tag>.<ciphertext>` (base64url). */
const PREFIX = 'sealed:v1:';

/** A 32-byte AES-256-GCM key that seals secret values before they reach the SQL store. */
export interface SecretsKey {
  readonly key: Buffer;
  readonly file: string;
}

/** True when a stored value is sealed (not plain text from an older release). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals `plain`; the secret's name is bound in as associated data, so a sealed value cannot be moved to another name. */
export function seal(k: SecretsKey, name: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(Buffer.from(name));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
}

/** Opens a value `seal` produced; plain values (written before sealing was on) pass through. */
export function unseal(k: SecretsKey | undefined, name: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const fail = (why: string): MeshError =>
    new MeshError(
      SecurityErrors.SecretsKeyMismatch,
      `secret ${JSON.stringify(name)} is sealed, but ${why}; give this replica the secrets key file the database was sealed with (--secrets-key-file)`,
      { field: 'secrets-key-file' },
    );
  if (!k) throw fail('no secrets key is configured');
  const [iv, tag, ct] = stored.slice(PREFIX.length).split('.');
  try {
    const d = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(name));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  } catch {
    throw fail(`${k.file} does not open it`);
  }
}

/**
 * Reads the secrets key file (64 hex characters), creating it with mode 0600 when missing and
 * `create` is set. Returns whether it was created.
 */
export async function loadSecretsKey(file: string, create: boolean): Promise<{ key: SecretsKey; created: boolean }> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text === undefined) {
    if (!create) throw new MeshError(SecurityErrors.SecretsKeyMismatch, `secrets key file ${file} does not exist`, { field: 'secrets-key-file' });
    const key = randomBytes(32);
    // 'wx': two replicas starting at once on one data dir never overwrite each other's key.
    await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { key: { key, file }, created: true };
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new MeshError(
      SecurityErrors.SecretsKeyMismatch,
      `secrets key file ${file} must hold 64 hexadecimal characters (32 bytes); generate one with: openssl rand -hex 32 > ${file}`,
      { field: 'secrets-key-file' },
    );
  }
  return { key: { key: Buffer.from(hex, 'hex'), file }, created: false };
}

/** Calls methods on the real object (classes with private fields do not work through a prototype). */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop as keyof T];
      const v: unknown = Reflect.get(t, prop, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

function sealedReader<R extends Reader>(r: R, k: SecretsKey | undefined): R {
  return delegate(r, {
    getSecret: async (name: string) => {
      const v = await r.getSecret(name);
      return v === undefined ? undefined : unseal(k, name, v);
    },
  } as Partial<R>);
}

/**
 * `store` with every secret value (signing key, mesh CA keys, password hashes, public keys)
 * sealed with AES-256-GCM under `k` before it is written and opened when read, so a database
 * backup or a PostgreSQL reader does not hold the keys in clear. Without `k`, values are written
 * as they are and a sealed one fails to open with MB1202.
 */
export function sealSecrets(store: Store, k: SecretsKey | undefined): Store {
  const wrapTx = (tx: WriteTx): WriteTx =>
    delegate(sealedReader(tx, k), {
      putSecret: (name: string, value: string) => tx.putSecret(name, k ? seal(k, name, value) : value),
    });
  return delegate(store, {
    reader: sealedReader(store.reader, k),
    write: <T>(actor: string, fn: (tx: WriteTx) => Promise<T>) => store.write(actor, (tx) => fn(wrapTx(tx))),
  });
}

/** Re-writes the named secrets sealed when they are still plain (a database from before sealing); returns the names re-sealed. */
export async function resealPlain(raw: Store, sealed: Store, names: readonly string[]): Promise<string[]> {
  const plain: string[] = [];
  for (const name of names) {
    const v = await raw.reader.getSecret(name);
    if (v !== undefined && !isSealed(v)) plain.push(name);
  }
  if (plain.length === 0) return [];
  await sealed.write('system:secrets', async (tx) => {
    for (const name of plain) {
      const v = await tx.getSecret(name);
      if (v !== undefined) await tx.putSecret(name, v);
    }
  });
  return plain;
}
