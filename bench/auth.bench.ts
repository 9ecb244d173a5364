// The authentication and authorization hot path, each against a baseline in the same run:
//   bearer authenticate, cached      vs  one bare HS256 jwtVerify of the same token (jose)
//   bearer authenticate, uncached    vs  the same bare jwtVerify
//   rbac.can on a depth-5 FQN, cached vs  the 5 getPolicy reads an uncached evaluation needs
//   rbac.can after a write (cold)     vs  the same 5 reads
//   login (scrypt N=32768)           vs  one bare crypto.scrypt with the same parameters
// Run: node scripts/run-bench.mjs auth
import { randomBytes, scrypt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { createStore } from '../src/store/index.js';
import { createAccessControl, passwordSecret } from '../src/server/auth/index.js';
import type { Principal } from '../src/server/contracts.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const MAX_OPS = 2_000_000;
type Op = (i: number) => Promise<unknown>;

async function measure(op: Op): Promise<number> {
  let i = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  while (performance.now() < end && i < MAX_OPS) await op(i++);
  return i / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternates subject and baseline in short rounds (the machine is shared, load drifts) and prints the medians and their ratio. */
async function compare(label: string, subject: Op, baseline: Op): Promise<void> {
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    s.push(await measure(subject));
    b.push(await measure(baseline));
  }
  const ms = median(s);
  const mb = median(b);
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(9)} /s   baseline ${mb.toFixed(0).padStart(9)} /s   ratio ${(ms / mb).toFixed(2)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'mb-auth-bench-'));
const store = await createStore({ dataDir: dir });
try {
  const { auth, rbac } = createAccessControl({ store, dataDir: dir, organization: 'o' });
  await auth.bootstrapAdmin('o', 'bench-password');
  const fqns = [
    'organizations/o/tenants/t',
    'organizations/o/tenants/t/workspaces/w',
    'organizations/o/tenants/t/workspaces/w/trafficgroups/g',
    'organizations/o/tenants/t/workspaces/w/trafficgroups/g/serviceroutes/r',
  ];
  await store.write('bench', async (tx) => {
    for (const [i, fqn] of fqns.entries()) {
      const parts = fqn.split('/');
      await tx.put(
        {
          fqn,
          parent: parts.slice(0, -2).join('/'),
          apiVersion: 'api.tsb.tetrate.io/v2',
          kind: ['Tenant', 'Workspace', 'Group', 'ServiceRoute'][i],
          name: parts[parts.length - 1],
          metadata: {},
          spec: {},
        },
        null,
      );
    }
    await tx.put(
      {
        fqn: 'organizations/o/users/alice',
        parent: 'organizations/o',
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'User',
        name: 'alice',
        metadata: {},
        spec: {},
      },
      null,
    );
    await tx.setPolicy(fqns[1], [{ role: 'rbac/writer', subjects: [{ user: 'organizations/o/users/alice' }] }]);
  });
  const v = await auth.authenticator.verifyLogin('admin', 'bench-password', '127.0.0.1');
  const { accessToken } = await auth.authenticator.tokens.issue({ sub: v.user.fqn, org: 'o', name: 'admin', passwordHash: v.passwordHash });
  const secret = Buffer.from((await store.reader.getSecret('auth/jwt-signing-key')) as string, 'base64url');
  const headers = { authorization: `Bearer ${accessToken}` };
  const bare: Op = () => jwtVerify(accessToken, secret, { algorithms: ['HS256'] });
  await compare('authenticate bearer (cached)', () => auth.authenticate(headers, '127.0.0.1'), bare);
  // A distinct token per call defeats the cache: full verification plus the user lookup.
  const tokens = await Promise.all(
    Array.from({ length: 4000 }, () =>
      auth.authenticator.tokens.issue({ sub: v.user.fqn, org: 'o', name: 'admin', passwordHash: v.passwordHash }).then((p) => p.accessToken),
    ),
  );
  await compare(
    'authenticate bearer (uncached)',
    (i) => auth.authenticate({ authorization: `Bearer ${tokens[i % tokens.length]}` }, '127.0.0.1').then(() => auth.authenticator.forget(v.user.fqn)),
    bare,
  );

  const alice: Principal = { subject: 'organizations/o/users/alice', kind: 'user', organization: 'o', username: 'alice' };
  const chain = ['organizations/o', ...fqns];
  const reads: Op = () => Promise.all(chain.map((f) => store.reader.getPolicy(f)));
  await compare('rbac.can WRITE depth 5 (cached)', () => rbac.can(alice, 'WRITE', fqns[3]), reads);
  await compare('rbac.can WRITE depth 5 (cold, after a write)', () => (rbac.invalidate(), rbac.can(alice, 'WRITE', fqns[3])), reads);

  const hash = (await store.reader.getSecret(passwordSecret('organizations/o/users/admin'))) as string;
  const [, N, r, p, salt] = hash.split('$');
  const bareScrypt: Op = () =>
    new Promise((res, rej) =>
      scrypt('bench-password', Buffer.from(salt, 'base64url'), 32, { N: Number(N), r: Number(r), p: Number(p), maxmem: 256 * Number(N) * Number(r) }, (e, k) =>
        e ? rej(e) : res(k),
      ),
    );
  await compare(
    'login verify (scrypt N=32768)',
    (i) => auth.authenticator.verifyLogin('admin', 'bench-password', `10.0.${i % 250}.${randomBytes(1)[0]}`),
    bareScrypt,
  );
  rbac.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
