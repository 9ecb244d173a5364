import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { MeshError, InstallErrors } from '../../../../api/index.js';
import { checkOverlaidObjects, renderInstall, type InstallSource, type ManifestTarget } from '../../../../install/index.js';
import { type Command } from '../../../../command/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatYaml, UsageError } from '../../../../command/index.js';
import type { Io } from '../../../../command/index.js';
import { VERSION } from '../../../version.js';
import { EXT_AUTHZ_OPTIONS, extAuthzRequest, writeIstiodValues } from './ext-authz-values.js';

async function readStream(s: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads `-f file|dir|-` inputs (a directory: its .yaml/.yml/.json files, sorted by name, not recursive). */
export async function readSources(files: readonly string[], io: Io): Promise<InstallSource[]> {
  const out: InstallSource[] = [];
  for (const f of files) {
    if (f === '-') {
      out.push({ name: '<stdin>', text: await readStream(io.stdin) });
      continue;
    }
    const path = resolve(io.cwd, f);
    try {
      if ((await stat(path)).isDirectory()) {
        const names = (await readdir(path)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
        for (const n of names) out.push({ name: join(f, n), text: await readFile(join(path, n), 'utf8') });
      } else out.push({ name: f, text: await readFile(path, 'utf8') });
    } catch (e) {
      throw new MeshError(
        InstallErrors.InstallInputUnreadable,
        `-f ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
        { field: '-f' },
      );
    }
  }
  return out;
}

/** Builds `tctl install manifest <target>`: read -f inputs, render, print YAML (or a JSON List); warnings to stderr. */
export function manifestCommand(target: ManifestTarget, summary: string, description: string, examples: readonly string[]): Command {
  const needsInput = target !== 'crds';
  return defineCommand({
    summary,
    usage: needsInput ? '-f FILE|DIR|- [-o yaml|json]' : '[-o yaml|json]',
    description,
    examples,
    options: {
      ...(needsInput
        ? {
            file: {
              type: 'string' as const,
              short: 'f',
              multiple: true,
              value: 'FILE',
              description: 'install CR file, directory of files, or - for standard input (repeatable)',
            },
          }
        : {}),
      ...(target === 'control-plane' ? EXT_AUTHZ_OPTIONS : {}),
      output: { type: 'string', short: 'o', value: 'FORMAT', default: 'yaml', description: 'output format: yaml or json (a v1 List)' },
      quiet: { type: 'boolean', short: 'q', description: 'do not print warnings about ignored TSB fields' },
    },
    async run({ io, options, positionals }) {
      const format = options.output;
      if (format !== 'yaml' && format !== 'json') throw new UsageError(`-o/--output: "${String(format)}" is not supported here; use yaml or json`);
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"${needsInput ? '; pass the CR with -f' : ''}`);
      const files = 'file' in options && Array.isArray(options.file) ? options.file : [];
      if (needsInput && files.length === 0)
        throw new MeshError(InstallErrors.InstallNoInput, 'no input: pass the CR with -f FILE, -f DIR or -f -', { field: '-f' });
      const extAuthz = 'ext-authz' in options ? extAuthzRequest(options['ext-authz'], options['istiod-values']) : undefined;
      const result = renderInstall(target, needsInput ? await readSources(files, io) : [], { version: VERSION });
      await checkOverlaidObjects(result);
      if (extAuthz) await writeIstiodValues(extAuthz, io);
      if (!options.quiet) for (const w of result.warnings) io.stderr.write(`Warning: ${w}\n`);
      io.stdout.write(format === 'json' ? formatJson({ apiVersion: 'v1', kind: 'List', items: result.objects }) : formatYaml(result.objects));
      return 0;
    },
  });
}
