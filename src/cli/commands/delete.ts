import { CliUsabilityErrors, CoreErrors, isMeshError, MeshError, TctlErrors } from '../../api/index.js';
import { defineCommand } from '../tctl-command.js';
import { reportError, UsageError } from '../../command/index.js';
import { readManifests } from '../manifest/read-manifests.js';
import { planManifests } from '../manifest/plan.js';
import { diagnose } from '../session/diagnose.js';
import { explainNotFound, SCOPE_OPTIONS, type Scope } from '../session/scope.js';
import { withSession } from '../session/session.js';
import { resolveTarget, targetFqn } from '../session/targets.js';

/** tctl delete */
export default defineCommand({
  summary: 'Delete resources and everything below them',
  usage: '<kind> NAME... | -f FILE|DIR|- [--force] [--ignore-not-found]',
  description: 'Deletion cascades to children (a tenant takes its workspaces and groups with it). --force also deletes objects with deletionProtectionEnabled.',
  examples: ['tctl delete tenant prod', 'tctl delete ws payments --tenant prod', 'tctl get all --tenant prod | tctl delete -f -'],
  options: {
    ...SCOPE_OPTIONS,
    file: { type: 'string', short: 'f', multiple: true, value: 'FILE', description: 'delete the objects in these files (- for stdin)' },
    force: { type: 'boolean', description: 'ignore deletion protection' },
    'ignore-not-found': { type: 'boolean', description: 'treat objects that do not exist as deleted (no error), as kubectl does' },
  },
  async run(ctx) {
    const files = ctx.options.file;
    if (files.length && ctx.positionals.length) throw new UsageError('give either -f or a kind and names, not both');
    const docs = files.length ? await readManifests(ctx.io, files) : undefined;
    await withSession(ctx, async (s) => {
      let targets: { fqn: string; scope: Scope; source?: string }[];
      if (docs) {
        // Children first, so nothing is reported missing because its parent took it along.
        const all = planManifests(docs, { ...(s.org ? { org: s.org } : {}), ...(s.tenant ? { tenant: s.tenant } : {}) }).reverse();
        // Access bindings are part of their object: they go when it goes and cannot be deleted alone.
        const plan = all.filter((p) => p.kind.collection !== 'accessbindings');
        for (const p of all)
          if (!plan.includes(p))
            ctx.io.stderr.write(`Skipped ${p.fqn} (${p.source}): access bindings are removed with their object; apply an empty spec.allow to clear them\n`);
        targets = plan.map((p) => ({ fqn: p.fqn, source: p.source, scope: { ...(p.org ? { org: p.org } : {}), ...(p.tenant ? { tenant: p.tenant } : {}) } }));
      } else {
        const t = await resolveTarget(ctx, s, ctx.positionals);
        if (t.names.length === 0) throw new UsageError(`name the ${t.kind.kind} object(s) to delete: tctl delete ${ctx.positionals[0]} NAME...`);
        targets = t.names.map((n) => ({ fqn: targetFqn(t, n), scope: t.scope }));
      }
      let failed = 0;
      let gone = 0;
      for (const t of targets) {
        try {
          await s.client.delete(t.fqn, ctx.options.force === true);
          ctx.io.stdout.write(`${t.fqn} deleted\n`);
        } catch (e) {
          const missing = isMeshError(e, CoreErrors.NotFound) || isMeshError(e, CoreErrors.ParentNotFound);
          if (missing && ctx.options['ignore-not-found']) continue;
          failed++;
          // An object named in a file says where it lives: a 404 means it is gone, not that the scope is wrong.
          const err =
            missing && t.source
              ? new MeshError(CliUsabilityErrors.DeleteTargetGone, 'not found', { cause: e })
              : diagnose(await explainNotFound(s, e, t.fqn, t.scope), s);
          if (missing && t.source) gone++;
          reportError(ctx.io, err, { subject: `${t.fqn}${t.source ? ` (${t.source})` : ''}`, debug: ctx.options.debug === true });
        }
      }
      if (failed && gone === failed) throw new MeshError(CliUsabilityErrors.DeleteTargetGone, `${gone} of ${targets.length} object(s) did not exist`);
      if (failed)
        throw new MeshError(TctlErrors.ApplyFailed, `${failed} of ${targets.length} object(s) were not deleted`, {
          fix: 'Fix the errors above and run the same delete again.',
        });
    });
  },
});
