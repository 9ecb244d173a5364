/** The server's problem+json error, kept whole so every page can show its message and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly fix?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  readonly expiresAt: number;
}

type Listener = () => void;

const STORAGE_KEY = 'meshbridge.session';

/**
 * Holds the session's tokens (sessionStorage, so a reload keeps the session but a new tab asks
 * again), refreshes them before they expire, and tells the app when the session is gone so it can
 * ask for the password again without leaving the page the user is on.
 */
export class Session {
  private tokens: Tokens | null;
  private readonly expiredListeners = new Set<Listener>();
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly storage: Storage = sessionStorage) {
    const saved = storage.getItem(STORAGE_KEY);
    this.tokens = saved ? (JSON.parse(saved) as Tokens) : null;
  }

  get loggedIn(): boolean {
    return this.tokens !== null;
  }

  /** Logs in with a password; throws ApiError with the server's code on failure. */
  async login(username: string, password: string, organization?: string): Promise<void> {
    const r = await rawJson('POST', '/v2/auth/login', { username, password, ...(organization ? { organization } : {}) });
    this.set(r as { accessToken: string; refreshToken: string; expiresIn: number });
  }

  logout(): void {
    this.tokens = null;
    this.storage.removeItem(STORAGE_KEY);
  }

  onExpired(l: Listener): () => void {
    this.expiredListeners.add(l);
    return () => this.expiredListeners.delete(l);
  }

  /** The Authorization header value, refreshing first when the token is about to expire. */
  async authorization(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.tokens.expiresAt - Date.now() < 10_000) await this.refresh();
    return this.tokens ? `Bearer ${this.tokens.accessToken}` : null;
  }

  /** Trades the refresh token for new tokens; false (and listeners told) when the session is over. */
  async refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const t = this.tokens;
      if (!t) return false;
      try {
        this.set(
          (await rawJson('POST', '/v2/auth/refresh', { refreshToken: t.refreshToken })) as { accessToken: string; refreshToken: string; expiresIn: number },
        );
        return true;
      } catch {
        this.expire();
        return false;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Ends the session because the server no longer accepts it. */
  expire(): void {
    this.logout();
    for (const l of this.expiredListeners) l();
  }

  private set(r: { accessToken: string; refreshToken: string; expiresIn: number }): void {
    this.tokens = { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: Date.now() + r.expiresIn * 1000 };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(this.tokens));
  }
}

async function rawJson(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) throw toApiError(res.status, parsed, text);
  return parsed;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, body: unknown, text: string): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const msg = String(b.detail ?? b.title ?? b.message ?? `HTTP ${status}`);
    return new ApiError(status, String(b.code ?? `HTTP${status}`), msg, b.field as string | undefined, b.fix as string | undefined, b);
  }
  return new ApiError(status, `HTTP${status}`, text || `HTTP ${status}`);
}

/** Calls the REST API with the session's token; a 401 tries one refresh, then ends the session. */
export async function api<T = unknown>(session: Session, method: string, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const auth = await session.authorization();
    try {
      return (await rawJson(method, path, body, auth ? { authorization: auth } : {})) as T;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && attempt === 0 && (await session.refresh())) continue;
      if (e instanceof ApiError && e.status === 401) session.expire();
      throw e;
    }
  }
}
