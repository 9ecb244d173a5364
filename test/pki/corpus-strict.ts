// The strict-verifier corpus (issue 15): for every strict rule at least one chain that breaks it
// and one close variant that does not, generated here with @peculiar/x509 (no other project's
// corpus is copied). Each case says which strict rule must be named (or none) and whether the real
// `openssl verify` accepts it; the test runs every case through openssl as well.
import { generateKeyPairSync } from 'node:crypto';
import { EKU, KU, type Subtree } from '../../src/pki/index.js';
import { concat, tlv } from '../../src/pki/der.js';
import { Corpus, Factory, normal, type ChainCase, type Mod, type Shape } from '../support/pki-corpus.js';
import { crossSigned, nameHex, rawSan } from './corpus-edge.js';

/** One case and what must come out of it. */
export interface StrictCase {
  readonly c: ChainCase;
  /** The strict rule the strict row must name, or null when the chain must pass every strict rule. */
  readonly rule: string | null;
  /** What the real `openssl verify` says (asserted against the CLI too). */
  readonly opensslOk: boolean;
}

const SPIFFE: Shape = { ints: 1, leaf: 'spiffe' };
const DNS: Shape = { ints: 1, leaf: 'dns' };
const oid = (dotted: string): Uint8Array => {
  const p = dotted.split('.').map(Number);
  const out = [p[0] * 40 + p[1]];
  for (const n of p.slice(2)) {
    const b = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) b.unshift((v & 0x7f) | 0x80);
    out.push(...b);
  }
  return tlv(0x06, new Uint8Array(out));
};
const ia5 = (s: string) => tlv(0x16, new Uint8Array(Buffer.from(s, 'latin1')));

/** certificatePolicies with one policy and one qualifier. */
function policies(qualifier: string, critical: boolean) {
  const q = tlv(0x30, concat([oid(qualifier), ia5('https://ca.example/cps')]));
  return { oid: '2.5.29.32', critical, value: tlv(0x30, tlv(0x30, concat([oid('2.23.140.1.2.1'), tlv(0x30, q)]))) };
}

class Builder {
  readonly out: StrictCase[] = [];
  constructor(readonly corpus: Corpus) {}
  async add(
    kind: string,
    rule: string | null,
    opensslOk: boolean,
    shape: Shape,
    mods: Record<number, Mod>,
    opts: Pick<ChainCase, 'purpose' | 'partialChain'> = {},
  ): Promise<void> {
    const before = this.corpus.out.length;
    await this.corpus.add(
      kind,
      shape,
      mods,
      opts.partialChain === undefined && kind.includes('anchor') ? (ns) => ({ untrusted: ns.slice(1, -2), trusted: [ns[ns.length - 2]] }) : normal,
      opts,
    );
    this.out.push({ c: this.corpus.out[before], rule, opensslOk });
  }
}

async function extensionRules(b: Builder): Promise<void> {
  await b.add('ok-baseline', null, true, SPIFFE, {});
  await b.add('aki-missing-leaf', 'aki-missing', true, SPIFFE, { 0: { spec: { akiKeyId: undefined } } });
  await b.add('aki-missing-intermediate', 'aki-missing', true, SPIFFE, { 1: { spec: { akiKeyId: undefined } } });
  await b.add('ok-aki-missing-self-signed-root', null, true, SPIFFE, { 2: { spec: { akiKeyId: undefined } } });
  await b.add('ski-missing-intermediate', 'ski-missing', true, SPIFFE, { 1: { spec: { ski: false } } });
  await b.add('ok-ski-missing-leaf', null, true, SPIFFE, { 0: { spec: { ski: false } } });
  await b.add('root-without-basic-constraints', 'root-basic-constraints', true, SPIFFE, { 2: { bc: null } });
  await b.add('root-basic-constraints-not-critical', 'root-basic-constraints', true, SPIFFE, {
    2: { spec: { basicConstraints: { ca: true, critical: false } } },
  });
  await b.add('keycertsign-in-leaf', 'keycertsign-in-leaf', true, SPIFFE, { 0: { keyUsage: KU.digitalSignature | KU.keyCertSign } });
  await b.add('ok-digitalsignature-leaf', null, true, SPIFFE, { 0: { keyUsage: KU.digitalSignature } });
  const unknownExt = { oid: '1.3.6.1.4.1.99999.2', critical: false, value: new Uint8Array([5, 0]) };
  await b.add('duplicate-unknown-extension', 'duplicate-extension', true, SPIFFE, { 0: { spec: { extra: [unknownExt, unknownExt] } } });
  await b.add('duplicate-key-usage', 'duplicate-extension', false, SPIFFE, {
    0: { keyUsage: KU.digitalSignature, spec: { extra: [{ oid: '2.5.29.15', critical: true, value: tlv(0x03, new Uint8Array([0x07, 0x80])) }] } },
  });
  await b.add('ok-unknown-extension-once', null, true, SPIFFE, { 0: { spec: { extra: [unknownExt] } } });
  await b.add('policy-qualifier-unknown-critical', 'policy-qualifier-unknown', true, SPIFFE, {
    0: { spec: { extra: [policies('1.3.6.1.4.1.99999.7', true)] } },
  });
  await b.add('ok-policy-qualifier-unknown-not-critical', null, true, SPIFFE, { 0: { spec: { extra: [policies('1.3.6.1.4.1.99999.7', false)] } } });
  await b.add('certificate-policies-critical-cps', 'certificate-policies-critical', true, SPIFFE, {
    0: { spec: { extra: [policies('1.3.6.1.5.5.7.2.1', true)] } },
  });
}

async function algorithmRules(b: Builder): Promise<void> {
  await b.add('sha1-signed-leaf', 'sha1-signature', true, SPIFFE, { 0: { spec: { hash: 'SHA-1' } } });
  await b.add('sha1-signed-intermediate', 'sha1-signature', true, SPIFFE, { 1: { spec: { hash: 'SHA-1' } } });
  await b.add('ok-sha1-self-signed-root', null, true, SPIFFE, { 2: { spec: { hash: 'SHA-1' } } });
  const rsa = (bits: number) => {
    const k = generateKeyPairSync('rsa', { modulusLength: bits });
    return { priv: k.privateKey, pub: k.publicKey };
  };
  await b.add('rsa-1024-leaf', 'rsa-key-too-small', true, SPIFFE, { 0: { key: rsa(1024) } });
  await b.add('rsa-1024-intermediate', 'rsa-key-too-small', true, SPIFFE, { 1: { key: rsa(1024) } });
  await b.add('ok-rsa-2048-leaf', null, true, SPIFFE, { 0: { key: rsa(2048) } });
}

async function nameConstraintRules(b: Builder): Promise<void> {
  const td: Subtree[] = [{ type: 'uri', value: 'cluster.local' }];
  await b.add('ok-name-constraints-critical', null, true, SPIFFE, { 2: { nc: { permitted: td } } });
  await b.add('name-constraints-not-critical', 'name-constraints-not-critical', true, SPIFFE, {
    2: { nc: { permitted: td }, spec: { nameConstraintsCritical: false } },
  });
  await b.add('name-constraints-violation', 'name-constraints', false, SPIFFE, { 2: { nc: { permitted: [{ type: 'uri', value: 'other.local' }] } } });
  const n = b.corpus.next();
  await b.add('name-constraints-directory-name', 'name-constraints-directory-name', true, SPIFFE, {
    2: { nc: { permitted: [{ type: 'dirname', value: nameHex('O=Mesh') }] } },
    1: { name: `O=Mesh, CN=Strict Int ${n}` },
  });
  await b.add('name-constraints-in-leaf', 'name-constraints-in-leaf', true, SPIFFE, { 0: { nc: { permitted: td } } });
  const dnsNc: Subtree[] = [{ type: 'dns', value: '.example.com' }];
  await b.add('san-malformed-dns-under-constraint', 'san-invalid-under-constraint', true, DNS, {
    2: { nc: { permitted: dnsNc } },
    0: { sans: [{ type: 'dns', value: 'bad..svc.example.com' }] },
  });
  await b.add('ok-san-dns-under-constraint', null, true, DNS, {
    2: { nc: { permitted: dnsNc } },
    0: { sans: [{ type: 'dns', value: 'good.svc.example.com' }] },
  });
  const uri: [number, Uint8Array] = [0x86, new Uint8Array(Buffer.from(`spiffe://cluster.local/ns/strict${n}/sa/x`))];
  await b.add('san-ip-not-an-address-under-constraint', 'san-invalid-under-constraint', false, SPIFFE, {
    2: { nc: { permitted: [{ type: 'ip', value: '', ip: { addr: new Uint8Array([10, 0, 0, 0]), mask: new Uint8Array([255, 0, 0, 0]) } }] } },
    0: { sans: [], spec: { extra: [rawSan([uri, [0x87, new Uint8Array([10, 1, 2, 3, 4])]])] } },
  });
  const subtrees = (k: number): Subtree[] => [
    { type: 'dns', value: '.example.com' },
    ...Array.from({ length: k - 1 }, (_, i) => ({ type: 'dns' as const, value: `s${i}.invalid` })),
  ];
  const sans = (k: number) => Array.from({ length: k }, (_, i) => ({ type: 'dns' as const, value: `h${i}.example.com` }));
  await b.add('name-constraints-work-over-250k', 'name-constraints-work-limit', true, DNS, { 2: { nc: { permitted: subtrees(500) } }, 0: { sans: sans(520) } });
  await b.add('ok-name-constraints-work-under-250k', null, true, DNS, { 2: { nc: { permitted: subtrees(500) } }, 0: { sans: sans(480) } });
}

async function usageAndPaths(b: Builder): Promise<void> {
  await b.add('server-gated-crypto-eku', 'server-gated-crypto-eku', true, DNS, { 0: { eku: [EKU.nsSgc] } }, { purpose: 'server' });
  await b.add('server-gated-crypto-eku-microsoft', 'server-gated-crypto-eku', true, DNS, { 0: { eku: [EKU.msSgc] } }, { purpose: 'server' });
  await b.add('ok-server-auth-eku', null, true, DNS, { 0: { eku: [EKU.serverAuth] } }, { purpose: 'server' });
  await b.add('no-basic-constraints-intermediate', 'not-a-ca', false, SPIFFE, { 1: { bc: null } });
  await b.add('ok-intermediate-anchor', null, false, SPIFFE, {});
  // Rolled-over and cross-signed roots: every candidate issuer is tried.
  const before = b.corpus.out.length;
  await crossSigned(b.corpus, 'paths-');
  for (const c of b.corpus.out.slice(before)) {
    const opensslOk = c.kind.includes('ok-') || (!c.kind.endsWith('-no-aki') && c.kind.includes('rolled-over-root-old-first'));
    // Without AKI the path is still found (every candidate is tried); only the literal RFC 5280 rule remains.
    b.out.push({ c, rule: c.kind.endsWith('-no-aki') ? 'aki-missing' : null, opensslOk });
  }
}

/** The whole strict corpus (≈ 50 chains). */
export async function generateStrictCorpus(seed = 5280): Promise<StrictCase[]> {
  const b = new Builder(new Corpus(new Factory(seed)));
  await extensionRules(b);
  await algorithmRules(b);
  await nameConstraintRules(b);
  await usageAndPaths(b);
  return b.out;
}
