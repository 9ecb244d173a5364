import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveGlobalsLast, normaliseBooleanFlags } from './main.js';

test('global flags before the command move after it so the route is found', () => {
  assert.deepEqual(moveGlobalsLast(['-p', 'demo', 'get', 'tns', '--org=x', '-o', 'yaml']), ['get', 'tns', '-o', 'yaml', '-p', 'demo', '--org=x']);
  assert.deepEqual(moveGlobalsLast(['--config', 'c.yaml', 'login']), ['login', '--config', 'c.yaml']);
});

test('Go-style --flag=false becomes --no-flag and --flag=true the bare flag', () => {
  assert.deepEqual(normaliseBooleanFlags(['--tls-disabled=false', '--tls-insecure=true', '--org=x']), ['--no-tls-disabled', '--tls-insecure', '--org=x']);
});
