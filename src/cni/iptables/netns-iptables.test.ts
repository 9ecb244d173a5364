import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCommand } from './netns-iptables.js';

test('resolveCommand: finds iptables-restore in sbin even with a PATH that lacks it; paths pass through', () => {
  assert.match(resolveCommand('iptables-restore', '/nonexistent'), /^\/(usr\/)?s?bin\/iptables-restore$/);
  assert.equal(resolveCommand('/opt/x/iptables-restore'), '/opt/x/iptables-restore');
  assert.equal(resolveCommand('no-such-command-xyz', '/nonexistent'), 'no-such-command-xyz');
});

test('a configured binary that does not exist fails at once and leaves no timer keeping the plugin alive (ENOENT)', async () => {
  // The plugin process exits when its event loop is empty: spawn's own `timeout` timer outlived an
  // ENOENT spawn and held the process for the whole 20 s deadline after it had answered.
  const { NetnsIptables } = await import('./netns-iptables.js');
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const ipt = new NetnsIptables({ netns: '/var/run/netns/none', nsenter: '/nonexistent/nsenter', timeoutMs: 30_000 });
  await assert.rejects(ipt.save(), /cannot run \/nonexistent\/nsenter \S*iptables-save: spawn \/nonexistent\/nsenter ENOENT/);
  await new Promise((r) => setImmediate(r));
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before, 'no deadline timer left behind');
});
