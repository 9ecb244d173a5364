import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sharedDir } from '../../../../../test/support/shared.js';
import { runCli } from '../../../../command/index.js';
import { rootcaCompareCommand } from './rootca-compare.js';
import { memoryIo } from '../../../../command/memory-io.test-support.js';

test('rootca-compare --all over a directory of dumps groups workloads by shared root and names the outlier (exit 1)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-all-'));
  try {
    const istio = sharedDir('data', 'istio', 'config-dumps', 'istio', 'config_dump.json');
    copyFileSync(istio, join(dir, 'web.shop.json'));
    copyFileSync(istio, join(dir, 'cart.shop.json'));
    copyFileSync(sharedDir('data', 'istio', 'config-dumps', 'spire', 'config_dump.json'), join(dir, 'gw.edge.json'));
    const { io, out: outText } = memoryIo(dir);
    const code = await runCli('tctl', ['x', 'certs', 'rootca-compare', '--all', '.', '-o', 'json'], io, [
      { path: ['x', 'certs', 'rootca-compare'], summary: '', load: async () => ({ default: rootcaCompareCommand() }) },
    ]);
    assert.equal(code, 1);
    const g = JSON.parse(outText()) as { groups: { workloads: string[]; roots: unknown[] }[]; outliers: string[] };
    assert.deepEqual(
      g.groups.map((x) => [x.workloads, x.roots.length]),
      [
        [['cart.shop', 'web.shop'], 1],
        [['gw.edge'], 2],
      ],
    );
    assert.deepEqual(g.outliers, ['gw.edge']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
