import { parseArgs } from 'node:util';
import type { Command, OptionSpec, Route } from './command.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';
import { argWords, findRoute, pathIndices } from './route-match.js';
// The error catalogue's own surface: importing src/api/index.ts would load the schemas (TypeBox,
// ajv) on every start-up, and tctl must start fast.
import { MeshError } from '../../api/index.js';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  debug: { type: 'boolean', description: 'print stack traces and request details' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

/** Runs argv against the routes; prints errors (never a stack trace unless --debug) and returns the exit code. */
export async function runCli(bin: string, argv: readonly string[], io: Io, routes: readonly Route[], globals: Readonly<Record<string, OptionSpec>> = {}): Promise<number> {
  // Global flags are known now; a command's own flags only once its module is loaded.
  const argWordList = argWords(argv, { ...GLOBAL_OPTIONS, ...globals });
  const found = findRoute(routes, argWordList);
  const words = argWordList.map((w) => w.text);
  const debug = argv.includes('--debug');
  if (!found) {
    const prefix = words.filter((w, i) => routes.some((r) => r.path[i] === w && words.slice(0, i).every((x, j) => r.path[j] === x)));
    const known = prefix.length > 0 || words.length === 0;
    if (!known) {
      io.stderr.write(`Error: unknown command "${words.join(' ')}" for "${bin}"\nRun '${bin} --help' for usage.\n`);
      return 2;
    }
    io.stdout.write(groupHelp(bin, prefix, routes));
    return argv.includes('--help') || argv.includes('-h') || words.length === 0 ? 0 : 2;
  }
  const route = found.route;
  let cmd: Command;
  try {
    cmd = (await route.load()).default;
  } catch (e) {
    io.stderr.write(`Error: could not load command "${route.path.join(' ')}": ${(e as Error).message}\n`);
    return 1;
  }
  const commandPath = `${bin} ${route.path.join(' ')}`;
  const spec = { ...GLOBAL_OPTIONS, ...globals, ...(cmd.options ?? {}) };
  const at = new Set(pathIndices(argv, route.path, spec, found.at));
  const rest = argv.filter((_, i) => !at.has(i));
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: toParseArgs(spec), allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
    }
    if (parsed.values.help) {
      io.stdout.write(commandHelp(commandPath, cmd, spec));
      return 0;
    }
    const code = await cmd.run({ io, options: parsed.values, positionals: parsed.positionals, commandPath });
    return code ?? 0;
  } catch (e) {
    return reportError(e, io, debug, commandPath);
  }
}

/** Prints an error the way every command does: message, field, fix; stack only with --debug. */
export function reportError(e: unknown, io: Io, debug: boolean, commandPath: string): number {
  if (e instanceof UsageError) {
    io.stderr.write(`Error: ${e.message}\nRun '${commandPath} --help' for usage.\n`);
    return 2;
  }
  if (e instanceof MeshError) {
    io.stderr.write(`Error: ${e.message} [${e.code}]\n`);
    if (e.fix) io.stderr.write(`Fix: ${e.fix}\n`);
  } else {
    io.stderr.write(`Error: ${(e as Error)?.message ?? String(e)}\n`);
  }
  if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
  return 1;
}

function toParseArgs(spec: Readonly<Record<string, OptionSpec>>) {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec)) {
    out[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  return out;
}

function groupHelp(bin: string, prefix: readonly string[], routes: readonly Route[]): string {
  const below = routes.filter((r) => prefix.every((p, i) => r.path[i] === p));
  const next = new Map<string, string>();
  for (const r of below) {
    const word = r.path[prefix.length];
    if (word === undefined) continue;
    if (!next.has(word)) next.set(word, r.path.length === prefix.length + 1 ? r.summary : `${r.path.slice(0, prefix.length + 1).join(' ')} commands`);
  }
  const width = Math.max(0, ...[...next.keys()].map((k) => k.length));
  const lines = [...next.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => `  ${k.padEnd(width)}  ${s}`);
  return `Usage: ${[bin, ...prefix].join(' ')} <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun '${[bin, ...prefix].join(' ')} <command> --help' for details.\n`;
}

function commandHelp(commandPath: string, cmd: Command, spec: Readonly<Record<string, OptionSpec>>): string {
  const opts = Object.entries(spec).map(([n, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${n}${o.type === 'string' ? ` ${o.value ?? 'string'}` : ''}`;
    return `  ${flag.padEnd(34)} ${o.description}${o.default !== undefined ? ` (default ${JSON.stringify(o.default)})` : ''}`;
  });
  const ex = cmd.examples?.length ? `\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n` : '';
  return `${cmd.summary}\n\nUsage: ${commandPath}${cmd.usage ? ` ${cmd.usage}` : ''}\n${cmd.description ? `\n${cmd.description}\n` : ''}\nFlags:\n${opts.join('\n')}\n${ex}`;
}
