// The web UI's cluster and topology pages in Debian's Chromium, against a real server and two real
// agents (directory sinks, file inventories): a cluster turns READY on screen when its agent
// connects, and the topology shows both clusters and the tier-1 → ingress gateway route between them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startAgent, startServer, tctl, tctlProfile, tempDir, type Proc } from '../clusters/_harness.js';
import { launch, login, newContext, seriousViolations, shot } from './_browser.js';

const PASSWORD = 'ui-Admin-pass-2';

const meta = (extra: string): string => `metadata:\n  organization: tetrate\n  tenant: edge\n${extra}`;
const CONFIG = `apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata:
  organization: tetrate
  name: edge
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
${meta('  name: front')}
spec:
  namespaceSelector:
    names: ["c1/tier1", "c2/shop"]
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Group
${meta('  workspace: front\n  name: gw')}
spec:
  namespaceSelector:
    names: ["c1/tier1", "c2/shop"]
  configMode: BRIDGED
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Tier1Gateway
${meta('  workspace: front\n  group: gw\n  name: tier1')}
spec:
  workloadSelector:
    namespace: tier1
    labels:
      app: tier1-gateway
  externalServers:
  - name: shop
    hostname: shop.example.com
    port: 80
    clusters:
    - name: c2
      weight: 100
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: IngressGateway
${meta('  workspace: front\n  group: gw\n  name: shop-gw')}
spec:
  workloadSelector:
    namespace: shop
    labels:
      app: shop-gateway
  http:
  - name: shop
    port: 80
    hostname: shop.example.com
    routing:
      rules:
      - route:
          host: shop/web.shop.svc.cluster.local
          port: 80
`;

test('web UI clusters and topology in Chromium against a real server and two agents', async (t) => {
  const dir = await tempDir(t, 'mb-ui-clusters-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  const browser: Browser = await launch();
  t.after(async () => {
    await browser.close();
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const inventories: Record<string, { namespaces: string[]; services: { namespace: string; name: string; ports: { name: string; port: number }[] }[] }> = {
    c1: { namespaces: ['tier1'], services: [{ namespace: 'tier1', name: 'tier1-gateway', ports: [{ name: 'http', port: 80 }] }] },
    c2: { namespaces: ['shop'], services: [{ namespace: 'shop', name: 'web', ports: [{ name: 'http', port: 80 }] }] },
  };
  for (const c of ['c1', 'c2']) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster']);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    await writeFile(join(dir, `${c}.inventory.json`), JSON.stringify(inventories[c]));
  }
  const startCluster = (c: string): void => {
    agents.push(startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: join(dir, 'sink'), inventory: join(dir, `${c}.inventory.json`) }));
  };
  startCluster('c1');

  const page = await (await newContext(browser)).newPage();
  const url = `https://${mp.address}/`;
  await login(page, url, 'admin', PASSWORD);

  await t.test('a cluster goes READY on the page when its agent connects, without a reload', async () => {
    await page.goto(`${url}#/clusters`);
    const c1 = page.getByTestId('cluster-c1');
    const c2 = page.getByTestId('cluster-c2');
    await c1.locator('[data-status="READY"]').waitFor({ timeout: 30_000 });
    await c2.waitFor();
    assert.equal(await c2.locator('[data-status="READY"]').count(), 0, 'c2 has no agent yet');
    assert.match(await c2.innerText(), /not synced/);
    assert.match(await c1.innerText(), /\d+\.\d+\.\d+/, 'agent version shown');
    await shot(page, '20-clusters-one-ready');
    startCluster('c2');
    await c2.locator('[data-status="READY"]').waitFor({ timeout: 30_000 });
    assert.match(await c2.innerText(), /\b1\b/, 'namespace and service counts from the inventory');
    const v = await seriousViolations(page);
    assert.deepEqual(
      v.map((x) => x.id),
      [],
      'axe on clusters',
    );
    await shot(page, '21-clusters-ready');
  });

  await t.test('the topology shows the two clusters and the gateway route between them', async () => {
    await writeFile(join(dir, 'config.yaml'), CONFIG);
    await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
    await page.goto(`${url}#/topology`);
    const nodes = page.getByTestId('topology-nodes');
    const tier1 = 'organizations/tetrate/tenants/edge/workspaces/front/gatewaygroups/gw/tier1gateways/tier1';
    const ingress = 'organizations/tetrate/tenants/edge/workspaces/front/gatewaygroups/gw/ingressgateways/shop-gw';
    await nodes.locator(`[data-id="gw:${tier1}@c1"]`).waitFor({ timeout: 30_000 });
    for (const id of ['cluster:c1', 'cluster:c2', `gw:${ingress}@c2`, 'svc:c2/shop/web']) await nodes.locator(`[data-id="${id}"]`).waitFor();
    assert.equal(await nodes.locator('li').count(), 5);
    const edges = await page.getByTestId('topology-edges').innerText();
    assert.match(edges, /tier-1 tier1 → ingress shop-gw shop\.example\.com \(weight 100\)/);
    assert.match(edges, /ingress shop-gw → shop\/web/);
    // The graph itself is drawn: two cluster groups with gateway nodes inside.
    await page.locator('[data-layout="done"]').waitFor({ timeout: 10_000 });
    const ids = await Promise.all((await page.locator('[data-layout="done"] [data-id]').all()).map((l) => l.getAttribute('data-id')));
    const drawn = [...new Set(ids.map(String))].sort();
    const [t1, ig] = [`gw:${tier1}@c1`, `gw:${ingress}@c2`];
    const want = ['mesh', 'cluster:c1', 'cluster:c2', t1, ig, 'svc:c2/shop/web', `${t1}->${ig}`, `${ig}->svc:c2/shop/web`];
    assert.deepEqual(drawn, want.sort(), 'every node and edge drawn in the graph');
    const v = await seriousViolations(page);
    assert.deepEqual(
      v.map((x) => x.id),
      [],
      'axe on topology',
    );
    await shot(page, '22-topology');
    // Click through to the gateway object.
    await nodes.getByRole('link', { name: 'ingress shop-gw' }).click();
    await page.getByTestId('object-fqn').filter({ hasText: ingress }).waitFor();
    await shot(page, '23-gateway-object');
  });
});
