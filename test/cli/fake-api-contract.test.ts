// tctl's unit tests run against src/client/fake-api.test-support.ts, an in-memory stand-in for the
// REST API. This suite runs the same requests against the fake and the real `meshbridge server`
// and checks both answer what tctl relies on (statuses, error codes, body shapes), so the fake
// cannot drift from the server without a test failing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from '../../src/client/fake-api.test-support.js';
import { startServer, type RunningServer } from './_harness.js';

const PASSWORD = 'contract-Pw-1';
const T = 'organizations/tetrate/tenants/contract';

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}
type Send = (method: string, path: string, body?: unknown, auth?: string) => Promise<Reply>;

/** One target of the contract: how to send a request and the admin's credentials there. */
interface Target {
  readonly name: string;
  readonly send: Send;
  readonly basic: string;
}

function sender(base: string, agent?: Agent): Send {
  return (method, path, body, auth) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: auth } : {}),
      };
      const req = (agent ? httpsRequest : httpRequest)(`${base}/v2/${path}`, { method, headers, timeout: 30_000, ...(agent ? { agent } : {}) }, (res) => {
        let text = '';
        res.on('data', (c) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
}

let dataDir = '';
let server: RunningServer | undefined;
let fake: FakeApi | undefined;
const targets: Target[] = [];

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mb-contract-'));
  server = await startServer(dataDir, PASSWORD);
  fake = await startFakeApi({ admin: PASSWORD });
  // The server creates its organization on first start; the fake starts empty, so give it the same.
  fake.resources.set('organizations/tetrate', {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Organization',
    metadata: { name: 'tetrate', resourceVersion: '"e0"' },
    spec: { fqn: 'organizations/tetrate', etag: '"e0"' },
  });
  const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
  targets.push({ name: 'real server', send: sender(`https://${server.address}`, new Agent({ ca: readFileSync(server.caFile) })), basic });
  targets.push({ name: 'fake', send: sender(`http://${fake.address}`), basic });
});

after(async () => {
  await fake?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `check` against every target; a failure names the target that broke the contract. */
async function onBoth(check: (t: Target) => Promise<void>): Promise<void> {
  for (const t of targets) {
    try {
      await check(t);
    } catch (e) {
      (e as Error).message = `${t.name}: ${(e as Error).message}`;
      throw e;
    }
  }
}

test('login: a token pair for the right password, MB1010 for a wrong one; refresh issues a new pair', () =>
  onBoth(async ({ send }) => {
    const ok = await send('POST', 'auth/login', { username: 'admin', password: PASSWORD });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body.accessToken, 'string');
    assert.equal(typeof ok.body.refreshToken, 'string');
    assert.equal(typeof ok.body.expiresIn, 'number');
    const bad = await send('POST', 'auth/login', { username: 'admin', password: 'wrong' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, 'MB1010');
    const again = await send('POST', 'auth/refresh', { refreshToken: ok.body.refreshToken });
    assert.equal(again.status, 200);
    assert.equal(typeof again.body.accessToken, 'string');
  }));

test('whoami names the user, its kind and organization; no credentials is MB1010', () =>
  onBoth(async ({ send, basic }) => {
    const me = await send('GET', 'whoami', undefined, basic);
    assert.equal(me.status, 200);
    assert.deepEqual({ ...me.body }, { subject: 'organizations/tetrate/users/admin', kind: 'user', organization: 'tetrate', username: 'admin' });
    const anon = await send('GET', 'whoami');
    assert.equal(anon.status, 401);
    assert.equal(anon.body.code, 'MB1010');
  }));

test("create, read, list, replace with etags, delete: statuses, codes and TSB's REST message (tctl converts it to the envelope)", () =>
  onBoth(async ({ send, basic }) => {
    const envelope = {
      apiVersion: 'api.tsb.tetrate.io/v2',
      kind: 'Tenant',
      metadata: { name: 'contract', organization: 'tetrate' },
      spec: { displayName: 'Contract' },
    };
    const created = await send('POST', 'organizations/tetrate/tenants', envelope, basic);
    assert.equal(created.status, 201);
    const etag = created.body.etag as string;
    assert.equal(created.body.fqn, T);
    assert.equal(typeof etag, 'string');
    assert.equal(created.body.displayName, 'Contract');
    assert.equal(created.body.metadata, undefined, 'no envelope-only metadata was set');

    const dup = await send('POST', 'organizations/tetrate/tenants', envelope, basic);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'MB1003');

    const got = await send('GET', T, undefined, basic);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created.body);

    const missing = await send('GET', 'organizations/tetrate/tenants/nope', undefined, basic);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'MB1002');

    const list = await send('GET', 'organizations/tetrate/tenants', undefined, basic);
    assert.equal(list.status, 200);
    assert.ok(((list.body.tenants as Record<string, unknown>[]) ?? []).some((x) => x.fqn === T));

    const stale = await send('PUT', T, { ...envelope, metadata: { ...envelope.metadata, resourceVersion: '"stale"' } }, basic);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'MB1004');

    const replaced = await send('PUT', T, { ...envelope, metadata: { ...envelope.metadata, resourceVersion: etag }, spec: { displayName: 'Changed' } }, basic);
    assert.equal(replaced.status, 200);
    assert.notEqual(replaced.body.etag, etag);
    assert.equal(replaced.body.displayName, 'Changed');

    const status = await send('GET', `${T}/status`, undefined, basic);
    assert.equal(status.status, 200);
    assert.equal(typeof status.body.status, 'string');

    const deleted = await send('DELETE', T, undefined, basic);
    assert.equal(deleted.status, 200);
    assert.ok((deleted.body.deleted as string[]).includes(T));
    assert.equal((await send('GET', T, undefined, basic)).status, 404);
  }));

test('the audit log answers newest first, filtered by kind and limited', () =>
  onBoth(async ({ send, basic }) => {
    const r = await send('GET', 'audit?kind=Tenant&limit=1', undefined, basic);
    assert.equal(r.status, 200);
    const entries = r.body.entries as Record<string, unknown>[];
    assert.equal(entries.length, 1);
    assert.equal(entries[0].kind, 'Tenant');
    assert.equal(entries[0].fqn, T);
    assert.equal(entries[0].op, 'delete');
  }));
