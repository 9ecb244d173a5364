// End-to-end: kill -9 the server while clients write concurrently; after a restart every write
// that was acknowledged is present and the store's integrity check is clean (both backends).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../src/store/index.js';
import { cleanup, dropSchemas, freshPostgres, startServer, tempDir } from './_server.js';

after(dropSchemas);

const CLIENTS = 6;
const KILL_AFTER_ACKS = 150;
const MAX_PER_CLIENT = 2000;

for (const backend of ['sqlite', 'postgres'] as const) {
  test(`${backend}: every acknowledged write survives kill -9 and the store stays sound`, async () => {
    const dir = tempDir();
    const database = backend === 'postgres' ? freshPostgres() : undefined;
    try {
      const s = await startServer({ dataDir: dir, database });
      const acked = new Set<string>();
      let killed = false;
      let kill: Promise<void> | undefined;
      const client = async (c: number): Promise<void> => {
        for (let i = 0; i < MAX_PER_CLIENT && !killed; i++) {
          const name = `c${c}-w${i}`;
          try {
            const r = await s.request('POST', '/v2/organizations/tetrate/tenants', { name, tenant: { displayName: name } });
            if (r.status === 201) acked.add(name);
            else if (!killed) assert.fail(`unexpected ${r.status}: ${r.text}`);
          } catch {
            // The connection died with the server: this write was never acknowledged.
            return;
          }
          if (acked.size >= KILL_AFTER_ACKS && !kill) {
            killed = true;
            kill = s.kill9();
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      await kill;
      assert.ok(acked.size >= KILL_AFTER_ACKS, `only ${acked.size} writes acknowledged`);

      const again = await startServer({ dataDir: dir, database });
      const list = await again.request('GET', '/v2/organizations/tetrate/tenants');
      assert.equal(list.status, 200, list.text);
      const present = new Set((list.json.tenants as { fqn: string }[]).map((t) => t.fqn.split('/').pop()));
      const lost = [...acked].filter((n) => !present.has(n));
      assert.deepEqual(lost, [], `${lost.length} acknowledged writes lost`);
      assert.equal(await again.stop(), 0);

      const store = await createStore({ dataDir: dir, database });
      try {
        assert.deepEqual(await store.integrityCheck(), []);
      } finally {
        await store.close();
      }
    } finally {
      cleanup(dir);
    }
  });
}
