import type { IncomingMessage, RequestOptions } from 'node:http';
import type { LookupFunction } from 'node:net';

/** Why a request never got an HTTP answer; each has its own diagnosis in tctl. */
export type ConnectionFailure =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'tls-unknown-ca'
  | 'tls-hostname'
  | 'tls-expired'
  | 'tls-other'
  /** TLS refused our ALPN (http/1.1): the peer speaks only HTTP/2 — meshbridge's agent (gRPC) port. */
  | 'tls-alpn'
  | 'reset';

/** A request that failed below HTTP: DNS, TCP, TLS or a dropped connection. */
export class ConnectionError extends Error {
  constructor(
    readonly reason: ConnectionFailure,
    readonly address: string,
    message: string,
    /** The Node.js error code (ENOTFOUND, ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...). */
    readonly nodeCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

/** How to reach the management plane. */
export interface TransportOptions {
  /** `host:port` (TSB's bridge address); `https://` or `http://` prefixes are accepted. */
  readonly address: string;
  /** Plain HTTP (only for servers started without TLS). */
  readonly tlsDisabled?: boolean;
  /** Skip certificate verification (testing only). */
  readonly tlsInsecure?: boolean;
  /** PEM of the CA(s) to trust instead of the system roots. */
  readonly ca?: string;
  /** Whole-request deadline in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  /** Host name lookup override (tests). */
  readonly lookup?: LookupFunction;
}

/** A raw HTTP answer. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const TLS_UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Classifies a Node.js socket/TLS error into a ConnectionError. */
export function classifyConnectionError(e: unknown, address: string): ConnectionError {
  if (e instanceof ConnectionError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const msg = err?.message ?? String(e);
  let reason: ConnectionFailure = 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') reason = 'dns';
  else if (code === 'ECONNREFUSED') reason = 'refused';
  else if (code === 'ETIMEDOUT') reason = 'timeout';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') reason = 'unreachable';
  else if (TLS_UNKNOWN_CA.has(code)) reason = 'tls-unknown-ca';
  else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') reason = 'tls-hostname';
  else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') reason = 'tls-expired';
  else if (/no application protocol|alert number 120/i.test(msg)) reason = 'tls-alpn';
  else if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS') || /certificate|SSL/i.test(msg)) reason = 'tls-other';
  return new ConnectionError(reason, address, msg, code || undefined, { cause: e });
}

/** Splits a bridge address into scheme, host and port (default 8443 as TSB's front envoy). */
export function parseAddress(address: string, tlsDisabled = false): { secure: boolean; host: string; port: number } {
  let rest = address.trim();
  let secure = !tlsDisabled;
  const scheme = /^(https?):\/\//.exec(rest);
  if (scheme) {
    secure = scheme[1] === 'https';
    rest = rest.slice(scheme[0].length);
  }
  rest = rest.replace(/\/.*$/, '');
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (!m || !m[1]) throw new Error(`bridge address "${address}" is not host:port`);
  return { secure, host: m[1], port: m[2] ? Number(m[2]) : secure ? 8443 : 80 };
}

/**
 * Sends one HTTP request. Resolves with the answer for any status; rejects with ConnectionError
 * when no answer came. node:http is used rather than fetch so a custom CA, `insecure` and a
 * lookup override apply per request without extra dependencies.
 */
export async function send(t: TransportOptions, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const res = await open(t, method, path, headers, body);
  const chunks: Buffer[] = [];
  try {
    for await (const c of res) chunks.push(c as Buffer);
  } catch (e) {
    throw classifyConnectionError(e, t.address);
  }
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
}

/** Opens a request and resolves with the streaming response (for server-sent events). */
export async function open(
  t: TransportOptions,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  stream = false,
): Promise<IncomingMessage> {
  const { secure, host, port } = parseAddress(t.address, t.tlsDisabled);
  const mod = secure ? await import('node:https') : await import('node:http');
  const timeoutMs = t.timeoutMs ?? 30_000;
  const opts: RequestOptions & { ca?: string; rejectUnauthorized?: boolean; servername?: string } = {
    method,
    host,
    port,
    path,
    headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
    ...(t.lookup ? { lookup: t.lookup } : {}),
    ...(secure ? { rejectUnauthorized: !t.tlsInsecure, ...(t.ca ? { ca: t.ca } : {}), ALPNProtocols: ['http/1.1'] } : {}),
  };
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = mod.request(opts, (res) => {
      // A stream (watch) lives past the deadline; a normal answer must finish within it.
      if (stream) clearTimeout(timer);
      res.on('error', (e) => reject(classifyConnectionError(e, t.address)));
      res.on('end', () => clearTimeout(timer));
      resolve(res);
    });
    const timer = setTimeout(() => {
      req.destroy(new ConnectionError('timeout', t.address, `no answer from ${t.address} within ${timeoutMs} ms`, 'ETIMEDOUT'));
    }, timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(classifyConnectionError(e, t.address));
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}
