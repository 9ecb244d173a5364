import type { ErrorDef } from './error-def.js';

/** Renders docs/errors.md from the catalogue, so the document can never drift from the code. */
export function renderErrorsDoc(defs: readonly ErrorDef[]): string {
  const rows = defs.map((d) => `| ${d.code} | ${d.name} | ${d.status} | ${d.title} | ${d.fix.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    'Every error meshbridge shows a user carries a stable code `MB####`: in REST problem+json bodies',
    '(`code`), in `tctl` output (`[MB####]`) and in logs. Codes are never reused. This file is generated',
    'from `src/api/errors/` by `npm run docs:errors`; a unit test fails when it is out of date.',
    '',
    'Ranges: MB1xxx management plane core, MB2xxx tctl, MB3xxx clusters/agent/translation,',
    'MB4xxx certificates, MB5xxx CNI, MB6xxx install API.',
    '',
    '| code | name | HTTP | title | fix |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
