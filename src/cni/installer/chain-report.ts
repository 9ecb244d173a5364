import type { ConfFile } from './cni-conf.js';
import { selectPrimary } from './cni-conf.js';

/** What `meshbridge cni status` reports about a CNI config directory. Pure. */
export interface ChainReport {
  /** The file kubelet uses, if any. */
  readonly primary?: string;
  /** Its plugin types in order. */
  readonly plugins: readonly string[];
  /** Exactly one entry of ours and it is the last plugin. */
  readonly chained: boolean;
  /** Why not chained, in words a person can act on. */
  readonly problem?: string;
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
  /** Other files that also carry an entry of ours (harmless: kubelet does not read them). */
  readonly alsoChained: readonly string[];
}

/** Inspects the directory's files the way kubelet would pick them. */
export function inspectChain(files: readonly ConfFile[], type: string): ChainReport {
  const { winner, skipped } = selectPrimary(files);
  const skippedOut = skipped.map((s) => ({ file: s.name, reason: s.reason }));
  const alsoChained = files
    .filter((f) => f.name !== winner?.name && f.text.includes(`"${type}"`))
    .map((f) => f.name)
    .sort();
  if (!winner) {
    return {
      plugins: [],
      chained: false,
      problem: skipped.length ? 'every CNI config file is malformed' : 'no CNI config file',
      skipped: skippedOut,
      alsoChained,
    };
  }
  const plugins = Array.isArray(winner.json.plugins)
    ? (winner.json.plugins as Array<{ type?: unknown }>).map((p) => String(p.type))
    : [String(winner.json.type)];
  const ours = plugins.filter((p) => p === type).length;
  let problem: string | undefined;
  if (ours === 0) problem = `${winner.name} has no ${type} entry: pods on this node are not captured`;
  else if (ours > 1) problem = `${winner.name} has ${ours} ${type} entries`;
  else if (plugins.at(-1) !== type)
    problem = `${type} is not the last plugin of ${winner.name}: it runs before ${plugins.slice(plugins.indexOf(type) + 1).join(', ')}`;
  return { primary: winner.name, plugins, chained: problem === undefined, problem, skipped: skippedOut, alsoChained };
}
