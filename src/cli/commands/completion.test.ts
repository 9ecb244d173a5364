import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runTctl } from '../_memory-io.js';

test('bash completion completes command words and kinds after get', async () => {
  const r = await runTctl(['completion', 'bash'], {});
  assert.equal(r.code, 0, r.stderr);
  const script = `${r.stdout}\nCOMP_WORDS=(tctl config pro); COMP_CWORD=2; _tctl; echo "\${COMPREPLY[@]}"\nCOMP_WORDS=(tctl get tn); COMP_CWORD=2; _tctl; echo "\${COMPREPLY[@]}"\n`;
  const out = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(out.stdout.trim().split('\n'), ['profiles', 'tnab tns']);
});

test('zsh completion is produced and an unknown shell is a usage error', async () => {
  assert.match((await runTctl(['completion', 'zsh'], {})).stdout, /^#compdef tctl\n/);
  const bad = await runTctl(['completion', 'fish'], {});
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected bash or zsh, got "fish"/);
});
