// An in-memory stand-in for meshbridge's REST API (docs/api.md) for unit tests of the client and of
// tctl's commands: loopback plain HTTP, resources keyed by FQN (kept as envelopes, answered as TSB's
// REST messages like the real server), tokens, etags, status, audit, watch.
// The end-to-end suite (test/cli) runs against the real server; this only keeps unit tests fast.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResourceObject } from './types.js';

/** Handle on a running fake API. */
export interface FakeApi {
  readonly address: string;
  readonly resources: Map<string, ResourceObject>;
  /** Requests seen, as `METHOD path`. */
  readonly log: string[];
  /** Tokens that answer 401 TokenExpired. */
  readonly expiredTokens: Set<string>;
  /** FQN prefixes on which writes answer 403, naming the permission. */
  readonly readOnly: Set<string>;
  close(): Promise<void>;
}

type Body = Record<string, unknown> | undefined;
const ORG = 'tetrate';

class Fake implements FakeApi {
  address = '';
  readonly resources = new Map<string, ResourceObject>();
  readonly log: string[] = [];
  readonly expiredTokens = new Set<string>();
  readonly readOnly = new Set<string>();
  private readonly tokens = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly audit: Record<string, unknown>[] = [];
  private revision = 0;
  private issued = 0;
  readonly server: Server;

  constructor(private readonly users: Record<string, string>) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.log.push(`${req.method} ${req.url}`);
        try {
          this.handle(req, res, body ? (JSON.parse(body) as Body) : undefined);
        } catch (e) {
          problem(res, 500, 'MB1000', (e as Error).message);
        }
      });
    });
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }

  private issue(user: string): Record<string, unknown> {
    const n = ++this.issued;
    this.tokens.set(`at-${n}`, user);
    this.refreshTokens.set(`rt-${n}`, user);
    return { accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresIn: 900 };
  }

  private who(req: IncomingMessage): string | { code: string } {
    const h = req.headers.authorization ?? '';
    if (h.startsWith('Bearer ')) {
      const t = h.slice(7);
      if (this.expiredTokens.has(t)) return { code: 'MB1011' };
      return this.tokens.get(t) ?? { code: 'MB1010' };
    }
    if (h.startsWith('Basic ')) {
      const [u, p] = Buffer.from(h.slice(6), 'base64').toString().split(':');
      return this.users[u] === p ? u : { code: 'MB1010' };
    }
    return { code: 'MB1010' };
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Body): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v2\/?/, '');
    if (path === 'version') return json(res, 200, { version: '0.1.0-fake' });
    if (path === 'auth/login') {
      if (this.users[String(body?.username)] !== body?.password) return problem(res, 401, 'MB1010', 'invalid username or password');
      return json(res, 200, this.issue(String(body?.username)));
    }
    if (path === 'auth/refresh') {
      const user = this.refreshTokens.get(String(body?.refreshToken));
      return user ? json(res, 200, this.issue(user)) : problem(res, 401, 'MB1010', 'refresh token is not valid');
    }
    const who = this.who(req);
    if (typeof who !== 'string') return problem(res, 401, who.code, who.code === 'MB1011' ? 'token expired' : 'authentication required');
    if (path === 'whoami') return json(res, 200, { subject: `organizations/${ORG}/users/${who}`, kind: 'user', organization: ORG, username: who });
    if (path === 'audit') return json(res, 200, { entries: this.auditEntries(url) });
    if (path === 'watch') return this.watch(res, Number(url.searchParams.get('revision') ?? 0));
    const parts = path.split('/').filter(Boolean);
    if (parts.at(-1) === 'status' && parts.length % 2 === 1) return this.status(res, parts.slice(0, -1).join('/'));
    if (parts.length % 2 === 1) return this.collection(req.method ?? 'GET', parts, body, res, who);
    return this.object(req.method ?? 'GET', parts.join('/'), body, res, who);
  }

  private auditEntries(url: URL): Record<string, unknown>[] {
    // Newest first, as the real server answers.
    const kind = url.searchParams.get('kind');
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    return [...this.audit]
      .reverse()
      .filter((e) => !kind || e.kind === kind)
      .slice(0, limit);
  }

  private status(res: ServerResponse, fqn: string): void {
    if (!this.resources.has(fqn)) return problem(res, 404, 'MB1002', `${fqn} not found`);
    json(res, 200, { status: 'READY', lastEvent: 'XCP_APPLIED', message: 'Resource is ready to be used' });
  }

  private collection(method: string, parts: string[], body: Body, res: ServerResponse, who: string): void {
    const fqn = parts.join('/');
    const parent = parts.slice(0, -1).join('/');
    if (parent && !this.resources.has(parent)) return problem(res, 404, 'MB1002', `${parent} not found`);
    if (method === 'GET') {
      const items = [...this.resources.entries()]
        .filter(([k]) => k.split('/').length === parts.length + 1 && k.startsWith(`${fqn}/`))
        .map(([k, v]) => message(k, v));
      return json(res, 200, { [parts.at(-1) as string]: items });
    }
    if (method !== 'POST') return problem(res, 405, 'MB1016', 'method not allowed');
    const obj = body as unknown as ResourceObject;
    const child = `${fqn}/${obj.metadata.name}`;
    if (this.denied(child)) return problem(res, 403, 'MB1012', `CREATE on ${fqn} denied`, { permission: 'CREATE', fqn });
    if (this.resources.has(child)) return problem(res, 409, 'MB1003', `${child} already exists`);
    json(res, 201, message(child, this.write(child, obj, 'create', who)));
  }

  private object(method: string, fqn: string, body: Body, res: ServerResponse, who: string): void {
    const current = this.resources.get(fqn);
    if (!current) return problem(res, 404, 'MB1002', `${fqn} not found`);
    if (method === 'GET') return json(res, 200, message(fqn, current));
    const permission = method === 'PUT' ? 'WRITE' : 'DELETE';
    if (this.denied(fqn)) return problem(res, 403, 'MB1012', `${permission} on ${fqn} denied`, { permission, fqn });
    if (method === 'PUT') {
      const obj = body as unknown as ResourceObject;
      const sent = obj.metadata.resourceVersion ?? (obj.spec?.etag as string | undefined);
      if (sent !== current.metadata.resourceVersion) {
        return problem(res, 409, 'MB1004', `etag ${sent} does not match the current ${current.metadata.resourceVersion}`, {
          currentEtag: current.metadata.resourceVersion,
          sentEtag: sent,
        });
      }
      return json(res, 200, message(fqn, this.write(fqn, obj, 'update', who)));
    }
    if (method !== 'DELETE') return problem(res, 405, 'MB1016', 'method not allowed');
    const deleted = [...this.resources.keys()].filter((k) => k === fqn || k.startsWith(`${fqn}/`));
    for (const k of deleted) this.resources.delete(k);
    this.record(who, 'delete', current.kind, fqn, current.metadata.resourceVersion ?? null, null);
    json(res, 200, { deleted });
  }

  private denied(fqn: string): boolean {
    return [...this.readOnly].some((p) => fqn === p || fqn.startsWith(`${p}/`));
  }

  private write(fqn: string, obj: ResourceObject, op: string, who: string): ResourceObject {
    const before = this.resources.get(fqn)?.metadata.resourceVersion ?? null;
    const etag = `"e${this.revision + 1}"`;
    const stored: ResourceObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: etag }, spec: { ...(obj.spec ?? {}), fqn, etag } };
    this.resources.set(fqn, stored);
    this.record(who, op, obj.kind, fqn, before, etag);
    return stored;
  }

  private record(actor: string, op: string, kind: string, fqn: string, etagBefore: string | null, etagAfter: string | null): void {
    this.revision++;
    this.audit.push({ id: this.audit.length + 1, revision: this.revision, at: new Date().toISOString(), actor, op, kind, fqn, etagBefore, etagAfter });
  }

  private watch(res: ServerResponse, from: number): void {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': hello\n\n');
    for (const e of this.audit) {
      if ((e.revision as number) > from) res.write(`event: change\ndata: ${JSON.stringify({ revision: e.revision, fqn: e.fqn, kind: e.kind, op: e.op })}\n\n`);
    }
  }
}

/** Starts the fake on 127.0.0.1 with user `admin`/`pw` in organization `tetrate`. */
export async function startFakeApi(users: Record<string, string> = { admin: 'pw' }): Promise<FakeApi> {
  const api = new Fake(users);
  await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', () => r()));
  api.address = `127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return api;
}

/** TSB's REST message of a stored envelope, as the real server answers (src/api/message.ts). */
function message(fqn: string, o: ResourceObject): Record<string, unknown> {
  const { fqn: _fqn, etag: _etag, ...spec } = o.spec ?? {};
  const { name: _n, organization: _o, tenant: _t, workspace: _w, group: _g, resourceVersion, fqn: _mf, ...meta } = o.metadata;
  return { fqn, etag: resourceVersion ?? '', ...spec, ...(Object.keys(meta).length > 0 ? { metadata: meta } : {}) };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://meshbridge.dev/errors/${code}`, title: code, status, code, detail, fix: `fix for ${code}`, ...extra }));
}
