import { CoreErrors, describeNote, isMeshError, MeshError, TctlErrors, untranslatedFields, withoutServerFields } from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';
import { defineCommand } from '../tctl-command.js';
import { formatJson, formatYaml, reportError, UsageError } from '../../command/index.js';
import { readManifests } from '../manifest/read-manifests.js';
import { decodeManifests } from '../manifest/decode.js';
import { sameContent } from '../manifest/same-content.js';
import { planManifests, type PlannedObject } from '../manifest/plan.js';
import { diagnose } from '../session/diagnose.js';
import { explainNotFound } from '../session/scope.js';
import { withSession, type Session } from '../session/session.js';
import { tidy } from '../output/render.js';
import { applyBindings, getBindings } from '../session/bindings.js';

type Outcome = 'created' | 'configured' | 'unchanged';

/** tctl apply */
export default defineCommand({
  summary: 'Create or update resources from YAML files (parents before children)',
  usage: '-f FILE|DIR|- [-f ...] [-o yaml|json]',
  description:
    'Each document needs apiVersion, kind, metadata.name and its ancestors in metadata (organization, tenant, workspace, group); organization and tenant default to --org/--tenant or the profile. Keys are read as TSB reads them: envelope keys in any case, spec fields by JSON (namespaceSelector) or proto (namespace_selector) name. Documents are applied parents first whatever their order; one failing object does not stop the others, and the exit code is 1 if any failed. A document carrying metadata.resourceVersion (or spec.etag) replaces only that version: if the object changed since, it fails with a conflict naming both etags; without one, apply replaces whatever is current.',
  examples: ['tctl apply -f tenant.yaml', 'tctl apply -f ./config/', 'tctl get all --tenant prod | tctl apply -f -'],
  options: {
    file: { type: 'string', short: 'f', multiple: true, value: 'FILE', description: 'file, directory or - for stdin' },
    'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'print the applied objects as yaml or json instead of one line each' },
  },
  async run(ctx) {
    const files = ctx.options.file;
    if (files.length === 0) throw new UsageError('-f/--file is required (a file, a directory or - for stdin)');
    const format = ctx.options['output-type'];
    if (format !== undefined && format !== 'yaml' && format !== 'json')
      throw new UsageError(`-o/--output-type: "${String(format)}" is not a format; use yaml or json`);
    const docs = await decodeManifests(await readManifests(ctx.io, files));
    return withSession(ctx, async (s) => {
      const plan = planManifests(docs, { ...(s.org ? { org: s.org } : {}), ...(s.tenant ? { tenant: s.tenant } : {}) });
      const applied: ResourceObject[] = [];
      let failed = 0;
      for (const p of plan) {
        try {
          const { outcome, object } = await applyOne(s, p);
          applied.push(object);
          if (!format) ctx.io.stdout.write(`${p.fqn} ${outcome}\n`);
          // Accepted but not (fully) applied: warn (the status will say PARTIAL too; issue #18).
          for (const n of untranslatedFields(p.kind.apiVersion, p.kind.kind, p.object.spec ?? {}))
            ctx.io.stderr.write(`Warning: ${p.fqn}: ${describeNote(n)}\n`);
        } catch (e) {
          failed++;
          const err = diagnose(await explainApplyError(s, e, p), s);
          reportError(ctx.io, err, { subject: `${p.fqn} (${p.source})`, debug: ctx.options.debug === true });
        }
      }
      if (format === 'json') ctx.io.stdout.write(formatJson(applied.map(tidy)));
      if (format === 'yaml' && applied.length) ctx.io.stdout.write(formatYaml(applied.map(tidy)));
      if (failed) throw new MeshError(TctlErrors.ApplyFailed, `${failed} of ${plan.length} object(s) failed; the others were applied`);
    });
  },
});

async function explainApplyError(s: Session, e: unknown, p: PlannedObject): Promise<unknown> {
  if (!isMeshError(e, CoreErrors.NotFound) && !isMeshError(e, CoreErrors.ParentNotFound)) return e;
  const explained = await explainNotFound(s, e, p.fqn, { ...(p.org ? { org: p.org } : {}), ...(p.tenant ? { tenant: p.tenant } : {}) });
  if (isMeshError(explained, TctlErrors.NotFound)) {
    return new MeshError(CoreErrors.ParentNotFound, `parent ${p.parent} does not exist: ${e instanceof Error ? e.message : ''}`);
  }
  return explained;
}

/** Creates the object, or replaces it with the current etag when it exists and differs. */
async function applyOne(s: Session, p: PlannedObject): Promise<{ outcome: Outcome; object: ResourceObject }> {
  if (p.kind.apiVersion === 'rbac.tsb.tetrate.io/v2') {
    return { outcome: await applyBindings(s, p.parent, p.object.spec?.allow), object: await getBindings(s, p.kind, p.parent) };
  }
  let current: ResourceObject | undefined;
  try {
    current = await s.client.get(p.fqn);
  } catch (e) {
    if (!isMeshError(e, CoreErrors.NotFound)) throw e;
  }
  if (!current) {
    try {
      return { outcome: 'created', object: await s.client.create(p.parent, p.kind.collection, withoutServerFields(p.object)) };
    } catch (e) {
      // Someone created it between our GET and POST: fall through to an update.
      if (!isMeshError(e, CoreErrors.AlreadyExists)) throw e;
      current = await s.client.get(p.fqn);
    }
  }
  if (sameContent(current, p.object)) return { outcome: 'unchanged', object: current };
  // An etag in the file is the version the user edited: send it, so a newer change elsewhere is a
  // conflict (409) instead of being overwritten, as kubectl apply does with resourceVersion.
  const fromFile = fileEtag(p.object);
  const etag = fromFile ?? current.metadata.resourceVersion ?? (current.spec?.etag as string | undefined);
  const body = withoutServerFields(p.object);
  body.metadata.resourceVersion = etag;
  body.spec = { ...(body.spec ?? {}), ...(etag ? { etag } : {}) };
  return { outcome: 'configured', object: await s.client.update(p.fqn, body) };
}

/** The etag a document carries (metadata.resourceVersion or spec.etag, as `tctl get -o yaml` writes them). */
function fileEtag(o: ResourceObject): string | undefined {
  const rv = o.metadata.resourceVersion;
  if (typeof rv === 'string' && rv !== '') return rv;
  const e = o.spec?.etag;
  return typeof e === 'string' && e !== '' ? e : undefined;
}

export { sameContent };
