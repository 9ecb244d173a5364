import { toMessage } from '../../api/index.js';
import type { StoredResource, Store } from '../../store/index.js';

/** Entries kept before the cache starts afresh (bounded memory). */
const MAX_ENTRIES = 50_000;

/**
 * Resource reads and rendered REST messages, valid until the store reports any write (here, or on
 * PostgreSQL by another replica). A read that started before a write may not fill the cache after
 * it: each fill checks that no write happened since the read began.
 */
export class ReadCache {
  private generation = 0;
  private readonly gets = new Map<string, Promise<StoredResource | undefined>>();
  private readonly lists = new Map<string, Promise<StoredResource[]>>();
  private readonly messages = new WeakMap<StoredResource, Record<string, unknown>>();
  private readonly listBodies = new WeakMap<readonly StoredResource[], string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.subscribe(() => this.invalidate());
  }

  /** Forgets everything (called on every store notification and after this server's writes). */
  invalidate(): void {
    this.generation++;
    this.gets.clear();
    this.lists.clear();
  }

  close(): void {
    this.unsubscribe();
  }

  private remember<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit) return hit;
    const gen = this.generation;
    const p = load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, p);
    p.then(
      () => {
        if (this.generation !== gen && map.get(key) === p) map.delete(key);
      },
      () => {
        if (map.get(key) === p) map.delete(key);
      },
    );
    return p;
  }

  get(fqn: string): Promise<StoredResource | undefined> {
    return this.remember(this.gets, fqn, () => this.store.reader.get(fqn));
  }

  listChildren(parent: string, collection: string): Promise<StoredResource[]> {
    return this.remember(this.lists, `${parent}\u0000${collection}`, () => this.store.reader.listChildren(parent, collection));
  }

  /** `{"<collection>": [messages]}` of a whole cached list, serialised once per list version. */
  listBody(collection: string, rows: readonly StoredResource[]): string {
    let body = this.listBodies.get(rows);
    if (body === undefined) {
      body = JSON.stringify({ [collection]: rows.map((r) => this.message(r)) });
      this.listBodies.set(rows, body);
    }
    return body;
  }

  /** TSB's REST message of a stored resource, rendered once per stored version. */
  message(r: StoredResource): Record<string, unknown> {
    let m = this.messages.get(r);
    if (!m) {
      m = toMessage(r);
      this.messages.set(r, m);
    }
    return m;
  }
}
