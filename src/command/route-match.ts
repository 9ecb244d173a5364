// Finds the route in argv before the command's module (and so its options) is loaded: the value
// of a string flag must not be taken for a command word (`tctl -o json get tenants`).
import type { OptionSpec, Route } from './command.js';

/** A word of argv that may be a command word; `maybeValue` when it follows a flag not known yet. */
export interface ArgWord {
  readonly index: number;
  readonly text: string;
  readonly maybeValue: boolean;
}

/** Which flags take a value, by every spelling (`--name`, `-n`). */
export function valueFlags(spec: Readonly<Record<string, OptionSpec>>): { strings: Set<string>; known: Set<string> } {
  const strings = new Set<string>();
  const known = new Set<string>();
  for (const [name, o] of Object.entries(spec)) {
    const spellings = [`--${name}`, ...(o.short ? [`-${o.short}`] : []), ...(o.type === 'boolean' ? [`--no-${name}`] : [])];
    for (const s of spellings) {
      known.add(s);
      if (o.type === 'string') strings.add(s);
    }
  }
  return { strings, known };
}

/**
 * The non-flag words of argv up to `--`. The word after a known string flag is its value and is
 * left out; the word after an unknown flag (a command option, unknown until the command loads)
 * is kept but marked `maybeValue`.
 */
export function argWords(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ArgWord[] {
  const { strings, known } = valueFlags(spec);
  const out: ArgWord[] = [];
  let pending: 'value' | 'maybe' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (pending === 'value') {
      pending = undefined;
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      // `--name=value` and `-ovalue` carry their value; only a bare flag may take the next word.
      const bare = a.startsWith('--') ? !a.includes('=') : a.length === 2;
      pending = !bare ? undefined : strings.has(a) ? 'value' : known.has(a) ? undefined : 'maybe';
      continue;
    }
    out.push({ index: i, text: a, maybeValue: pending === 'maybe' });
    pending = undefined;
  }
  return out;
}

/** Matches `path` on the words: each word is a path word or, if it may be a flag value, skipped. */
export function matchPath(path: readonly string[], words: readonly ArgWord[]): number[] | undefined {
  const at: number[] = [];
  for (const w of words) {
    if (at.length === path.length) break;
    if (w.text === path[at.length]) at.push(w.index);
    else if (!w.maybeValue) return undefined;
  }
  return at.length === path.length ? at : undefined;
}

/** The longest route whose path matches, with the argv indices of its words. */
export function findRoute(routes: readonly Route[], words: readonly ArgWord[]): { route: Route; at: number[] } | undefined {
  let best: { route: Route; at: number[] } | undefined;
  for (const r of routes) {
    const at = matchPath(r.path, words);
    if (at && (!best || r.path.length > best.route.path.length)) best = { route: r, at };
  }
  return best;
}

/**
 * Once the command's own options are known, where its path words really are: the first words of
 * argv with every string flag's value left out. Falls back to the first match when a word taken
 * for a flag value turns out to have been a command word after all.
 */
export function pathIndices(argv: readonly string[], path: readonly string[], spec: Readonly<Record<string, OptionSpec>>, first: number[]): number[] {
  const exact = argWords(argv, spec).slice(0, path.length);
  return exact.length === path.length && exact.every((w, i) => w.text === path[i]) ? exact.map((w) => w.index) : first;
}
