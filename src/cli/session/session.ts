import { readFile } from 'node:fs/promises';
import { MeshClient, parseAddress } from '../../client/index.js';
import { MeshError, TctlErrors } from '../../api/index.js';
import type { CommandContext } from '../../command/index.js';
import type { Io } from '../../command/index.js';
import { configPath, loadConfig, saveConfig } from '../config/config-file.js';
import { parseDuration, type TctlConfig } from '../config/tctl-config.js';
import { resolveProfile, type ResolvedProfile } from './profile.js';
import { diagnose } from './diagnose.js';

/** A resolved profile with its config file and a ready client. */
export interface Session extends ResolvedProfile {
  readonly io: Io;
  readonly configPath: string;
  readonly config: TctlConfig;
  readonly client: MeshClient;
  /** A client for the same cluster authenticating with `token` (e.g. right after login). */
  clientWithToken(token: string): MeshClient;
}

/** The string value of an option, if given. */
export function opt(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Loads the config file named by -c/TCTL_CONFIG/XDG and returns it with its path. */
export async function openConfig(ctx: CommandContext): Promise<{ path: string; config: TctlConfig }> {
  const path = configPath(ctx.io.env, ctx.io.cwd, opt(ctx, 'config'));
  return { path, config: await loadConfig(path) };
}

/** Resolves the profile and builds the client; tokens refreshed on the way are written back. */
export async function openSession(ctx: CommandContext, opts: { requireUser?: boolean; timeoutMs?: number } = {}): Promise<Session> {
  const { path, config } = await openConfig(ctx);
  const p = resolveProfile(config, path, { profile: opt(ctx, 'profile'), org: opt(ctx, 'org'), tenant: opt(ctx, 'tenant') }, opts);
  const c = p.cluster;
  let ca: string | undefined;
  if (c.tlsCustomCaFile && !c.tlsInsecure && !c.tlsDisabled) {
    try {
      ca = await readFile(c.tlsCustomCaFile, 'utf8');
    } catch (e) {
      throw new MeshError(
        TctlErrors.ConfigInvalid,
        `cluster "${p.clusterName}": cannot read tls-custom-ca-file ${c.tlsCustomCaFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        {
          fix: `Point it at the server's CA file: tctl config clusters set ${p.clusterName} --tls-custom-ca-file <path, e.g. ./data/tls/ca.crt>`,
          field: `clusters.${p.clusterName}.tls-custom-ca-file`,
        },
      );
    }
  }
  try {
    parseAddress(c.bridgeAddress as string, c.tlsDisabled);
  } catch (e) {
    throw new MeshError(TctlErrors.ConfigInvalid, `cluster "${p.clusterName}" in ${path}: ${(e as Error).message}`, {
      fix: `tctl config clusters set ${p.clusterName} --bridge-address <host:port>`,
      field: `clusters.${p.clusterName}.bridge-address`,
    });
  }
  const u = p.user;
  const debug = ctx.options.debug === true;
  const transport = {
    address: c.bridgeAddress as string,
    tlsDisabled: c.tlsDisabled,
    tlsInsecure: c.tlsInsecure,
    ...(ca ? { ca } : {}),
    timeoutMs: opts.timeoutMs ?? (c.timeout ? parseDuration(c.timeout, `clusters.${p.clusterName}.timeout`) : 30_000),
  };
  const client = new MeshClient({
    ...transport,
    credentials: u ? { token: u.token, refreshToken: u.refreshToken, username: u.username, password: u.password } : {},
    onTokens: async (t) => {
      // Re-read so a concurrent tctl's edits to other entries are not lost.
      const fresh = await loadConfig(path);
      const entry = fresh.users[p.userName as string];
      if (!entry) return;
      entry.token = t.accessToken;
      entry.refreshToken = t.refreshToken;
      await saveConfig(path, fresh);
    },
    ...(debug ? { debug: (line: string) => void ctx.io.stderr.write(`[debug] ${line}\n`) } : {}),
  });
  const clientWithToken = (token: string): MeshClient => new MeshClient({ ...transport, credentials: { token } });
  return { ...p, io: ctx.io, configPath: path, config, client, clientWithToken };
}

/** Runs `fn` with a session; connection, 401 and 403 failures come back explained. */
export async function withSession<T>(
  ctx: CommandContext,
  fn: (s: Session) => Promise<T>,
  opts: { requireUser?: boolean; timeoutMs?: number } = {},
): Promise<T> {
  const s = await openSession(ctx, opts);
  try {
    return await fn(s);
  } catch (e) {
    throw diagnose(e, s);
  }
}
