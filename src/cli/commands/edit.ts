import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsabilityErrors, CoreErrors, isMeshError, MeshError, TctlErrors } from '../../api/index.js';
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

const HEADER =
  '# Edit the objects below and save; close the editor without changes to cancel.\n# Keep metadata.resourceVersion: it is the etag that detects concurrent changes.\n';

/** tctl edit */
export default defineCommand({
  summary: 'Edit resources in $EDITOR and apply the result with their etags',
  usage: '<kind> [NAME...]',
  description:
    'When the edited objects are not valid, the editor opens again with the error on top (as kubectl edit does); close it without changes to give up. Without a terminal, the edited copy is kept and its path printed.',
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
      const session: EditSession = { s, file, current: new Map(before.map((o) => [objectFqn(o), o])), applied: new Set() };
      let shown = original;
      await writeFile(file, shown, { mode: 0o600 });
      for (;;) {
        await runEditor(ctx.io, file);
        const edited = await readFile(file, 'utf8');
        if (edited === shown) {
          if (shown === original) {
            await rm(dir, { recursive: true, force: true });
            return void ctx.io.stdout.write('Edit cancelled, no changes made.\n');
          }
          throw new MeshError(CliUsabilityErrors.EditInvalid, `edit cancelled, no valid changes were saved; your edited copy is kept at ${file}`, {
            fix: `Correct it and run \`tctl apply -f ${file}\`, or run \`tctl edit\` again.`,
          });
        }
        try {
          await applyEdited(ctx.io, session, withoutErrorHeader(edited));
          await rm(dir, { recursive: true, force: true });
          return;
        } catch (e) {
          if (!(e instanceof MeshError) || e.status !== 400) throw e;
          if (!interactive(ctx.io)) {
            throw new MeshError(
              CliUsabilityErrors.EditInvalid,
              `the edited objects are not valid: ${e.message} [${e.code}]; your edited copy is kept at ${file}`,
              { fix: `${e.fix} Then apply the copy: \`tctl apply -f ${file}\`.`, cause: e },
            );
          }
          shown = errorHeader(e) + withoutErrorHeader(edited);
          await writeFile(file, shown, { mode: 0o600 });
        }
      }
    });
  },
});

/** What one edit session knows: the server's objects as last read or written, and which it changed. */
interface EditSession {
  readonly s: Session;
  readonly file: string;
  readonly current: Map<string, ResourceObject>;
  readonly applied: Set<string>;
}

/** Applies the edited text; objects applied in an earlier round of this session are sent with their new etag. */
async function applyEdited(io: Io, e: EditSession, text: string): Promise<void> {
  const { s } = e;
  const plan = planManifests(parseManifests(text, e.file), { ...(s.org ? { org: s.org } : {}), ...(s.tenant ? { tenant: s.tenant } : {}) });
  for (const p of plan) {
    const old = e.current.get(p.fqn);
    if (old && sameContent(old, p.object)) {
      if (!e.applied.has(p.fqn)) io.stdout.write(`${p.fqn} unchanged\n`);
      continue;
    }
    const wanted = e.applied.has(p.fqn) && old ? { ...p.object, metadata: { ...p.object.metadata, resourceVersion: old.metadata.resourceVersion } } : p.object;
    e.current.set(p.fqn, await update(s, p.fqn, wanted, old, e.file));
    e.applied.add(p.fqn);
    io.stdout.write(`${p.fqn} edited\n`);
  }
}

const ERROR_LINE = '# error: ';

/** kubectl's way: the error above the objects, as comments, removed again before applying. */
function errorHeader(e: MeshError): string {
  const lines = [`${e.message} [${e.code}]`, `Fix: ${e.fix}`].flatMap((l) => l.split('\n'));
  return `${lines.map((l) => ERROR_LINE + l).join('\n')}\n#\n`;
}

function withoutErrorHeader(text: string): string {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith(ERROR_LINE)) i++;
  if (i > 0 && lines[i] === '#') i++;
  return lines.slice(i).join('\n');
}

/** A person at a terminal can fix the copy in a reopened editor; a script cannot. */
function interactive(io: Io): boolean {
  return io.stdin.isTTY === true;
}

async function update(s: Session, fqn: string, wanted: ResourceObject, old: ResourceObject | undefined, file: string): Promise<ResourceObject> {
  const sent = wanted.metadata.resourceVersion ?? old?.metadata.resourceVersion;
  const body: ResourceObject = {
    ...wanted,
    metadata: { ...wanted.metadata, ...(sent ? { resourceVersion: sent } : {}) },
    spec: { ...(wanted.spec ?? {}), ...(sent ? { etag: sent } : {}) },
  };
  try {
    return await s.client.update(fqn, body);
  } catch (e) {
    if (!isMeshError(e, CoreErrors.EtagMismatch)) throw e;
    let now = typeof e.details?.currentEtag === 'string' ? e.details.currentEtag : undefined;
    if (!now) now = (await s.client.get(fqn).catch(() => undefined))?.metadata.resourceVersion;
    throw new MeshError(
      TctlErrors.EditConflict,
      `${fqn} changed while you edited it: you edited etag ${sent ?? '(none)'}, the server now has ${now ?? 'a newer one'}`,
      {
        fix: `Run \`tctl edit\` again to edit the current version; your edited copy is kept at ${file}.`,
        details: { sentEtag: sent, currentEtag: now },
      },
    );
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
      else
        reject(
          new MeshError(TctlErrors.EditorFailed, `editor "${editor}" exited with ${signal ?? `status ${code}`}; nothing was applied (your copy: ${file})`),
        );
    });
  });
}
