import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { moveGlobalsLast, normaliseBooleanFlags, tctl } from './main.js';

test('global flags before the command move after it so the route is found', () => {
  assert.deepEqual(moveGlobalsLast(['-p', 'demo', 'get', 'tns', '--org=x', '-o', 'yaml']), ['get', 'tns', '-o', 'yaml', '-p', 'demo', '--org=x']);
  assert.deepEqual(moveGlobalsLast(['--config', 'c.yaml', 'login']), ['login', '--config', 'c.yaml']);
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
  const stderr = new Writable({ write(_c, _e, cb) { cb(); } });
  const code = await tctl(['completion', 'bash'], { stdin: Readable.from([]), stdout, stderr, env: {}, cwd: '/' });
  assert.equal(code, 0);
});
