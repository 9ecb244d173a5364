// Pure CNI configuration logic: which file kubelet uses, and how our entry goes in and out of it.

/** A JSON object as found in CNI config files. */
export type JsonObject = { [k: string]: unknown };

/** One file of the CNI config directory as read from disk. */
export interface ConfFile {
  readonly name: string;
  readonly text: string;
}

/** The outcome of validating one candidate file the way libcni/kubelet does. */
export type Candidate =
  { readonly name: string; readonly valid: true; readonly json: JsonObject } | { readonly name: string; readonly valid: false; readonly reason: string };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for names kubelet considers (`.conf`, `.conflist`; `.json` is legacy and also loaded by libcni). */
export function isConfName(name: string): boolean {
  return !name.startsWith('.') && (name.endsWith('.conf') || name.endsWith('.conflist') || name.endsWith('.json'));
}

/**
 * Validates a file as libcni's ConfListFromBytes / ConfFromBytes would: a list must parse, have a
 * name and a non-empty `plugins` array of objects with a `type`; a single conf must parse and have a
 * `type` (this catches a list saved as `.conf`).
 */
export function validateConf(file: ConfFile): Candidate {
  const bad = (reason: string): Candidate => ({ name: file.name, valid: false, reason });
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (e) {
    return bad(`not JSON (${(e as Error).message})`);
  }
  if (!isObject(json)) return bad('not a JSON object');
  if (file.name.endsWith('.conflist')) {
    if (typeof json.name !== 'string' || json.name === '') return bad('a .conflist needs a "name"');
    if (!Array.isArray(json.plugins)) return bad('a .conflist needs a "plugins" array');
    if (json.plugins.length === 0) return bad('"plugins" is empty');
    const i = json.plugins.findIndex((p) => !isObject(p) || typeof p.type !== 'string' || p.type === '');
    if (i >= 0) return bad(`plugins[${i}] is not an object with a "type"`);
    return { name: file.name, valid: true, json };
  }
  if (typeof json.type !== 'string' || json.type === '') return bad('a .conf needs a "type" (is it a list saved as .conf?)');
  return { name: file.name, valid: true, json };
}

/** Kubelet's choice: candidates sorted by name, the first valid one wins; invalid ones are reported. */
export function selectPrimary(files: readonly ConfFile[]): {
  winner?: Extract<Candidate, { valid: true }>;
  skipped: Array<Extract<Candidate, { valid: false }>>;
} {
  const skipped: Array<Extract<Candidate, { valid: false }>> = [];
  const sorted = files.filter((f) => isConfName(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    const c = validateConf(f);
    if (c.valid) return { winner: c, skipped };
    skipped.push(c);
  }
  return { skipped };
}

/** Where our entry ends up: the same list, or a single `.conf` converted to `<name>list`. */
export interface Chained {
  readonly name: string;
  readonly json: JsonObject;
  /** Set when a `.conf` was converted: the old file to remove once the `.conflist` is written. */
  readonly replaces?: string;
}

/** Our plugin entry without cniVersion: it inherits the list's (as Istio does). */
export function entryForList(entry: JsonObject): JsonObject {
  const { cniVersion: _drop, ...rest } = entry;
  return rest;
}

/**
 * Puts `entry` at the end of the list (after the primary, portmap, tuning... so it sees their result),
 * replacing an earlier entry of the same `type`; every other field and plugin keeps its value and
 * order. A single `.conf` becomes a `.conflist` that keeps the network's name and cniVersion (a new name
 * would make host-local allocate from a fresh pool while running pods keep their addresses).
 */
export function insertEntry(file: string, conf: JsonObject, entry: JsonObject): Chained {
  const mine = entryForList(entry);
  if (Array.isArray(conf.plugins)) {
    const plugins = (conf.plugins as unknown[]).filter((p) => !(isObject(p) && p.type === mine.type));
    return { name: file, json: { ...conf, plugins: [...plugins, mine] } };
  }
  const { cniVersion, ...plugin } = conf;
  const list: JsonObject = {
    cniVersion: typeof cniVersion === 'string' && cniVersion !== '' ? cniVersion : '0.3.1',
    name: typeof conf.name === 'string' && conf.name !== '' ? conf.name : 'k8s-pod-network',
    plugins: [plugin, mine],
  };
  const base = file.endsWith('.conf') ? `${file}list` : file.replace(/\.json$/, '.conflist');
  return { name: base, json: list, replaces: file };
}

/** Removes every entry of `type` from a list; undefined when the file has none (nothing to write). */
export function removeEntry(conf: JsonObject, type: string): JsonObject | undefined {
  if (!Array.isArray(conf.plugins)) return undefined;
  const plugins = (conf.plugins as unknown[]).filter((p) => !(isObject(p) && p.type === type));
  if (plugins.length === conf.plugins.length) return undefined;
  return { ...conf, plugins };
}

/**
 * True when the file needs no write: it is a list whose LAST plugin is exactly our entry and no other
 * entry of ours. Anything else gets rewritten; a correct file never is (other CNI agents watch it).
 */
export function isChained(conf: JsonObject, entry: JsonObject): boolean {
  if (!Array.isArray(conf.plugins)) return false;
  const mine = entryForList(entry);
  const plugins = conf.plugins as unknown[];
  const ours = plugins.filter((p) => isObject(p) && p.type === mine.type);
  return ours.length === 1 && plugins.at(-1) === ours[0] && jsonEqual(ours[0], mine);
}

/** Deep JSON equality ignoring object key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * How the runtime sees a config: libcni's ConfListFromConf turns a `.conf` into a one-plugin list with
 * the same name and version. Two files are semantically equal when their normalized forms are.
 */
export function normalizeConf(conf: JsonObject): JsonObject {
  if (Array.isArray(conf.plugins)) return conf;
  const { cniVersion, ...plugin } = conf;
  return { cniVersion: cniVersion ?? '0.3.1', name: conf.name ?? 'k8s-pod-network', plugins: [plugin] };
}

/** The bytes we write: 2-space JSON with a trailing newline (what Istio and most CNI agents write). */
export function renderConf(conf: JsonObject): string {
  return JSON.stringify(conf, null, 2) + '\n';
}
