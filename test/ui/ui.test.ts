// The web UI in Debian's Chromium against a real `meshbridge server` (SQLite), driven by
// playwright-core: log in, create and browse, edit YAML, resolve an etag conflict, change a
// permission, connect the real tctl with the downloaded profile; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, tempDir, type Mp } from '../clusters/_harness.js';
import { httpsJson } from '../support/https-json.js';
import { Agent } from 'node:https';
import { launch, login, newContext, seriousViolations, shot } from './_browser.js';

const PASSWORD = 'ui-Admin-pass-1';
const BOB_PASSWORD = 'ui-Bob-pass-12';
const ORG = 'organizations/tetrate';

interface Rest {
  (method: string, path: string, body?: unknown, user?: [string, string]): Promise<{ status: number; body: unknown }>;
}

async function restFor(mp: Mp): Promise<Rest> {
  const ca = await readFile(mp.caFile, 'utf8');
  const agent = new Agent({ ca, keepAlive: true });
  return async (method, path, body, user = ['admin', PASSWORD]) => {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${user[0]}:${user[1]}`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await httpsJson(agent, `https://${mp.address}${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
    return { status: r.status, body: r.json };
  };
}

/** The etag of a resource, whichever REST shape the server answers with. */
function etagOf(body: unknown): string {
  const b = body as Record<string, unknown> & { metadata?: { resourceVersion?: string } };
  return String(b.etag ?? b.metadata?.resourceVersion);
}

async function assertAccessible(page: Page, name: string): Promise<void> {
  const v = await seriousViolations(page);
  assert.deepEqual(
    v.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe on ${name}`,
  );
}

test('web UI end to end in Chromium against a real server', async (t) => {
  const dir = await tempDir(t, 'mb-ui-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const url = `https://${mp.address}/`;
  const browser: Browser = await launch();
  t.after(async () => {
    await browser.close();
    await mp.proc.stop();
  });
  const rest = await restFor(mp);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();

  await t.test('GET / serves the UI: index revalidated, hashed assets immutable', async () => {
    const index = await page.request.get(url);
    assert.equal(index.status(), 200);
    assert.equal(index.headers()['cache-control'], 'no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    assert.ok(asset, 'index.html references a hashed script');
    const a = await page.request.get(new URL(asset, url).toString());
    assert.equal(a.status(), 200);
    assert.equal(a.headers()['cache-control'], 'public, max-age=31536000, immutable');
  });

  await t.test('a wrong password shows the server message and code; the right one logs in', async () => {
    await page.goto(url);
    await assertAccessible(page, 'login');
    await shot(page, '01-login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('error').waitFor();
    assert.match(await page.getByTestId('error').innerText(), /MB\d{4}/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    assert.equal(await page.getByTestId('header-organization').innerText(), 'tetrate');
    assert.equal(await page.getByTestId('header-user').innerText(), 'admin');
    await assertAccessible(page, 'organization');
    await shot(page, '02-organization');
  });

  await t.test('create a tenant and a workspace in the UI and see them listed with counts', async () => {
    await page.getByRole('button', { name: 'Create Tenant' }).click();
    const form = page.getByRole('form', { name: 'Create Tenant' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('shop');
    await form.getByLabel('Display name').fill('Shop');
    await form.getByRole('button', { name: 'Create' }).click();
    await page
      .getByTestId('object-fqn')
      .filter({ hasText: `${ORG}/tenants/shop` })
      .waitFor();
    assert.equal(await page.getByTestId('header-tenant').innerText(), 'shop');
    await page.getByRole('button', { name: 'Create Workspace' }).click();
    const ws = page.getByRole('form', { name: 'Create Workspace' });
    await ws.getByRole('textbox', { name: 'Name', exact: true }).fill('web');
    await ws.getByLabel('Namespaces').fill('*/web');
    await ws.getByRole('button', { name: 'Create' }).click();
    await page
      .getByTestId('object-fqn')
      .filter({ hasText: `${ORG}/tenants/shop/workspaces/web` })
      .waitFor();
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByTestId('count-workspaces').filter({ hasText: '1' }).waitFor();
    await page.getByRole('link', { name: 'web' }).waitFor();
    const got = await rest('GET', `/v2/${ORG}/tenants/shop/workspaces/web`);
    assert.equal(got.status, 200);
    await shot(page, '03-tenant');
    await page.goto(`${url}#/tree?q=web`);
    await page.getByRole('table', { name: 'Search results' }).getByRole('link', { name: 'web' }).waitFor();
    await assertAccessible(page, 'search');
    await shot(page, '04-search');
  });

  await t.test("edit an object's YAML; a validation error names its field", async () => {
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('yaml-editor');
    const text = await editor.inputValue();
    assert.match(text, /displayName: Shop/);
    await editor.fill(text.replace('displayName: Shop', 'displayName: Shop (edited)'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
    const after = (await rest('GET', `/v2/${ORG}/tenants/shop`)).body;
    assert.match(JSON.stringify(after), /Shop \(edited\)/);
    await assertAccessible(page, 'yaml');
    await shot(page, '05-yaml-saved');
    // An invalid field is reported with its path.
    await page.getByRole('button', { name: 'Edit' }).click();
    const again = await editor.inputValue();
    await editor.fill(again.replace(/spec:\n/, 'spec:\n  noSuchField: 1\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    const err = page.getByTestId('error');
    await err.waitFor();
    assert.match(await err.innerText(), /noSuchField/);
    assert.match(await err.innerText(), /MB\d{4}/);
    await shot(page, '06-yaml-invalid');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  await t.test('an etag conflict shows both versions and reapplies on top of the newer one', async () => {
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('yaml-editor');
    const text = await editor.inputValue();
    // Someone else changes the tenant meanwhile.
    const cur = await rest('GET', `/v2/${ORG}/tenants/shop`);
    const body = cur.body as Record<string, unknown>;
    const changed = body.spec
      ? { ...body, spec: { ...(body.spec as object), description: 'changed elsewhere' } }
      : { ...body, description: 'changed elsewhere' };
    assert.equal((await rest('PUT', `/v2/${ORG}/tenants/shop`, changed)).status, 200);
    await editor.fill(text.replace(/displayName: .*/, 'displayName: Mine'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('conflict').waitFor();
    assert.match(await page.getByTestId('conflict-theirs').innerText(), /changed elsewhere/);
    assert.match(await page.getByTestId('conflict-mine').innerText(), /displayName: Mine/);
    await assertAccessible(page, 'conflict');
    await shot(page, '07-conflict');
    await page.getByRole('button', { name: 'Reapply my changes on the newer version' }).click();
    await page.getByText('Saved').waitFor();
    const final = JSON.stringify((await rest('GET', `/v2/${ORG}/tenants/shop`)).body);
    assert.match(final, /"displayName":"Mine"/);
    assert.notEqual(etagOf(cur.body), etagOf(JSON.parse(final)));
  });

  await t.test("change a permission and see a second user's view change", async () => {
    assert.equal((await rest('POST', `/v2/${ORG}/users`, { name: 'bob', user: { loginName: 'bob' } })).status, 201);
    assert.ok([200, 204].includes((await rest('PUT', `/v2/${ORG}/users/bob/password`, { password: BOB_PASSWORD })).status));
    const bobCtx = await newContext(browser);
    const bob = await bobCtx.newPage();
    await login(bob, url, 'bob', BOB_PASSWORD);
    await bob.getByTestId('count-tenants').filter({ hasText: /^0$/ }).waitFor();
    await shot(bob, '08-bob-before');
    // Admin grants bob reader on the tenant in the Permissions tab.
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByRole('tab', { name: 'Permissions' }).click();
    await page.getByRole('button', { name: 'Add binding' }).click();
    const rows = await page.getByRole('table', { name: 'Access bindings' }).locator('tbody tr').count();
    // A row left without a subject is refused with its row named, never silently dropped.
    await page.getByRole('button', { name: 'Save permissions' }).click();
    await page
      .getByTestId('error')
      .filter({ hasText: `row ${rows}: the subject FQN is empty` })
      .waitFor();
    await page.getByLabel(`Subject of row ${rows}`).fill(`${ORG}/users/bob`);
    await page.getByLabel(`Role of row ${rows}`).selectOption('rbac/reader');
    await page.getByRole('button', { name: 'Save permissions' }).click();
    await page.getByText('Permissions saved').waitFor();
    await assertAccessible(page, 'permissions');
    await shot(page, '09-permissions');
    // Bob's list follows the change without a reload (grants are not config changes, so the
    // watch does not carry them: the UI's 10 s refresh does).
    await bob.getByTestId('count-tenants').filter({ hasText: '1' }).waitFor({ timeout: 25_000 });
    await bob.getByRole('link', { name: 'shop' }).click();
    await bob
      .getByTestId('object-fqn')
      .filter({ hasText: `${ORG}/tenants/shop` })
      .waitFor();
    assert.equal(await bob.getByRole('tab', { name: 'Permissions' }).count(), 0, 'a reader sees no Permissions tab');
    await bob.getByRole('tab', { name: 'YAML' }).click();
    assert.equal(await bob.getByRole('button', { name: 'Edit' }).count(), 0, 'a reader cannot edit');
    await shot(bob, '10-bob-after');
    await bobCtx.close();
  });

  await t.test('the audit tab lists the edits', async () => {
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByRole('tab', { name: 'Audit' }).click();
    const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 3, 'create + two updates');
    await assertAccessible(page, 'audit');
    await shot(page, '11-audit');
  });

  await t.test('connect tctl: the downloaded profile works with the real tctl', async () => {
    await page.goto(`${url}#/connect`);
    await page.getByLabel('Tenant', { exact: true }).selectOption('shop');
    const commands = await page.getByTestId('connect-commands').innerText();
    assert.match(commands, /--org tetrate --tenant shop/);
    assert.match(commands, new RegExp(`--bridge-address ${mp.address.replace(/\./g, '\\.')}`));
    await assertAccessible(page, 'connect');
    await shot(page, '12-connect');
    const [profile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download tctl profile' }).click()]);
    const [caDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CA certificate' }).click()]);
    const work = join(dir, 'tctl-work');
    await profile.saveAs(join(work, 'tctl-profile.yaml'));
    await caDl.saveAs(join(work, 'meshbridge-ca.pem'));
    assert.equal(await readFile(join(work, 'meshbridge-ca.pem'), 'utf8'), await readFile(mp.caFile, 'utf8'));
    const env = { HOME: work, TCTL_CONFIG: join(work, 'tctl.yaml') };
    await tctlIn(work, env, ['config', 'profiles', 'import', 'tctl-profile.yaml']);
    await tctlIn(work, { ...env, TCTL_LOGIN_PASSWORD: PASSWORD }, ['login', '--username', 'admin', '--org', 'tetrate', '--tenant', 'shop']);
    const got = await tctlIn(work, env, ['get', 'workspaces', '-o', 'yaml']);
    assert.match(got.stdout, /name: web/);
  });

  await t.test('usable at 390 px wide', async () => {
    const narrow = await newContext(browser, { width: 390, height: 844 });
    const p = await narrow.newPage();
    await login(p, url, 'admin', PASSWORD);
    const overflow = (await p.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 1, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
    await shot(p, '13-narrow');
    // The navigation sits behind the hamburger button on a phone.
    await p.getByRole('button', { name: 'Toggle navigation' }).click();
    await p.getByRole('link', { name: 'Clusters' }).click();
    await p.getByRole('heading', { name: 'Clusters', level: 1 }).waitFor();
    await shot(p, '13b-narrow-clusters');
    await narrow.close();
  });

  await t.test('keyboard: Tab reaches the navigation and Enter follows a link', async () => {
    await page.goto(`${url}#/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate("document.activeElement?.textContent?.trim() === 'Clusters'")) as boolean;
    }
    assert.ok(reached, 'the Clusters link is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Clusters', level: 1 }).waitFor();
  });

  await t.test('an expired session asks for the password again and keeps what the user typed', async () => {
    await page.goto(`${url}#/object/${ORG}/tenants/shop`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('yaml-editor');
    const typed = (await editor.inputValue()).replace(/displayName: .*/, 'displayName: Typed before expiry');
    await editor.fill(typed);
    // Every issued token stops working (as when the session expires), refresh tokens too.
    assert.equal((await rest('POST', '/v2/auth/signing-key/rotate')).status, 200);
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has expired' });
    await dialog.waitFor();
    await shot(page, '14-expired');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await editor.inputValue(), typed, 'the editor still holds the text');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
  });
});

async function tctlIn(cwd: string, env: Record<string, string>, args: string[]): Promise<{ stdout: string }> {
  const { spawn } = await import('node:child_process');
  const { binCommand } = await import('../support/bins.js');
  const { command, args: base } = binCommand('tctl');
  const child = spawn(command, [...base, ...args], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
  assert.equal(code, 0, `tctl ${args.join(' ')}: ${out}\n${err}`);
  return { stdout: out };
}
