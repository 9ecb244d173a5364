// Help text: a group's commands, and one command's usage, flags (with their defaults) and examples.
import type { Command, Options, Route } from './command.js';

/** `Usage: tctl x <command>` with the next words below `prefix` and their summaries. */
export function groupHelp(bin: string, prefix: readonly string[], routes: readonly Route[]): string {
  const below = routes.filter((r) => !r.hidden && prefix.every((p, i) => r.path[i] === p));
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

/** One command's help; a declared default is printed as `(default "…")`. */
export function commandHelp(commandPath: string, cmd: Command, spec: Options): string {
  const opts = Object.entries(spec).map(([n, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${n}${o.type === 'string' ? ` ${o.value ?? 'string'}` : ''}`;
    return `  ${flag.padEnd(34)} ${o.description}${o.default !== undefined ? ` (default ${JSON.stringify(o.default)})` : ''}`;
  });
  const ex = cmd.examples?.length ? `\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n` : '';
  return `${cmd.summary}\n\nUsage: ${commandPath}${cmd.usage ? ` ${cmd.usage}` : ''}\n${cmd.description ? `\n${cmd.description}\n` : ''}\nFlags:\n${opts.join('\n')}\n${ex}`;
}
