// The table `tctl x ca rotate-root` prints: the step, the roots, then one row per cluster with what
// it lacks, then what --advance and --abort would do.
import type { RootRotationView } from '../../../../api/index.js';
import { formatTable } from '../../../../command/index.js';

const short = (sha: string | undefined): string => (sha ? sha.slice(0, 16) : '-');

/** The rotation as a human reads it; `plan` words the rows as what would happen. */
export function formatRotation(v: RootRotationView, plan = false): string {
  const out: string[] = [];
  const step = v.phase === 'idle' ? 'idle' : `step ${v.step}/3 (${v.phase})`;
  out.push(`Organization: ${v.organization}   Root rotation: ${step}`);
  out.push(`  ${v.description}`);
  out.push(`Mesh root: ${v.meshRoot.subject}  sha256 ${short(v.meshRoot.sha256)}  until ${v.meshRoot.notAfter}`);
  if (v.oldRoot && v.newRoot) {
    out.push(`Old root:  ${v.oldRoot.subject}  sha256 ${short(v.oldRoot.sha256)}`);
    out.push(`New root:  ${v.newRoot.subject}  sha256 ${short(v.newRoot.sha256)}  until ${v.newRoot.notAfter}`);
  }
  if (v.clusters.length) {
    out.push('');
    const rows = v.clusters.map((c) => [
      c.cluster.slice(c.cluster.lastIndexOf('/') + 1),
      c.managed ? 'yes' : 'no (own CA)',
      c.connected ? 'yes' : 'no',
      plan || v.phase === 'idle' ? String(c.workloads.total) : `${c.workloads.done}/${c.workloads.total}`,
      !c.managed ? 'not gated' : c.done ? (plan ? 'ready' : 'done') : 'waiting',
      c.lacking.join('; ') || '-',
    ]);
    out.push(formatTable(['CLUSTER', 'MANAGED', 'CONNECTED', 'WORKLOADS', plan ? 'PLAN' : 'STEP', 'LACKS'], rows).trimEnd());
  } else if (v.phase !== 'idle' || plan) out.push('', 'No clusters.');
  out.push('');
  if (v.phase !== 'idle') out.push(v.gate.holds ? 'Gate: every managed cluster reached this step.' : `Gate: held by ${v.gate.holding.length} cluster(s).`);
  if (v.next.advance) out.push(`${v.phase === 'idle' ? '--start' : '--advance'}: ${v.next.advance}`);
  if (v.next.abort) out.push(`--abort: ${v.next.abort}`);
  if (v.notManaged) out.push(`Not managed: ${v.notManaged.clusters.join(', ')} — ${v.notManaged.note}`);
  if (v.last)
    out.push(`Last rotation: ${v.last.outcome} at ${v.last.history[v.last.history.length - 1]?.at ?? '?'} (new root sha256 ${short(v.last.newRootSha256)})`);
  return out.join('\n') + '\n';
}
