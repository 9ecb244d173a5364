import { KINDS, messageToEnvelope, parseFqn, type KindInfo, type Level } from '../../../api/index.js';
import { api, type Session } from './http.js';

/** TSB's YAML envelope, the form tctl prints and the editor shows. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

/** One resource as the pages use it, whichever shape the server answered with. */
export interface Resource {
  readonly fqn: string;
  readonly etag: string;
  readonly name: string;
  readonly kind: KindInfo;
  readonly displayName: string;
  readonly description: string;
  readonly envelope: Envelope;
}

/** The kind and the level an FQN names, or undefined for text that is not an FQN. */
export function kindOfFqn(fqn: string): { kind: KindInfo; names: string[] } | undefined {
  try {
    const f = parseFqn(fqn);
    return { kind: f.kind, names: f.segments.map((x) => x.name) };
  } catch {
    return undefined;
  }
}

/** The collections that can hold children of a resource of this kind. */
export function childKinds(kind: KindInfo | undefined): KindInfo[] {
  const level: Level = kind ? (kind.opens ?? ('none' as Level)) : 'root';
  return KINDS.filter((k) => k.parent === level);
}

/**
 * Reads either TSB's resource message (`{fqn, etag, displayName, …}`, the REST API's shape) or
 * the YAML envelope into one Resource, building the envelope from the FQN when it is absent.
 */
export function normalize(raw: Record<string, unknown>, fqnHint?: string): Resource {
  if (typeof raw.apiVersion === 'string' && raw.metadata && typeof raw.metadata === 'object') {
    const env = raw as unknown as Envelope;
    const fqn = String(env.spec?.fqn ?? env.metadata.fqn ?? fqnHint ?? '');
    const etag = String(env.metadata.resourceVersion ?? env.spec?.etag ?? '');
    return build(fqn, etag, env);
  }
  const fqn = String(raw.fqn ?? fqnHint ?? '');
  if (!kindOfFqn(fqn)) throw new Error(`unexpected resource without a valid fqn: ${JSON.stringify(raw).slice(0, 200)}`);
  // The same conversion tctl uses: envelope-only metadata (labels, …) back in metadata, extras out of spec.
  const { apiVersion, kind, metadata, spec } = messageToEnvelope({ ...raw, fqn }) as unknown as Envelope;
  return build(fqn, String(raw.etag ?? ''), { apiVersion, kind, metadata, spec });
}

function build(fqn: string, etag: string, env: Envelope): Resource {
  const parsed = kindOfFqn(fqn);
  if (!parsed) throw new Error(`unexpected FQN ${fqn}`);
  const spec = env.spec ?? {};
  return {
    fqn,
    etag,
    name: parsed.names[parsed.names.length - 1],
    kind: parsed.kind,
    displayName: String(spec.displayName ?? env.metadata.displayName ?? ''),
    description: String(spec.description ?? env.metadata.description ?? ''),
    envelope: env,
  };
}

/** GET /v2/{fqn}. */
export async function getResource(s: Session, fqn: string): Promise<Resource> {
  return normalize(await api<Record<string, unknown>>(s, 'GET', `/v2/${fqn}`), fqn);
}

/** GET /v2/{parent}/{collection}: only what the caller may read. */
export async function listChildren(s: Session, parentFqn: string, collection: string): Promise<Resource[]> {
  const path = parentFqn ? `/v2/${parentFqn}/${collection}` : `/v2/${collection}`;
  const body = await api<Record<string, unknown>>(s, 'GET', path);
  const items = (body[collection] ?? []) as Record<string, unknown>[];
  return items.map((r) => normalize(r, undefined));
}

/** POST a new resource with TSB's create body `{"name": …, "<bodyKey>": {…}}`. */
export async function createResource(s: Session, parentFqn: string, kind: KindInfo, name: string, spec: Record<string, unknown>): Promise<Resource> {
  const body = await api<Record<string, unknown>>(s, 'POST', `/v2/${parentFqn}/${kind.collection}`, { name, [kind.bodyKey]: spec });
  return normalize(body, `${parentFqn}/${kind.collection}/${name}`);
}

/** PUT the edited envelope; the etag inside it makes a stale edit a 409. */
export async function updateResource(s: Session, fqn: string, envelope: Envelope): Promise<Resource> {
  return normalize(await api<Record<string, unknown>>(s, 'PUT', `/v2/${fqn}`, envelope), fqn);
}

export async function deleteResource(s: Session, fqn: string): Promise<void> {
  await api(s, 'DELETE', `/v2/${fqn}`);
}

export interface ClusterReport {
  readonly status?: string;
  readonly message?: string;
  readonly lastEvent?: string;
}

/** `GET /v2/{fqn}/status` as the server aggregates it. */
export interface StatusView {
  readonly status: string;
  readonly lastEvent?: string;
  readonly message?: string;
  readonly clusters?: Record<string, ClusterReport>;
  readonly [extra: string]: unknown;
}

export async function getStatus(s: Session, fqn: string): Promise<StatusView> {
  return api<StatusView>(s, 'GET', `/v2/${fqn}/status`);
}

export interface Binding {
  role: string;
  subjects: Record<string, string>[];
}

export interface AccessBindings {
  fqn?: string;
  allow: Binding[];
  etag?: string;
}

export async function getBindings(s: Session, fqn: string): Promise<AccessBindings> {
  return api<AccessBindings>(s, 'GET', `/v2/${fqn}/accessbindings`);
}

export async function putBindings(s: Session, fqn: string, b: AccessBindings): Promise<AccessBindings> {
  return api<AccessBindings>(s, 'PUT', `/v2/${fqn}/accessbindings`, b);
}

export interface AuditEntry {
  id: number | string;
  revision: number;
  at: string;
  actor: string;
  op: string;
  kind: string;
  fqn: string;
}

export async function getAudit(s: Session, fqn: string): Promise<AuditEntry[]> {
  const r = await api<{ entries: AuditEntry[] }>(s, 'GET', `/v2/audit?fqn=${encodeURIComponent(fqn)}&limit=50`);
  return r.entries;
}

/** What the caller may do on the resource (READ, WRITE, CREATE, DELETE, SET_POLICY, GET_POLICY). */
export async function getPermissions(s: Session, fqn: string): Promise<string[]> {
  return (await api<{ permissions: string[] }>(s, 'GET', `/v2/${fqn}/permissions`)).permissions;
}

export interface WhoAmI {
  subject: string;
  kind: string;
  organization: string;
  username: string;
}

export async function whoami(s: Session): Promise<WhoAmI> {
  return api<WhoAmI>(s, 'GET', '/v2/whoami');
}
