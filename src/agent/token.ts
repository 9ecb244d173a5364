import { SignJWT, importJWK, type JWK } from 'jose';
import type { ClusterCredentials } from './credentials-file.js';

/** Audience the server expects on agent tokens. */
export const AGENT_AUDIENCE = 'meshbridge-agent';

/** Signs a short-lived token (5 minutes) for one stream connection. */
export async function signAgentToken(creds: ClusterCredentials): Promise<string> {
  const key = await importJWK(creds.jwk as unknown as JWK, 'ES256');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: creds.jwk.kid })
    .setSubject(creds.clusterFqn)
    .setAudience(AGENT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}
