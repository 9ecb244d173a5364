// Child process of durability.test.ts: opens the store named by argv and writes from several
// concurrent workers in a bounded loop, printing each tenant FQN only after write() resolved —
// i.e. only what the store acknowledged as durable. The test SIGKILLs it mid-stream.
import { createStore } from '../../src/store/index.js';

const [database, dataDir, workersArg = '8', maxArg = '20000'] = process.argv.slice(2);
const workers = Number(workersArg);
const max = Number(maxArg);
const store = await createStore({ database: database === '-' ? undefined : database, dataDir });
let next = 0;

async function worker(w: number): Promise<void> {
  while (next < max) {
    const i = next++;
    const tenant = `organizations/dur/tenants/t${i}`;
    await store.write(`worker-${w}`, async (tx) => {
      await tx.put(
        { fqn: tenant, parent: 'organizations/dur', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', name: `t${i}`, metadata: {}, spec: { i } },
        null,
      );
      // A child in the same transaction: after recovery, both or neither must exist.
      await tx.put(
        { fqn: `${tenant}/workspaces/w`, parent: tenant, apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Workspace', name: 'w', metadata: {}, spec: { i } },
        null,
      );
    });
    process.stdout.write(`${tenant}\n`);
  }
}

await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
await store.close();
