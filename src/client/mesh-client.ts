import { allErrorDefs, CoreErrors, MeshError, TctlErrors, messageToEnvelope, type ErrorDef } from '../api/index.js';
import { open, send, type RawResponse, type TransportOptions } from './transport.js';
import { parseSse } from './sse.js';
import type { AuditEntry, AuditQuery, ChangeEvent, ResourceObject, ResourceStatus, Tokens, Whoami } from './types.js';

/** A REST message (TSB's shape) as the envelope tctl prints and applies. */
function envelopeOf(message: unknown, what: string): ResourceObject {
  try {
    return messageToEnvelope(message) as ResourceObject;
  } catch (e) {
    throw new MeshError(TctlErrors.UnexpectedResponse, `${what}: expected a resource message {"fqn": …, "etag": …}: ${(e as Error).message}`, { cause: e });
  }
}

/** What the client authenticates with; a token wins over Basic as on the server. */
export interface Credentials {
  token?: string;
  refreshToken?: string;
  username?: string;
  password?: string;
}

/** Transport plus credentials and hooks. */
export interface ClientOptions extends TransportOptions {
  readonly credentials?: Credentials;
  /** Called after a transparent refresh so the caller can persist the new tokens. */
  readonly onTokens?: (tokens: Tokens) => Promise<void> | void;
  /** Receives one line per request/response (tctl --debug). */
  readonly debug?: (line: string) => void;
}

interface RequestOpts {
  readonly auth?: boolean;
  readonly query?: Record<string, string | number | boolean | undefined>;
}

const PROBLEM_FIELDS = new Set(['type', 'title', 'status', 'code', 'detail', 'field', 'fix', 'instance']);
const defsByCode = new Map<string, ErrorDef>(allErrorDefs.map((d) => [d.code, d]));

/** Turns a non-2xx answer into a MeshError carrying the server's code, detail, fix and extension members. */
export function problemToError(res: RawResponse, method: string, path: string): MeshError {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(res.body) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const code = typeof body?.code === 'string' ? body.code : undefined;
  const def = code ? defsByCode.get(code) : undefined;
  if (!body || !def) {
    const snippet = res.body.slice(0, 200).replace(/\s+/g, ' ');
    return new MeshError(
      TctlErrors.UnexpectedResponse,
      `${method} ${path} answered HTTP ${res.status}${code ? ` with unknown code ${code}` : ''}: ${snippet || '(empty body)'}`,
      {
        details: { httpStatus: res.status },
      },
    );
  }
  const details: Record<string, unknown> = { httpStatus: res.status };
  for (const [k, v] of Object.entries(body)) if (!PROBLEM_FIELDS.has(k)) details[k] = v;
  return new MeshError(def, typeof body.detail === 'string' ? body.detail : def.title, {
    ...(typeof body.field === 'string' ? { field: body.field } : {}),
    ...(typeof body.fix === 'string' ? { fix: body.fix } : {}),
    details,
  });
}

/** `/v2/` + FQN with each segment escaped. */
export function fqnPath(fqn: string, suffix = ''): string {
  const segs = fqn.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  return `/v2/${segs}${suffix}`;
}

/** Typed client of meshbridge's REST API (docs/api.md). */
export class MeshClient {
  private credentials: Credentials;

  constructor(private readonly opts: ClientOptions) {
    this.credentials = { ...(opts.credentials ?? {}) };
  }

  /** Sends a request and parses the JSON answer; refreshes an expired access token once. */
  async request<T>(method: string, path: string, body?: unknown, ro: RequestOpts = {}): Promise<T> {
    const full = path + queryString(ro.query);
    let res = await this.raw(method, full, body, ro.auth !== false);
    if (res.status === 401 && ro.auth !== false && this.isExpired(res) && this.credentials.refreshToken) {
      await this.refreshTokens();
      res = await this.raw(method, full, body, true);
    }
    if (res.status < 200 || res.status >= 300) throw problemToError(res, method, full);
    if (res.body === '') return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new MeshError(
        TctlErrors.UnexpectedResponse,
        `${method} ${full} answered HTTP ${res.status} with a body that is not JSON: ${res.body.slice(0, 200)}`,
      );
    }
  }

  /** Exchanges a username and password for tokens (POST /v2/auth/login). */
  login(username: string, password: string, organization?: string): Promise<Tokens> {
    // The server names a wrong organization in its answer when it is sent along.
    return this.request<Tokens>('POST', '/v2/auth/login', { username, password, ...(organization ? { organization } : {}) }, { auth: false });
  }

  /** Exchanges a refresh token for new tokens (POST /v2/auth/refresh). */
  refresh(refreshToken: string): Promise<Tokens> {
    return this.request<Tokens>('POST', '/v2/auth/refresh', { refreshToken }, { auth: false });
  }

  /** The server's version (no authentication). */
  version(): Promise<{ version: string }> {
    return this.request('GET', '/v2/version', undefined, { auth: false });
  }

  /** Who the credentials belong to. */
  whoami(): Promise<Whoami> {
    return this.request('GET', '/v2/whoami');
  }

  /** One object by FQN, as the envelope (the server answers TSB's message; tctl shows envelopes as TSB's tctl does). */
  async get(fqn: string): Promise<ResourceObject> {
    return envelopeOf(await this.request('GET', fqnPath(fqn)), `GET ${fqnPath(fqn)}`);
  }

  /** The objects of `collection` under `parent` ('' for organizations) that the caller may read. */
  async list(parent: string, collection: string): Promise<ResourceObject[]> {
    const body = await this.request<Record<string, unknown>>('GET', fqnPath(parent ? `${parent}/${collection}` : collection));
    const items = body?.[collection];
    if (!Array.isArray(items))
      throw new MeshError(TctlErrors.UnexpectedResponse, `GET ${fqnPath(`${parent}/${collection}`)}: expected {"${collection}": [...]}`);
    return items.map((m) => envelopeOf(m, `GET ${fqnPath(`${parent}/${collection}`)}`));
  }

  /** Creates an object (envelope form) under `parent`; answers its envelope (with any one-time extras beside it). */
  async create(parent: string, collection: string, object: ResourceObject): Promise<ResourceObject> {
    const path = fqnPath(parent ? `${parent}/${collection}` : collection);
    return envelopeOf(await this.request('POST', path, object), `POST ${path}`);
  }

  /** Replaces an object; the envelope carries the etag. */
  async update(fqn: string, object: ResourceObject): Promise<ResourceObject> {
    return envelopeOf(await this.request('PUT', fqnPath(fqn), object), `PUT ${fqnPath(fqn)}`);
  }

  /** Deletes an object and its children. */
  delete(fqn: string, force = false): Promise<{ deleted: string[] }> {
    return this.request('DELETE', fqnPath(fqn), undefined, { query: { force: force || undefined } });
  }

  /** The configuration status of an object. */
  status(fqn: string): Promise<ResourceStatus> {
    return this.request('GET', fqnPath(fqn, '/status'));
  }

  /** Audit log entries. */
  async audit(q: AuditQuery): Promise<AuditEntry[]> {
    const body = await this.request<{ entries: AuditEntry[] }>('GET', '/v2/audit', undefined, { query: { ...q } });
    return body.entries ?? [];
  }

  /** Streams change events after `revision` (default: from now) until `signal` aborts or the stream ends. */
  async watch(revision: number | undefined, prefix: string | undefined, onEvent: (e: ChangeEvent) => void, signal?: AbortSignal): Promise<void> {
    const path = '/v2/watch' + queryString({ revision, prefix });
    let res = await open(this.opts, 'GET', path, { ...this.authHeaders(), accept: 'text/event-stream' }, undefined, true);
    if (res.statusCode === 401 && this.credentials.refreshToken) {
      res.resume();
      await this.refreshTokens();
      res = await open(this.opts, 'GET', path, { ...this.authHeaders(), accept: 'text/event-stream' }, undefined, true);
    }
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw problemToError({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }, 'GET', path);
    }
    signal?.addEventListener('abort', () => res.destroy(), { once: true });
    try {
      for await (const ev of parseSse(res)) {
        if (ev.event === 'change') onEvent(JSON.parse(ev.data) as ChangeEvent);
        // The server ends a stream it cannot keep up with by an error event naming the fix.
        if (ev.event === 'error') throw problemToError({ status: 500, headers: {}, body: ev.data }, 'GET', path);
      }
    } catch (e) {
      if (!signal?.aborted) throw e;
    }
  }

  private isExpired(res: RawResponse): boolean {
    return res.body.includes(CoreErrors.TokenExpired.code);
  }

  private async refreshTokens(): Promise<void> {
    let tokens: Tokens;
    try {
      tokens = await this.refresh(this.credentials.refreshToken as string);
    } catch (e) {
      throw new MeshError(TctlErrors.SessionExpired, `the access token expired and refreshing it failed: ${(e as Error).message}`, { cause: e });
    }
    this.credentials = { ...this.credentials, token: tokens.accessToken, refreshToken: tokens.refreshToken };
    await this.opts.onTokens?.(tokens);
  }

  private authHeaders(): Record<string, string> {
    const c = this.credentials;
    if (c.token) return { authorization: `Bearer ${c.token}` };
    if (c.username !== undefined && c.password !== undefined) {
      return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
    }
    return {};
  }

  private async raw(method: string, path: string, body: unknown, auth: boolean): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...(auth ? this.authHeaders() : {}) };
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) headers['content-type'] = 'application/json';
    this.opts.debug?.(`> ${method} ${path}`);
    const res = await send(this.opts, method, path, headers, text);
    // Login and refresh answers carry tokens: never echo them, even with --debug.
    this.opts.debug?.(`< ${res.status} ${path.startsWith('/v2/auth/') ? '(body redacted: it carries tokens)' : res.body.slice(0, 500)}`);
    return res;
  }
}

function queryString(q?: Record<string, string | number | boolean | undefined>): string {
  if (!q) return '';
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
