import { CoreErrors, MeshError, checkName, isMeshError } from '../../../api/index.js';
import { fqnPath } from '../../../client/index.js';
import { defineCommand } from '../../tctl-command.js';
import { formatJson } from '../../../command/index.js';
import { withSession, type Session } from '../../session/session.js';

interface Issued {
  clusterFqn: string;
  keyId: string;
  jwk: Record<string, unknown>;
}

function orgOf(s: Session): string {
  const org = s.org?.value;
  if (!org)
    throw new MeshError(CoreErrors.InvalidInput, 'no organization: pass --org or set one on the profile user', {
      field: 'org',
      fix: `tctl config users set ${s.userName ?? '<user>'} --org <org>   (or pass --org <org>)`,
    });
  return org;
}

async function createCluster(s: Session, org: string, name: string): Promise<Issued> {
  const created = (await s.client.create(`organizations/${org}`, 'clusters', {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Cluster',
    metadata: { name, organization: org },
    spec: {},
  })) as { credentials?: Issued };
  if (!created.credentials)
    throw new MeshError(CoreErrors.Internal, `the server created ${name} but returned no credentials (is cluster distribution enabled on it?)`);
  return created.credentials;
}

/** tctl install cluster-service-account */
export default defineCommand({
  summary: 'Issue (or rotate, or revoke) the service-account key a cluster agent authenticates with; prints the private JWK',
  usage: '--cluster NAME [--create-cluster] [--rotate | --revoke [--key-id ID]]',
  description:
    'The private key is shown once and never stored by the server. Feed it to `tctl install manifest control-plane-secrets` or to `meshbridge agent --credentials`.',
  examples: [
    'tctl install cluster-service-account --cluster c1 > c1.jwk',
    'tctl install cluster-service-account --cluster c1 --create-cluster > c1.jwk',
    'tctl install cluster-service-account --cluster c1 --rotate > c1.jwk   # older keys stop working at once',
    'tctl install cluster-service-account --cluster c1 --revoke            # cut every agent of c1 off',
  ],
  options: {
    cluster: { type: 'string', value: 'NAME', description: 'the cluster (created first with --create-cluster)' },
    'create-cluster': { type: 'boolean', description: 'create the Cluster when it does not exist yet' },
    rotate: { type: 'boolean', description: 'issue a new key and revoke all older ones in the same write' },
    revoke: { type: 'boolean', description: 'revoke keys instead of issuing one (all, or the one named by --key-id)' },
    'key-id': { type: 'string', value: 'ID', description: 'with --revoke: the key id (the part after # in the JWK kid)' },
  },
  async run(ctx) {
    const name = checkName(ctx.options.cluster, 'cluster');
    await withSession(ctx, async (s) => {
      const org = orgOf(s);
      const fqn = `organizations/${org}/clusters/${name}`;
      if (ctx.options.revoke === true) {
        const id = typeof ctx.options['key-id'] === 'string' ? `/${encodeURIComponent(ctx.options['key-id'])}` : '';
        const out = await s.client.request<{ revoked: string[] }>('DELETE', `${fqnPath(fqn, '/credentials')}${id}`);
        ctx.io.stdout.write(out.revoked.map((k) => `revoked ${k}\n`).join('') || 'nothing to revoke\n');
        return;
      }
      let issued: Issued;
      try {
        issued = await s.client.request<Issued>('POST', `${fqnPath(fqn, '/credentials')}${ctx.options.rotate === true ? '?rotate=true' : ''}`, {});
      } catch (e) {
        if (!(isMeshError(e, CoreErrors.NotFound) && ctx.options['create-cluster'] === true)) {
          if (isMeshError(e, CoreErrors.NotFound))
            throw new MeshError(CoreErrors.NotFound, `cluster ${fqn} does not exist`, {
              fix: `Create it first (tctl apply -f cluster.yaml) or add --create-cluster`,
            });
          throw e;
        }
        issued = await createCluster(s, org, name);
      }
      ctx.io.stdout.write(formatJson(issued.jwk));
    });
  },
});
