import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareAtomicWrite, writeFileAtomic } from './atomic-write.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('writeFileAtomic replaces the content, sets the mode despite the umask, and leaves no temp file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'config.yaml');
  await writeFile(file, 'old');
  const umask = process.umask(0o077);
  try {
    await writeFileAtomic(file, 'new', { mode: 0o640 });
  } finally {
    process.umask(umask);
  }
  assert.equal(await readFile(file, 'utf8'), 'new');
  assert.equal((await stat(file)).mode & 0o777, 0o640);
  assert.deepEqual(await readdir(dir), ['config.yaml']);
});

test('a failed write leaves the old file and no temp file behind', async (t) => {
  const dir = await tempDir(t);
  const blocked = join(dir, 'blocked');
  await mkdir(join(blocked, 'child'), { recursive: true }); // a non-empty directory cannot be renamed over
  await assert.rejects(writeFileAtomic(blocked, 'data'), /EISDIR|ENOTEMPTY|EEXIST/);
  assert.deepEqual(await readdir(dir), ['blocked']);
});

test('a caller-named temp file left by a crash is replaced, not an error', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, '.x.tmp'), 'torn');
  await writeFileAtomic(join(dir, 'x'), 'whole', { tempName: '.x.tmp' });
  assert.deepEqual(await readdir(dir), ['x']);
  assert.equal(await readFile(join(dir, 'x'), 'utf8'), 'whole');
});

test('prepareAtomicWrite keeps the target untouched until commit, and abort removes the temp file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'a.pem');
  const p = await prepareAtomicWrite(file, 'pem');
  assert.deepEqual(await readdir(dir), [p.tempPath.split('/').pop()]);
  await p.abort();
  assert.deepEqual(await readdir(dir), []);
  const q = await prepareAtomicWrite(file, 'pem');
  await q.commit();
  assert.equal(await readFile(file, 'utf8'), 'pem');
});
