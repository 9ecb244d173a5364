import { configPath, loadConfig, saveConfig } from './config-file.js';

/** What `meshbridge up` (or any installer) knows after starting a server. */
export interface BootstrapProfileOptions {
  /** Config file to write; defaults to TCTL_CONFIG or `$XDG_CONFIG_HOME/meshbridge/tctl.yaml`. */
  configPath?: string;
  /** Profile name to create and make current. */
  profile: string;
  /** Cluster entry name. */
  cluster: string;
  /** `host:port` of the management plane's REST API. */
  address: string;
  /** PEM file of the CA that signed the server certificate (omit for a publicly trusted one). */
  caFile?: string;
  /** The server speaks plain HTTP (started with --insecure-http). */
  tlsDisabled?: boolean;
  /** User entry name. */
  user: string;
  org: string;
  tenant?: string;
  username: string;
  /** Tokens from logging in; a password is never written (the file is the user's, and plain text). */
  token: string;
  refreshToken?: string;
}

/**
 * Leaves a current profile reaching the server: the cluster entry follows the server's address and
 * CA, the user entry gets fresh tokens, the profile joins them and becomes current. What the user
 * set is kept on a restart: other fields of these entries (a tenant set with `tctl config users
 * set`, TLS settings), a profile pointing at another user, and an entry of the same name that
 * belongs to another login (its credentials are left alone). Other entries are kept; the file is
 * written atomically with mode 0600. Returns the path.
 */
export async function writeBootstrapProfile(o: BootstrapProfileOptions): Promise<string> {
  const path = configPath(process.env, process.cwd(), o.configPath);
  const config = await loadConfig(path);
  const cluster = config.clusters[o.cluster] ?? { bridgeAddress: o.address };
  const { tlsCustomCaFile: _ca, tlsDisabled: _plain, ...clusterRest } = cluster;
  config.clusters[o.cluster] = {
    ...clusterRest,
    bridgeAddress: o.address,
    ...(o.caFile ? { tlsCustomCaFile: o.caFile } : {}),
    ...(o.tlsDisabled ? { tlsDisabled: true } : {}),
  };
  const existing = config.users[o.user];
  if (!existing) {
    config.users[o.user] = {
      org: o.org,
      ...(o.tenant ? { tenant: o.tenant } : {}),
      username: o.username,
      token: o.token,
      ...(o.refreshToken ? { refreshToken: o.refreshToken } : {}),
    };
  } else if (existing.username === o.username && (existing.org ?? o.org) === o.org) {
    const { refreshToken: _r, ...kept } = existing;
    config.users[o.user] = { ...kept, token: o.token, ...(o.refreshToken ? { refreshToken: o.refreshToken } : {}) };
  }
  const profile = config.profiles[o.profile];
  config.profiles[o.profile] = { ...profile, cluster: o.cluster, user: profile?.user ?? o.user };
  config.currentProfile = o.profile;
  await saveConfig(path, config);
  return path;
}
