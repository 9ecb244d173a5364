import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from 'jose';
import { ClusterErrors, CoreErrors, MeshError } from '../../api/index.js';
import type { Reader, WriteTx } from '../../store/index.js';

/** A public key an agent of a cluster may sign with. */
export interface ClusterKey {
  readonly kid: string;
  readonly jwk: JWK;
  readonly createdAt: string;
}

/** Audience of agent tokens, so a token for the REST API cannot open a stream (and vice versa). */
export const AGENT_AUDIENCE = 'meshbridge-agent';
/** Annotation bumped on the Cluster whenever its keys change, so every replica re-checks streams. */
export const CREDENTIALS_ANNOTATION = 'meshbridge.io/credentials-generation';

function secretKey(clusterFqn: string): string {
  return `cluster-keys:${clusterFqn}`;
}

/** The cluster FQN a key id names: ids are `<cluster fqn>#<random>`. */
export function clusterOfKid(kid: string): string {
  return kid.split('#')[0];
}

/** Public keys of a cluster (empty when none or revoked). */
export async function listClusterKeys(reader: Reader, clusterFqn: string): Promise<ClusterKey[]> {
  const raw = await reader.getSecret(secretKey(clusterFqn));
  return raw ? (JSON.parse(raw) as ClusterKey[]) : [];
}

async function bumpGeneration(tx: WriteTx, clusterFqn: string): Promise<void> {
  const c = await tx.get(clusterFqn);
  if (!c) throw new MeshError(CoreErrors.NotFound, `cluster ${clusterFqn} does not exist`, { field: 'cluster' });
  const annotations = { ...((c.metadata.annotations as Record<string, string> | undefined) ?? {}) };
  annotations[CREDENTIALS_ANNOTATION] = String(Number(annotations[CREDENTIALS_ANNOTATION] ?? '0') + 1);
  await tx.put(
    { fqn: c.fqn, parent: c.parent, apiVersion: c.apiVersion, kind: c.kind, name: c.name, metadata: { ...c.metadata, annotations }, spec: c.spec },
    c.etag,
  );
}

/**
 * Issues a new ES256 key pair for a cluster inside a write, keeps only its public half, and
 * returns the private JWK once (TSB's cluster service-account JWK). `replace` revokes older keys.
 */
export async function issueClusterKey(tx: WriteTx, clusterFqn: string, opts: { replace?: boolean; bump?: boolean } = {}): Promise<JWK> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${clusterFqn}#${randomBytes(6).toString('hex')}`;
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  const keys = opts.replace ? [] : await listClusterKeys(tx, clusterFqn);
  keys.push({ kid, jwk: pub, createdAt: new Date().toISOString() });
  await tx.putSecret(secretKey(clusterFqn), JSON.stringify(keys));
  if (opts.bump !== false) await bumpGeneration(tx, clusterFqn);
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
}

/** Revokes one key (or all when `kid` is undefined); returns the revoked ids. */
export async function revokeClusterKeys(tx: WriteTx, clusterFqn: string, kid?: string): Promise<string[]> {
  const keys = await listClusterKeys(tx, clusterFqn);
  const gone = keys.filter((k) => kid === undefined || k.kid === kid).map((k) => k.kid);
  if (kid !== undefined && gone.length === 0) {
    throw new MeshError(ClusterErrors.CredentialNotFound, `cluster ${clusterFqn} has no credential ${kid}`, { field: 'kid' });
  }
  await tx.putSecret(secretKey(clusterFqn), JSON.stringify(keys.filter((k) => !gone.includes(k.kid))));
  await bumpGeneration(tx, clusterFqn);
  return gone;
}

/** Removes every key of a deleted cluster. */
export async function dropClusterKeys(tx: WriteTx, clusterFqn: string): Promise<void> {
  await tx.deleteSecret(secretKey(clusterFqn));
}

/** Verifies an agent's bearer token; returns the cluster FQN and key id it was signed with. */
export async function verifyAgentToken(reader: Reader, token: string): Promise<{ clusterFqn: string; kid: string }> {
  let kid: string | undefined;
  let sub: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
    sub = decodeJwt(token).sub;
  } catch {
    throw new MeshError(ClusterErrors.AgentUnauthenticated, 'the agent token is not a JWT');
  }
  if (!kid || !sub || clusterOfKid(kid) !== sub)
    throw new MeshError(ClusterErrors.AgentUnauthenticated, 'the agent token must carry kid <cluster fqn>#<id> and sub <cluster fqn>');
  const key = (await listClusterKeys(reader, sub)).find((k) => k.kid === kid);
  if (!key) throw new MeshError(ClusterErrors.CredentialsRevoked, `credential ${kid} of ${sub} is unknown or revoked`);
  try {
    await jwtVerify(token, await importJWK(key.jwk, 'ES256'), { audience: AGENT_AUDIENCE, maxTokenAge: '10m', clockTolerance: 30 });
  } catch (e) {
    throw new MeshError(ClusterErrors.AgentUnauthenticated, `agent token for ${sub} rejected: ${(e as Error).message}`);
  }
  return { clusterFqn: sub, kid };
}
