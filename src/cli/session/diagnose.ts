import { ConnectionError } from '../../client/index.js';
import { CoreErrors, isMeshError, MeshError, TctlErrors, TsbUserErrors } from '../../api/index.js';
import type { ResolvedProfile } from './profile.js';

const PERMISSIONS = /\b(READ|WRITE|CREATE|DELETE|SET_POLICY|GET_POLICY)\b/;

/**
 * Turns a low-level failure into an error that says what went wrong, with which profile, cluster
 * and address, and the exact command that fixes it. Other errors pass through unchanged.
 */
export function diagnose(e: unknown, p: ResolvedProfile): unknown {
  if (e instanceof ConnectionError) return connectionError(e, p);
  if (isMeshError(e, CoreErrors.TokenExpired)) {
    return new MeshError(
      TctlErrors.SessionExpired,
      `the access token of user "${p.userName}" (profile "${p.profileName}") expired and there is no refresh token to renew it`,
      {
        fix: loginFix(p),
        cause: e,
      },
    );
  }
  if (isMeshError(e, TctlErrors.SessionExpired))
    return new MeshError(TctlErrors.SessionExpired, `${e.message} (user "${p.userName}", profile "${p.profileName}")`, { fix: loginFix(p), cause: e });
  if (isMeshError(e, CoreErrors.Unauthenticated)) {
    const how = p.user?.token ? 'token' : p.user?.password !== undefined ? 'username/password' : 'no credentials';
    return new MeshError(
      TctlErrors.NotAuthenticated,
      `${p.cluster.bridgeAddress} rejected the ${how} of user "${p.userName}" (profile "${p.profileName}"): ${e.message}`,
      {
        fix: loginFix(p),
        cause: e,
      },
    );
  }
  if (isMeshError(e, CoreErrors.Forbidden)) {
    const perm = typeof e.details?.permission === 'string' ? e.details.permission : PERMISSIONS.exec(e.message)?.[1];
    const fqn = typeof e.details?.fqn === 'string' ? e.details.fqn : /organizations\/[^\s"'`,;)]+/.exec(e.message)?.[0];
    const who = p.user?.username ? `${p.user.username} (user entry "${p.userName}")` : `user entry "${p.userName}"`;
    return new MeshError(TctlErrors.PermissionDenied, `${who} lacks ${perm ?? 'a permission'} on ${fqn ?? 'the resource'}: ${e.message}`, {
      fix: `Ask an admin of ${fqn ?? 'the resource'} or one of its ancestors to grant a role with ${perm ?? 'the permission'} (e.g. rbac/${roleFor(perm)}): ${grantHint(fqn)}`,
      details: { permission: perm, fqn },
      cause: e,
    });
  }
  return e;
}

function roleFor(perm: string | undefined): string {
  if (perm === 'READ') return 'reader';
  if (perm === 'CREATE') return 'creator';
  return perm === 'SET_POLICY' || perm === 'GET_POLICY' || perm === 'DELETE' ? 'admin' : 'editor';
}

const BINDINGS_SHORT: Record<string, string> = {
  organizations: 'oab',
  tenants: 'tnab',
  workspaces: 'wab',
  gatewaygroups: 'gab',
  trafficgroups: 'tab',
  securitygroups: 'sab',
  istiointernalgroups: 'iab',
};

/** The tctl commands an admin runs to add a binding on `fqn` (your subject: `tctl whoami`). */
function grantHint(fqn: string | undefined): string {
  if (!fqn) return 'they add you to the access bindings of the object (tctl get <kind>ab <name> -o yaml, edit, tctl apply -f).';
  const parts = fqn.split('/');
  const short = parts.length % 2 === 0 ? BINDINGS_SHORT[parts[parts.length - 2]] : undefined;
  const flags: Record<string, string> = { organizations: '--org', tenants: '--tenant', workspaces: '-w' };
  const scope = parts
    .slice(0, -2)
    .map((p, i, a) => (i % 2 === 0 && flags[p] ? `${flags[p]} ${a[i + 1]}` : ''))
    .filter(Boolean)
    .join(' ');
  const get = short ? `tctl get ${short} ${parts[parts.length - 1]}${scope ? ` ${scope}` : ''}` : `tctl get ab ${fqn}`;
  return `${get} -o yaml > bindings.yaml, add {role, subjects: [{user: <your subject from tctl whoami>}]} under spec.allow, then tctl apply -f bindings.yaml.`;
}

function loginFix(p: ResolvedProfile): string {
  const org = p.org ? ` --org ${p.org.value}` : '';
  const user = p.user?.username ? ` --username ${p.user.username}` : '';
  return `Log in again: tctl -p ${p.profileName} login${org}${user}`;
}

function connectionError(e: ConnectionError, p: ResolvedProfile): MeshError {
  const where = `cluster "${p.clusterName}" (profile "${p.profileName}", bridge address ${e.address})`;
  const set = `tctl config clusters set ${p.clusterName}`;
  const host = e.address
    .replace(/^https?:\/\//, '')
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '');
  const o = { cause: e, details: { nodeCode: e.nodeCode } };
  switch (e.reason) {
    case 'dns':
      return new MeshError(TctlErrors.DnsFailure, `cannot resolve host name "${host}" of ${where}: ${e.nodeCode ?? e.message}`, {
        ...o,
        fix: `Check the spelling and your DNS (getent hosts ${host}); fix the address with: ${set} --bridge-address <host:port>`,
      });
    case 'refused':
      return new MeshError(TctlErrors.ConnectionRefused, `connection refused by ${e.address} for ${where}: nothing listens on that port`, {
        ...o,
        fix: `Start the management plane there (meshbridge server --listen ${e.address} ...) or correct the address: ${set} --bridge-address <host:port>`,
      });
    case 'timeout':
    case 'unreachable':
      return new MeshError(TctlErrors.ConnectionTimeout, `${e.reason === 'timeout' ? 'no answer' : 'network unreachable'} from ${where}: ${e.message}`, {
        ...o,
        fix: `Check that ${e.address} is the management plane and that no firewall drops the traffic (curl -kv https://${e.address}/v2/version); for a slow link raise the limit: ${set} --timeout 60s`,
      });
    case 'tls-unknown-ca':
      return new MeshError(
        TctlErrors.TlsUnknownCa,
        `the certificate of ${e.address} is signed by a CA tctl does not trust (${e.nodeCode}); ${p.cluster.tlsCustomCaFile ? `the ${where} trusts only ${p.cluster.tlsCustomCaFile}, which did not sign it` : `${where} has no tls-custom-ca-file`}`,
        {
          ...o,
          fix: `Trust the server's CA: ${set} --tls-custom-ca-file <path of the server's CA, e.g. ./data/tls/ca.crt>`,
        },
      );
    case 'tls-hostname': {
      const names = /altnames: (.*)$/.exec(e.message)?.[1];
      return new MeshError(
        TctlErrors.TlsHostnameMismatch,
        `the certificate of ${e.address} does not name "${host}" (${where})${names ? `; it names ${names}` : ''}`,
        {
          ...o,
          fix: `Use a host name the certificate names: ${set} --bridge-address <one of the names>:<port>, or reissue the server certificate with "${host}" in its subject alternative names`,
        },
      );
    }
    case 'tls-alpn': {
      // The agent listener speaks only gRPC (HTTP/2) and refuses tctl's HTTP/1.1 in the TLS handshake.
      const port = /:(\d+)$/.exec(e.address)?.[1];
      const api = `${e.address.replace(/:\d+$/, '')}:8443`;
      return new MeshError(
        TsbUserErrors.AgentPortNotApi,
        `${e.address} is a meshbridge agent port (it speaks only gRPC to cluster agents, so it refused tctl's HTTP/1.1), not the API of ${where}`,
        {
          ...o,
          fix: `Point tctl at the API port (meshbridge server --listen, 8443 by default${port === '8443' ? '' : `; this address uses ${port ?? 'another'}, the agent port of --agent-listen`}): ${set} --bridge-address ${api}`,
        },
      );
    }
    case 'tls-expired':
    case 'tls-other':
      return new MeshError(TctlErrors.TlsFailure, `TLS with ${where} failed: ${e.message}`, {
        ...o,
        fix: /wrong version number|packet length too long|http request/i.test(e.message)
          ? `${e.address} does not speak TLS; if the server runs without TLS: ${set} --tls-disabled`
          : `Check the server certificate (openssl s_client -connect ${e.address} -showcerts); ${set} --tls-custom-ca-file <server CA>`,
      });
    default:
      return new MeshError(TctlErrors.ConnectionReset, `${e.address} closed the connection (${where}): ${e.message}`, {
        ...o,
        fix: p.cluster.tlsDisabled
          ? `The server probably expects HTTPS: ${set} --tls-disabled=false --tls-custom-ca-file <server CA>`
          : `Check that ${e.address} is the management plane (curl -kv https://${e.address}/v2/version)`,
      });
  }
}
