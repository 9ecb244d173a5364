import { CoreErrors, MeshError, findOverlap, isIstioKind, parseFqn, selectorCovers, toMessage, type NamespaceSelector } from '../../api/index.js';
import { fromCreateBody, fromUpdateBody, fieldPath, problemList, type ValidResource } from '../../api/schemas/index.js';
import { fieldNotes, mandateConflictNotes, references, validateIstioObject, withNotes, type TranslationNote } from '../../translate/index.js';
import type { ResourceInput, StoredResource, Store, WriteTx } from '../../store/index.js';
import type { KindHook, Principal, Rbac } from '../contracts.js';
import { readResourceStatus } from '../status/index.js';
import type { ReadCache } from './read-cache.js';
import { checkDirectObject } from './direct-objects.js';

/** What the resource operations need; the HTTP layer only parses and renders. */
export interface ResourceDeps {
  readonly store: Store;
  readonly rbac: Rbac;
  readonly hooks: readonly KindHook[];
  readonly cache: ReadCache;
  /** Status events that depend on the mesh view (issue #17), from the distribution extension. */
  readonly meshNotes?: (res: { readonly fqn: string; readonly kind: string }) => readonly TranslationNote[];
}

function notFound(fqn: string): MeshError {
  return new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
}

function selectorOf(spec: Readonly<Record<string, unknown>>): NamespaceSelector | undefined {
  return spec.namespaceSelector as NamespaceSelector | undefined;
}

/** Whether the caller may read an FQN: errors name another resource only to who may read it. */
type CanRead = (fqn: string) => Promise<boolean>;

/**
 * A workspace's namespaces are exclusive within its organization (checked inside the write). The
 * owner is named only to a caller who may read it: otherwise the refusal would tell a tenant admin
 * which other tenants and workspaces exist (docs/auth.md promises they cannot learn that).
 */
async function checkWorkspaceExclusive(tx: WriteTx, res: ValidResource, canRead: CanRead): Promise<void> {
  if (res.spec.privileged === true) return;
  const org = res.fqn.split('/').slice(0, 2).join('/');
  for (const other of await tx.listByKind('Workspace')) {
    if (other.fqn === res.fqn || !other.fqn.startsWith(`${org}/`) || other.spec.privileged === true) continue;
    const pair = findOverlap(selectorOf(res.spec), selectorOf(other.spec));
    if (pair) {
      const i = (selectorOf(res.spec)?.names ?? []).indexOf(pair[0]);
      const field = `spec.namespaceSelector.names[${i}]`;
      if (!(await canRead(other.fqn))) {
        throw new MeshError(CoreErrors.NamespaceConflict, `${field}: "${pair[0]}" is already owned by a workspace you cannot see`, {
          field,
          details: { entry: pair[0] },
        });
      }
      throw new MeshError(CoreErrors.NamespaceConflict, `${field}: "${pair[0]}" overlaps "${pair[1]}" of workspace ${other.fqn}, which owns those namespaces`, {
        field,
        details: { owner: other.fqn, entry: pair[0], ownerEntry: pair[1] },
      });
    }
  }
}

/** Group selectors stay within their workspace; Istio objects need DIRECT groups, TSB ones BRIDGED. */
async function checkPlacement(tx: WriteTx, res: ValidResource): Promise<void> {
  const parent = res.parent === '' ? undefined : await tx.get(res.parent);
  if (res.parent !== '' && !parent) {
    throw new MeshError(CoreErrors.ParentNotFound, `${res.parent} does not exist; create it before ${res.fqn}`, { details: { parent: res.parent } });
  }
  if (!parent) return;
  if (res.kind.kind === 'Group' && parent.kind === 'Workspace') {
    const names = selectorOf(res.spec)?.names ?? [];
    const i = names.findIndex((n) => !selectorCovers(selectorOf(parent.spec), { names: [n] }));
    if (i >= 0) {
      throw new MeshError(
        CoreErrors.InvalidInput,
        `spec.namespaceSelector.names[${i}]: "${names[i]}" is outside workspace ${parent.fqn} (${(selectorOf(parent.spec)?.names ?? []).join(', ')})`,
        {
          field: `spec.namespaceSelector.names[${i}]`,
        },
      );
    }
  }
  if (parent.kind === 'Group') {
    const mode = parent.spec.configMode === 'DIRECT' ? 'DIRECT' : 'BRIDGED';
    const want = isIstioKind(res.kind) ? 'DIRECT' : 'BRIDGED';
    if (mode !== want) {
      throw new MeshError(CoreErrors.ConfigModeMismatch, `${res.kind.kind} ${res.name} needs a ${want} group, but ${parent.fqn} has configMode ${mode}`, {
        field: 'spec.configMode',
        details: { group: parent.fqn, configMode: mode },
      });
    }
  }
}

/** DIRECT-mode Istio specs are checked against Istio's CRD schemas (and their CEL rules). */
function checkIstioSpec(res: ValidResource): void {
  if (!isIstioKind(res.kind)) return;
  const problems = validateIstioObject({ apiVersion: res.kind.apiVersion, kind: res.kind.kind, spec: res.spec });
  if (problems.length === 0) return;
  const at = (path: string): string => (path.startsWith('/') ? fieldPath(path) : path);
  const all = problems.map((x) => `${at(x.path)}: ${x.message}`);
  throw new MeshError(CoreErrors.InvalidInput, problemList(res.kind.kind, all), { field: at(problems[0].path), details: { errors: all } });
}

async function checkWrite(tx: WriteTx, res: ValidResource, canRead: CanRead): Promise<void> {
  await checkPlacement(tx, res);
  if (res.kind.kind === 'Workspace') await checkWorkspaceExclusive(tx, res, canRead);
  await checkDirectObject(tx, res, canRead);
}

function input(res: ValidResource): ResourceInput {
  return { fqn: res.fqn, parent: res.parent, apiVersion: res.kind.apiVersion, kind: res.kind.kind, name: res.name, metadata: res.metadata, spec: res.spec };
}

/** The generic resource operations behind `/v2/{fqn}` and `/v2/{parent}/{collection}`. */
export class ResourceService {
  constructor(private readonly deps: ResourceDeps) {}

  /** A resource the caller may read, as TSB's REST message; NotFound otherwise. */
  async get(p: Principal, fqn: string): Promise<Record<string, unknown>> {
    const r = await this.deps.cache.get(fqn);
    // Rights first: to a caller who may not read it, a missing resource and an unreadable one must
    // answer the same 404 (the same hidden-existence message), or probing would map what exists.
    if (!(await this.deps.rbac.can(p, 'READ', fqn))) throw await this.deps.rbac.hidden(p, fqn);
    if (!r) throw notFound(fqn);
    return this.deps.cache.message(r);
  }

  /** `{<collection>: [...]}` of what the caller may read under an existing parent. */
  async list(p: Principal, parent: string, collection: string): Promise<Record<string, unknown>> {
    return JSON.parse(await this.listJson(p, parent, collection)) as Record<string, unknown>;
  }

  /**
   * The list as JSON text: when the caller may read every item (the common admin/reader case) the
   * serialised body is shared until the next write.
   */
  async listJson(p: Principal, parent: string, collection: string): Promise<string> {
    // A reader of one tenant may list the organization's tenants without reading the organization;
    // an unreadable parent with nothing readable below it answers like a missing one.
    // A collection that cannot exist is a 404 (its POST is a 400), not an empty list.
    if (parent !== '') {
      try {
        parseFqn(`${parent}/${collection}/x`);
      } catch (e) {
        if (e instanceof MeshError && e.code === CoreErrors.InvalidFqn.code)
          throw new MeshError(CoreErrors.NotFound, e.message, { details: { fqn: `${parent}/${collection}` } });
        throw e;
      }
    }
    const parentRes = parent === '' ? undefined : await this.deps.cache.get(parent);
    if (parent !== '' && !parentRes) throw (await this.deps.rbac.can(p, 'READ', parent)) ? notFound(parent) : await this.deps.rbac.hidden(p, parent);
    const rows = await this.deps.cache.listChildren(parent, collection);
    const visible = await this.deps.rbac.readable(p, rows);
    if (parent !== '' && visible.length === 0 && !(await this.deps.rbac.can(p, 'READ', parent))) throw await this.deps.rbac.hidden(p, parent);
    if (visible.length === rows.length) return this.deps.cache.listBody(collection, rows);
    return JSON.stringify({ [collection]: visible.map((r) => this.deps.cache.message(r)) });
  }

  /** Creates from a TSB create body or an envelope; hook extras join the response only. */
  async create(p: Principal, parent: string, collection: string, body: unknown): Promise<Record<string, unknown>> {
    if (parent !== '') parseFqn(parent);
    const res = fromCreateBody(parent, collection, body);
    checkIstioSpec(res);
    if (parent !== '')
      await this.get(p, parent).catch(() => {
        throw new MeshError(CoreErrors.ParentNotFound, `${parent} does not exist; create it before ${res.fqn}`, { details: { parent } });
      });
    await this.deps.rbac.require(p, 'CREATE', parent);
    const { result } = await this.deps.store.write(p.subject, async (tx) => {
      await checkWrite(tx, res, (f) => this.deps.rbac.can(p, 'READ', f));
      if (await tx.get(res.fqn)) throw new MeshError(CoreErrors.AlreadyExists, `${res.fqn} already exists`, { details: { fqn: res.fqn } });
      await this.beforeWrite(tx, p, undefined, input(res));
      const stored = await tx.put(input(res), null);
      const extras: Record<string, unknown> = {};
      for (const h of this.deps.hooks) if (h.kind === stored.kind && h.afterCreate) Object.assign(extras, await h.afterCreate(tx, stored));
      return { stored, extras };
    });
    return { ...toMessage(result.stored), ...result.extras };
  }

  /** Replaces a resource; the body's etag must be the current one. */
  async replace(p: Principal, fqn: string, body: unknown): Promise<Record<string, unknown>> {
    const res = fromUpdateBody(fqn, body);
    checkIstioSpec(res);
    await this.deps.rbac.require(p, 'WRITE', res.fqn);
    if (res.etag === undefined) {
      throw new MeshError(
        CoreErrors.InvalidInput,
        'metadata.resourceVersion: required on replace: send the etag you read (metadata.resourceVersion, spec.etag or etag)',
        {
          field: 'metadata.resourceVersion',
        },
      );
    }
    const etag = res.etag;
    const { result } = await this.deps.store.write(p.subject, async (tx) => {
      const cur = await tx.get(res.fqn);
      if (!cur) throw notFound(res.fqn);
      if (cur.etag !== etag) {
        throw new MeshError(CoreErrors.EtagMismatch, `${res.fqn}: etag ${etag} is stale; the current etag is ${cur.etag}`, {
          field: 'metadata.resourceVersion',
          details: { fqn: res.fqn, etag, currentEtag: cur.etag },
        });
      }
      await checkWrite(tx, res, (f) => this.deps.rbac.can(p, 'READ', f));
      await this.beforeWrite(tx, p, cur, input(res));
      return tx.put(input(res), etag);
    });
    return toMessage(result);
  }

  private async beforeWrite(tx: WriteTx, p: Principal, before: StoredResource | undefined, after: ResourceInput): Promise<void> {
    for (const h of this.deps.hooks) if (h.kind === after.kind && h.beforeWrite) await h.beforeWrite(tx, p, before, after);
  }

  /** Deletes a resource and its subtree; deletion protection anywhere in it refuses unless forced. */
  async remove(p: Principal, fqn: string, force: boolean): Promise<{ deleted: string[] }> {
    await this.deps.rbac.require(p, 'DELETE', fqn);
    const { result } = await this.deps.store.write(p.subject, async (tx) => {
      const subtree: StoredResource[] = await tx.listUnder(fqn);
      if (!subtree.some((r) => r.fqn === fqn)) throw notFound(fqn);
      const guarded = subtree.find((r) => r.spec.deletionProtectionEnabled === true);
      if (guarded && !force) {
        throw new MeshError(CoreErrors.DeletionProtected, `${guarded.fqn} has deletionProtectionEnabled; deleting ${fqn} would remove it`, {
          details: { fqn: guarded.fqn },
        });
      }
      const kinds = new Map(subtree.map((r) => [r.fqn, r.kind]));
      const deleted = await tx.remove(fqn);
      for (const d of deleted) {
        for (const h of this.deps.hooks) if (h.kind === kinds.get(d) && h.afterDelete) await h.afterDelete(tx, d);
      }
      return deleted;
    });
    return { deleted: result };
  }

  /** TSB-style status: ACCEPTED until a cluster reports, then the aggregate of the reports. */
  async status(p: Principal, fqn: string): Promise<Record<string, unknown>> {
    return withNotes(await this.clusterStatus(p, fqn), await this.translationNotes(fqn));
  }

  /**
   * Issue #18: fields the resource sets that translation does not apply, and names it references
   * that do not exist; folded into its status so it is never READY while any is present.
   */
  private async translationNotes(fqn: string): Promise<TranslationNote[]> {
    const r = await this.deps.cache.get(fqn);
    if (!r) return [];
    const notes = [...fieldNotes(r), ...(this.deps.meshNotes?.(r) ?? [])];
    const profiles = new Map<string, StoredResource>();
    for (const ref of references(r)) {
      const target = await this.deps.cache.get(ref.fqn);
      if (!target) notes.push({ field: ref.field, code: ref.code, reason: ref.reason, failClosed: ref.failClosed });
      else if (ref.code === 'MB3050') profiles.set(ref.fqn, target);
    }
    // Two listed profiles mandating one field differently: the later mandate is not applied (MB3051).
    return profiles.size > 1 ? [...notes, ...mandateConflictNotes(r, profiles)] : notes;
  }

  private async clusterStatus(p: Principal, fqn: string): Promise<Record<string, unknown>> {
    await this.get(p, fqn);
    return readResourceStatus(await this.deps.store.getStatus(fqn));
  }
}
