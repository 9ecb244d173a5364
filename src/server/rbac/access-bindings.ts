import { CoreErrors, MeshError } from '../../api/index.js';
import type { Reader, StoredPolicy, Store } from '../../store/index.js';
import type { Permission, Principal, Rbac } from '../contracts.js';
import { ALL_PERMISSIONS, canonicalRole } from './roles.js';
import { checkSubject, type Binding } from './subjects.js';
import { accessBindingsTarget } from './access-bindings-target.js';

/** What the access-binding operations need: the store and the access control they change. */
export interface Deps {
  readonly store: Store;
  readonly rbac: Pick<Rbac, 'require'> & {
    permissions(p: Principal, fqn: string): Promise<ReadonlySet<Permission>>;
    /** Drops cached grants after a write. */
    invalidate(): void;
  };
}

/** Limits that keep one PUT from storing an unbounded policy. */
const MAX_BINDINGS = 200;
const MAX_SUBJECTS = 1000;

/** The wire shape of GET/PUT /v2/{fqn}/accessbindings (docs/api.md). */
export interface AccessBindingsBody {
  readonly fqn: string;
  readonly allow: readonly Binding[];
  readonly etag: string;
}

/** TSB's QueryResourcePermissions for one resource: what the caller may do on it (UIs hide the rest). */
export async function getPermissions(deps: Deps, p: Principal, fqn: string): Promise<{ fqn: string; permissions: Permission[] }> {
  if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
  await deps.rbac.require(p, 'READ', fqn);
  const held = await deps.rbac.permissions(p, fqn);
  const permissions = ALL_PERMISSIONS.filter((x) => held.has(x) && (p.kind !== 'cluster' || x === 'READ'));
  return { fqn, permissions };
}

function wire(fqn: string, policy: StoredPolicy | undefined): AccessBindingsBody {
  return { fqn, allow: policy?.allow ?? [], etag: policy?.etag ?? '' };
}

/** The bindings of `fqn` (GET_POLICY). */
export async function getBindings(deps: Deps, p: Principal, fqn: string): Promise<AccessBindingsBody> {
  if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
  // Bindings say who holds power over the resource, so reading them is GET_POLICY (admin), not READ.
  await deps.rbac.require(p, 'GET_POLICY', fqn);
  return wire(fqn, await deps.store.reader.getPolicy(fqn));
}

/**
 * Replaces the bindings of `fqn` (SET_POLICY). `replace` needs the current etag once bindings
 * exist; `apply` (declarative, as `tctl apply`) checks the etag only when one is sent.
 */
export async function replaceBindings(
  deps: Deps,
  p: Principal,
  fqn: string,
  body: unknown,
  ifMatch: string | string[] | undefined,
  mode: 'replace' | 'apply',
): Promise<AccessBindingsBody> {
  if (!(await deps.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
  await deps.rbac.require(p, 'SET_POLICY', fqn);
  const { allow, etag } = parseBody(body, ifMatch, fqn);
  const { result } = await deps.store.write(p.subject, async (tx) => {
    if (!(await tx.get(fqn))) throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
    const current = await tx.getPolicy(fqn);
    if (mode === 'replace' || etag !== undefined) checkEtag(fqn, current, etag);
    const checked = await checkSubjects(tx, allow);
    return tx.setPolicy(fqn, checked, current?.etag);
  });
  deps.rbac.invalidate();
  return wire(fqn, result);
}

/** Applies a TSB per-level AccessBindings document (PUT /v2/accessbindings): the etag is checked only when sent. */
export function applyBindings(deps: Deps, p: Principal, body: unknown, ifMatch: string | string[] | undefined): Promise<AccessBindingsBody> {
  return replaceBindings(deps, p, accessBindingsTarget(body), body, ifMatch, 'apply');
}

/**
 * The access-binding operations behind GET/PUT /v2/{fqn}/accessbindings, PUT /v2/accessbindings
 * and GET /v2/{fqn}/permissions, without HTTP (the routes are in src/server/http).
 */
export class AccessPolicies {
  constructor(private readonly deps: Deps) {}

  get(p: Principal, fqn: string): Promise<AccessBindingsBody> {
    return getBindings(this.deps, p, fqn);
  }

  /** Replaces the bindings of `fqn`; the current etag is required once bindings exist. */
  replace(p: Principal, fqn: string, body: unknown, ifMatch: string | string[] | undefined): Promise<AccessBindingsBody> {
    return replaceBindings(this.deps, p, fqn, body, ifMatch, 'replace');
  }

  apply(p: Principal, body: unknown, ifMatch: string | string[] | undefined): Promise<AccessBindingsBody> {
    return applyBindings(this.deps, p, body, ifMatch);
  }

  permissions(p: Principal, fqn: string): Promise<{ fqn: string; permissions: Permission[] }> {
    return getPermissions(this.deps, p, fqn);
  }
}

function unquote(etag: string): string {
  return etag
    .replace(/^W\//, '')
    .replace(/^"+|"+$/g, '')
    .replace(/\\"/g, '');
}

function checkEtag(fqn: string, current: StoredPolicy | undefined, sent: string | undefined): void {
  if (!current) {
    if (sent !== undefined && sent !== '') {
      throw new MeshError(CoreErrors.EtagMismatch, `etag: ${fqn} has no access bindings yet (current etag ""), but the request sent ${JSON.stringify(sent)}`, {
        field: 'etag',
      });
    }
    return;
  }
  if (sent === undefined) {
    throw new MeshError(CoreErrors.InvalidInput, `etag: required to replace the access bindings of ${fqn}; GET /v2/${fqn}/accessbindings and send its etag`, {
      field: 'etag',
    });
  }
  if (unquote(sent) !== unquote(current.etag)) {
    throw new MeshError(CoreErrors.EtagMismatch, `etag: the access bindings of ${fqn} are at etag ${current.etag}, the request sent ${sent}`, {
      field: 'etag',
      details: { currentEtag: current.etag, sentEtag: sent },
    });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Accepts `{allow, etag}` (docs/api.md) and TSB's AccessBindings envelope `{metadata, spec:{allow}}`. */
function parseBody(body: unknown, ifMatch: string | string[] | undefined, fqn: string): { allow: Binding[]; etag: string | undefined } {
  if (!isObject(body))
    throw new MeshError(CoreErrors.InvalidInput, 'body: expected a JSON object {"allow":[{"role":…,"subjects":[…]}],"etag":…}', { field: 'body' });
  const spec = isObject(body.spec) ? body.spec : body;
  const base = spec === body ? '' : 'spec.';
  const meta = isObject(body.metadata) ? body.metadata : {};
  const etagRaw = body.etag ?? spec.etag ?? meta.resourceVersion ?? (Array.isArray(ifMatch) ? ifMatch[0] : ifMatch);
  if (etagRaw !== undefined && typeof etagRaw !== 'string')
    throw new MeshError(CoreErrors.InvalidInput, `etag: expected a string, got ${JSON.stringify(etagRaw)}`, { field: 'etag' });
  if (!Array.isArray(spec.allow))
    throw new MeshError(CoreErrors.InvalidInput, `${base}allow: expected a list of {role, subjects} (an empty list removes every binding)`, {
      field: `${base}allow`,
    });
  if (spec.allow.length > MAX_BINDINGS)
    throw new MeshError(CoreErrors.InvalidInput, `${base}allow: at most ${MAX_BINDINGS} bindings per resource; merge subjects of the same role`, {
      field: `${base}allow`,
    });
  const organization = fqn.split('/')[1];
  const allow = spec.allow.map((entry: unknown, i: number) => parseBinding(entry, `${base}allow[${i}]`, organization));
  return { allow, etag: etagRaw };
}

function parseBinding(entry: unknown, field: string, organization: string): Binding & { field: string } {
  if (!isObject(entry)) throw new MeshError(CoreErrors.InvalidInput, `${field}: expected an object {role, subjects}`, { field });
  const extra = Object.keys(entry).filter((k) => k !== 'role' && k !== 'subjects');
  if (extra.length > 0)
    throw new MeshError(CoreErrors.InvalidInput, `${field}.${extra[0]}: unknown field; a binding has only "role" and "subjects"`, {
      field: `${field}.${extra[0]}`,
    });
  const role = canonicalRole(entry.role, `${field}.role`, organization);
  if (!Array.isArray(entry.subjects) || entry.subjects.length === 0 || entry.subjects.length > MAX_SUBJECTS) {
    throw new MeshError(
      CoreErrors.InvalidInput,
      `${field}.subjects: expected 1 to ${MAX_SUBJECTS} subjects like {"user":"organizations/${organization}/users/alice"}`,
      { field: `${field}.subjects` },
    );
  }
  return { role, subjects: entry.subjects as Record<string, string>[], field };
}

async function checkSubjects(reader: Reader, allow: readonly (Binding & { field?: string })[]): Promise<Binding[]> {
  const out: Binding[] = [];
  for (const b of allow) {
    const subjects: Record<string, string>[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < b.subjects.length; i++) {
      const s = await checkSubject(reader, b.subjects[i], `${b.field}.subjects[${i}]`);
      const key = JSON.stringify(s);
      if (!seen.has(key)) subjects.push(s);
      seen.add(key);
    }
    out.push({ role: b.role, subjects });
  }
  return out;
}
