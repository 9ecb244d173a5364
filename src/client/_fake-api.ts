// An in-memory stand-in for meshbridge's REST API (docs/api.md) for unit tests of the client and of
// tctl's commands: loopback plain HTTP, resources keyed by FQN, tokens, etags, status, audit, watch.
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
  /** Revision counter (bumped per write). */
  revision: number;
  close(): Promise<void>;
}

const ORG = 'tetrate';

/** Starts the fake on 127.0.0.1 with user `admin`/`pw` in organization `tetrate`. */
export async function startFakeApi(users: Record<string, string> = { admin: 'pw' }): Promise<FakeApi> {
  const tokens = new Map<string, string>();
  const refresh = new Map<string, string>();
  let n = 0;
  const issue = (user: string) => {
    const t = { accessToken: `at-${++n}`, refreshToken: `rt-${n}`, expiresIn: 900 };
    tokens.set(t.accessToken, user);
    refresh.set(t.refreshToken, user);
    return t;
  };
  const api: FakeApi = {
    address: '',
    resources: new Map(),
    log: [],
    expiredTokens: new Set(),
    readOnly: new Set(),
    revision: 0,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  const audit: Record<string, unknown>[] = [];
  const authUser = (req: IncomingMessage): string | { code: string } => {
    const h = req.headers.authorization ?? '';
    if (h.startsWith('Bearer ')) {
      const t = h.slice(7);
      if (api.expiredTokens.has(t)) return { code: 'MB1011' };
      return tokens.get(t) ?? { code: 'MB1010' };
    }
    if (h.startsWith('Basic ')) {
      const [u, p] = Buffer.from(h.slice(6), 'base64').toString().split(':');
      return users[u] === p ? u : { code: 'MB1010' };
    }
    return { code: 'MB1010' };
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      api.log.push(`${req.method} ${req.url}`);
      try {
        handle(req, res, body ? JSON.parse(body) : undefined);
      } catch (e) {
        problem(res, 500, 'MB1000', (e as Error).message);
      }
    });
  });
  const handle = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown> | undefined): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v2\/?/, '');
    if (path === 'version') return json(res, 200, { version: '0.1.0-fake' });
    if (path === 'auth/login') {
      const b = body as { username: string; password: string };
      if (users[b.username] !== b.password) return problem(res, 401, 'MB1010', 'invalid username or password');
      return json(res, 200, issue(b.username));
    }
    if (path === 'auth/refresh') {
      const user = refresh.get(String(body?.refreshToken));
      if (!user) return problem(res, 401, 'MB1010', 'refresh token is not valid');
      return json(res, 200, issue(user));
    }
    const who = authUser(req);
    if (typeof who !== 'string') return problem(res, 401, who.code, who.code === 'MB1011' ? 'token expired' : 'authentication required');
    if (path === 'whoami') return json(res, 200, { subject: `organizations/${ORG}/users/${who}`, kind: 'user', organization: ORG, username: who });
    if (path === 'audit') return json(res, 200, { entries: audit.filter((e) => !url.searchParams.get('kind') || e.kind === url.searchParams.get('kind')) });
    if (path === 'watch') return watch(res, Number(url.searchParams.get('revision') ?? 0));
    resource(req.method ?? 'GET', path, url, body, res, who);
  };
  const resource = (method: string, path: string, url: URL, body: Record<string, unknown> | undefined, res: ServerResponse, who: string): void => {
    const parts = path.split('/').filter(Boolean);
    if (parts.at(-1) === 'status' && parts.length % 2 === 1) {
      const fqn = parts.slice(0, -1).join('/');
      if (!api.resources.has(fqn)) return problem(res, 404, 'MB1002', `${fqn} not found`);
      return json(res, 200, { status: 'READY', lastEvent: 'XCP_APPLIED', message: 'Resource is ready to be used' });
    }
    const fqn = parts.join('/');
    if (parts.length % 2 === 1) {
      const parent = parts.slice(0, -1).join('/');
      const collection = parts.at(-1) as string;
      if (parent && !api.resources.has(parent)) return problem(res, 404, 'MB1002', `${parent} not found`);
      if (method === 'GET') {
        const items = [...api.resources.entries()].filter(([k]) => k.split('/').length === parts.length + 1 && k.startsWith(`${fqn}/`)).map(([, v]) => v);
        return json(res, 200, { [collection]: items });
      }
      if (method !== 'POST') return problem(res, 405, 'MB1016', 'method not allowed');
      const obj = body as unknown as ResourceObject;
      const child = `${fqn}/${obj.metadata.name}`;
      if (denied(child)) return problem(res, 403, 'MB1012', `CREATE on ${fqn} denied`, { permission: 'CREATE', fqn });
      if (api.resources.has(child)) return problem(res, 409, 'MB1003', `${child} already exists`);
      return json(res, 201, write(child, obj, 'create', who));
    }
    const current = api.resources.get(fqn);
    if (!current) return problem(res, 404, 'MB1002', `${fqn} not found`);
    if (method === 'GET') return json(res, 200, current);
    if (denied(fqn)) return problem(res, 403, 'MB1012', `${method === 'PUT' ? 'WRITE' : 'DELETE'} on ${fqn} denied`, { permission: method === 'PUT' ? 'WRITE' : 'DELETE', fqn });
    if (method === 'PUT') {
      const obj = body as unknown as ResourceObject;
      const sent = obj.metadata.resourceVersion ?? (obj.spec?.etag as string | undefined);
      if (sent !== current.metadata.resourceVersion) {
        return problem(res, 409, 'MB1004', `etag ${sent} does not match the current ${current.metadata.resourceVersion}`, { currentEtag: current.metadata.resourceVersion, sentEtag: sent });
      }
      return json(res, 200, write(fqn, obj, 'update', who));
    }
    if (method === 'DELETE') {
      const deleted = [...api.resources.keys()].filter((k) => k === fqn || k.startsWith(`${fqn}/`));
      for (const k of deleted) api.resources.delete(k);
      api.revision++;
      audit.push({ id: audit.length + 1, revision: api.revision, at: new Date().toISOString(), actor: who, op: 'delete', kind: current.kind, fqn, etagBefore: current.metadata.resourceVersion, etagAfter: null });
      return json(res, 200, { deleted });
    }
    problem(res, 405, 'MB1016', 'method not allowed');
  };
  const denied = (fqn: string) => [...api.readOnly].some((p) => fqn === p || fqn.startsWith(`${p}/`));
  const write = (fqn: string, obj: ResourceObject, op: string, who: string): ResourceObject => {
    api.revision++;
    const etag = `"e${api.revision}"`;
    const before = api.resources.get(fqn)?.metadata.resourceVersion ?? null;
    const stored: ResourceObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: etag }, spec: { ...(obj.spec ?? {}), fqn, etag } };
    api.resources.set(fqn, stored);
    audit.push({ id: audit.length + 1, revision: api.revision, at: new Date().toISOString(), actor: who, op, kind: obj.kind, fqn, etagBefore: before, etagAfter: etag });
    return stored;
  };
  const watch = (res: ServerResponse, from: number): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': hello\n\n');
    for (const e of audit) {
      if ((e.revision as number) > from) res.write(`event: change\ndata: ${JSON.stringify({ revision: e.revision, fqn: e.fqn, kind: e.kind, op: e.op })}\n\n`);
    }
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  (api as { address: string }).address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://meshbridge.dev/errors/${code}`, title: code, status, code, detail, fix: `fix for ${code}`, ...extra }));
}
