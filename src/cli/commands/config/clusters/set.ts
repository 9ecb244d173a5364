import { resolve } from 'node:path';
import { parseAddress } from '../../../../client/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { parseDuration, type ClusterEntry } from '../../../config/tctl-config.js';
import { opt } from '../../../session/session.js';
import { mutateConfig, oneName } from '../_edit.js';

/** tctl config clusters set */
export default defineCommand({
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
