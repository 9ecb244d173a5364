import type { WriteTx } from '../../store/index.js';
import { subjectFqn } from './subjects.js';

/**
 * Removes a deleted user, team or service account from every binding and team of its organization,
 * inside the delete transaction: otherwise a principal later re-created under the same name would
 * silently inherit the old one's grants and memberships. Returns how many policies and teams changed.
 */
export async function removeSubjectEverywhere(tx: WriteTx, subject: string): Promise<{ policies: number; teams: number }> {
  const org = subject.split('/').slice(0, 2).join('/');
  let policies = 0;
  let teams = 0;
  for (const res of await tx.listUnder(org)) {
    const policy = await tx.getPolicy(res.fqn);
    if (policy && policy.allow.some((b) => b.subjects.some((s) => subjectFqn(s) === subject))) {
      const allow = policy.allow
        .map((b) => ({ role: b.role, subjects: b.subjects.filter((s) => subjectFqn(s) !== subject) }))
        .filter((b) => b.subjects.length > 0);
      await tx.setPolicy(res.fqn, allow, policy.etag);
      policies++;
    }
    const members = res.kind === 'Team' ? res.spec.members : undefined;
    if (Array.isArray(members) && members.includes(subject)) {
      await tx.put({ ...res, spec: { ...res.spec, members: members.filter((m) => m !== subject) } }, res.etag);
      teams++;
    }
  }
  return { policies, teams };
}
