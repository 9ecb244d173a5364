// One HTTP/1.1 GET on a fresh TCP connection (`Connection: close`), read whole, with one deadline
// for connect and answer together. The sidecar sweeper makes thousands of these per sweep, each to
// a different address, so nothing is pooled; node:http's ClientRequest costs about twice the CPU
// per request of this plain socket exchange (bench/RESULTS.md, issue #13: 1.0 s vs 0.5–0.7 s of
// the agent's CPU for 5,000 probes), which is what bounds a sweep on a small node. Only what a
// probe needs is spoken: GET, status line, headers, a body framed by Content-Length, chunked
// transfer coding or the connection's end.
import { connect, type Socket } from 'node:net';

/** A whole response. */
export interface TextResponse {
  status: number;
  statusMessage: string;
  httpVersion: string;
  headers: [string, string][];
  body: string;
}

/** A response larger than this is cut off with an error (Envoy's config_dump of a big mesh stays below). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n');

interface Head {
  status: number;
  statusMessage: string;
  httpVersion: string;
  headers: [string, string][];
  bodyStart: number;
  length?: number;
  chunked: boolean;
}

function parseHead(buf: Buffer, end: number): Head {
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!m) throw Object.assign(new Error(`not an HTTP/1.x response: ${JSON.stringify(lines[0].slice(0, 60))}`), { code: 'EPROTO' });
  const headers: [string, string][] = [];
  let length: number | undefined;
  let chunked = false;
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i);
    const value = line.slice(i + 1).trim();
    headers.push([name, value]);
    const lower = name.toLowerCase();
    if (lower === 'content-length') length = Number(value);
    else if (lower === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(value);
  }
  const status = Number(m[2]);
  // RFC 9112 §6.3: 1xx, 204 and 304 have no body; chunked wins over Content-Length.
  if (status === 204 || status === 304 || status < 200) length = 0;
  else if (chunked) length = undefined;
  else if (length !== undefined && !(Number.isInteger(length) && length >= 0))
    throw Object.assign(new Error('invalid Content-Length in the response'), { code: 'EPROTO' });
  return { status, statusMessage: m[3] ?? '', httpVersion: m[1], headers, bodyStart: end + 4, length, chunked };
}

/** Decodes a chunked body; undefined while the last chunk has not arrived. */
export function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(buf.subarray(at, eol).toString('latin1').split(';')[0].trim(), 16);
    if (Number.isNaN(size)) throw Object.assign(new Error('invalid chunk size in the response'), { code: 'EPROTO' });
    if (size === 0) return Buffer.concat(parts);
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** GETs `url` (http:// only) on a connection of its own; rejects with the socket's error code, or ETIMEDOUT. */
export function oneShotGet(url: string, timeoutMs: number, trace?: (line: string) => void): Promise<TextResponse> {
  const u = new URL(url);
  if (u.protocol !== 'http:') return Promise.reject(new Error(`${url}: only http:// is probed`));
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const port = Number(u.port || 80);
  const path = `${u.pathname}${u.search}`;
  return new Promise((resolve, reject) => {
    trace?.(`*   Trying ${u.hostname}:${port}...`);
    let sock: Socket | undefined = undefined;
    // Chunks are joined only when a decision needs them, so a big body is copied once, not per chunk.
    let chunks: Buffer[] = [];
    let total = 0;
    const joined = (): Buffer => {
      if (chunks.length > 1) chunks = [Buffer.concat(chunks, total)];
      return chunks[0] ?? Buffer.alloc(0);
    };
    let head: Head | undefined;
    let done = false;
    const finish = (err: Error | undefined, r?: TextResponse): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      sock?.destroy();
      if (err) reject(err);
      else resolve(r!);
    };
    const deadline = setTimeout(() => finish(Object.assign(new Error(`no answer from ${u.host} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const cut = (what: string): Error => Object.assign(new Error(`the connection closed before the whole response ${what}`), { code: 'ECONNRESET' });
    // Returns the response once the body is whole (or at the connection's end when `ended`).
    const complete = (ended: boolean): TextResponse | undefined => {
      if (!head) {
        const data = joined();
        const end = data.indexOf(HEAD_END);
        if (end < 0) {
          if (ended) throw cut('header');
          return undefined;
        }
        head = parseHead(data, end);
      }
      let body: Buffer | undefined;
      if (head.length !== undefined) {
        if (total - head.bodyStart >= head.length) body = joined().subarray(head.bodyStart, head.bodyStart + head.length);
      } else if (head.chunked) {
        const last = chunks[chunks.length - 1];
        if (ended || (last && last.subarray(-5).toString('latin1') === '0\r\n\r\n')) body = dechunk(joined().subarray(head.bodyStart));
      } else if (ended) body = joined().subarray(head.bodyStart);
      if (!body) {
        if (ended) throw cut('body');
        return undefined;
      }
      return { status: head.status, statusMessage: head.statusMessage, httpVersion: head.httpVersion, headers: head.headers, body: body.toString('utf8') };
    };
    const step = (ended: boolean): void => {
      try {
        const r = complete(ended);
        if (r) finish(undefined, r);
      } catch (e) {
        finish(e as Error);
      }
    };
    sock = connect({ host, port, noDelay: true });
    sock.on('connect', () => {
      trace?.(`* Connected to ${u.hostname} (${sock?.remoteAddress}) port ${port}`);
      for (const l of [`> GET ${path} HTTP/1.1`, `> Host: ${u.host}`, '> User-Agent: tctl', '> Accept: */*', '>']) trace?.(l);
      sock?.write(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nUser-Agent: tctl\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    });
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      total += c.length;
      if (total > MAX_RESPONSE_BYTES) return finish(Object.assign(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`), { code: 'EMSGSIZE' }));
      step(false);
    });
    sock.on('end', () => step(true));
    sock.on('error', (e) => finish(e));
    sock.on('close', () => step(true));
  });
}
