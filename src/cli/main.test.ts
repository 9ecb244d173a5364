import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { normaliseBooleanFlags, tctl } from './main.js';

test('global flags with values before the command do not hide the route', async () => {
  let out = '';
  const stdout = new Writable({
    write(c, _e, cb) {
      out += String(c);
      cb();
    },
  });
  const stderr = new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
  const io = { stdin: Readable.from([]), stdout, stderr, env: {}, cwd: '/' };
  assert.equal(await tctl(['-p', 'version', '--config', 'x.yaml', '--org=o', 'version', '--local-only'], io), 0);
  assert.match(out, /^TCTL version: v/);
});

test('Go-style --flag=false becomes --no-flag and --flag=true the bare flag', () => {
  assert.deepEqual(normaliseBooleanFlags(['--tls-disabled=false', '--tls-insecure=true', '--org=x']), ['--no-tls-disabled', '--tls-insecure', '--org=x']);
});

test('a reader that closes stdout early (EPIPE) does not crash tctl', async () => {
  const stdout = new Writable({
    write(_c, _e, cb) {
      const e: NodeJS.ErrnoException = new Error('write EPIPE');
      e.code = 'EPIPE';
      cb(e);
    },
  });
  const stderr = new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
  const code = await tctl(['completion', 'bash'], { stdin: Readable.from([]), stdout, stderr, env: {}, cwd: '/' });
  assert.equal(code, 0);
});
