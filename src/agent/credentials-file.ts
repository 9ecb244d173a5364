import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { ClusterErrors, MeshError } from '../api/index.js';

/** A cluster service-account private key: the JWK `tctl install cluster-service-account` prints. */
export interface ClusterCredentials {
  readonly clusterFqn: string;
  readonly jwk: Record<string, unknown> & { kid: string };
}

function fromJwk(jwk: unknown, file: string): ClusterCredentials {
  const j = (typeof jwk === 'string' ? JSON.parse(jwk) : jwk) as Record<string, unknown> | null;
  if (!j || typeof j.kid !== 'string' || !j.kid.includes('#') || typeof j.d !== 'string') {
    throw new MeshError(
      ClusterErrors.CredentialsFileInvalid,
      `${file}: not a cluster private JWK (needs "kid": "<cluster fqn>#<id>" and the private part "d")`,
      { field: 'credentials' },
    );
  }
  return { clusterFqn: j.kid.split('#')[0], jwk: j as ClusterCredentials['jwk'] };
}

/**
 * Reads --credentials: the JWK itself, `{clusterFQN, jwk}` (the cluster-service-account secret's
 * keys), or that Secret as YAML with base64 `data`.
 */
export async function readCredentials(file: string): Promise<ClusterCredentials> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new MeshError(ClusterErrors.CredentialsFileInvalid, `--credentials ${file}: ${(e as Error).message}`, { field: 'credentials', cause: e });
  }
  try {
    // `tctl install manifest control-plane-secrets` prints several Secrets: take the service account's.
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
    const doc = docs.find((d) => d?.kind === 'Secret' && (d.metadata as { name?: string } | undefined)?.name === 'cluster-service-account') ?? docs[0] ?? {};
    if (doc.kind === 'Secret') {
      const data = (doc.data ?? {}) as Record<string, string>;
      const strings = (doc.stringData ?? {}) as Record<string, string>;
      const jwk = strings.jwk ?? (data.jwk ? Buffer.from(data.jwk, 'base64').toString('utf8') : undefined);
      return fromJwk(jwk, file);
    }
    return fromJwk(doc.jwk ?? doc, file);
  } catch (e) {
    if (e instanceof MeshError) throw e;
    throw new MeshError(ClusterErrors.CredentialsFileInvalid, `--credentials ${file}: ${(e as Error).message}`, { field: 'credentials', cause: e });
  }
}
