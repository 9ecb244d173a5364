import { resolve } from 'node:path';
import { parseAddress } from '../../../client/index.js';
import { defineCommand } from '../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, UsageError } from '../../../command/index.js';
import { parseDuration, type ClusterEntry } from '../../config/tctl-config.js';
import { openConfig, opt } from '../../session/session.js';
import { mutateConfig, oneName, renameEntry, requireEntry, twoNames } from './_edit.js';

const OUTPUT = { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } } as const;

/** tctl config clusters set */
export const set = defineCommand({
  summary: 'Create or update a cluster entry (management plane address and TLS)',
  usage: 'NAME [--bridge-address HOST:PORT] [--tls-custom-ca-file FILE | --tls-insecure | --tls-disabled] [--timeout 30s]',
  examples: ['tctl config clusters set demo --bridge-address 127.0.0.1:8443 --tls-custom-ca-file ./data/tls/ca.crt'],
  options: {
    'bridge-address': { type: 'string', value: 'HOST:PORT', description: 'address of the management plane REST API' },
    'tls-custom-ca-file': { type: 'string', value: 'FILE', description: "PEM file of the CA that signed the server's certificate" },
    'tls-insecure': { type: 'boolean', description: 'do not verify the server certificate (testing only)' },
    'no-tls-insecure': { type: 'boolean', description: 'verify the server certificate again (same as --tls-insecure=false)' },
    'tls-disabled': { type: 'boolean', description: 'talk plain HTTP' },
    'no-tls-disabled': { type: 'boolean', description: 'talk HTTPS again (same as --tls-disabled=false)' },
    timeout: { type: 'string', value: 'DURATION', description: 'request timeout, e.g. 30s' },
  },
  async run(ctx) {
    const name = oneName(ctx, 'cluster');
    const address = opt(ctx, 'bridge-address');
    if (address) {
      try {
        parseAddress(address);
      } catch (e) {
        throw new UsageError(`--bridge-address: ${(e as Error).message}`);
      }
    }
    const timeout = opt(ctx, 'timeout');
    if (timeout) parseDuration(timeout, '--timeout');
    const caFile = opt(ctx, 'tls-custom-ca-file');
    await mutateConfig(ctx, (c) => {
      const e: ClusterEntry = { ...(c.clusters[name] ?? {}) };
      if (address) e.bridgeAddress = address;
      if (caFile) e.tlsCustomCaFile = resolve(ctx.io.cwd, caFile);
      if (ctx.options['tls-insecure']) e.tlsInsecure = true;
      if (ctx.options['no-tls-insecure']) delete e.tlsInsecure;
      if (ctx.options['tls-disabled']) e.tlsDisabled = true;
      if (ctx.options['no-tls-disabled']) delete e.tlsDisabled;
      if (timeout) e.timeout = timeout;
      c.clusters[name] = e;
    });
    ctx.io.stdout.write(`Cluster "${name}" set.\n`);
  },
});

function tlsMode(e: ClusterEntry): string {
  if (e.tlsDisabled) return 'disabled';
  if (e.tlsInsecure) return 'insecure';
  return e.tlsCustomCaFile ? `ca ${e.tlsCustomCaFile}` : 'system roots';
}

/** tctl config clusters list */
export const list = defineCommand({
  summary: 'List cluster entries',
  options: OUTPUT,
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(config.clusters) : formatYaml(config.clusters));
    const rows = Object.keys(config.clusters).sort().map((n) => {
      const e = config.clusters[n];
      return [n, e.bridgeAddress ?? '', tlsMode(e), e.timeout ?? '30s'];
    });
    ctx.io.stdout.write(formatTable(['NAME', 'BRIDGE ADDRESS', 'TLS', 'TIMEOUT'], rows, '  '));
  },
});

/** tctl config clusters delete */
export const remove = defineCommand({
  summary: 'Delete a cluster entry',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'cluster');
    const users: string[] = [];
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'clusters', name, path);
      delete c.clusters[name];
      for (const [p, e] of Object.entries(c.profiles)) if (e.cluster === name) users.push(p);
    });
    ctx.io.stdout.write(`Cluster "${name}" deleted.\n`);
    if (users.length) ctx.io.stderr.write(`Warning: profile(s) ${users.join(', ')} still point at cluster "${name}"; fix with: tctl config profiles set ${users[0]} --cluster <cluster>\n`);
  },
});

/** tctl config clusters rename */
export const rename = defineCommand({
  summary: 'Rename a cluster entry (profiles follow)',
  usage: 'OLD NEW',
  async run(ctx) {
    const [from, to] = twoNames(ctx);
    await mutateConfig(ctx, (c, path) => {
      renameEntry(c, 'clusters', from, to, path);
      for (const p of Object.values(c.profiles)) if (p.cluster === from) p.cluster = to;
    });
    ctx.io.stdout.write(`Cluster "${from}" renamed to "${to}".\n`);
  },
});
