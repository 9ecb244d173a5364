// Network-namespace helpers for the CNI end-to-end tests: unique names, listeners and clients that run
// inside a namespace, and cleanup. Everything stays inside namespaces the test creates.
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A short random id: interface names are limited to 15 characters. */
export function shortId(): string {
  return randomBytes(3).toString('hex');
}

/** Runs a command, throwing with its stderr on failure. */
export function sh(cmd: string, args: readonly string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Creates a named netns with loopback up and IPv6 duplicate-address detection off (no tentative waits). */
export function addNetns(name: string): void {
  sh('ip', ['netns', 'add', name]);
  sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  sh('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
}

/** Deletes a named netns if it exists (its veths and bridges go with it). */
export function delNetns(name: string): void {
  try {
    sh('ip', ['netns', 'del', name]);
  } catch {
    // already gone
  }
}

/** The nat table of a namespace (ip6tables with `6`) without comments and counters, for before/after comparisons. */
export function natRules(ns: string, family: 4 | 6 = 4): string[] {
  return sh('ip', ['netns', 'exec', ns, family === 6 ? 'ip6tables-save' : 'iptables-save', '-t', 'nat'])
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/, '[0:0]'));
}

const SERVER = `
const net = require('net');
const specs = process.argv.slice(1);
let pending = specs.length;
for (const s of specs) {
  const [tag, port] = s.split('@');
  net.createServer((c) => c.end(tag + '\\n')).listen(Number(port), '::', () => { if (--pending === 0) console.log('ready'); });
}`;

const CLIENT = `
const net = require('net');
const [host, port, uid] = process.argv.slice(1);
if (uid) { process.setgid(Number(uid)); process.setuid(Number(uid)); }
let out = '';
const s = net.connect({ host, port: Number(port) });
s.setTimeout(3000, () => { console.log('TIMEOUT'); process.exit(0); });
s.on('data', (d) => (out += d));
s.on('end', () => { console.log(out.trim()); process.exit(0); });
s.on('error', (e) => { console.log('ERR:' + e.code); process.exit(0); });`;

/** Starts TCP listeners (`tag@port`, each answers its tag and closes) inside a namespace. */
export async function startListeners(ns: string, specs: readonly string[]): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER, ...specs], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d));
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`listeners in ${ns} exited (${code}): ${err}`)));
  });
  return child;
}

/** Connects from inside a namespace (optionally as a uid/gid) and returns what the peer said. */
export async function connectFrom(ns: string, host: string, port: number, uid?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', CLIENT, host, String(port), ...(uid === undefined ? [] : [String(uid)])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`client in ${ns} failed (${code}): ${err}`))));
  });
}
