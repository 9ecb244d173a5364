import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand, formatJson, formatTable, parseOutputFormat } from '../../../command/index.js';
import { CniErrors, MeshError } from '../../../api/index.js';
import { BinNames, CniFault, PLUGIN_TYPE, inspectChain, readConfDir, verifyPluginBinary } from '../../../cni/index.js';

export default defineCommand({
  summary: 'Show which CNI config kubelet uses on this node and whether meshbridge-cni is chained into it',
  usage: '[--cni-conf-dir DIR] [--cni-bin-dir DIR] [-o table|json]',
  description:
    'Answers "does the CNI plugin chain correctly after Calico/Cilium?" from the node\'s files.\nExit code 0 when chained and the installed plugin runs, 1 otherwise (for scripts and probes).',
  examples: ['meshbridge cni status', 'meshbridge cni status -o json | jq .plugins'],
  options: {
    'cni-conf-dir': { type: 'string', default: '/etc/cni/net.d', value: 'DIR', description: 'CNI network config directory' },
    'cni-bin-dir': { type: 'string', default: '/opt/cni/bin', value: 'DIR', description: 'CNI plugin directory' },
    'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default) or json' },
  },
  async run({ io, options }) {
    const format = parseOutputFormat(options['output-type']);
    if (format === 'yaml')
      throw new MeshError(CniErrors.CniInstallerFlagInvalid, '-o yaml is not supported here; use table or json', { field: '--output-type' });
    const confDir = resolve(io.cwd, options['cni-conf-dir']);
    const binDir = resolve(io.cwd, options['cni-bin-dir']);
    if (!existsSync(confDir)) throw new MeshError(CniErrors.CniConfDirMissing, `CNI config directory ${confDir} does not exist`, { field: '--cni-conf-dir' });
    const report = inspectChain(await readConfDir(confDir), PLUGIN_TYPE);
    const binary = join(binDir, BinNames.launcher);
    let plugin = existsSync(binary) ? 'runs (VERSION ok)' : 'not installed';
    if (existsSync(binary)) {
      plugin = await verifyPluginBinary(binDir).then(
        () => 'runs (VERSION ok)',
        (e: unknown) => `does not run: ${e instanceof CniFault ? e.message : String(e)}`,
      );
    }
    const ok = report.chained && plugin.startsWith('runs');
    if (format === 'json') {
      io.stdout.write(formatJson({ confDir, ...report, pluginBinary: binary, plugin, ok }));
    } else {
      const rows: string[][] = [
        ['CONFIG DIR', confDir],
        ['PRIMARY', report.primary ? `${report.primary} (kubelet uses this file)` : '-'],
        ['PLUGINS', report.plugins.join(' -> ') || '-'],
        ['CHAINED', report.chained ? 'yes (last plugin)' : `no: ${report.problem}`],
        ...report.skipped.map((s) => ['SKIPPED', `${s.file}: ${s.reason}`]),
        ...report.alsoChained.map((f) => ['ALSO CHAINED', `${f} (not used by kubelet)`]),
        ['PLUGIN BINARY', `${binary}: ${plugin}`],
      ];
      io.stdout.write(formatTable(['FIELD', 'VALUE'], rows));
    }
    return ok ? 0 : 1;
  },
});
