// `meshbridge agent --cni-conf-dir [NODE=]DIR` (repeatable, issue #13): which nodes' CNI
// configuration directories the agent inspects (a node's /etc/cni/net.d mounted into the agent,
// or several nodes' mounted side by side), and the inspector that reads each as kubelet picks its
// primary file (src/cni inspectChain) for tctl x doctor.
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { DoctorErrors, MeshError } from '../../../api/index.js';
import type { CniInspector } from '../../../agent/index.js';
import { PLUGIN_TYPE, inspectChain, readConfDir } from '../../../cni/index.js';

/** One node's directory. */
export interface CniNodeDir {
  node: string;
  dir: string;
}

/** Parses the flag values; every error names the flag and the value. */
export function parseCniConfDirs(values: readonly string[], cwd: string, defaultNode = hostname()): CniNodeDir[] {
  const out: CniNodeDir[] = [];
  for (const v of values) {
    const eq = v.indexOf('=');
    const node = eq > 0 ? v.slice(0, eq) : defaultNode;
    const raw = eq > 0 ? v.slice(eq + 1) : v;
    const where = `--cni-conf-dir ${JSON.stringify(v)}`;
    if (raw.trim() === '' || eq === 0) throw new MeshError(DoctorErrors.CniConfDirInvalid, `${where}: expected DIR or NODE=DIR`, { field: 'cni-conf-dir' });
    const dir = resolve(cwd, raw);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new MeshError(DoctorErrors.CniConfDirInvalid, `${where}: ${dir} is not a directory`, { field: 'cni-conf-dir' });
    if (out.some((o) => o.node === node))
      throw new MeshError(DoctorErrors.CniConfDirInvalid, `${where}: node ${node} is given twice; name each node (NODE=DIR)`, { field: 'cni-conf-dir' });
    out.push({ node, dir });
  }
  return out;
}

/** Inspects each directory now; an unreadable one is reported as not chained, with the reason. */
export function cniInspector(dirs: readonly CniNodeDir[], now: () => number = Date.now): CniInspector {
  return () =>
    Promise.all(
      dirs.map(async ({ node, dir }) => {
        const base = { node, confDir: dir, inspectedAtMs: now() };
        try {
          const r = inspectChain(await readConfDir(dir), PLUGIN_TYPE);
          return { ...base, primary: r.primary ?? '', plugins: [...r.plugins], chained: r.chained, problem: r.problem ?? '' };
        } catch (e) {
          return { ...base, primary: '', plugins: [], chained: false, problem: `cannot read ${dir}: ${(e as Error).message}` };
        }
      }),
    );
}
