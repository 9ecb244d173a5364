import { MeshError, TctlErrors, describeNote, untranslatedFields } from '../../api/index.js';
import { defineCommand } from '../tctl-command.js';
import { reportError, UsageError } from '../../command/index.js';
import { validateResource } from '../../api/schemas/index.js';
import { readManifests } from '../manifest/read-manifests.js';
import { planManifests } from '../manifest/plan.js';
import { opt } from '../session/session.js';

/** tctl validate: offline schema check of manifests, no server or profile needed. */
export default defineCommand({
  summary: 'Validate resource files offline against the resource schemas',
  usage: '-f FILE|DIR|- [-f ...]',
  description:
    'Checks every document with the same schemas the server uses (apiVersion/kind, ancestors in metadata, spec fields), without contacting a server. --org/--tenant fill in missing metadata.organization/tenant as apply does.',
  examples: ['tctl validate -f ./config/'],
  options: { file: { type: 'string', short: 'f', multiple: true, value: 'FILE', description: 'file, directory or - for stdin' } },
  async run(ctx) {
    const files = ctx.options.file;
    if (files.length === 0) throw new UsageError('-f/--file is required (a file, a directory or - for stdin)');
    const docs = await readManifests(ctx.io, files);
    const org = opt(ctx, 'org');
    const tenant = opt(ctx, 'tenant');
    let failed = 0;
    for (const d of docs) {
      try {
        const [p] = planManifests([d], {
          ...(org ? { org: { value: org, source: 'flag --org' } } : {}),
          ...(tenant ? { tenant: { value: tenant, source: 'flag --tenant' } } : {}),
        });
        // Access bindings have no resource schema; planning already checked their target.
        if (p.kind.collection !== 'accessbindings') validateResource(p.object);
        ctx.io.stdout.write(`${p.fqn} valid\n`);
        // Valid but not (fully) applied: say so instead of letting it pass silently (issue #18).
        for (const n of untranslatedFields(p.kind.apiVersion, p.kind.kind, p.object.spec ?? {})) ctx.io.stderr.write(`Warning: ${p.fqn}: ${describeNote(n)}\n`);
      } catch (e) {
        failed++;
        reportError(ctx.io, e, { subject: d.source, showField: true, debug: ctx.options.debug === true });
      }
    }
    if (failed)
      throw new MeshError(TctlErrors.ManifestInvalid, `${failed} of ${docs.length} document(s) are invalid`, {
        fix: 'Correct the fields named above and validate again.',
      });
  },
});
