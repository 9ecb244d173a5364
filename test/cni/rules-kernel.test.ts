// Every golden rule set applied to a real network namespace: the kernel's iptables-save must print
// back exactly the rules we built (so CHECK can compare line by line), ADD twice changes nothing,
// and removal leaves the nat table as it was.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRules } from '../../src/cni/iptables/rule-builder.js';
import { redirectParams } from '../../src/cni/iptables/redirect-params.js';
import { NetnsIptables } from '../../src/cni/iptables/netns-iptables.js';
import { addNetns, delNetns, shortId } from './support/netns.js';

const ns = `mbr-${shortId()}`;
addNetns(ns);
after(() => delNetns(ns));

const cases: Record<string, Record<string, string>> = {
  defaults: {},
  'include/exclude CIDRs': {
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,192.168.1.7/24',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.1/32,169.254.169.254/32',
  },
  'include/exclude ports': { 'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090', 'traffic.sidecar.istio.io/excludeOutboundPorts': '5432,6379' },
  'no inbound, outbound ports only': {
    'traffic.sidecar.istio.io/includeInboundPorts': '',
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
    'traffic.sidecar.istio.io/includeOutboundPorts': '443',
  },
  'loopback included': { 'traffic.sidecar.istio.io/includeOutboundIPRanges': '127.0.0.0/8,::1/128' },
  'dual-stack CIDRs': {
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,fd00:10:96::/108',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.1/32,fd00:10:96:0:0::1/128',
  },
};

// Both backends a node may use; their save output is the same canonical form.
const backends = [
  { name: 'nft', family: 4, iptablesRestore: 'iptables-nft-restore', iptablesSave: 'iptables-nft-save' },
  { name: 'legacy', family: 4, iptablesRestore: 'iptables-legacy-restore', iptablesSave: 'iptables-legacy-save' },
  { name: 'nft (ip6tables)', family: 6, iptablesRestore: 'ip6tables-nft-restore', iptablesSave: 'ip6tables-nft-save' },
  { name: 'legacy (ip6tables)', family: 6, iptablesRestore: 'ip6tables-legacy-restore', iptablesSave: 'ip6tables-legacy-save' },
] as const;

for (const b of backends)
  for (const [name, annotations] of Object.entries(cases)) {
    test(`kernel round trip, iptables-${b.name} (${name}): iptables-save prints exactly the built rules; re-apply is a no-op; remove restores`, async () => {
      const ipt = new NetnsIptables({ netns: `/var/run/netns/${ns}`, iptablesRestore: b.iptablesRestore, iptablesSave: b.iptablesSave });
      const before = await ipt.save();
      const set = buildRules(redirectParams(annotations, { uid: 1500, gid: 1501 }), b.family);
      assert.equal(await ipt.apply(set), 'created');
      assert.deepEqual(await ipt.verify(set), []);
      assert.equal(await ipt.apply(set), 'unchanged');
      const other = buildRules(redirectParams({ 'traffic.sidecar.istio.io/excludeInboundPorts': '22' }), b.family);
      assert.equal(await ipt.apply(other), 'reconciled', 'a different rule set replaces ours in one restore');
      assert.deepEqual(await ipt.verify(other), []);
      assert.equal(await ipt.remove(), true);
      const strip = (t: string): string[] => t.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      assert.deepEqual(strip(await ipt.save()), strip(before));
      assert.equal(await ipt.remove(), false);
    });
  }
