import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepTempFiles, tempName, writeFileAtomic } from './atomic-file.js';
import { DirectorySink } from './sinks/directory-sink.js';
import { StateCache } from './state-cache.js';

/** A pid no process can have (above Linux's pid_max ceiling of 2^22). */
const DEAD_PID = 4_194_304 + 4242;

async function temp(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('writeFileAtomic replaces the file and, when the write fails, leaves no temp file behind', async (t) => {
  const dir = await temp(t);
  const file = join(dir, 'a.yaml');
  await writeFileAtomic(file, 'one');
  await writeFileAtomic(file, 'two');
  assert.equal(await readFile(file, 'utf8'), 'two');
  // A non-empty folder where the file must go: the rename fails.
  const blocked = join(dir, 'b.yaml');
  await mkdir(join(blocked, 'x'), { recursive: true });
  await assert.rejects(writeFileAtomic(blocked, 'data'), /EISDIR|ENOTEMPTY|EEXIST/);
  assert.deepEqual((await readdir(dir)).sort(), ['a.yaml', 'b.yaml']);
});

test('stale temp files of dead writers are swept from the GitOps tree and the cache folder; live ones and foreign files stay', async (t) => {
  const dir = await temp(t);
  const root = join(dir, 'c1');
  await mkdir(join(root, 'ns1', 'VirtualService'), { recursive: true });
  await mkdir(join(root, '.meshbridge'), { recursive: true });
  const deadTree = tempName(join(root, 'ns1', 'VirtualService', 'a.yaml'), DEAD_PID);
  const ownTree = tempName(join(root, 'ns1', 'VirtualService', 'b.yaml'));
  const liveTree = tempName(join(root, 'ns1', 'VirtualService', 'c.yaml'), process.ppid);
  const foreign = join(root, 'ns1', 'notes.tmp-x');
  const deadCache = tempName(join(root, '.meshbridge', 'snapshot.json'), DEAD_PID);
  for (const f of [deadTree, ownTree, liveTree, foreign, deadCache]) await writeFile(f, '');
  assert.equal(await new DirectorySink(root).repair([]), 0);
  const left = await readdir(join(root, 'ns1', 'VirtualService'));
  assert.deepEqual(left, [liveTree.split('/').pop()]);
  await readFile(foreign);
  await readFile(deadCache); // the sink does not touch dot-folders; the cache sweeps its own
  await new StateCache(join(root, '.meshbridge', 'snapshot.json')).load();
  assert.deepEqual(await readdir(join(root, '.meshbridge')), []);
  assert.deepEqual(await sweepTempFiles(join(dir, 'missing'), { recursive: true }), []);
});
