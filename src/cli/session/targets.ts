import type { ResourceObject } from '../../client/index.js';
import type { KindInfo } from '../../api/index.js';
import type { CommandContext } from '../../command/index.js';
import { UsageError } from '../../command/index.js';
import { resolveKind } from './kind-ref.js';
import { explainNotFound, groupLevelFromFlags, parentFqn, scopeFromFlags, type Scope } from './scope.js';
import type { Session } from './session.js';

/** What `tctl get|delete|edit|status <kind> [names...]` points at. */
export interface Target {
  readonly kind: KindInfo;
  readonly parent: string;
  readonly names: readonly string[];
  readonly scope: Scope;
}

/** Resolves the kind word, the scope flags and the names into a parent FQN. */
export async function resolveTarget(ctx: CommandContext, s: Session, positionals: readonly string[]): Promise<Target> {
  const [word, ...names] = positionals;
  if (!word) throw new UsageError('expected a kind (e.g. tenants, tns, api.tsb.tetrate.io/v2/Tenant); see --help for the list');
  const scope = scopeFromFlags(ctx, s);
  // A kind under several tree levels (Profile) is looked up at the deepest level the scope names.
  const kind = resolveKind(word, groupLevelFromFlags(ctx) ?? (scope.workspace ? 'workspace' : scope.tenant ? 'tenant' : 'organization'));
  return { kind, parent: await parentFqn(s, kind, scope), names, scope };
}

/** The FQN of one named object of the target. */
export function targetFqn(t: Target, name: string): string {
  return `${t.parent ? `${t.parent}/` : ''}${t.kind.collection}/${name}`;
}

/** Fetches the named objects, or the whole collection when no name was given; 404s explained. */
export async function fetchTarget(s: Session, t: Target): Promise<ResourceObject[]> {
  if (t.names.length === 0) {
    try {
      const all = await s.client.list(t.parent, t.kind.collection);
      // Collections such as settings/ or virtualservices/ may hold several kinds.
      return all.filter((o) => o.kind === t.kind.kind || !o.kind);
    } catch (e) {
      throw await explainNotFound(s, e, `${t.parent ? `${t.parent}/` : ''}${t.kind.collection}`, t.scope);
    }
  }
  const out: ResourceObject[] = [];
  for (const name of t.names) {
    const fqn = targetFqn(t, name);
    try {
      out.push(await s.client.get(fqn));
    } catch (e) {
      throw await explainNotFound(s, e, fqn, t.scope);
    }
  }
  return out;
}

/** The FQN of a fetched object (spec.fqn as the server returns it). */
export function objectFqn(o: ResourceObject, fallback = ''): string {
  return typeof o.spec?.fqn === 'string' ? o.spec.fqn : fallback;
}
