// Chains where a naive validator drifts from `openssl verify` (issue 15): directoryName name
// constraints, IP SANs that are not addresses under an IP constraint, duplicate extensions,
// OpenSSL's limit on name-constraint work, empty issuer/subject names, cross-signed and
// rolled-over roots without AKI, a non-self-signed trust anchor (with and without
// -partial_chain) and -verify_depth. Generated here with @peculiar/x509; every case also runs
// through the real `openssl verify` in the differential test.
import * as x509 from '@peculiar/x509';
import { createCertificate, keyIdentifier, KU, type Subtree } from '../../src/pki/index.js';
import { concat, tlv } from '../../src/pki/der.js';
import { AT, Corpus, Factory, normal, type Node, type Shape } from '../support/pki-corpus.js';

const DAY = 86_400_000;
const SPIFFE: Shape = { ints: 1, leaf: 'spiffe' };
const DNS: Shape = { ints: 1, leaf: 'dns' };
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** DER of a distinguished name, hex (the form a dirname Subtree carries). */
export function nameHex(dn: string): string {
  return Buffer.from(new x509.Name(dn).toArrayBuffer()).toString('hex');
}

/** A raw subjectAltName extension from [tag, content] pairs (lets a test put a 5-byte "IP" in). */
export function rawSan(names: readonly [number, Uint8Array][], critical = false): { oid: string; critical: boolean; value: Uint8Array } {
  return { oid: '2.5.29.17', critical, value: tlv(0x30, concat(names.map(([t, v]) => tlv(t, v)))) };
}

/** An IP subtree from dotted address and prefix length (IPv4 or IPv6 written as 16 bytes). */
export function ipSubtree(addr: number[], prefix: number): Subtree {
  const mask = addr.map((_, i) => Math.max(0, Math.min(8, prefix - i * 8))).map((b) => (0xff << (8 - b)) & 0xff);
  return { type: 'ip', value: '', ip: { addr: new Uint8Array(addr), mask: new Uint8Array(mask) } };
}

async function directoryNames(c: Corpus): Promise<void> {
  const n = c.next();
  const dn = (s: string) => [{ type: 'dirname' as const, value: nameHex(s) }];
  await c.add('dirname-permitted-violation', SPIFFE, { 2: { nc: { permitted: dn('O=Other') } } }, normal);
  await c.add('ok-dirname-permitted', SPIFFE, { 2: { nc: { permitted: dn('O=Mesh') } }, 1: { name: `O=Mesh, CN=Int dn${n}` } }, normal);
  await c.add('dirname-excluded', SPIFFE, { 2: { nc: { excluded: dn('O=Mesh') } }, 1: { name: `O=Mesh, CN=Int dx${n}` } }, normal);
  await c.add('dirname-permitted-leaf-subject', DNS, { 2: { nc: { permitted: dn('O=Mesh') } }, 1: { name: `O=Mesh, CN=Int dl${n}` } }, normal);
  await c.add('ok-dirname-empty-leaf-subject', SPIFFE, { 1: { nc: { permitted: dn('O=Elsewhere') } } }, normal);
}

async function ipNames(c: Corpus): Promise<void> {
  const uri: [number, Uint8Array] = [0x86, bytes(`spiffe://cluster.local/ns/ip${c.next()}/sa/x`)];
  const ten = [ipSubtree([10, 0, 0, 0], 8)];
  const withIp = (ip: number[]) => ({ sans: [], spec: { extra: [rawSan([uri, [0x87, new Uint8Array(ip)]])] } });
  await c.add('ip-san-not-an-address', SPIFFE, { 2: { nc: { permitted: ten } }, 0: withIp([10, 1, 2, 3, 4]) }, normal);
  await c.add('ip-san-not-an-address-excluded', SPIFFE, { 2: { nc: { excluded: ten } }, 0: withIp([10, 1, 2]) }, normal);
  await c.add('ok-ip-san-not-an-address-unconstrained', SPIFFE, { 0: withIp([10, 1, 2, 3, 4]) }, normal);
  await c.add('ip-san-v6-under-v4-constraint', SPIFFE, { 2: { nc: { permitted: ten } }, 0: withIp([0xfd, 0, ...Array(13).fill(0), 1]) }, normal);
  await c.add('ok-ip-san-inside', SPIFFE, { 2: { nc: { permitted: ten } }, 0: withIp([10, 9, 8, 7]) }, normal);
  await c.add('ip-san-outside', SPIFFE, { 2: { nc: { permitted: ten } }, 0: withIp([192, 168, 0, 1]) }, normal);
}

async function duplicates(c: Corpus): Promise<void> {
  const ku = { oid: '2.5.29.15', critical: true, value: tlv(0x03, new Uint8Array([0x07, 0x80])) };
  const bc = { oid: '2.5.29.19', critical: true, value: tlv(0x30, new Uint8Array(0)) };
  const ski = { oid: '2.5.29.14', critical: false, value: tlv(0x04, new Uint8Array(20).fill(7)) };
  await c.add('duplicate-extension-leaf', SPIFFE, { 0: { spec: { extra: [ku] }, keyUsage: KU.digitalSignature } }, normal);
  await c.add('duplicate-extension-intermediate', SPIFFE, { 1: { spec: { extra: [bc] } } }, normal);
  await c.add('duplicate-extension-root', SPIFFE, { 2: { spec: { extra: [ski] } } }, normal);
  await c.add(
    'duplicate-unknown-extension-leaf',
    SPIFFE,
    {
      0: {
        spec: {
          extra: [
            { oid: '1.3.6.1.4.1.99999.2', critical: false, value: new Uint8Array([5, 0]) },
            { oid: '1.3.6.1.4.1.99999.2', critical: false, value: new Uint8Array([5, 0]) },
          ],
        },
      },
    },
    normal,
  );
}

async function workLimit(c: Corpus): Promise<void> {
  // OpenSSL refuses (error 1) when (subject RDNs + SANs) × (permitted + excluded subtrees) > 2^20.
  const subtrees = (n: number): Subtree[] => [
    { type: 'dns', value: '.example.com' },
    ...Array.from({ length: n - 1 }, (_, i) => ({ type: 'dns' as const, value: `s${i}.invalid` })),
  ];
  const sans = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'dns' as const, value: `h${i}.example.com` }));
  // The DNS leaf's subject has 2 RDNs (CN, O).
  await c.add('name-constraints-work-limit', DNS, { 2: { nc: { permitted: subtrees(1024) } }, 0: { sans: sans(1023) } }, normal);
  await c.add('ok-name-constraints-at-work-limit', DNS, { 2: { nc: { permitted: subtrees(1024) } }, 0: { sans: sans(1022) } }, normal);
}

async function emptyNames(c: Corpus): Promise<void> {
  await c.add('ok-empty-intermediate-subject', SPIFFE, { 1: { name: '' } }, normal);
  await c.add('ok-empty-root-subject', DNS, { 2: { name: '' } }, normal);
  await c.add('ok-empty-intermediate-subject-dns-leaf', DNS, { 1: { name: '' } }, normal);
  await c.add('empty-names-untrusted', SPIFFE, { 2: { name: '' } }, (ns) => ({ untrusted: ns.slice(1, -1), trusted: [] }));
}

/** A root (or cross-certificate) built directly, for rolled-over and cross-signed roots. */
async function cert(
  f: Factory,
  o: { name: string; issuer?: Node; key: Node['key']; aki: boolean; ca?: boolean; leafSan?: string; days?: number },
): Promise<Node> {
  const der = await createCertificate({
    subject: o.name,
    issuer: o.issuer ? o.issuer.name : o.name,
    publicKey: o.key.pub,
    signingKey: (o.issuer ?? { key: o.key }).key.priv,
    serialHex: (0x7000 + Math.floor(Math.random() * 0x8000)).toString(16),
    notBefore: new Date(AT.getTime() - 30 * DAY),
    notAfter: new Date(AT.getTime() + (o.days ?? 365) * DAY),
    basicConstraints: { ca: o.ca ?? true },
    keyUsage: o.ca === false ? KU.digitalSignature : KU.keyCertSign | KU.cRLSign,
    akiKeyId: o.aki && o.issuer ? keyIdentifier(o.issuer.key.pub) : undefined,
    sans: o.leafSan ? [{ type: 'uri', value: o.leafSan }] : undefined,
    sanCritical: o.leafSan !== undefined && o.name === '',
  });
  return { der, name: o.name, key: o.key };
}

/** Rolled-over roots (same name, new key) and cross-signed roots, with and without AKI. */
export async function crossSigned(c: Corpus, kindPrefix = ''): Promise<void> {
  const f = c.f;
  for (const aki of [false, true]) {
    const t = c.next();
    const k = (i: number) => f.keys[(t + i * 5) % f.keys.length];
    const suffix = aki ? '' : '-no-aki';
    const rootOld = await cert(f, { name: `CN=Roll Root ${t}`, key: k(1), aki, days: 3000 });
    const rootNew = await cert(f, { name: `CN=Roll Root ${t}`, key: k(2), aki, days: 3650 });
    const int = await cert(f, { name: `CN=Roll Int ${t}`, issuer: rootNew, key: k(3), aki });
    const leaf = await cert(f, { name: '', issuer: int, key: k(4), aki, ca: false, leafSan: `spiffe://cluster.local/ns/roll${t}/sa/x` });
    c.addNodes(`${kindPrefix}${aki ? 'ok-' : ''}rolled-over-root-old-first${suffix}`, leaf, [int], [rootOld, rootNew]);
    c.addNodes(`${kindPrefix}ok-rolled-over-root-new-first${suffix}`, leaf, [int], [rootNew, rootOld]);
    // Root B cross-signed by root A: the chain carries B's cross-certificate, the verifier trusts only A.
    const rootA = await cert(f, { name: `CN=Cross Root A ${t}`, key: k(5), aki, days: 3650 });
    const rootB = await cert(f, { name: `CN=Cross Root B ${t}`, key: k(6), aki, days: 3650 });
    const bByA = await cert(f, { name: `CN=Cross Root B ${t}`, issuer: rootA, key: k(6), aki, days: 3000 });
    const intB = await cert(f, { name: `CN=Cross Int ${t}`, issuer: rootB, key: k(7), aki });
    const leafB = await cert(f, { name: '', issuer: intB, key: k(8), aki, ca: false, leafSan: `spiffe://cluster.local/ns/cross${t}/sa/x` });
    c.addNodes(`${kindPrefix}ok-cross-signed-root${suffix}`, leafB, [intB, bByA], [rootA]);
    c.addNodes(`${kindPrefix}ok-cross-signed-root-new-trusted${suffix}`, leafB, [intB, bByA], [rootB]);
    c.addNodes(`${kindPrefix}cross-signed-self-signed-first${suffix}`, leafB, [intB, rootB, bByA], [rootA]);
    c.addNodes(`${kindPrefix}ok-cross-signed-cross-first${suffix}`, leafB, [intB, bByA, rootB], [rootA]);
  }
}

async function anchorsAndDepth(c: Corpus): Promise<void> {
  for (const shape of [SPIFFE, { ints: 2, leaf: 'spiffe' } as Shape]) {
    const top = shape.ints + 1;
    const asRoot = (ns: Node[]) => ({ untrusted: ns.slice(1, -2), trusted: [ns[top - 1]] });
    await c.add('intermediate-anchor', shape, {}, asRoot);
    await c.add('ok-intermediate-anchor-partial-chain', shape, {}, asRoot, { partialChain: true });
    await c.add('ok-intermediate-anchor-partial-chain-with-root', shape, {}, (ns) => ({ untrusted: ns.slice(1, -1), trusted: [ns[top - 1]] }), {
      partialChain: true,
    });
    await c.add('ok-leaf-anchor-partial-chain', shape, {}, (ns) => ({ untrusted: [], trusted: [ns[0]] }), { partialChain: true });
    await c.add('leaf-anchor', shape, {}, (ns) => ({ untrusted: [], trusted: [ns[0]] }));
    await c.add(
      'expired-intermediate-anchor-partial-chain',
      shape,
      { [top - 1]: { notBefore: new Date(AT.getTime() - 400 * DAY), notAfter: new Date(AT.getTime() - DAY) } },
      asRoot,
      { partialChain: true },
    );
    for (let d = 0; d <= top + 1; d++) await c.add(d >= shape.ints ? 'ok-max-depth' : 'max-depth', shape, {}, normal, { maxDepth: d });
    await c.add(shape.ints >= 1 ? 'ok-max-depth-partial-chain' : 'max-depth-partial-chain', shape, {}, asRoot, {
      maxDepth: shape.ints - 1,
      partialChain: true,
    });
    await c.add('max-depth-untrusted-root', shape, {}, (ns) => ({ untrusted: ns.slice(1), trusted: [] }), { maxDepth: 1 });
  }
}

async function peerNames(c: Corpus): Promise<void> {
  const dns = (v: string) => [{ type: 'dns' as const, value: v }];
  await c.add('ok-hostname-exact', DNS, { 0: { sans: dns('web.example.com') } }, normal, { hostname: 'web.example.com' });
  await c.add('hostname-mismatch', DNS, { 0: { sans: dns('web.example.com') } }, normal, { hostname: 'pay.example.com' });
  await c.add('ok-hostname-wildcard', DNS, { 0: { sans: dns('*.example.com') } }, normal, { hostname: 'web.example.com' });
  await c.add('hostname-wildcard-two-labels', DNS, { 0: { sans: dns('*.example.com') } }, normal, { hostname: 'a.web.example.com' });
  await c.add('ok-hostname-partial-wildcard', DNS, { 0: { sans: dns('w*.example.com') } }, normal, { hostname: 'web.example.com' });
  await c.add('hostname-wildcard-under-tld', DNS, { 0: { sans: dns('*.com') } }, normal, { hostname: 'example.com' });
  await c.add('ok-hostname-cn-fallback', DNS, { 0: { name: 'CN=legacy.example.com', sans: [] } }, normal, { hostname: 'legacy.example.com' });
  await c.add(
    'hostname-mismatch-expired-leaf',
    DNS,
    { 0: { sans: dns('web.example.com'), notBefore: new Date(AT.getTime() - 400 * DAY), notAfter: new Date(AT.getTime() - DAY) } },
    normal,
    { hostname: 'pay.example.com' },
  );
  await c.add('hostname-spiffe-leaf', SPIFFE, {}, normal, { hostname: 'web.example.com' });
  await c.add('ok-ip-exact', SPIFFE, { 0: { sans: [{ type: 'ip', value: '10.1.2.3' }] } }, normal, { ip: '10.1.2.3' });
  await c.add('ip-mismatch', SPIFFE, { 0: { sans: [{ type: 'ip', value: '10.1.2.3' }] } }, normal, { ip: '10.1.2.4' });
  await c.add('ip-not-in-dns-san', DNS, { 0: { sans: dns('10.1.2.3') } }, normal, { ip: '10.1.2.3' });
}

/** The OpenSSL-drift corpus (issue 15), ≈ 70 cases. */
export async function generateEdgeCorpus(seed = 15): Promise<Corpus['out']> {
  const c = new Corpus(new Factory(seed));
  await directoryNames(c);
  await ipNames(c);
  await duplicates(c);
  await workLimit(c);
  await emptyNames(c);
  await crossSigned(c);
  await anchorsAndDepth(c);
  await peerNames(c);
  return c.out;
}
