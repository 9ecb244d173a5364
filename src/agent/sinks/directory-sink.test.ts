import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectorySink } from './directory-sink.js';
import type { SinkObject } from './sink.js';

function obj(ns: string, kind: string, name: string, host = 'a'): SinkObject {
  return {
    key: `${ns}/${kind}/${name}`,
    hash: host,
    fqn: `f/${name}`,
    object: { apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace: ns }, spec: { hosts: [host] } },
  };
}

test('writes one YAML per object, prunes removed ones with their empty folders, and leaves foreign files alone', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const root = join(dir, 'c1');
  await writeFile(join(dir, 'outside.txt'), 'keep');
  const sink = new DirectorySink(root);
  assert.deepEqual(await sink.apply([obj('ns1', 'VirtualService', 'a'), obj('ns2', 'Gateway', 'g')], [], true), []);
  assert.match(await readFile(join(root, 'ns1/VirtualService/a.yaml'), 'utf8'), /kind: VirtualService\n/);
  await mkdir(join(root, '.meshbridge'), { recursive: true });
  await writeFile(join(root, '.meshbridge', 'state.json'), '{}');
  assert.deepEqual(await sink.apply([obj('ns1', 'VirtualService', 'a', 'b')], [], true), []);
  assert.deepEqual(await sink.managedKeys(), ['ns1/VirtualService/a']);
  assert.deepEqual((await readdir(root)).sort(), ['.meshbridge', 'ns1']);
  assert.equal(await readFile(join(dir, 'outside.txt'), 'utf8'), 'keep');
  assert.deepEqual(await sink.apply([], ['ns1/VirtualService/a'], false), []);
  assert.deepEqual(await readdir(root), ['.meshbridge']);
});

test('a failing object is reported and the others are still applied', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'ns1'), { recursive: true });
  await writeFile(join(dir, 'ns1', 'Gateway'), 'a file where a folder should be');
  const sink = new DirectorySink(dir);
  const errors = await sink.apply(
    [obj('ns1', 'Gateway', 'g'), obj('ns1', 'VirtualService', 'v'), { ...obj('x', 'Gateway', 'y'), key: '../etc/passwd' }],
    [],
    false,
  );
  assert.deepEqual(
    errors.map((e) => e.key),
    ['ns1/Gateway/g', '../etc/passwd'],
  );
  assert.match(errors[0].message, /ENOTDIR|EEXIST/);
  assert.deepEqual(await sink.managedKeys(), ['ns1/VirtualService/v']);
});

test('repair rewrites only files that are missing or changed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sink = new DirectorySink(dir);
  const objs = [obj('ns1', 'VirtualService', 'a'), obj('ns1', 'VirtualService', 'b')];
  await sink.apply(objs, [], true);
  assert.equal(await sink.repair(objs), 0);
  await rm(join(dir, 'ns1/VirtualService/b.yaml'));
  assert.equal(await sink.repair(objs), 1);
});

test('a full snapshot whose tree cannot be listed reports a retryable error instead of silently skipping the prune', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sink = new (class extends DirectorySink {
    override managedKeys(): Promise<string[]> {
      return Promise.reject(Object.assign(new Error('EIO: i/o error, scandir'), { code: 'EIO' }));
    }
  })(dir);
  const errors = await sink.apply([obj('ns1', 'VirtualService', 'a')], [], true);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].retry, true);
  assert.match(errors[0].message, /cannot list .* to prune: EIO/);
  assert.match(await readFile(join(dir, 'ns1/VirtualService/a.yaml'), 'utf8'), /name: a/);
});

test('a 253-character name (a valid Kubernetes name, a file name over 255 bytes) is written under a deterministic shortened file, kept by a full snapshot, and removed by its key', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-long-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sink = new DirectorySink(join(dir, 'c1'));
  const long = `${'a'.repeat(120)}.${'b'.repeat(132)}`;
  const other = `${'a'.repeat(120)}.${'b'.repeat(131)}c`;
  assert.equal(long.length, 253);
  assert.deepEqual(await sink.apply([obj('ns1', 'VirtualService', long), obj('ns1', 'VirtualService', other)], [], true), []);
  const files = await readdir(join(dir, 'c1', 'ns1', 'VirtualService'));
  assert.equal(files.length, 2, 'distinct names, distinct files');
  for (const f of files) assert.ok(Buffer.byteLength(f) <= 255, f);
  const texts = await Promise.all(files.map((f) => readFile(join(dir, 'c1', 'ns1', 'VirtualService', f), 'utf8')));
  assert.deepEqual(texts.map((x) => /name: (\S+)/.exec(x)?.[1]).sort(), [long, other].sort());
  // A second full snapshot with the same objects prunes nothing; removing one by its key removes its file.
  assert.deepEqual(await sink.apply([obj('ns1', 'VirtualService', long), obj('ns1', 'VirtualService', other)], [], true), []);
  assert.equal((await readdir(join(dir, 'c1', 'ns1', 'VirtualService'))).length, 2);
  assert.deepEqual(await sink.apply([], [`ns1/VirtualService/${long}`], false), []);
  assert.equal((await readdir(join(dir, 'c1', 'ns1', 'VirtualService'))).length, 1);
});

test("a Secret (istiod's cacerts, with a private key) is written owner-only (0600), other objects 0644; repair restores the mode", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sink = new DirectorySink(dir);
  const secret: SinkObject = {
    key: 'istio-system/Secret/cacerts',
    hash: 'h',
    fqn: '',
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: 'istio-system', labels: { 'app.kubernetes.io/managed-by': 'meshbridge' } },
      type: 'Opaque',
      data: { 'ca-key.pem': 'a2V5' },
    },
  };
  const umask = process.umask(0o022);
  try {
    assert.deepEqual(await sink.apply([secret, obj('ns1', 'VirtualService', 'a')], [], true), []);
  } finally {
    process.umask(umask);
  }
  const file = join(dir, 'istio-system/Secret/cacerts.yaml');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(join(dir, 'ns1/VirtualService/a.yaml'))).mode & 0o777, 0o644);
  await chmod(file, 0o644);
  assert.equal(await sink.repair([secret]), 1);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('a cacerts file meshbridge did not write (no managed-by label) is never overwritten or deleted: MB4921 naming the fix; a full prune leaves it quietly', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'istio-system', 'Secret', 'cacerts.yaml');
  await mkdir(join(dir, 'istio-system', 'Secret'), { recursive: true });
  const theirs = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ndata:\n  ca-key.pem: dGhlaXJz\n';
  await writeFile(file, theirs, { mode: 0o600 });
  const ours: SinkObject = {
    key: 'istio-system/Secret/cacerts',
    hash: 'h',
    fqn: 'organizations/o/clusters/c1',
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: 'istio-system', labels: { 'app.kubernetes.io/managed-by': 'meshbridge' } },
      data: {},
    },
  };
  const sink = new DirectorySink(dir);
  const errors = await sink.apply([ours], [], false);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /^\[MB4921\] .*cacerts\.yaml has no label app\.kubernetes\.io\/managed-by=meshbridge.*spec\.bringYourOwnCa/);
  assert.equal(await readFile(file, 'utf8'), theirs, 'not overwritten');
  assert.match((await sink.apply([], ['istio-system/Secret/cacerts'], false))[0]?.message ?? '', /MB4921/);
  assert.deepEqual(await sink.apply([obj('ns1', 'VirtualService', 'a')], [], true), [], 'a full snapshot without cacerts prunes quietly around it');
  assert.equal(await readFile(file, 'utf8'), theirs, 'not deleted');
  assert.equal(await sink.repair([ours]), 0, 'repair leaves it too');
  // Once it carries meshbridge's label (or is gone), the delivered one is written.
  await writeFile(file, theirs.replace('  namespace: istio-system\n', '  namespace: istio-system\n  labels:\n    app.kubernetes.io/managed-by: meshbridge\n'));
  assert.deepEqual(await sink.apply([ours], [], false), []);
  assert.match(await readFile(file, 'utf8'), /managed-by: meshbridge/);
  assert.doesNotMatch(await readFile(file, 'utf8'), /dGhlaXJz/);
});
