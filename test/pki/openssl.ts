// Runs the real `openssl verify` CLI on one corpus case and parses what it printed.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AT, type ChainCase } from '../support/pki-corpus.js';

/** What openssl said: OK or not, every "error N at D depth lookup" line, and whether a file failed to load. */
export interface OpensslVerdict {
  readonly ok: boolean;
  readonly errors: readonly { code: number; depth: number }[];
  readonly loadError: boolean;
  readonly output: string;
}

/** Writes the case's files into `dir` and returns the argv for `openssl verify`. */
export function opensslArgs(c: ChainCase, dir: string): string[] {
  const leaf = join(dir, 'leaf.pem');
  writeFileSync(leaf, c.leafPem);
  const args = ['verify', '-attime', String(Math.floor(AT.getTime() / 1000))];
  if (c.trustedPem) {
    writeFileSync(join(dir, 'trusted.pem'), c.trustedPem);
    args.push('-trusted', join(dir, 'trusted.pem'));
  } else args.push('-no-CAfile', '-no-CApath', '-no-CAstore');
  if (c.untrustedPem) {
    writeFileSync(join(dir, 'untrusted.pem'), c.untrustedPem);
    args.push('-untrusted', join(dir, 'untrusted.pem'));
  }
  if (c.partialChain) args.push('-partial_chain');
  if (c.hostname !== undefined) args.push('-verify_hostname', c.hostname);
  if (c.ip !== undefined) args.push('-verify_ip', c.ip);
  if (c.maxDepth !== undefined) args.push('-verify_depth', String(c.maxDepth));
  if (c.purpose) args.push('-purpose', c.purpose === 'server' ? 'sslserver' : 'sslclient');
  args.push(leaf);
  return args;
}

/** Runs openssl verify for the case (files in `dir`). */
export function runOpenssl(c: ChainCase, dir: string): Promise<OpensslVerdict> {
  const args = opensslArgs(c, dir);
  return new Promise((resolve) => {
    execFile('openssl', args, { timeout: 20_000 }, (_err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const errors = [...output.matchAll(/error (\d+) at (\d+) depth lookup/g)].map((m) => ({ code: Number(m[1]), depth: Number(m[2]) }));
      resolve({
        ok: /: OK\s*$/m.test(stdout),
        errors,
        loadError: /Error loading file|Could not read|unable to load|error reading the file/i.test(output),
        output,
      });
    });
  });
}
