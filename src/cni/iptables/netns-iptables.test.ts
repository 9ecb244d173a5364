import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCommand } from './netns-iptables.js';

test('resolveCommand: finds iptables-restore in sbin even with a PATH that lacks it; paths pass through', () => {
  assert.match(resolveCommand('iptables-restore', '/nonexistent'), /^\/(usr\/)?s?bin\/iptables-restore$/);
  assert.equal(resolveCommand('/opt/x/iptables-restore'), '/opt/x/iptables-restore');
  assert.equal(resolveCommand('no-such-command-xyz', '/nonexistent'), 'no-such-command-xyz');
});
