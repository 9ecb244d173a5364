import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { ClusterErrors, MeshError, checkName } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';

/** A Kubernetes Secret with base64 data, keys sorted (deterministic output). */
function secret(name: string, namespace: string, data: Record<string, string>): Record<string, unknown> {
  const encoded = Object.fromEntries(
    Object.keys(data)
      .sort()
      .map((k) => [k, Buffer.from(data[k]).toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'meshbridge' } },
    type: 'Opaque',
    data: encoded,
  };
}

/** Parses --cluster-service-account (the JWK text) and checks it belongs to --cluster. */
export function parseServiceAccount(text: string, cluster: string): { clusterFqn: string; jwk: Record<string, unknown> } {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new MeshError(ClusterErrors.CredentialsFileInvalid, `--cluster-service-account: not JSON (${(e as Error).message}); pass "$(cat sa.jwk)"`, {
      field: 'cluster-service-account',
    });
  }
  const kid = typeof jwk.kid === 'string' ? jwk.kid : '';
  if (!kid.includes('#') || typeof jwk.d !== 'string') {
    throw new MeshError(
      ClusterErrors.CredentialsFileInvalid,
      '--cluster-service-account: not a cluster private JWK (needs "kid": "<cluster fqn>#<id>" and "d")',
      { field: 'cluster-service-account' },
    );
  }
  const clusterFqn = kid.split('#')[0];
  if (!clusterFqn.endsWith(`/clusters/${cluster}`)) {
    throw new MeshError(ClusterErrors.ClusterMismatch, `--cluster ${cluster}: the service account was issued for ${clusterFqn}`, { field: 'cluster' });
  }
  return { clusterFqn, jwk };
}

/** tctl install manifest control-plane-secrets */
export default defineCommand({
  summary: 'Print the Kubernetes Secrets a cluster agent needs (cluster service account, management-plane CA)',
  usage: '--cluster NAME --cluster-service-account JWK [--management-plane-ca-certificate FILE] [--namespace NS]',
  examples: [
    'tctl install cluster-service-account --cluster c1 > sa.jwk',
    'tctl install manifest control-plane-secrets --cluster c1 --cluster-service-account "$(cat sa.jwk)" --management-plane-ca-certificate ./data/tls/ca.crt | kubectl apply -f -',
  ],
  options: {
    cluster: { type: 'string', value: 'NAME', description: 'the cluster the service account was issued for' },
    'cluster-service-account': { type: 'string', value: 'JWK', description: 'the JWK printed by `tctl install cluster-service-account`' },
    'management-plane-ca-certificate': { type: 'string', value: 'FILE', description: "CA that signed the management plane's certificate (Secret mp-certs)" },
    namespace: { type: 'string', value: 'NS', default: 'istio-system', description: 'namespace of the Secrets' },
  },
  async run(ctx) {
    const cluster = checkName(ctx.options.cluster, 'cluster');
    const sa = ctx.options['cluster-service-account'];
    if (typeof sa !== 'string' || sa === '')
      throw new MeshError(ClusterErrors.CredentialsFileInvalid, '--cluster-service-account is required: pass "$(cat sa.jwk)"', {
        field: 'cluster-service-account',
      });
    const { clusterFqn, jwk } = parseServiceAccount(sa, cluster);
    const namespace = checkName(ctx.options.namespace ?? 'istio-system', 'namespace');
    const docs = [secret('cluster-service-account', namespace, { clusterFQN: clusterFqn, jwk: JSON.stringify(jwk) })];
    const caFile = ctx.options['management-plane-ca-certificate'];
    if (typeof caFile === 'string') {
      const pem = await readFile(caFile, 'utf8').catch((e: Error) => {
        throw new MeshError(ClusterErrors.AgentConfigInvalid, `--management-plane-ca-certificate ${caFile}: ${e.message}`, {
          field: 'management-plane-ca-certificate',
        });
      });
      if (!pem.includes('-----BEGIN CERTIFICATE-----'))
        throw new MeshError(ClusterErrors.AgentConfigInvalid, `--management-plane-ca-certificate ${caFile}: no PEM certificate in it`, {
          field: 'management-plane-ca-certificate',
        });
      docs.push(secret('mp-certs', namespace, { 'ca.crt': pem }));
    }
    ctx.io.stdout.write(docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
  },
});
