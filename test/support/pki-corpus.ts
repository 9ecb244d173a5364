// A deterministic corpus of certificate chains, good and broken in every way the issue lists, for
// the differential test against `openssl verify` and for the benchmark. Keys come from a seeded
// PRNG (EC P-256 private scalars), serials from a counter, times from a fixed instant, so the same
// certificates are described on every run (ECDSA signatures themselves are randomised).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createCertificate, keyIdentifier, toPem, KU, EKU, type San, type CertSpec, type Subtree } from '../../src/pki/index.js';

/** The verification instant of every case (passed as --at / -attime). */
export const AT = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

/** One chain to verify, as the three PEM files `openssl verify` is given. */
export interface ChainCase {
  readonly id: string;
  readonly kind: string;
  readonly leafPem: string;
  readonly untrustedPem: string;
  readonly trustedPem: string;
  readonly purpose?: 'server' | 'client';
  /** `openssl verify -partial_chain` / `tctl x certs verify --partial-chain`. */
  readonly partialChain?: boolean;
  /** `openssl verify -verify_depth N` / `--max-depth N`. */
  readonly maxDepth?: number;
  /** `openssl verify -verify_hostname` / `--hostname`. */
  readonly hostname?: string;
  /** `openssl verify -verify_ip` / `--ip`. */
  readonly ip?: string;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A P-256 key whose private scalar comes from the seed (SEC1 DER without the public point). */
export function deterministicKey(seed: number): { priv: KeyObject; pub: KeyObject } {
  const r = prng(seed);
  const d = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) d[i] = Math.floor(r() * 256);
  d[0] = (d[0] & 0x7f) | 0x01;
  const der = Buffer.concat([Buffer.from('30310201010420', 'hex'), d, Buffer.from('a00a06082a8648ce3d030107', 'hex')]);
  const priv = createPrivateKey({ key: der, format: 'der', type: 'sec1' });
  return { priv, pub: createPublicKey(priv) };
}

export interface Node {
  readonly der: Uint8Array;
  readonly name: string;
  readonly key: { priv: KeyObject; pub: KeyObject };
}

/** Per-depth changes that break (or test) one certificate of a standard chain. */
export interface Mod {
  notBefore?: Date;
  notAfter?: Date;
  bc?: { ca: boolean; pathLen?: number } | null;
  keyUsage?: number | null;
  eku?: string[] | null;
  nc?: { permitted?: Subtree[]; excluded?: Subtree[] };
  sans?: San[];
  /** Signed by an impostor key that carries the parent's name; `aki` says whether the AKI names it. */
  impostor?: { aki: boolean };
  badSignature?: boolean;
  criticalUnknown?: boolean;
  /** Replaces the generated subject (children name it as their issuer). */
  name?: string;
  /** Overrides any field of the generated CertSpec (SKI/AKI, hash, raw extensions, ...). */
  spec?: Partial<CertSpec>;
  /** Key override (e.g. an RSA 1024 key). */
  key?: { priv: KeyObject; pub: KeyObject };
}

/** Shape of a standard chain: number of intermediates and how the leaf is named. */
export interface Shape {
  ints: number;
  leaf: 'spiffe' | 'dns';
  td?: string;
  /** CA certificates on RSA 2048 keys (Istio's default CA key type) above an EC leaf. */
  rsa?: boolean;
}

export class Factory {
  private serial = 0x1000;
  readonly keys: { priv: KeyObject; pub: KeyObject }[];
  private rsa?: { priv: KeyObject; pub: KeyObject }[];
  constructor(seed: number, n = 24) {
    this.keys = Array.from({ length: n }, (_, i) => deterministicKey(seed * 1000 + i));
  }
  /** RSA keys cannot come from a seed with node:crypto; three are generated once per corpus. */
  rsaKeys(): { priv: KeyObject; pub: KeyObject }[] {
    this.rsa ??= [0, 1, 2].map(() => {
      const k = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { priv: k.privateKey, pub: k.publicKey };
    });
    return this.rsa;
  }
  async cert(spec: Omit<CertSpec, 'serialHex'>): Promise<Uint8Array> {
    return createCertificate({ ...spec, serialHex: (this.serial++).toString(16).padStart(8, '0') });
  }
}

function flipSignature(der: Uint8Array): Uint8Array {
  const out = new Uint8Array(der);
  out[out.length - 10] ^= 0x5a;
  return out;
}

/** Builds root → intermediates → leaf with `mods[depth]` applied; returns nodes leaf first. */
export async function standardChain(f: Factory, shape: Shape, mods: Record<number, Mod>, tag: string, keyBase: number): Promise<Node[]> {
  const top = shape.ints + 1;
  const nodes: Node[] = [];
  let parent: Node | undefined;
  for (let depth = top; depth >= 0; depth--) {
    const m = mods[depth] ?? {};
    const isLeaf = depth === 0;
    const key = m.key ?? (shape.rsa && !isLeaf ? f.rsaKeys()[depth % 2] : f.keys[(keyBase + depth * 3) % f.keys.length]);
    const name =
      m.name !== undefined
        ? m.name
        : isLeaf
          ? shape.leaf === 'dns'
            ? `CN=svc${tag}.example.com, O=Mesh`
            : ''
          : depth === top
            ? `CN=Root ${tag}, O=Mesh`
            : `CN=Intermediate ${tag}-${depth}, O=Mesh, L=cluster-${depth}`;
    const impostor = shape.rsa && parent && parent.key.priv.asymmetricKeyType === 'rsa' ? f.rsaKeys()[2] : f.keys[(keyBase + 17) % f.keys.length];
    const signer = m.impostor ? impostor : parent ? parent.key : key;
    const bc = m.bc === null ? undefined : (m.bc ?? (isLeaf ? { ca: false } : { ca: true }));
    const ku =
      m.keyUsage === null ? undefined : (m.keyUsage ?? (isLeaf ? KU.digitalSignature | KU.keyEncipherment : KU.keyCertSign | KU.cRLSign | KU.digitalSignature));
    const eku = m.eku === null ? undefined : (m.eku ?? (isLeaf ? [EKU.serverAuth, EKU.clientAuth] : undefined));
    const td = shape.td ?? 'cluster.local';
    const sans: San[] =
      m.sans ??
      (isLeaf
        ? shape.leaf === 'dns'
          ? [{ type: 'dns', value: `svc${tag}.example.com` }]
          : [{ type: 'uri', value: `spiffe://${td}/ns/ns${tag}/sa/sa${tag}` }]
        : []);
    let der = await f.cert({
      subject: name,
      issuer: parent ? parent.name : name,
      publicKey: key.pub,
      signingKey: signer.priv,
      notBefore: m.notBefore ?? new Date(AT.getTime() - 30 * DAY),
      notAfter: m.notAfter ?? new Date(AT.getTime() + (depth === top ? 3650 : 365) * DAY),
      basicConstraints: bc ? { ...bc, critical: true } : undefined,
      keyUsage: ku,
      extKeyUsage: eku,
      sans,
      sanCritical: isLeaf && name === '',
      akiKeyId: m.impostor ? (m.impostor.aki ? keyIdentifier(signer.pub) : undefined) : parent ? keyIdentifier(parent.key.pub) : undefined,
      nameConstraints: m.nc,
      extra: m.criticalUnknown ? [{ oid: '1.3.6.1.4.1.99999.1', critical: true, value: new Uint8Array([5, 0]) }] : undefined,
      ...m.spec,
    });
    if (m.badSignature) der = flipSignature(der);
    const node = { der, name, key };
    nodes.unshift(node);
    parent = node;
  }
  return nodes;
}

export const pem = (ns: readonly Node[]) => ns.map((n) => toPem(n.der)).join('');

function glue(text: string): string {
  return text.replace('-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE----------BEGIN CERTIFICATE-----');
}

type Purpose = 'server' | 'client' | undefined;
export type Placement = (ns: Node[]) => { untrusted: Node[]; trusted: Node[]; glued?: boolean };
const SHAPES: Shape[] = [
  { ints: 1, leaf: 'spiffe' },
  { ints: 2, leaf: 'spiffe' },
  { ints: 1, leaf: 'dns' },
  { ints: 2, leaf: 'dns' },
];
const PURPOSES: Purpose[] = [undefined, 'server', 'client'];
export const normal: Placement = (ns) => ({ untrusted: ns.slice(1, -1), trusted: [ns[ns.length - 1]] });
const past = (d: number) => new Date(AT.getTime() - d * DAY);
const future = (d: number) => new Date(AT.getTime() + d * DAY);

/** Options of one case beyond its chain: purpose, partial-chain semantics, depth limit. */
export type CaseOptions = Pick<ChainCase, 'purpose' | 'partialChain' | 'maxDepth' | 'hostname' | 'ip'>;

/** Collects cases; each gets a fresh chain so no two cases share a certificate. */
export class Corpus {
  readonly out: ChainCase[] = [];
  private n = 0;
  constructor(readonly f: Factory) {}
  async add(kind: string, shape: Shape, mods: Record<number, Mod>, place: Placement, purpose?: Purpose | CaseOptions): Promise<Node[]> {
    const id = `${kind}#${this.n++}`;
    const nodes = await standardChain(this.f, shape, mods, String(this.n), this.n);
    const p = place(nodes);
    const untrustedPem = p.glued ? glue(pem(p.untrusted)) : pem(p.untrusted);
    const opts: CaseOptions = typeof purpose === 'object' ? purpose : purpose ? { purpose } : {};
    this.out.push({ id, kind, leafPem: toPem(nodes[0].der), untrustedPem, trustedPem: pem(p.trusted), ...opts });
    return nodes;
  }
  /** A case from certificates built by the caller (cross-signed and rolled-over roots). */
  addNodes(kind: string, leaf: Node, untrusted: readonly Node[], trusted: readonly Node[], opts: CaseOptions = {}): void {
    this.out.push({ id: `${kind}#${this.n++}`, kind, leafPem: toPem(leaf.der), untrustedPem: pem(untrusted), trustedPem: pem(trusted), ...opts });
  }
  /** A fresh number for names and key choice. */
  next(): number {
    return this.n++;
  }
}

async function validityAndPurpose(c: Corpus, shape: Shape, purpose: Purpose): Promise<void> {
  const top = shape.ints + 1;
  await c.add('ok', shape, {}, normal, purpose);
  await c.add('ok-root-in-chain', shape, {}, (ns) => ({ untrusted: ns.slice(1), trusted: [ns[top]] }), purpose);
  await c.add('ok-duplicate-root', shape, {}, (ns) => ({ untrusted: [...ns.slice(1), ns[top]], trusted: [ns[top]] }), purpose);
  for (let d = 0; d <= top; d++) {
    await c.add(`expired@${d}`, shape, { [d]: { notBefore: past(400), notAfter: past(1) } }, normal, purpose);
    await c.add(`not-yet-valid@${d}`, shape, { [d]: { notBefore: future(1), notAfter: future(300) } }, normal, purpose);
  }
  const wrong = [purpose === 'client' ? EKU.serverAuth : EKU.clientAuth];
  await c.add('wrong-eku-leaf', shape, { 0: { eku: wrong } }, normal, purpose);
  await c.add('wrong-eku-intermediate', shape, { 1: { eku: wrong } }, normal, purpose);
  await c.add('no-keycertsign', shape, { [top - 1]: { keyUsage: KU.digitalSignature } }, normal, purpose);
}

async function keysAndTrust(c: Corpus, shape: Shape): Promise<void> {
  const top = shape.ints + 1;
  for (let d = 0; d < top; d++) {
    await c.add('wrong-issuer-key-aki', shape, { [d]: { impostor: { aki: true } } }, normal);
    await c.add('wrong-issuer-key-no-aki', shape, { [d]: { impostor: { aki: false } } }, normal);
    await c.add('bad-signature', shape, { [d]: { badSignature: true } }, normal);
  }
  await c.add('ok-bad-root-self-signature', shape, { [top]: { badSignature: true } }, normal);
  await c.add('ok-root-without-basic-constraints', shape, { [top]: { bc: null } }, normal);
  await c.add('missing-intermediate', shape, {}, (ns) => ({ untrusted: ns.slice(2, -1), trusted: [ns[top]] }));
  if (shape.ints > 1) await c.add('missing-intermediate-top', shape, {}, (ns) => ({ untrusted: ns.slice(1, -2), trusted: [ns[top]] }));
  await c.add('untrusted-root', shape, {}, (ns) => ({ untrusted: ns.slice(1, -1), trusted: [] }));
  await c.add('root-only-untrusted', shape, {}, (ns) => ({ untrusted: ns.slice(1), trusted: [] }));
  await c.add('intermediate-as-root', shape, {}, (ns) => ({ untrusted: ns.slice(1, -2), trusted: [ns[top - 1]] }));
  await c.add('concatenated-pem', shape, {}, (ns) => ({ untrusted: ns.slice(1), trusted: [ns[top]], glued: true }));
}

async function constraints(c: Corpus, shape: Shape): Promise<void> {
  const top = shape.ints + 1;
  await c.add('pathlen-root', shape, { [top]: { bc: { ca: true, pathLen: shape.ints - 1 } } }, normal);
  if (shape.ints > 1) await c.add('pathlen-intermediate', shape, { [top - 1]: { bc: { ca: true, pathLen: 0 } } }, normal);
  for (let d = 1; d < top; d++) {
    await c.add('ca-false-intermediate', shape, { [d]: { bc: { ca: false } } }, normal);
    await c.add('no-basic-constraints-intermediate', shape, { [d]: { bc: null } }, normal);
    await c.add('no-keycertsign', shape, { [d]: { keyUsage: KU.digitalSignature | KU.keyEncipherment } }, normal);
  }
  const dns = shape.leaf === 'dns';
  const permitted: Subtree[] = [dns ? { type: 'dns', value: '.mesh.internal' } : { type: 'uri', value: 'other.local' }];
  await c.add('name-constraints-permitted', shape, { [top]: { nc: { permitted } } }, normal);
  await c.add('name-constraints-permitted-intermediate', shape, { 1: { nc: { permitted } } }, normal);
  const excluded: Subtree[] = [dns ? { type: 'dns', value: 'example.com' } : { type: 'uri', value: 'cluster.local' }];
  await c.add('name-constraints-excluded', shape, { [top]: { nc: { excluded } } }, normal);
  const fits: Subtree[] = [dns ? { type: 'dns', value: '.example.com' } : { type: 'uri', value: 'cluster.local' }];
  await c.add('ok-name-constraints', shape, { [top]: { nc: { permitted: fits } } }, normal);
  await c.add(
    'name-constraints-intermediate-san',
    shape,
    { [top]: { nc: { permitted: [{ type: 'dns', value: '.cluster.local' }] } }, 1: { sans: [{ type: 'dns', value: 'istiod.istio-system.svc' }] } },
    normal,
  );
  await c.add('unhandled-critical-extension', shape, { 0: { criticalUnknown: true } }, normal);
}

async function singleCertificates(c: Corpus): Promise<void> {
  const alone: Placement = () => ({ untrusted: [], trusted: [] });
  await c.add('ok-no-intermediate', { ints: 0, leaf: 'spiffe' }, {}, normal);
  await c.add('self-signed-leaf', { ints: -1, leaf: 'dns' }, { 0: { keyUsage: null, bc: null } }, alone);
  await c.add('self-signed-leaf-with-key-usage', { ints: -1, leaf: 'dns' }, { 0: { bc: null } }, alone);
  await c.add('self-signed-leaf-trusted', { ints: -1, leaf: 'dns' }, { 0: { keyUsage: null, bc: null } }, (ns) => ({ untrusted: [], trusted: [ns[0]] }));
}

/** Generates the whole corpus (≈ 320 cases over 20 kinds, EC and RSA CAs). */
export async function generateCorpus(seed = 42): Promise<ChainCase[]> {
  const c = new Corpus(new Factory(seed));
  for (const shape of SHAPES) {
    for (const purpose of PURPOSES) await validityAndPurpose(c, shape, purpose);
    await keysAndTrust(c, shape);
    await constraints(c, shape);
  }
  const rsa: Shape = { ints: 1, leaf: 'spiffe', rsa: true };
  await validityAndPurpose(c, rsa, 'server');
  await keysAndTrust(c, rsa);
  await constraints(c, rsa);
  await singleCertificates(c);
  return c.out;
}

/** The key used for `kind` statistics: the part before `@`. */
export function kindOf(c: ChainCase): string {
  return c.kind.split('@')[0];
}
