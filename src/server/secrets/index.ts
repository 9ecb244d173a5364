import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../../store/index.js';
import { SIGNING_KEY_SECRET, passwordSecret } from '../auth/index.js';
import { ROOT_SECRET, clusterSecret } from '../ca/index.js';
import { loadSecretsKey, resealPlain, sealSecrets, type SecretsKey } from './sealed-store.js';

export { sealSecrets, seal, unseal, isSealed, loadSecretsKey, type SecretsKey } from './sealed-store.js';

/**
 * The store as the server uses it: secrets sealed under the secrets key. With SQLite the key file
 * defaults to `<dataDir>/secrets.key` (created 0600 on first start), so a copy of the database
 * alone holds no key in clear; with PostgreSQL sealing needs `--secrets-key-file` shared by every
 * replica (created when missing, with a warning to copy it), and without it the server warns that
 * the keys sit in the database in clear. Plain crown-jewel secrets from an older release (signing
 * key, mesh root CA, cluster CAs, password hashes) are sealed at start.
 */
export async function openSealedStore(raw: Store, o: { dataDir: string; secretsKeyFile?: string; log: Logger }): Promise<Store> {
  const file = o.secretsKeyFile ?? (raw.backend === 'sqlite' ? join(o.dataDir, 'secrets.key') : undefined);
  let key: SecretsKey | undefined;
  if (file) {
    const loaded = await loadSecretsKey(file, true);
    key = loaded.key;
    if (loaded.created && raw.backend === 'postgres')
      o.log.warn({ secretsKeyFile: file }, `created secrets key ${file}: copy it (mode 0600) to every replica and pass --secrets-key-file`);
  } else {
    o.log.warn(
      {},
      'no --secrets-key-file: the signing key, CA keys and password hashes are stored in PostgreSQL unsealed; anyone who can read the database can mint tokens',
    );
  }
  const sealed = sealSecrets(raw, key);
  if (key) {
    const users = await raw.reader.listByKind('User');
    const clusters = await raw.reader.listByKind('Cluster');
    const names = [SIGNING_KEY_SECRET, ROOT_SECRET, ...users.map((u) => passwordSecret(u.fqn)), ...clusters.map((c) => clusterSecret(c.fqn))];
    const resealed = await resealPlain(raw, sealed, names);
    if (resealed.length > 0) o.log.warn({ resealed: resealed.length }, `sealed ${resealed.length} secret(s) stored in clear by an older release`);
  }
  return sealed;
}
