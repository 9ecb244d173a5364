// tctl x doctor's report: sections of checks (✔ ok, ‼ warning, ✖ failure with cause and fix), a
// final verdict, rendered as `linkerd check` does, or as JSON/YAML.

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the report. */
export interface Check {
  name: string;
  status: CheckStatus;
  /** What was found (shown after the name). */
  detail?: string;
  /** Why it failed or warns. */
  cause?: string;
  /** The command (or step) that fixes it. */
  fix?: string;
}

/** One FAQ question's checks. */
export interface Section {
  title: string;
  /** The docs/faq.md question it answers. */
  faq: string;
  checks: Check[];
}

export interface DoctorReport {
  sections: Section[];
  verdict: { ok: number; warnings: number; failures: number; passed: boolean };
}

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '‼', fail: '✖' };

/** Counts the checks; passed = no ✖. */
export function verdictOf(sections: readonly Section[]): DoctorReport['verdict'] {
  const all = sections.flatMap((s) => s.checks);
  const failures = all.filter((c) => c.status === 'fail').length;
  return { ok: all.filter((c) => c.status === 'ok').length, warnings: all.filter((c) => c.status === 'warn').length, failures, passed: failures === 0 };
}

/** The text report. */
export function renderDoctor(r: DoctorReport): string {
  const out: string[] = [];
  for (const s of r.sections) {
    out.push(s.title, '-'.repeat(s.title.length));
    for (const c of s.checks) {
      out.push(`${MARK[c.status]} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
      if (c.status !== 'ok') {
        if (c.cause) out.push(`    cause: ${c.cause}`);
        if (c.fix) out.push(`    fix:   ${c.fix}`);
      }
    }
    out.push('');
  }
  const v = r.verdict;
  out.push(
    `Status check results are ${v.passed ? '✔' : '✖'}  (${v.ok} ok, ${v.warnings} warning${v.warnings === 1 ? '' : 's'}, ${v.failures} failure${v.failures === 1 ? '' : 's'})`,
  );
  return out.join('\n') + '\n';
}
