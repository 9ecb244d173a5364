// An in-memory Store for unit tests of auth and rbac only: it follows the Store contract closely
// enough for them (resources, policies, secrets, subscribe) and is never used by the product.
// The authorization matrix runs against the real SQLite store instead.
import { CoreErrors, MeshError } from '../../src/api/index.js';
import type { Change, ResourceInput, StoredPolicy, StoredResource, Store, WriteTx, Reader } from '../../src/store/index.js';

interface State {
  resources: Map<string, StoredResource>;
  policies: Map<string, StoredPolicy>;
  secrets: Map<string, string>;
}

function clone(s: State): State {
  return { resources: new Map(s.resources), policies: new Map(s.policies), secrets: new Map(s.secrets) };
}

function reader(get: () => State): Reader {
  const sorted = (xs: StoredResource[]) => xs.sort((a, b) => a.fqn.localeCompare(b.fqn));
  return {
    get: async (fqn) => get().resources.get(fqn),
    listChildren: async (parent, collection) =>
      sorted([...get().resources.values()].filter((r) => r.parent === parent && (collection === undefined || r.fqn.startsWith(`${parent ? `${parent}/` : ''}${collection}/`)))),
    listUnder: async (prefix) => sorted([...get().resources.values()].filter((r) => prefix === '' || r.fqn === prefix || r.fqn.startsWith(`${prefix}/`))),
    listByKind: async (kind) => sorted([...get().resources.values()].filter((r) => r.kind === kind)),
    getPolicy: async (fqn) => get().policies.get(fqn),
    getSecret: async (key) => get().secrets.get(key),
  };
}

/** A fresh in-memory store; `reads` counts getPolicy calls so cache tests can assert on them. */
export function memoryStore(): Store & { reads: { policy: number } } {
  let state: State = { resources: new Map(), policies: new Map(), secrets: new Map() };
  let revision = 0;
  let etagSeq = 0;
  const listeners = new Set<(rev: number) => void>();
  const changes: Change[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const reads = { policy: 0 };
  const live = reader(() => state);
  const store: Store & { reads: { policy: number } } = {
    backend: 'sqlite',
    reads,
    migrate: async () => {},
    ping: async () => true,
    reader: { ...live, getPolicy: async (fqn) => { reads.policy++; return live.getPolicy(fqn); } },
    write<T>(actor: string, fn: (tx: WriteTx) => Promise<T>) {
      const run = async () => {
        const draft = clone(state);
        let touched = false;
        const now = new Date().toISOString();
        const tx: WriteTx = {
          ...reader(() => draft),
          put: async (input: ResourceInput, expectedEtag) => {
            const cur = draft.resources.get(input.fqn);
            if (expectedEtag === null && cur) throw new MeshError(CoreErrors.AlreadyExists, `${input.fqn} already exists`);
            if (expectedEtag !== null && !cur) throw new MeshError(CoreErrors.NotFound, `${input.fqn} not found`);
            if (cur && expectedEtag !== cur.etag) throw new MeshError(CoreErrors.EtagMismatch, `etag ${expectedEtag} != ${cur.etag}`);
            if (input.parent !== '' && !draft.resources.has(input.parent)) throw new MeshError(CoreErrors.ParentNotFound, `${input.parent} not found`);
            touched = true;
            const res: StoredResource = { ...input, etag: `"e${++etagSeq}"`, revision: revision + 1, createdAt: cur?.createdAt ?? now, updatedAt: now };
            draft.resources.set(input.fqn, res);
            changes.push({ revision: revision + 1, fqn: input.fqn, kind: input.kind, op: cur ? 'update' : 'create' });
            return res;
          },
          remove: async (fqn) => {
            const gone = [...draft.resources.keys()].filter((k) => k === fqn || k.startsWith(`${fqn}/`)).sort((a, b) => b.length - a.length);
            for (const k of gone) { draft.resources.delete(k); draft.policies.delete(k); }
            touched ||= gone.length > 0;
            return gone;
          },
          setPolicy: async (fqn, allow, expectedEtag) => {
            const cur = draft.policies.get(fqn);
            if (expectedEtag !== undefined && cur?.etag !== expectedEtag) throw new MeshError(CoreErrors.EtagMismatch, 'policy etag');
            touched = true;
            const p: StoredPolicy = { fqn, allow, etag: `"p${++etagSeq}"` };
            draft.policies.set(fqn, p);
            return p;
          },
          putSecret: async (key, value) => { draft.secrets.set(key, value); },
          deleteSecret: async (key) => { draft.secrets.delete(key); },
        };
        void actor;
        const result = await fn(tx);
        state = draft;
        if (touched) {
          revision++;
          for (const l of listeners) l(revision);
        }
        return { result, revision };
      };
      const p = chain.then(run, run);
      chain = p.catch(() => undefined);
      return p;
    },
    currentRevision: async () => revision,
    changesSince: async (after) => changes.filter((c) => c.revision > after),
    audit: async () => [],
    putStatus: async () => {},
    getStatus: async () => [],
    subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
    integrityCheck: async () => [],
    close: async () => {},
  };
  return store;
}

/** Creates a resource with a minimal envelope (tests only). */
export async function putResource(store: Store, fqn: string, kind: string, spec: Record<string, unknown> = {}): Promise<StoredResource> {
  const parts = fqn.split('/');
  const parent = parts.slice(0, -2).join('/');
  const { result } = await store.write('test', (tx) =>
    tx.put({ fqn, parent, apiVersion: 'api.tsb.tetrate.io/v2', kind, name: parts[parts.length - 1], metadata: { name: parts[parts.length - 1] }, spec }, null),
  );
  return result;
}
