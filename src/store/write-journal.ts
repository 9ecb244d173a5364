/**
 * What one write transaction touched, folded to one entry per resource (and one per policy), so a
 * write that puts the same resource twice still yields one change row and one audit row. Pure.
 */

/** One net effect of a write on one resource or one policy. */
export interface JournalEntry {
  readonly target: 'resource' | 'policy';
  readonly fqn: string;
  readonly kind: string;
  readonly op: 'create' | 'update' | 'delete' | 'set-policy';
  readonly etagBefore: string | null;
  readonly etagAfter: string | null;
}

interface Slot {
  target: 'resource' | 'policy';
  fqn: string;
  kind: string;
  before: string | null;
  after: string | null;
}

/** Collects touches in call order and folds repeated touches of one target. */
export class WriteJournal {
  private readonly slots = new Map<string, Slot>();

  /** Records a resource write; `before`/`after` are etags, null meaning absent. */
  resource(fqn: string, kind: string, before: string | null, after: string | null): void {
    this.touch('resource', fqn, kind, before, after);
  }

  /** Records a policy write; `before`/`after` are the policy's etags, null meaning absent. */
  policy(fqn: string, kind: string, before: string | null, after: string | null): void {
    this.touch('policy', fqn, kind, before, after);
  }

  /** The net entries in first-touch order; a resource created and deleted in one write vanishes. */
  entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const s of this.slots.values()) {
      const op = s.target === 'policy' ? 'set-policy' : resourceOp(s.before, s.after);
      if (op === undefined) continue;
      out.push({ target: s.target, fqn: s.fqn, kind: s.kind, op, etagBefore: s.before, etagAfter: s.after });
    }
    return out;
  }

  private touch(target: Slot['target'], fqn: string, kind: string, before: string | null, after: string | null): void {
    const key = `${target}\u0000${fqn}`;
    const slot = this.slots.get(key);
    if (slot === undefined) {
      this.slots.set(key, { target, fqn, kind, before, after });
      return;
    }
    // The first etag before and the last etag after describe the net change.
    slot.after = after;
    slot.kind = kind;
  }
}

function resourceOp(before: string | null, after: string | null): JournalEntry['op'] | undefined {
  if (before === null && after === null) return undefined;
  if (before === null) return 'create';
  if (after === null) return 'delete';
  return 'update';
}
