import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectChain } from './chain-report.js';

const list = (name: string, types: string[]): { name: string; text: string } => ({
  name,
  text: JSON.stringify({ cniVersion: '0.3.1', name: 'n', plugins: types.map((type) => ({ type })) }),
});

test('inspectChain: chained when our entry is the single last plugin of the file kubelet uses', () => {
  const r = inspectChain([list('10-calico.conflist', ['calico', 'portmap', 'meshbridge-cni']), { name: '00-bad.conflist', text: '{' }], 'meshbridge-cni');
  assert.equal(r.primary, '10-calico.conflist');
  assert.deepEqual(r.plugins, ['calico', 'portmap', 'meshbridge-cni']);
  assert.equal(r.chained, true);
  assert.deepEqual(
    r.skipped.map((s) => s.file),
    ['00-bad.conflist'],
  );
});

test('inspectChain: a new provider file that wins without our entry is reported, with the old chained file', () => {
  const r = inspectChain([list('10-calico.conflist', ['calico', 'meshbridge-cni']), list('05-cilium.conflist', ['cilium-cni'])], 'meshbridge-cni');
  assert.equal(r.primary, '05-cilium.conflist');
  assert.equal(r.chained, false);
  assert.match(r.problem ?? '', /05-cilium\.conflist has no meshbridge-cni entry/);
  assert.deepEqual(r.alsoChained, ['10-calico.conflist']);
});

test('inspectChain: not last, duplicated, or no config at all', () => {
  assert.match(inspectChain([list('a.conflist', ['x', 'meshbridge-cni', 'portmap'])], 'meshbridge-cni').problem ?? '', /runs before portmap/);
  assert.match(inspectChain([list('a.conflist', ['x', 'meshbridge-cni', 'meshbridge-cni'])], 'meshbridge-cni').problem ?? '', /2 meshbridge-cni entries/);
  assert.equal(inspectChain([], 'meshbridge-cni').problem, 'no CNI config file');
  assert.equal(inspectChain([{ name: 'a.conf', text: '[]' }], 'meshbridge-cni').problem, 'every CNI config file is malformed');
});
