import { MeshError, TctlErrors } from '../../api/index.js';
import type { ClusterEntry, ProfileEntry, TctlConfig, UserEntry } from '../config/tctl-config.js';

/** A value with where it came from, so errors can say "from profile p → user u" or "from --org". */
export interface Sourced {
  readonly value: string;
  readonly source: string;
}

/** The profile a command runs with, resolved against the config file. */
export interface ResolvedProfile {
  readonly profileName: string;
  readonly profile: ProfileEntry;
  readonly clusterName: string;
  readonly cluster: ClusterEntry;
  /** Undefined only when the caller allowed a missing user (tctl login). */
  readonly userName?: string;
  readonly user?: UserEntry;
  readonly org?: Sourced;
  readonly tenant?: Sourced;
}

/** Flags that steer resolution. */
export interface ProfileFlags {
  readonly profile?: string;
  readonly org?: string;
  readonly tenant?: string;
}

const SETUP =
  'tctl config clusters set default --bridge-address <host:port> --tls-custom-ca-file <server CA, e.g. ./data/tls/ca.crt>\n  tctl config profiles set default --cluster default\n  tctl config profiles set-current default\n  tctl login --org <org> --username <name>';

/**
 * Picks the profile (-p, else current-profile, else `default`), its cluster and user entries and
 * the organization/tenant scope (--org/--tenant win over the user entry). Every failure names
 * the file, the entry at fault and the command that fixes it.
 */
export function resolveProfile(config: TctlConfig, path: string, flags: ProfileFlags, opts: { requireUser?: boolean } = {}): ResolvedProfile {
  const profileName = pickProfileName(config, path, flags.profile);
  const profile = config.profiles[profileName];
  const clusterName = profile.cluster ?? '';
  const clusterNames = Object.keys(config.clusters);
  if (!clusterName || !config.clusters[clusterName]) {
    const what = clusterName ? `cluster "${clusterName}", which is not in ${path}` : `no cluster (its "cluster" field is empty)`;
    const fix = clusterNames.length
      ? `Point the profile at an existing cluster: tctl config profiles set ${profileName} --cluster ${clusterNames[0]}\n  or create it: tctl config clusters set ${clusterName || profileName} --bridge-address <host:port>`
      : `Create the cluster entry: tctl config clusters set ${clusterName || profileName} --bridge-address <host:port>${clusterName ? '' : `\n  then: tctl config profiles set ${profileName} --cluster ${profileName}`}`;
    throw new MeshError(
      TctlErrors.ClusterEntryNotFound,
      `profile "${profileName}" points at ${what}${clusterNames.length ? ` (clusters: ${clusterNames.join(', ')})` : ''}`,
      { fix, field: `profiles.${profileName}.cluster` },
    );
  }
  const cluster = config.clusters[clusterName];
  if (!cluster.bridgeAddress) {
    throw new MeshError(TctlErrors.ClusterAddressMissing, `cluster "${clusterName}" (profile "${profileName}") has no bridge-address`, {
      fix: `tctl config clusters set ${clusterName} --bridge-address <host:port>`,
      field: `clusters.${clusterName}.bridge-address`,
    });
  }
  const userName = profile.user || undefined;
  const user = userName ? config.users[userName] : undefined;
  if (opts.requireUser !== false && (!userName || !user)) {
    const users = Object.keys(config.users);
    const what = userName ? `user "${userName}", which is not in ${path}` : 'no user (its "user" field is empty)';
    throw new MeshError(TctlErrors.UserEntryNotFound, `profile "${profileName}" points at ${what}${users.length ? ` (users: ${users.join(', ')})` : ''}`, {
      fix: `Log in (creates the user entry and attaches it): tctl${flags.profile ? ` -p ${profileName}` : ''} login --org <org> --username <name>${users.length ? `\n  or attach an existing user: tctl config profiles set ${profileName} --username ${users[0]}` : ''}`,
      field: `profiles.${profileName}.user`,
    });
  }
  const fromUser = `profile "${profileName}" → user "${userName ?? ''}"`;
  const org = flags.org ? { value: flags.org, source: 'flag --org' } : user?.org ? { value: user.org, source: fromUser } : undefined;
  const tenant = flags.tenant ? { value: flags.tenant, source: 'flag --tenant' } : user?.tenant ? { value: user.tenant, source: fromUser } : undefined;
  return {
    profileName,
    profile,
    clusterName,
    cluster,
    ...(userName ? { userName } : {}),
    ...(user ? { user } : {}),
    ...(org ? { org } : {}),
    ...(tenant ? { tenant } : {}),
  };
}

function pickProfileName(config: TctlConfig, path: string, flag?: string): string {
  const names = Object.keys(config.profiles);
  if (flag) {
    if (config.profiles[flag]) return flag;
    throw new MeshError(
      TctlErrors.ProfileNotFound,
      `profile "${flag}" (from -p/--profile) is not in ${path}${names.length ? `; profiles: ${names.join(', ')}` : '; it has no profiles'}`,
      {
        fix: names.length
          ? `Use one of them (tctl -p ${names[0]} ...) or create it: tctl config profiles set ${flag} --cluster <cluster> --username <user>`
          : `Set one up:\n  ${SETUP}`,
      },
    );
  }
  if (config.currentProfile) {
    if (config.profiles[config.currentProfile]) return config.currentProfile;
    throw new MeshError(
      TctlErrors.ProfileNotFound,
      `current-profile "${config.currentProfile}" in ${path} does not exist${names.length ? `; profiles: ${names.join(', ')}` : ''}`,
      {
        fix: names.length ? `tctl config profiles set-current ${names[0]}` : `Set one up:\n  ${SETUP}`,
      },
    );
  }
  if (config.profiles.default) return 'default';
  throw new MeshError(
    TctlErrors.NoCurrentProfile,
    `no current profile in ${path}${names.length ? ` (profiles: ${names.join(', ')})` : ' (the file has no profiles)'}`,
    {
      fix: names.length ? `tctl config profiles set-current ${names[0]}` : `Set one up:\n  ${SETUP}`,
    },
  );
}
