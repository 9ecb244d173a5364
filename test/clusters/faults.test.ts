import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectionError, type MeshClient } from '../../src/client/index.js';
import { CoreErrors, isMeshError } from '../../src/api/index.js';
import { freePort, readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory, type Mp, type Proc } from './_harness.js';
import { EXPECTED, IG, INVENTORY, adminClient, configYaml } from './_config.js';

const PASSWORD = 'faults-Admin-pass-1';
const VS = 'bookinfo/VirtualService/bookinfo-gw-bookinfo';
/** How long one agent is cut off while writes continue (the issue: a minute). */
const FREEZE_MS = 60_000;

/** Every `key@hash` an agent process logged as applied (across its restarts). */
function appliedPairs(procs: readonly Proc[]): string[] {
  return procs.flatMap((p) =>
    p.logs().flatMap((l) => (l.msg === 'snapshot applied' || l.msg === 'snapshot applied with errors (NACK)' ? (l.applied as string[]) : [])),
  );
}

/**
 * Applies of an object content (`key@hash`) the agent had applied before: the same version
 * delivered twice, or content that changed and changed back (A → B → A). The latter is what a
 * restarted server did before it seeded the mesh view from the clusters' stored status: a policy
 * over the mesh's namespaces was written without the not-yet-reconnected cluster's namespaces,
 * then with them again, briefly narrowing access (issue #18). Neither may happen.
 */
function duplicates(pairs: readonly string[]): string[] {
  const seen = new Set<string>();
  return pairs.filter((p) => (seen.has(p) ? true : (seen.add(p), false)));
}

/**
 * The failures a write may meet while the server is killed and restarted: no listener or a cut
 * connection, the server not ready yet (503), or an etag conflict (the previous attempt committed
 * but its answer was lost). Anything else is a real failure and must fail the test.
 */
function expectedWhileRestarting(e: unknown): boolean {
  if (e instanceof ConnectionError) return e.reason === 'refused' || e.reason === 'reset' || e.reason === 'timeout';
  if (!isMeshError(e)) return false;
  const http = e.details?.httpStatus;
  return e.code === CoreErrors.EtagMismatch.code || http === 503;
}

/** Sets the gateway hostname, retrying only on expectedWhileRestarting (the write counts once acknowledged). */
async function setHostname(client: () => MeshClient, host: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 400; attempt++) {
    try {
      const ig = await client().get(IG);
      const spec = ig.spec as { http: { hostname: string }[] };
      spec.http[0].hostname = host;
      await client().update(IG, ig);
      return;
    } catch (e) {
      if (!expectedWhileRestarting(e)) throw e;
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`could not write ${host} in 400 attempts; last error: ${String(last)}`);
}

test('faults: NACK shows FAILED with the reason; kill -9 server mid-rollout; kill -9 agent; agent cut off (frozen) for a minute while writes continue — all converge, nothing lost or applied twice', async (t) => {
  const dir = await tempDir(t, 'mb-clusters-faults-');
  const data = join(dir, 'data');
  const ports = { port: await freePort(), agentPort: await freePort() };
  let mp: Mp = await startServer({ dataDir: data, password: PASSWORD, ...ports });
  const procs: Record<string, Proc[]> = { c1: [], c2: [] };
  t.after(async () => {
    for (const list of Object.values(procs)) for (const p of list) await p.stop();
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'gitops');
  const spawnAgent = (c: string): Proc => {
    const p = startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.json`) });
    procs[c].push(p);
    return p;
  };
  // GIVEN c2's sink cannot hold the Gateway (a file sits where its folder must go)
  await mkdir(join(sink, 'c2', 'bookinfo'), { recursive: true });
  await writeFile(join(sink, 'c2', 'bookinfo', 'Gateway'), 'not a folder');
  for (const c of ['c1', 'c2']) {
    await writeFile(join(dir, `${c}.jwk`), (await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster'])).stdout);
    await writeInventory(join(dir, `${c}.inventory.json`), INVENTORY[c]);
    spawnAgent(c);
  }
  await writeFile(join(dir, 'config.yaml'), configYaml('h0.example.com'));
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
  let client = await adminClient(mp.address, mp.caFile, PASSWORD);

  // THEN the IngressGateway is READY in c1, FAILED in c2 with the sink's reason, PARTIAL overall
  await until(async () => (await client.status(IG)).status === 'PARTIAL', 'IngressGateway PARTIAL');
  const st = await client.status(IG);
  const clusters = st.clusters as Record<string, { status: string; message?: string }>;
  assert.equal(clusters.c1.status, 'READY');
  assert.equal(clusters.c2.status, 'FAILED');
  assert.match(clusters.c2.message ?? '', /bookinfo\/Gateway\/bookinfo-gw: .*(ENOTDIR|EEXIST)/);
  assert.equal(st.lastEvent, 'XCP_PARTIALLY_APPLIED');
  await until(async () => (await sinkKeys(join(sink, 'c1'))).length === EXPECTED.c1.length, 'c1 synced');

  // WHEN the server is killed -9 in the middle of a run of writes and restarted
  const writes = 12;
  for (let i = 1; i <= writes; i++) {
    if (i === 6) {
      await mp.proc.kill9();
      mp = await startServer({ dataDir: data, password: PASSWORD, ...ports });
      client = await adminClient(mp.address, mp.caFile, PASSWORD);
    }
    await setHostname(() => client, `h${i}.example.com`);
  }
  // THEN both agents converge to the last acknowledged write
  try {
    for (const c of ['c1', 'c2'])
      await until(async () => (await readObject(join(sink, c), VS)).includes(`h${writes}.example.com`), `${c} converged after server restart`);
  } catch (e) {
    for (const c of ['c1', 'c2'])
      t.diagnostic(
        `${c} agent output:\n${procs[c]
          .map((p) => p.out + p.err)
          .join('\n')
          .slice(-4000)}`,
      );
    throw e;
  }

  // WHEN an agent is killed -9 while writes continue, and restarted
  await procs.c1[procs.c1.length - 1].kill9();
  for (let i = writes + 1; i <= writes + 4; i++) await setHostname(() => client, `h${i}.example.com`);
  spawnAgent('c1');
  await until(async () => (await readObject(join(sink, 'c1'), VS)).includes(`h${writes + 4}.example.com`), 'c1 converged after agent restart');

  // WHEN an agent is cut off for a minute (SIGSTOP: it neither reads nor answers; the server drops
  // its stream after three missed heartbeats) while writes continue, one every 250 ms
  const frozen = procs.c2[procs.c2.length - 1];
  frozen.child.kill('SIGSTOP');
  const thawAt = Date.now() + FREEZE_MS;
  let last = writes + 4;
  while (Date.now() < thawAt) {
    await setHostname(() => client, `h${++last}.example.com`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await until(async () => (await readObject(join(sink, 'c1'), VS)).includes(`h${last}.example.com`), 'c1 kept converging');
  assert.equal((await readObject(join(sink, 'c2'), VS)).includes(`h${last}.example.com`), false, 'the frozen agent cannot have applied it');
  frozen.child.kill('SIGCONT');
  // Reconnecting after the dropped stream takes at most the agent's backoff ceiling (10 s).
  await until(async () => (await readObject(join(sink, 'c2'), VS)).includes(`h${last}.example.com`), 'c2 converged after thawing', 60_000);

  // AND no agent applied the same object content twice, across restarts
  for (const c of ['c1', 'c2']) assert.deepEqual(duplicates(appliedPairs(procs[c])), [], `${c} applied something twice`);
  // AND the statuses settle: READY in c1, still FAILED (the sink is still broken) in c2
  await until(async () => {
    const s = await client.status(IG);
    const cs = s.clusters as Record<string, { status: string; version?: string }>;
    return s.status === 'PARTIAL' && cs.c1?.status === 'READY' && cs.c2?.status === 'FAILED';
  }, 'statuses settle');
});
