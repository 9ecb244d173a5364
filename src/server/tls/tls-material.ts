import { webcrypto } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CoreErrors, MeshError } from '../../api/index.js';
import { writeFileAtomic } from '../../fs/index.js';

x509.cryptoProvider.set(webcrypto as never);

/** The server's TLS material in PEM, and where the CA file is (for tctl's --tls-custom-ca-file). */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly caFile: string | null;
  /** True when this start generated (part of) it. */
  readonly generated: boolean;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** Files inside the data directory. */
export function tlsPaths(dataDir: string): { dir: string; caCert: string; caKey: string; cert: string; key: string } {
  const dir = join(dataDir, 'tls');
  return { dir, caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey), 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return (await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign'])) as unknown as webcrypto.CryptoKey;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

async function createCa(): Promise<{ cert: x509.X509Certificate; key: webcrypto.CryptoKey }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=meshbridge local CA, O=meshbridge',
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 10 * 365 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, key: keys.privateKey };
}

/** DNS names and IPs the server certificate must carry. */
export function wantedNames(hostnames: readonly string[]): string[] {
  return [...new Set(['localhost', '127.0.0.1', '::1', ...hostnames])];
}

async function createServerCert(
  ca: { cert: x509.X509Certificate; key: webcrypto.CryptoKey },
  names: readonly string[],
): Promise<{ cert: x509.X509Certificate; key: webcrypto.CryptoKey }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.find((n) => !isIP(n)) ?? 'localhost'}`,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 825 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { cert, key: keys.privateKey };
}

/** True when `cert` is valid for a month more and names every wanted host. */
function stillGood(cert: x509.X509Certificate, names: readonly string[]): boolean {
  if (cert.notAfter.getTime() < Date.now() + 30 * DAY) return false;
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const have = new Set((san?.names.items ?? []).map((n) => n.value.toLowerCase()));
  return names.every((n) => have.has(n.toLowerCase()));
}

/**
 * The generated CA and server certificate in `<dataDir>/tls`, created on first start and reused
 * afterwards; the server certificate is re-issued (same CA) when a hostname was added or it nears
 * expiry. Every file is written with mode 0600.
 */
export async function ensureTlsMaterial(dataDir: string, hostnames: readonly string[]): Promise<TlsMaterial> {
  const p = tlsPaths(dataDir);
  await mkdir(p.dir, { recursive: true, mode: 0o700 });
  const names = wantedNames(hostnames);
  let generated = false;
  let ca: { cert: x509.X509Certificate; key: webcrypto.CryptoKey };
  if (existsSync(p.caCert) && existsSync(p.caKey)) {
    ca = { cert: new x509.X509Certificate(await readFile(p.caCert, 'utf8')), key: await importKey(await readFile(p.caKey, 'utf8')) };
  } else {
    ca = await createCa();
    await writeFileAtomic(p.caKey, await exportKey(ca.key), { mode: 0o600 });
    // Certificates are public, but everything in the data directory is owner-only (0600), so the
    // start-up mode check has nothing to repair; copy ca.crt out to share it.
    await writeFileAtomic(p.caCert, ca.cert.toString('pem') + '\n', { mode: 0o600 });
    generated = true;
  }
  const caPem = ca.cert.toString('pem') + '\n';
  if (!generated && existsSync(p.cert) && existsSync(p.key)) {
    const cert = await readFile(p.cert, 'utf8');
    if (stillGood(new x509.X509Certificate(cert), names)) return { cert, key: await readFile(p.key, 'utf8'), ca: caPem, caFile: p.caCert, generated: false };
  }
  const server = await createServerCert(ca, names);
  const certPem = server.cert.toString('pem') + '\n' + caPem;
  const keyPem = await exportKey(server.key);
  await writeFileAtomic(p.key, keyPem, { mode: 0o600 });
  await writeFileAtomic(p.cert, certPem, { mode: 0o600 });
  return { cert: certPem, key: keyPem, ca: caPem, caFile: p.caCert, generated: true };
}

/** A certificate and key given with --tls-cert/--tls-key. */
export async function loadTlsFiles(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const read = async (file: string, flag: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      throw new MeshError(CoreErrors.InvalidConfig, `${flag}: cannot read ${file}: ${(e as Error).message}`, { field: flag.slice(2) });
    }
  };
  const cert = await read(certFile, '--tls-cert');
  const key = await read(keyFile, '--tls-key');
  if (!cert.includes('BEGIN CERTIFICATE'))
    throw new MeshError(CoreErrors.InvalidConfig, `--tls-cert: ${certFile} holds no PEM certificate`, { field: 'tls-cert' });
  if (!/BEGIN [A-Z ]*PRIVATE KEY/.test(key))
    throw new MeshError(CoreErrors.InvalidConfig, `--tls-key: ${keyFile} holds no PEM private key`, { field: 'tls-key' });
  return { cert, key, ca: '', caFile: null, generated: false };
}
