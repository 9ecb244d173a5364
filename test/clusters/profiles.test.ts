// Issue #18 end to end: Profile defaults and mandates (TSB profile.tsb.tetrate.io/v2). A real
// server and a real agent (directory sink, file inventory), configuration applied with tctl: a
// mandate of an organization-level Profile reaches the sink over the SecuritySetting's own value,
// an edit of the Profile alone reaches it too, `tctl get` reads the Profile back, and deleting it
// makes the SecuritySetting fail closed with the status naming spec.profiles[0] (MB3050).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from './_harness.js';
import { adminClient } from './_config.js';
import { CLUSTERS, ORG, SEC, base } from '../../src/translate/goldens.test-data.js';

const PASSWORD = 'e2e-Admin-pass-1';
const PROFILE = `${ORG}/profiles/strict`;

const profileYaml = (trafficMode: string, name = 'strict'): string =>
  stringify({
    apiVersion: 'profile.tsb.tetrate.io/v2',
    kind: 'Profile',
    metadata: { name, organization: 'tetrate' },
    spec: { mandates: { authenticationSettings: { trafficMode } } },
  });
const settingYamlListing = (profiles: string[]): string =>
  stringify({
    apiVersion: 'security.tsb.tetrate.io/v2',
    kind: 'SecuritySetting',
    metadata: { name: 'default', organization: 'tetrate', tenant: 'prod', workspace: 'bookinfo', group: 'sec' },
    spec: { profiles, authenticationSettings: { trafficMode: 'OPTIONAL' }, authorization: { mode: 'NAMESPACE' } },
  });
const settingYaml = settingYamlListing([PROFILE]);

test("server + agent: a Profile mandate reaches the sink over the setting's own value, a Profile edit alone reaches it too, and a deleted Profile fails closed (MB3050)", async (t) => {
  const dir = await tempDir(t, 'mb-profile-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'sink');
  const c1 = CLUSTERS[0];
  const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c1.name, '--create-cluster']);
  await writeFile(join(dir, 'c1.jwk'), jwk.stdout);
  await writeFile(join(dir, 'c1.inventory.json'), JSON.stringify({ namespaces: c1.namespaces, services: [], trustDomain: c1.trustDomain }));
  agents.push(startAgent({ cluster: c1.name, jwk: join(dir, 'c1.jwk'), mp, sinkDir: sink, inventory: join(dir, 'c1.inventory.json') }));
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  await until(async () => (await client.status(`${ORG}/clusters/c1`)).status === 'READY', 'cluster c1 READY');
  const tree = base().filter((r) => ['Tenant', 'Workspace', 'Group'].includes(r.kind) && !r.fqn.includes('istiointernal'));
  const metaOf = (fqn: string, name: string): Record<string, string> => {
    const p = fqn.split('/');
    const m: Record<string, string> = { name };
    for (let i = 0; i + 3 < p.length; i += 2) m[{ organizations: 'organization', tenants: 'tenant', workspaces: 'workspace' }[p[i]] ?? 'x'] = p[i + 1];
    return m;
  };
  await tctl(
    env,
    ['apply', '-f', '-'],
    tree.map((r) => stringify({ apiVersion: r.apiVersion, kind: r.kind, metadata: metaOf(r.fqn, r.name), spec: r.spec })).join('---\n'),
  );
  const pa = async (): Promise<unknown> => {
    const keys = await sinkKeys(join(sink, 'c1'));
    return keys.includes('bookinfo/PeerAuthentication/sec-default')
      ? (parse(await readObject(join(sink, 'c1'), 'bookinfo/PeerAuthentication/sec-default')) as { spec: unknown }).spec
      : undefined;
  };

  // GIVEN an organization Profile mandating REQUIRED and a SecuritySetting that lists it but says OPTIONAL
  const applied = await tctl(env, ['apply', '-f', '-'], `${profileYaml('REQUIRED')}---\n${settingYaml}`);
  assert.equal(applied.stderr, '', 'profiles are translated: no warning');
  // THEN the mandate wins in the sink
  await until(async () => JSON.stringify(await pa()) === JSON.stringify({ mtls: { mode: 'STRICT' } }), 'mandated STRICT in c1');
  await until(async () => (await client.status(`${SEC}/settings/default`)).status === 'READY', 'setting READY');
  // tctl reads the Profile back through the generic machinery.
  const got = await tctl(env, ['get', 'Profile', 'strict', '-o', 'yaml']);
  assert.match(got.stdout, /kind: Profile[\s\S]*trafficMode: REQUIRED/);

  // WHEN only the Profile changes THEN the cluster is recomputed and the sink follows.
  await tctl(env, ['apply', '-f', '-'], profileYaml('OPTIONAL'));
  await until(async () => JSON.stringify(await pa()) === JSON.stringify({ mtls: { mode: 'PERMISSIVE' } }), 'profile edit reaches c1');

  // WHEN a second listed profile mandates the same field differently THEN the earlier one keeps it
  // (a mandate cannot be relaxed by a later profile) and the status names the later entry (MB3051).
  await tctl(env, ['apply', '-f', '-'], `${profileYaml('REQUIRED', 'second')}---\n${settingYamlListing([PROFILE, `${ORG}/profiles/second`])}`);
  await until(async () => (await client.status(`${SEC}/settings/default`)).status === 'PARTIAL', 'conflicting mandates PARTIAL');
  const conflict = (await client.status(`${SEC}/settings/default`)) as unknown as { events: { field: string; code: string }[] };
  assert.deepEqual(
    conflict.events.map((e) => [e.field, e.code]),
    [['spec.profiles[1]', 'MB3051']],
  );
  assert.deepEqual(await pa(), { mtls: { mode: 'PERMISSIVE' } }, 'the earlier mandate stays in force');
  await tctl(env, ['apply', '-f', '-'], settingYaml);
  await until(async () => (await client.status(`${SEC}/settings/default`)).status === 'READY', 'one profile again: READY');

  // WHEN the Profile is deleted THEN its mandates cannot be enforced: DENY-all and PARTIAL naming the field.
  await tctl(env, ['delete', 'Profile', 'strict']);
  await until(async () => (await sinkKeys(join(sink, 'c1'))).includes('bookinfo/AuthorizationPolicy/sec-default-fail-closed'), 'fail closed in c1');
  await until(async () => (await client.status(`${SEC}/settings/default`)).status === 'PARTIAL', 'setting PARTIAL');
  const st = (await client.status(`${SEC}/settings/default`)) as unknown as { lastEvent: string; events: { field: string; code: string }[] };
  assert.equal(st.lastEvent, 'TRANSLATION_FAIL_CLOSED');
  assert.deepEqual(
    st.events.map((e) => [e.field, e.code]),
    [['spec.profiles[0]', 'MB3050']],
  );
  await Promise.all(agents.map((a) => a.stop()));
});
