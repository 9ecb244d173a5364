import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreErrors, isMeshError, MeshError, TctlErrors } from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';
import { defineCommand } from '../tctl-command.js';
import { formatYaml } from '../../command/index.js';
import type { Io } from '../../command/index.js';
import { parseManifests } from '../manifest/read-manifests.js';
import { planManifests } from '../manifest/plan.js';
import { SCOPE_OPTIONS } from '../session/scope.js';
import { withSession, type Session } from '../session/session.js';
import { fetchTarget, objectFqn, resolveTarget } from '../session/targets.js';
import { tidy } from '../output/render.js';
import { sameContent } from './apply.js';

const HEADER = '# Edit the objects below and save; close the editor without changes to cancel.\n# Keep metadata.resourceVersion: it is the etag that detects concurrent changes.\n';

/** tctl edit */
export default defineCommand({
  summary: 'Edit resources in $EDITOR and apply the result with their etags',
  usage: '<kind> [NAME...]',
  examples: ['tctl edit tenant prod', 'EDITOR=nano tctl edit workspace --tenant prod'],
  options: { ...SCOPE_OPTIONS },
  async run(ctx) {
    await withSession(ctx, async (s) => {
      const t = await resolveTarget(ctx, s, ctx.positionals);
      const before = await fetchTarget(s, t);
      if (before.length === 0) return void ctx.io.stdout.write('No resources found\n');
      const dir = await mkdtemp(join(tmpdir(), 'tctl-edit-'));
      const file = join(dir, `${t.kind.collection}.yaml`);
      const original = HEADER + formatYaml(before.map(tidy));
      await writeFile(file, original, { mode: 0o600 });
      await runEditor(ctx.io, file);
      const edited = await readFile(file, 'utf8');
      if (edited === original) {
        await rm(dir, { recursive: true, force: true });
        return void ctx.io.stdout.write('Edit cancelled, no changes made.\n');
      }
      const plan = planManifests(parseManifests(edited, file), { ...(s.org ? { org: s.org } : {}), ...(s.tenant ? { tenant: s.tenant } : {}) });
      const byFqn = new Map(before.map((o) => [objectFqn(o), o]));
      for (const p of plan) {
        const old = byFqn.get(p.fqn);
        if (old && sameContent(old, p.object)) {
          ctx.io.stdout.write(`${p.fqn} unchanged\n`);
          continue;
        }
        await update(s, p.fqn, p.object, old, file);
        ctx.io.stdout.write(`${p.fqn} edited\n`);
      }
      await rm(dir, { recursive: true, force: true });
    });
  },
});

async function update(s: Session, fqn: string, wanted: ResourceObject, old: ResourceObject | undefined, file: string): Promise<void> {
  const sent = wanted.metadata.resourceVersion ?? old?.metadata.resourceVersion;
  const body: ResourceObject = { ...wanted, metadata: { ...wanted.metadata, ...(sent ? { resourceVersion: sent } : {}) }, spec: { ...(wanted.spec ?? {}), ...(sent ? { etag: sent } : {}) } };
  try {
    await s.client.update(fqn, body);
  } catch (e) {
    if (!isMeshError(e, CoreErrors.EtagMismatch)) throw e;
    let now = typeof e.details?.currentEtag === 'string' ? e.details.currentEtag : undefined;
    if (!now) now = (await s.client.get(fqn).catch(() => undefined))?.metadata.resourceVersion;
    throw new MeshError(TctlErrors.EditConflict, `${fqn} changed while you edited it: you edited etag ${sent ?? '(none)'}, the server now has ${now ?? 'a newer one'}`, {
      fix: `Run \`tctl edit\` again to edit the current version; your edited copy is kept at ${file}.`,
      details: { sentEtag: sent, currentEtag: now },
    });
  }
}

/** Runs $VISUAL/$EDITOR (default vi) through the shell, as git and kubectl do, on the terminal. */
function runEditor(io: Io, file: string): Promise<void> {
  const editor = io.env.VISUAL || io.env.EDITOR || 'vi';
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'tctl-edit', file], { stdio: 'inherit', env: { ...io.env } as NodeJS.ProcessEnv, cwd: io.cwd });
    child.on('error', (e) => reject(new MeshError(TctlErrors.EditorFailed, `cannot start editor "${editor}": ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new MeshError(TctlErrors.EditorFailed, `editor "${editor}" exited with ${signal ?? `status ${code}`}; nothing was applied (your copy: ${file})`));
    });
  });
}
