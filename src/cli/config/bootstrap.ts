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
  token?: string;
  refreshToken?: string;
  password?: string;
}

/**
 * Creates (or replaces) a cluster entry, a user entry and a profile joining them, makes the profile
 * current and writes the file atomically with mode 0600. Other entries are kept. Returns the path.
 */
export async function writeBootstrapProfile(o: BootstrapProfileOptions): Promise<string> {
  const path = configPath(process.env, process.cwd(), o.configPath);
  const config = await loadConfig(path);
  config.clusters[o.cluster] = { bridgeAddress: o.address, ...(o.caFile ? { tlsCustomCaFile: o.caFile } : {}), ...(o.tlsDisabled ? { tlsDisabled: true } : {}) };
  config.users[o.user] = {
    org: o.org,
    ...(o.tenant ? { tenant: o.tenant } : {}),
    username: o.username,
    ...(o.token ? { token: o.token } : {}),
    ...(o.refreshToken ? { refreshToken: o.refreshToken } : {}),
    ...(o.password ? { password: o.password } : {}),
  };
  config.profiles[o.profile] = { cluster: o.cluster, user: o.user };
  config.currentProfile = o.profile;
  await saveConfig(path, config);
  return path;
}
