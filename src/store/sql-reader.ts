import type { Reader, StoredPolicy, StoredResource } from './store.js';
import type { SqlConn } from './sql-conn.js';
import { RESOURCE_COLUMNS, descendantRange, toPolicy, toResource } from './sql-rows.js';

/** The Reader over any SqlConn: a pooled connection outside transactions, the tx inside. */
export class SqlReader implements Reader {
  constructor(
    private readonly conn: SqlConn,
    /** Throws when the store may no longer be used. */
    private readonly guardFn: () => void = () => {},
  ) {}

  /** Throws when this reader may no longer be used; transactions add their own check. */
  protected guard(): void {
    this.guardFn();
  }

  async get(fqn: string): Promise<StoredResource | undefined> {
    this.guard();
    const rows = await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE fqn = ?`, [fqn]);
    return rows.length === 0 ? undefined : toResource(rows[0]);
  }

  async listChildren(parent: string, collection?: string): Promise<StoredResource[]> {
    this.guard();
    const where = parent === '' ? 'parent IS NULL' : 'parent = ?';
    const params = parent === '' ? [] : [parent];
    const rows =
      collection === undefined
        ? await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE ${where} ORDER BY fqn`, params)
        : await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE ${where} AND collection = ? ORDER BY fqn`, [...params, collection]);
    return rows.map(toResource);
  }

  async listUnder(prefix: string): Promise<StoredResource[]> {
    this.guard();
    if (prefix === '') return (await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources ORDER BY fqn`)).map(toResource);
    const [lo, hi] = descendantRange(prefix);
    const rows = await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE fqn = ? OR (fqn >= ? AND fqn < ?) ORDER BY fqn`, [prefix, lo, hi]);
    return rows.map(toResource);
  }

  async listByKind(kind: string): Promise<StoredResource[]> {
    this.guard();
    return (await this.conn.all(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE kind = ? ORDER BY fqn`, [kind])).map(toResource);
  }

  async getPolicy(fqn: string): Promise<StoredPolicy | undefined> {
    this.guard();
    const rows = await this.conn.all('SELECT fqn, allow, etag FROM policies WHERE fqn = ?', [fqn]);
    return rows.length === 0 ? undefined : toPolicy(rows[0]);
  }

  async getSecret(key: string): Promise<string | undefined> {
    this.guard();
    const rows = await this.conn.all('SELECT value FROM secrets WHERE key = ?', [key]);
    return rows.length === 0 ? undefined : String(rows[0].value);
  }
}
