import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { isAbsolute, resolve } from 'node:path';
import { CoreErrors, MeshError, checkName } from '../api/index.js';
import { fieldPath } from '../api/schemas/index.js';

/** `host:port` (`:8443` = every interface). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({ minLength: 1 }),
    listen: Type.String({ pattern: '^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]*):\\d{1,5}$', description: 'host:port, e.g. :8443 or 127.0.0.1:8443' }),
    agentListen: Type.String({ pattern: '^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]*):\\d{1,5}$|^off$', description: 'host:port, or off' }),
    database: Type.Optional(Type.String({ minLength: 1 })),
    secretsKeyFile: Type.Optional(Type.String({ minLength: 1 })),
    adminPassword: Type.Optional(Type.String({ minLength: 8, maxLength: 1024, description: 'at least 8 characters' })),
    tlsCert: Type.Optional(Type.String({ minLength: 1 })),
    tlsKey: Type.Optional(Type.String({ minLength: 1 })),
    insecureHttp: Type.Boolean(),
    organization: Type.String(),
    hostnames: Type.Array(Type.String({ pattern: '^[A-Za-z0-9*.:-]{1,253}$', description: 'a DNS name or IP address' })),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    bodyLimit: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
    watchHeartbeatMs: Type.Integer({ minimum: 10, maximum: 3_600_000 }),
    credentialCacheMs: Type.Integer({ minimum: 0, maximum: 300_000 }),
  },
  { additionalProperties: false },
);

/** The server's whole configuration: validated, frozen, read from flags then MESHBRIDGE_* variables. */
export type ServerConfig = Readonly<Static<typeof ConfigSchema>>;

/** Flag name → environment variable, the value kind and the default. */
const FIELDS: readonly { key: keyof ServerConfig; flag: string; kind: 'string' | 'boolean' | 'int' | 'list'; def?: string | boolean | number }[] = [
  { key: 'dataDir', flag: 'data-dir', kind: 'string', def: './data' },
  { key: 'listen', flag: 'listen', kind: 'string', def: ':8443' },
  { key: 'agentListen', flag: 'agent-listen', kind: 'string', def: ':9443' },
  { key: 'database', flag: 'database', kind: 'string' },
  { key: 'secretsKeyFile', flag: 'secrets-key-file', kind: 'string' },
  { key: 'adminPassword', flag: 'admin-password', kind: 'string' },
  { key: 'tlsCert', flag: 'tls-cert', kind: 'string' },
  { key: 'tlsKey', flag: 'tls-key', kind: 'string' },
  { key: 'insecureHttp', flag: 'insecure-http', kind: 'boolean', def: false },
  { key: 'organization', flag: 'organization', kind: 'string', def: 'tetrate' },
  { key: 'hostnames', flag: 'hostname', kind: 'list' },
  { key: 'logLevel', flag: 'log-level', kind: 'string', def: 'info' },
  { key: 'bodyLimit', flag: 'body-limit', kind: 'int', def: 1024 * 1024 },
  { key: 'watchHeartbeatMs', flag: 'watch-heartbeat-ms', kind: 'int', def: 15000 },
  { key: 'credentialCacheMs', flag: 'credential-cache-ms', kind: 'int', def: 5000 },
];

/** The environment variable of a flag: `--data-dir` → `MESHBRIDGE_DATA_DIR`. */
export function envName(flag: string): string {
  return `MESHBRIDGE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** Flags a command passes (undefined = not given). */
export type ConfigFlags = Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;

function coerce(f: (typeof FIELDS)[number], raw: unknown, source: string): unknown {
  if (f.kind === 'list') {
    const items = (Array.isArray(raw) ? raw : [raw])
      .flatMap((v) => String(v).split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items;
  }
  if (f.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const s = String(raw).toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
    throw new MeshError(CoreErrors.InvalidConfig, `${source}: ${JSON.stringify(raw)} is not a boolean; use true or false`, { field: f.flag });
  }
  if (f.kind === 'int') {
    if (!/^\d+$/.test(String(raw))) throw new MeshError(CoreErrors.InvalidConfig, `${source}: ${JSON.stringify(raw)} is not a whole number`, { field: f.flag });
    return Number(raw);
  }
  return Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
}

/**
 * Builds the frozen server config: a flag wins over its MESHBRIDGE_* variable, which wins over the
 * default. This module is the only reader of process.env in the server.
 */
export function loadServerConfig(flags: ConfigFlags, env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): ServerConfig {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const fromFlag = flags[f.flag];
    const fromEnv = env[envName(f.flag)];
    if (fromFlag !== undefined && !(Array.isArray(fromFlag) && fromFlag.length === 0)) out[f.key] = coerce(f, fromFlag, `--${f.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') out[f.key] = coerce(f, fromEnv, envName(f.flag));
    else if (f.def !== undefined) out[f.key] = f.def;
    else if (f.kind === 'list') out[f.key] = [];
  }
  const validate = new Ajv({ allErrors: false, verbose: true }).compile(ConfigSchema);
  if (!validate(out)) {
    const e = validate.errors?.[0];
    const key = fieldPath(e?.instancePath ?? '').split(/[.[]/)[0];
    const flag = FIELDS.find((f) => f.key === key)?.flag ?? key;
    const desc = (e?.parentSchema as { description?: string } | undefined)?.description;
    // Never echo a password back, not even a wrong one.
    const given = key === 'adminPassword' ? 'the value' : JSON.stringify(e?.data ?? out[key]);
    const what = e?.keyword === 'pattern' && desc ? `expected ${desc}` : `${e?.message ?? 'invalid'}${desc ? ` (${desc})` : ''}`;
    throw new MeshError(CoreErrors.InvalidConfig, `--${flag} (${envName(flag)}): ${given} is not valid: ${what}`, { field: flag });
  }
  checkName(out.organization, '--organization');
  if (Boolean(out.tlsCert) !== Boolean(out.tlsKey)) {
    throw new MeshError(CoreErrors.InvalidConfig, '--tls-cert and --tls-key go together: give both, or neither to use the generated CA', { field: 'tls-cert' });
  }
  const abs = (p: unknown): string => (isAbsolute(String(p)) ? String(p) : resolve(cwd, String(p)));
  out.dataDir = abs(out.dataDir);
  if (out.tlsCert) out.tlsCert = abs(out.tlsCert);
  if (out.secretsKeyFile) out.secretsKeyFile = abs(out.secretsKeyFile);
  if (out.tlsKey) out.tlsKey = abs(out.tlsKey);
  return Object.freeze({ ...out, hostnames: Object.freeze([...(out.hostnames as string[])]) }) as ServerConfig;
}

/** Splits `host:port`; an empty host means every interface. */
export function parseListen(text: string): ListenAddress {
  const i = text.lastIndexOf(':');
  const host = text.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(text.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MeshError(CoreErrors.InvalidConfig, `listen address ${JSON.stringify(text)}: port must be 0-65535`, { field: 'listen' });
  }
  return { host, port };
}

/** Flag descriptions shared by `meshbridge server` and `meshbridge up`. */
export const SERVER_FLAGS: readonly { flag: string; kind: 'string' | 'boolean' | 'int' | 'list'; value?: string; description: string }[] = [
  { flag: 'data-dir', kind: 'string', value: 'DIR', description: 'data directory: SQLite database, generated TLS material, admin password (default ./data)' },
  { flag: 'listen', kind: 'string', value: 'HOST:PORT', description: 'REST API address (default :8443)' },
  { flag: 'agent-listen', kind: 'string', value: 'HOST:PORT', description: 'cluster agent stream address, or off (default :9443)' },
  { flag: 'database', kind: 'string', value: 'URL', description: 'postgres://user:pass@host/db, or sqlite:<path> (default: SQLite in the data directory)' },
  {
    flag: 'secrets-key-file',
    kind: 'string',
    value: 'FILE',
    description:
      'AES-256 key (64 hex characters, mode 0600) that seals the signing key, CA keys and password hashes in the database; SQLite default <data-dir>/secrets.key (created), PostgreSQL: give every replica the same file',
  },
  { flag: 'admin-password', kind: 'string', value: 'PASSWORD', description: "the first start's admin password (default: generated and printed once)" },
  { flag: 'tls-cert', kind: 'string', value: 'FILE', description: 'server certificate (PEM); default: generated from a CA in the data directory' },
  { flag: 'tls-key', kind: 'string', value: 'FILE', description: 'server private key (PEM)' },
  { flag: 'insecure-http', kind: 'boolean', description: 'serve plain HTTP instead of HTTPS (only behind a TLS-terminating proxy)' },
  { flag: 'organization', kind: 'string', value: 'NAME', description: 'the organization created on first start (default tetrate)' },
  { flag: 'hostname', kind: 'list', value: 'NAME', description: 'extra DNS names/IPs for the generated certificate (repeatable or comma-separated)' },
  { flag: 'log-level', kind: 'string', value: 'LEVEL', description: 'fatal|error|warn|info|debug|trace|silent (default info)' },
  { flag: 'body-limit', kind: 'int', value: 'BYTES', description: 'largest accepted request body (default 1048576)' },
  { flag: 'watch-heartbeat-ms', kind: 'int', value: 'MS', description: 'heartbeat interval of /v2/watch streams (default 15000)' },
  { flag: 'credential-cache-ms', kind: 'int', value: 'MS', description: 'how long a verified credential is reused (default 5000)' },
];
