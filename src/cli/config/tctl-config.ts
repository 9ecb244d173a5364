import { parse, stringify } from 'yaml';
import { MeshError, TctlErrors } from '../../api/index.js';

/** One management plane endpoint and how to reach it (TSB's "cluster" entry). */
export interface ClusterEntry {
  bridgeAddress?: string;
  tlsInsecure?: boolean;
  tlsCustomCaFile?: string;
  tlsDisabled?: boolean;
  /** Go-style duration, e.g. `30s`, `500ms`, `1m`. */
  timeout?: string;
}

/** Credentials plus the default organization/tenant scope (TSB's "user" entry). */
export interface UserEntry {
  org?: string;
  tenant?: string;
  username?: string;
  password?: string;
  token?: string;
  refreshToken?: string;
}

/** A (cluster, user) pair. */
export interface ProfileEntry {
  cluster?: string;
  user?: string;
}

/** The whole tctl config file. */
export interface TctlConfig {
  currentProfile?: string;
  clusters: Record<string, ClusterEntry>;
  users: Record<string, UserEntry>;
  profiles: Record<string, ProfileEntry>;
}

/** The file's YAML keys (kebab-case, like the flags) for each in-memory field. */
const KEYS = {
  cluster: {
    bridgeAddress: 'bridge-address',
    tlsInsecure: 'tls-insecure',
    tlsCustomCaFile: 'tls-custom-ca-file',
    tlsDisabled: 'tls-disabled',
    timeout: 'timeout',
  },
  user: { org: 'org', tenant: 'tenant', username: 'username', password: 'password', token: 'token', refreshToken: 'refresh-token' },
  profile: { cluster: 'cluster', user: 'user' },
} as const;
const BOOLEAN_FIELDS = new Set(['tlsInsecure', 'tlsDisabled']);

/** A config with nothing in it. */
export function emptyConfig(): TctlConfig {
  return { clusters: {}, users: {}, profiles: {} };
}

/** Parses and validates the YAML text of a config file; errors name the file and the field. */
export function parseConfig(text: string, source: string): TctlConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new MeshError(TctlErrors.ConfigInvalid, `${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, { field: source });
  }
  if (raw === null || raw === undefined) return emptyConfig();
  if (!isRecord(raw)) throw invalid(source, '(top level)', 'must be a mapping with clusters, users, profiles and current-profile');
  const out = emptyConfig();
  const current = raw['current-profile'];
  if (current !== undefined && current !== null) {
    if (typeof current !== 'string') throw invalid(source, 'current-profile', 'must be a string');
    if (current !== '') out.currentProfile = current;
  }
  out.clusters = section(raw, 'clusters', KEYS.cluster, source) as Record<string, ClusterEntry>;
  out.users = section(raw, 'users', KEYS.user, source) as Record<string, UserEntry>;
  out.profiles = section(raw, 'profiles', KEYS.profile, source) as Record<string, ProfileEntry>;
  return out;
}

function section(raw: Record<string, unknown>, name: string, keys: Record<string, string>, source: string): Record<string, Record<string, string | boolean>> {
  const value = raw[name];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalid(source, name, 'must be a mapping from entry name to its fields');
  const out: Record<string, Record<string, string | boolean>> = {};
  const byYamlKey = new Map(Object.entries(keys).map(([field, key]) => [key, field]));
  for (const [entryName, entry] of Object.entries(value)) {
    if (entry === null) {
      out[entryName] = {};
      continue;
    }
    if (!isRecord(entry)) throw invalid(source, `${name}.${entryName}`, 'must be a mapping');
    const fields: Record<string, string | boolean> = {};
    for (const [k, v] of Object.entries(entry)) {
      const field = byYamlKey.get(k);
      if (!field) throw invalid(source, `${name}.${entryName}.${k}`, `is not a known key; use ${[...byYamlKey.keys()].join(', ')}`);
      if (v === null || v === undefined) continue;
      const wantBool = BOOLEAN_FIELDS.has(field);
      if (wantBool ? typeof v !== 'boolean' : typeof v !== 'string') {
        throw invalid(source, `${name}.${entryName}.${k}`, `must be a ${wantBool ? 'boolean' : 'string'}`);
      }
      fields[field] = v as string | boolean;
    }
    out[entryName] = fields;
  }
  return out;
}

/** Serialises a config to YAML with the file's kebab-case keys, entries sorted by name. */
export function serializeConfig(config: TctlConfig): string {
  const doc: Record<string, unknown> = {};
  if (config.currentProfile) doc['current-profile'] = config.currentProfile;
  doc.clusters = toYamlSection(config.clusters as Record<string, object>, KEYS.cluster);
  doc.users = toYamlSection(config.users as Record<string, object>, KEYS.user);
  doc.profiles = toYamlSection(config.profiles as Record<string, object>, KEYS.profile);
  return stringify(doc, { lineWidth: 0 });
}

function toYamlSection(entries: Record<string, object>, keys: Record<string, string>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(entries).sort()) {
    const e = entries[name] as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const [field, key] of Object.entries(keys)) if (e[field] !== undefined && e[field] !== '') fields[key] = e[field];
    out[name] = fields;
  }
  return out;
}

/** A copy of the config with passwords and tokens replaced, for `config view` and exports. */
export function redactConfig(config: TctlConfig): TctlConfig {
  const users: Record<string, UserEntry> = {};
  for (const [name, u] of Object.entries(config.users)) {
    users[name] = {
      ...u,
      ...(u.password ? { password: 'REDACTED' } : {}),
      ...(u.token ? { token: 'REDACTED' } : {}),
      ...(u.refreshToken ? { refreshToken: 'REDACTED' } : {}),
    };
  }
  return { ...config, users };
}

/** Parses a Go-style duration (`30s`, `500ms`, `1m30s`, `2h`) or plain seconds into milliseconds. */
export function parseDuration(text: string, field = 'timeout'): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== text.length || total <= 0) {
    throw new MeshError(TctlErrors.ConfigInvalid, `${field}: "${text}" is not a duration; use e.g. 30s, 500ms or 1m`, { field });
  }
  return total;
}

function invalid(source: string, field: string, why: string): MeshError {
  return new MeshError(TctlErrors.ConfigInvalid, `${source}: ${field} ${why}`, { field });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
