import { parseArgs } from 'node:util';
import type { Command, OptionSpec, Options, Route } from './command.js';
import { FRAMEWORK_OPTIONS } from './command.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';
import { argWords, findRoute, pathIndices } from './route-match.js';
import { commandHelp, groupHelp } from './help.js';
import { reportError } from './report-error.js';
import { nearest } from './suggest.js';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Options = FRAMEWORK_OPTIONS;

/** Runs argv against the routes; prints errors (never a stack trace unless --debug) and returns the exit code. */
export async function runCli(bin: string, argv: readonly string[], io: Io, routes: readonly Route[], globals: Options = {}): Promise<number> {
  // Global flags are known now; a command's own flags only once its module is loaded.
  const argWordList = argWords(argv, { ...GLOBAL_OPTIONS, ...globals });
  const found = findRoute(routes, argWordList);
  const words = argWordList.map((w) => w.text);
  const debug = argv.includes('--debug');
  if (!found) {
    const prefix = words.filter((w, i) => routes.some((r) => r.path[i] === w && words.slice(0, i).every((x, j) => r.path[j] === x)));
    const known = prefix.length > 0 || words.length === 0;
    if (!known) return reportError(io, unknownCommand(bin, [], (argWordList.find((w) => !w.maybeValue) ?? argWordList[0]).text, routes), { commandPath: bin });
    // `tctl config profils list`: a known group, then a word that is none of its commands.
    const extra = argWordList[prefix.length];
    if (extra && !extra.maybeValue && prefix.every((p, i) => words[i] === p))
      return reportError(io, unknownCommand(bin, prefix, extra.text, routes), { commandPath: [bin, ...prefix].join(' ') });
    io.stdout.write(groupHelp(bin, prefix, routes));
    return argv.includes('--help') || argv.includes('-h') || words.length === 0 ? 0 : 2;
  }
  const route = found.route;
  let cmd: Command;
  try {
    cmd = (await route.load()).default;
  } catch (e) {
    return reportError(io, new Error(`could not load command "${route.path.join(' ')}": ${e instanceof Error ? e.message : String(e)}`), { debug });
  }
  const commandPath = `${bin} ${route.path.join(' ')}`;
  const spec: Options = { ...GLOBAL_OPTIONS, ...globals, ...(cmd.options ?? {}) };
  const at = new Set(pathIndices(argv, route.path, spec, found.at));
  const rest = argv.filter((_, i) => !at.has(i));
  try {
    const { options, positionals } = parse(rest, spec);
    if (options.help === true) {
      io.stdout.write(commandHelp(commandPath, cmd, spec));
      return 0;
    }
    const code = await cmd.run({ io, options: options as never, positionals, commandPath, routes });
    return code ?? 0;
  } catch (e) {
    return reportError(io, e, { debug, commandPath });
  }
}

/**
 * argv → option values as declared: a flag not given takes its declared default (so help never
 * promises a default the command does not get), a repeatable flag not given is an empty list.
 */
export function parse(args: readonly string[], spec: Options): { options: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: toParseArgs(spec), allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '');
    const flag = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    const near = flag ? nearest(flag, Object.keys(spec)) : [];
    throw new UsageError(near.length ? `Unknown option '--${flag}'. Did you mean ${near.map((n) => `--${n}`).join(' or ')}?` : message);
  }
  const options: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, o] of Object.entries(spec)) {
    const v = parsed.values[name];
    options[name] = v !== undefined ? (v as string | boolean | string[]) : o.type === 'string' && o.multiple ? [] : o.default;
  }
  return { options, positionals: parsed.positionals };
}

/** `unknown command "gte" for "tctl"` with cobra's "Did you mean this?" list of the nearest words. */
function unknownCommand(bin: string, prefix: readonly string[], word: string, routes: readonly Route[]): UsageError {
  const next = routes.filter((r) => !r.hidden && r.path.length > prefix.length && prefix.every((p, i) => r.path[i] === p)).map((r) => r.path[prefix.length]);
  const near = nearest(word, next);
  return new UsageError(
    `unknown command "${word}" for "${[bin, ...prefix].join(' ')}"${near.length ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}` : ''}`,
  );
}

function toParseArgs(spec: Options): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec))
    out[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(isMultiple(o) ? { multiple: true } : {}) };
  return out;
}

function isMultiple(o: OptionSpec): boolean {
  return o.type === 'string' && o.multiple === true;
}
