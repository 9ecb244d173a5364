import { parentFqn } from '../../api/index.js';
import type { Reader, StoredPolicy } from '../../store/index.js';
import type { Permission, Principal } from '../contracts.js';
import { rolePermissions } from './roles.js';
import { subjectFqn } from './subjects.js';

const NONE: ReadonlySet<Permission> = new Set();
/** Above this many memoised (principal, fqn) answers a view starts afresh, so memory stays bounded. */
const MAX_ENTRIES = 200_000;

/** Memoises `load()` under `key`; a failed load is forgotten so the next call retries. */
function memo<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = map.get(key);
  if (!hit) {
    hit = load();
    map.set(key, hit);
    hit.catch(() => map.delete(key));
  }
  return hit;
}

/**
 * Memoised answers for one store revision: policies, team membership and effective permissions.
 * Everything is a promise so concurrent checks share one load. A write anywhere drops the whole
 * view (see GrantCache), which is simple and right: rebuilding is lazy and costs a few reads.
 */
class GrantView {
  private readonly policies = new Map<string, Promise<StoredPolicy | undefined>>();
  private readonly teams = new Map<string, Promise<Map<string, readonly string[]>>>();
  private readonly identities = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly effective = new Map<string, Promise<ReadonlySet<Permission>>>();

  constructor(private readonly reader: Reader) {}

  get size(): number {
    return this.effective.size + this.identities.size + this.policies.size;
  }

  /** The permissions `p` holds on `fqn`: its own bindings' roles plus every ancestor's. */
  permissions(p: Principal, fqn: string): Promise<ReadonlySet<Permission>> {
    if (fqn === '') return Promise.resolve(NONE);
    return memo(this.effective, `${p.subject}\u0000${fqn}`, () => this.compute(p, fqn));
  }

  private async compute(p: Principal, fqn: string): Promise<ReadonlySet<Permission>> {
    const [inherited, policy, ids] = await Promise.all([this.permissions(p, parentFqn(fqn)), this.policy(fqn), this.identitiesOf(p)]);
    if (!policy || policy.allow.length === 0) return inherited;
    let out: Set<Permission> | undefined;
    for (const binding of policy.allow) {
      if (!binding.subjects.some((s) => ids.has(subjectFqn(s) ?? ''))) continue;
      for (const perm of rolePermissions(binding.role)) {
        if (inherited.has(perm) || out?.has(perm)) continue;
        out ??= new Set(inherited);
        out.add(perm);
      }
    }
    return out ?? inherited;
  }

  private policy(fqn: string): Promise<StoredPolicy | undefined> {
    return memo(this.policies, fqn, () => this.reader.getPolicy(fqn));
  }

  /** The principal's own FQN plus every team that contains it, directly or through other teams. */
  private identitiesOf(p: Principal): Promise<ReadonlySet<string>> {
    return memo(this.identities, p.subject, () => this.resolveTeams(p));
  }

  private async resolveTeams(p: Principal): Promise<ReadonlySet<string>> {
    const members = await this.teamMembers(p.organization);
    // Reverse edges member → teams, then a breadth-first walk; `seen` makes cycles harmless.
    const containing = new Map<string, string[]>();
    for (const [team, list] of members) {
      for (const m of list) {
        const arr = containing.get(m);
        if (arr) arr.push(team);
        else containing.set(m, [team]);
      }
    }
    const seen = new Set<string>([p.subject]);
    const queue = [p.subject];
    while (queue.length > 0) {
      for (const team of containing.get(queue.shift() as string) ?? []) {
        if (!seen.has(team)) {
          seen.add(team);
          queue.push(team);
        }
      }
    }
    return seen;
  }

  private teamMembers(organization: string): Promise<Map<string, readonly string[]>> {
    return memo(this.teams, organization, async () => {
      const out = new Map<string, readonly string[]>();
      for (const t of await this.reader.listChildren(`organizations/${organization}`, 'teams')) {
        const raw = t.spec.members;
        out.set(t.fqn, Array.isArray(raw) ? raw.filter((m): m is string => typeof m === 'string') : []);
      }
      return out;
    });
  }
}

/** The current GrantView, replaced whenever the store's revision moves. */
export class GrantCache {
  private view: GrantView;

  constructor(private readonly reader: Reader) {
    this.view = new GrantView(reader);
  }

  /** Drops every memoised answer; the next check reloads what it needs. */
  invalidate(): void {
    this.view = new GrantView(this.reader);
  }

  /** Effective permissions of `p` on `fqn`. */
  permissions(p: Principal, fqn: string): Promise<ReadonlySet<Permission>> {
    if (this.view.size > MAX_ENTRIES) this.invalidate();
    return this.view.permissions(p, fqn);
  }
}
