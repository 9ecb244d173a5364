// Reads Envoy secret dumps in every shape users paste: Envoy's /config_dump (snake_case, whole or
// masked to secrets), istioctl proxy-config secret -o json (lowerCamelCase SecretsConfigDump), or a
// bare SecretsConfigDump. inline_bytes are base64-decoded exactly once.
import { MeshError, PkiErrors } from '../api/index.js';

/** One SDS secret as Envoy reported it. */
export interface DumpSecret {
  readonly name: string;
  readonly state: 'ACTIVE' | 'WARMING' | 'STATIC';
  readonly versionInfo?: string;
  readonly lastUpdated?: string;
  /** PEM text of tls_certificate.certificate_chain (leaf first). */
  readonly certificateChain?: string;
  /** PEM text of validation_context.trusted_ca (the ROOTCA bundle). */
  readonly trustedCa?: string;
  /** SPIFFE validator trust bundles (SPIRE / federation), one per trust domain. */
  readonly trustDomains?: readonly { readonly name: string; readonly bundle: string }[];
  /** Where a data source points when it is not inline (filename / environment variable). */
  readonly external?: string;
}

/** What was found and in which input format. */
export interface SecretDump {
  readonly format: 'envoy-config-dump' | 'istioctl-json';
  readonly secrets: readonly DumpSecret[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function camel(k: string): string {
  return k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Reads a field by its proto name in either snake_case or lowerCamelCase. */
function field(o: unknown, snake: string): unknown {
  if (!isObj(o)) return undefined;
  return snake in o ? o[snake] : o[camel(snake)];
}

/** Parses a dump; throws ConfigDumpInvalid naming what was wrong. */
export function parseSecretDump(text: string, source: string): SecretDump {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new MeshError(PkiErrors.ConfigDumpInvalid, `${source}: not JSON (${(e as Error).message})`, { field: source });
  }
  if (!isObj(doc)) throw new MeshError(PkiErrors.ConfigDumpInvalid, `${source}: expected a JSON object`, { field: source });
  let secretsDump: Obj | undefined;
  let format: SecretDump['format'] = 'istioctl-json';
  const configs = doc.configs;
  if (Array.isArray(configs)) {
    format = 'envoy-config-dump';
    secretsDump = configs.find((c): c is Obj => isObj(c) && typeof c['@type'] === 'string' && c['@type'].endsWith('.SecretsConfigDump'));
    if (!secretsDump)
      throw new MeshError(
        PkiErrors.SecretNotFound,
        `${source}: the config dump has no SecretsConfigDump entry (types: ${configs.map((c) => (isObj(c) ? String(c['@type']) : typeof c)).join(', ')})`,
        { field: `${source}.configs` },
      );
  } else if (['dynamic_active_secrets', 'dynamic_warming_secrets', 'static_secrets'].some((k) => field(doc, k) !== undefined)) {
    secretsDump = doc;
    if ('dynamic_active_secrets' in doc || 'dynamic_warming_secrets' in doc) format = 'envoy-config-dump';
  } else {
    throw new MeshError(
      PkiErrors.ConfigDumpInvalid,
      `${source}: neither "configs" (Envoy /config_dump) nor "dynamicActiveSecrets" (istioctl proxy-config secret -o json) found`,
      { field: source },
    );
  }
  const secrets: DumpSecret[] = [];
  const lists: [string, DumpSecret['state']][] = [
    ['dynamic_warming_secrets', 'WARMING'],
    ['dynamic_active_secrets', 'ACTIVE'],
    ['static_secrets', 'STATIC'],
  ];
  for (const [key, state] of lists) {
    const list = field(secretsDump, key);
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new MeshError(PkiErrors.ConfigDumpInvalid, `${source}: ${key} is not a list`, { field: `${source}.${key}` });
    list.forEach((s, i) => secrets.push(readSecret(s, state, `${source}.${key}[${i}]`)));
  }
  return { format, secrets };
}

function readSecret(s: unknown, state: DumpSecret['state'], path: string): DumpSecret {
  if (!isObj(s)) throw new MeshError(PkiErrors.ConfigDumpInvalid, `${path}: expected an object`, { field: path });
  const name = field(s, 'name');
  if (typeof name !== 'string') throw new MeshError(PkiErrors.ConfigDumpInvalid, `${path}.name: missing`, { field: `${path}.name` });
  const secret = field(s, 'secret');
  const out: { -readonly [K in keyof DumpSecret]: DumpSecret[K] } = { name, state };
  const vi = field(s, 'version_info');
  if (typeof vi === 'string') out.versionInfo = vi;
  const lu = field(s, 'last_updated');
  if (typeof lu === 'string') out.lastUpdated = lu;
  const tls = field(secret, 'tls_certificate');
  const chain = dataSource(field(tls, 'certificate_chain'), `${path}.secret.tlsCertificate.certificateChain`);
  if (chain.text !== undefined) out.certificateChain = chain.text;
  const vc = field(secret, 'validation_context');
  const ca = dataSource(field(vc, 'trusted_ca'), `${path}.secret.validationContext.trustedCa`);
  if (ca.text !== undefined) out.trustedCa = ca.text;
  out.external = chain.external ?? ca.external;
  const tds = field(field(field(vc, 'custom_validator_config'), 'typed_config'), 'trust_domains');
  if (Array.isArray(tds)) {
    out.trustDomains = tds.map((td, i) => {
      const bundle = dataSource(field(td, 'trust_bundle'), `${path}.trustDomains[${i}].trustBundle`).text ?? '';
      return { name: String(field(td, 'name') ?? ''), bundle };
    });
  }
  return out;
}

function dataSource(ds: unknown, path: string): { text?: string; external?: string } {
  if (!isObj(ds)) return {};
  const bytes = field(ds, 'inline_bytes');
  if (typeof bytes === 'string') {
    if (!/^[A-Za-z0-9+/=_-]*$/.test(bytes)) throw new MeshError(PkiErrors.ConfigDumpInvalid, `${path}.inlineBytes: not base64`, { field: path });
    return { text: Buffer.from(bytes, 'base64').toString('utf8') };
  }
  const str = field(ds, 'inline_string');
  if (typeof str === 'string') return { text: str };
  const file = field(ds, 'filename');
  if (typeof file === 'string') return { external: `file ${file}` };
  const env = field(ds, 'environment_variable');
  if (typeof env === 'string') return { external: `environment variable ${env}` };
  return {};
}

/** The workload chain (`default`) and root bundle (`ROOTCA`) of a dump, active secrets preferred. */
export function workloadSecrets(dump: SecretDump): { chain?: DumpSecret; roots?: DumpSecret } {
  const pick = (pred: (s: DumpSecret) => boolean) => dump.secrets.find((s) => s.state === 'ACTIVE' && pred(s)) ?? dump.secrets.find(pred);
  return {
    chain: pick((s) => s.name === 'default' && s.certificateChain !== undefined) ?? pick((s) => s.certificateChain !== undefined),
    roots: pick((s) => s.name === 'ROOTCA' && (s.trustedCa !== undefined || s.trustDomains !== undefined)) ?? pick((s) => s.trustedCa !== undefined),
  };
}

/** All root PEM text of a ROOTCA secret: trusted_ca plus every SPIFFE trust bundle. */
export function rootsPem(s: DumpSecret): string {
  return [s.trustedCa ?? '', ...(s.trustDomains ?? []).map((t) => t.bundle)]
    .filter((t) => t.trim() !== '')
    .map((t) => (t.endsWith('\n') ? t : `${t}\n`))
    .join('');
}
