import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { connect } from 'node:net';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sharedDir } from '../../../../../test/support/shared.js';
import { runCli } from '../../../../command/index.js';
import type { Command, Route } from '../../../../command/index.js';
import { extractCommand } from './extract.js';
import { rootcaCompareCommand } from './rootca-compare.js';
import { SECRETS_DUMP_PATH, type PortForwarder } from './_pod.js';
import { memoryIo } from '../../../../command/memory-io.test-support.js';

/** Envoy's admin endpoint as seen at the far end of a port-forward: serves the shared dump. */
async function fakeEnvoyAdmin(dumpName: string) {
  const paths: string[] = [];
  const body = readFileSync(sharedDir('data', 'istio', 'config-dumps', dumpName, 'config_dump.json'));
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, paths, close: () => new Promise((r) => server.close(r)) };
}

/** Implements PortForward.portForward's contract (bytes of `input` to the pod port, replies to `output`) over loopback. */
function fakeForwarder(adminPort: number, calls: unknown[][]): PortForwarder {
  return {
    async portForward(namespace, pod, ports, output, _err, input) {
      calls.push([namespace, pod, ports]);
      const sock = connect(adminPort, '127.0.0.1');
      input.pipe(sock);
      sock.pipe(output);
      return () => null;
    },
  };
}

const route = (cmd: Command, path: string[]): Route[] => [{ path, summary: '', load: async () => ({ default: cmd }) }];

test("extract --pod reads the live pod through @kubernetes/client-node PortForward's documented contract (fake forwarder: no API server can run here)", async () => {
  const admin = await fakeEnvoyAdmin('istio');
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-pod-'));
  try {
    const calls: unknown[][] = [];
    const m = memoryIo(dir);
    const code = await runCli(
      'tctl',
      ['x', 'certs', 'extract', '--pod', 'web-0.shop', '--out-dir', 'web', '--at', '2026-01-01T00:00:00Z'],
      m.io,
      route(extractCommand(fakeForwarder(admin.port, calls)), ['x', 'certs', 'extract']),
    );
    assert.equal(code, 0, m.err());
    assert.deepEqual(calls[0], ['shop', 'web-0', [15000]]);
    assert.deepEqual(admin.paths, [SECRETS_DUMP_PATH]);
    assert.ok(
      m
        .out()
        .startsWith(
          'Read pod shop/web-0 (Envoy config dump): 3 secret(s)\n\n' + readFileSync(sharedDir('data', 'istio', 'config-dumps', 'istio', 'output'), 'utf8'),
        ),
    );
    assert.ok(existsSync(join(dir, 'web', 'chain.pem')) && existsSync(join(dir, 'web', 'roots.pem')));
  } finally {
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rootca-compare of two pods (fake PortForward contract) matches identical ROOTCA; a forward failure is MB4013 naming the pod', async () => {
  const admin = await fakeEnvoyAdmin('istio');
  try {
    const calls: unknown[][] = [];
    const m = memoryIo(process.cwd());
    const cmd = rootcaCompareCommand(fakeForwarder(admin.port, calls));
    const code = await runCli('tctl', ['x', 'certs', 'rootca-compare', 'web-0', 'pay-0.shop'], m.io, route(cmd, ['x', 'certs', 'rootca-compare']));
    assert.equal(code, 0, m.err());
    assert.match(m.out(), /^Both \[web-0\] and \[pay-0\.shop\] have the identical ROOTCA/);
    assert.deepEqual(
      calls.map((c) => c.slice(0, 2)),
      [
        ['default', 'web-0'],
        ['shop', 'pay-0'],
      ],
    );
    const failing: PortForwarder = {
      portForward: async () => {
        throw new Error('pods "ghost" is forbidden');
      },
    };
    const m2 = memoryIo(process.cwd());
    const code2 = await runCli('tctl', ['x', 'certs', 'extract', '--pod', 'ghost.shop'], m2.io, route(extractCommand(failing), ['x', 'certs', 'extract']));
    assert.equal(code2, 1);
    assert.match(m2.err(), /pod shop\/ghost: cannot read Envoy's secrets on port 15000 \(pods "ghost" is forbidden\) \[MB4013\]/);
  } finally {
    await admin.close();
  }
});

test('extract -o json reports the rows, the files written and the trust domains of a SPIFFE bundle', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-json-'));
  try {
    const m = memoryIo(dir);
    const file = sharedDir('data', 'istio', 'config-dumps', 'spire', 'config_dump.json');
    const code = await runCli('tctl', ['x', 'certs', 'extract', file, '-o', 'json'], m.io, route(extractCommand(), ['x', 'certs', 'extract']));
    assert.equal(code, 0, m.err());
    const j = JSON.parse(m.out()) as {
      secrets: { name: string }[];
      chain: { file: string; certificates: string[] };
      roots: { trustDomains: string[]; certificates: string[] };
    };
    assert.deepEqual(
      j.secrets.map((s) => s.name),
      ['default', 'ROOTCA', 'ROOTCA'],
    );
    assert.equal(j.chain.file, join(dir, 'chain.pem'));
    assert.equal(j.chain.certificates.length, 2);
    assert.deepEqual(j.roots.trustDomains, ['east.local', 'west.local']);
    assert.deepEqual(j.roots.certificates, ['O=my-company.org, CN=East Root CA', 'O=my-company.org, CN=West Root CA']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
