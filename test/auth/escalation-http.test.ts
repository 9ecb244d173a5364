// Privilege escalations found in review, replayed over HTTPS against the real `meshbridge server`:
// WRITE (which an organization rbac/editor or rbac/writer inherits on every user, team and service
// account) must not be enough to take another identity — resetting admin's password, joining a team
// that holds rbac/admin, minting a key for a service account. Each needs SET_POLICY; an admin holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicHeader, startAuthServer, type Answer, type AuthTestServer } from './_server.js';

const ADMIN = basicHeader('admin', 'admin-password-1');
const ORG = 'organizations/o';
const EVE = basicHeader('eve', 'eve-password-1');

function expectStatus(r: Answer, status: number, what: string): Answer {
  assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
  return r;
}

/** Asserts a 403 MB1012 whose detail names the missing SET_POLICY on `fqn`. */
function expectSetPolicyMissing(r: Answer, fqn: string, what: string): void {
  expectStatus(r, 403, what);
  assert.equal(r.body.code, 'MB1012', what);
  assert.match(String(r.body.detail), new RegExp(`permission SET_POLICY on ${fqn} is missing`), what);
}

/** Adds one binding on `fqn`, keeping those already there. */
async function grant(s: AuthTestServer, fqn: string, role: string, subject: Record<string, string>): Promise<void> {
  const cur = expectStatus(await s.call('GET', `/v2/${fqn}/accessbindings`, ADMIN), 200, 'read bindings').body;
  const allow = [...(cur.allow as unknown[]), { role, subjects: [subject] }];
  expectStatus(await s.call('PUT', `/v2/${fqn}/accessbindings`, ADMIN, { allow, etag: cur.etag }), 200, `grant ${role}`);
}

/** Replaces a team's members as `who`, from a fresh read. */
async function setMembers(s: AuthTestServer, who: Record<string, string>, team: string, members: string[]): Promise<Answer> {
  const cur = expectStatus(await s.call('GET', `/v2/${team}`, who), 200, `read ${team}`).body as Record<string, unknown>;
  return s.call('PUT', `/v2/${team}`, who, { ...cur, members });
}

test('an organization editor cannot take over admin nor cut a service account off; an admin can do what it was refused', async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'eve', user: { loginName: 'eve' } }), 201, 'create eve');
  expectStatus(await s.call('PUT', `/v2/${ORG}/users/eve/password`, ADMIN, { password: 'eve-password-1' }), 204, 'eve password');
  await grant(s, ORG, 'rbac/editor', { user: `${ORG}/users/eve` });
  expectStatus(await s.call('POST', `/v2/${ORG}/teams`, ADMIN, { name: 'admins', team: { members: [`${ORG}/users/admin`] } }), 201, 'team admins');
  await grant(s, ORG, 'rbac/admin', { team: `${ORG}/teams/admins` });
  const team = `${ORG}/teams/admins`;

  await t.test("eve (rbac/editor on the organization) cannot reset admin's password: 403 naming SET_POLICY", async () => {
    expectSetPolicyMissing(await s.call('PUT', `/v2/${ORG}/users/admin/password`, EVE, { password: 'taken-over-1' }), `${ORG}/users/admin`, 'reset admin');
    expectStatus(await s.call('POST', '/v2/auth/login', {}, { username: 'admin', password: 'taken-over-1' }), 401, 'login with the attempted password');
    expectStatus(await s.call('GET', '/v2/whoami', ADMIN), 200, 'admin keeps its password');
  });

  await t.test('eve cannot add herself to a team holding rbac/admin, nor create a team with members', async () => {
    expectSetPolicyMissing(await setMembers(s, EVE, team, [`${ORG}/users/admin`, `${ORG}/users/eve`]), team, 'join admins');
    const stored = expectStatus(await s.call('GET', `/v2/${team}`, ADMIN), 200, 'read admins').body as { members: string[] };
    assert.deepEqual(stored.members, [`${ORG}/users/admin`], 'membership unchanged');
    expectStatus(await s.call('GET', `/v2/${ORG}/accessbindings`, EVE), 403, 'eve still holds no GET_POLICY');
    expectSetPolicyMissing(
      await s.call('POST', `/v2/${ORG}/teams`, EVE, { name: 'mine', team: { members: [`${ORG}/users/eve`] } }),
      `${ORG}/teams/mine`,
      'create with members',
    );
    expectStatus(await s.call('GET', `/v2/${ORG}/teams/mine`, ADMIN), 404, 'nothing half-written');
  });

  await t.test('eve keeps what WRITE and CREATE are for: an empty team, and edits that leave members alone', async () => {
    expectStatus(await s.call('POST', `/v2/${ORG}/teams`, EVE, { name: 'empty', team: { members: [] } }), 201, 'create empty team');
    const cur = expectStatus(await s.call('GET', `/v2/${team}`, EVE), 200, 'read admins').body as Record<string, unknown>;
    expectStatus(await s.call('PUT', `/v2/${team}`, EVE, { ...cur, description: 'the admins' }), 200, 'describe admins');
  });

  await t.test('eve cannot mint a key for a service account (it would let her act as it), nor revoke one', async () => {
    expectStatus(await s.call('POST', `/v2/${ORG}/serviceaccounts`, ADMIN, { name: 'robot', serviceAccount: {} }), 201, 'create robot');
    expectSetPolicyMissing(await s.call('POST', `/v2/${ORG}/serviceaccounts/robot/keys`, EVE, {}), `${ORG}/serviceaccounts/robot`, 'add key');
    const added = expectStatus(await s.call('POST', `/v2/${ORG}/serviceaccounts/robot/keys`, ADMIN, {}), 201, 'admin adds a key').body as {
      keys: { id: string }[];
    };
    // Nor cut the account off by revoking its key (issue 10: as a cluster credential's revocation).
    expectSetPolicyMissing(
      await s.call('DELETE', `/v2/${ORG}/serviceaccounts/robot/keys/${added.keys[0].id}`, EVE),
      `${ORG}/serviceaccounts/robot`,
      'revoke key',
    );
  });

  await t.test("an admin can reset another user's password and add a member to the admin team", async () => {
    expectStatus(await s.call('PUT', `/v2/${ORG}/users/eve/password`, ADMIN, { password: 'eve-password-2' }), 204, 'admin resets eve');
    const eve2 = basicHeader('eve', 'eve-password-2');
    expectStatus(await setMembers(s, ADMIN, team, [`${ORG}/users/admin`, `${ORG}/users/eve`]), 200, 'admin adds eve');
    // Now an admin through the team, eve may do both herself.
    expectStatus(await s.call('GET', `/v2/${ORG}/accessbindings`, eve2), 200, 'eve is an admin now');
    expectStatus(await s.call('PUT', `/v2/${ORG}/users/admin/password`, eve2, { password: 'admin-password-2' }), 204, 'an admin resets admin');
    expectStatus(await s.call('GET', '/v2/whoami', basicHeader('admin', 'admin-password-2')), 200, 'admin logs in with the new password');
  });
});

/** Replaces a user's loginName as `who`, from a fresh admin read (TSB's REST message, sent back as read). */
async function setLoginName(s: AuthTestServer, who: Record<string, string>, user: string, loginName: string): Promise<Answer> {
  const cur = expectStatus(await s.call('GET', `/v2/${ORG}/users/${user}`, ADMIN), 200, `read ${user}`).body as Record<string, unknown>;
  return s.call('PUT', `/v2/${ORG}/users/${user}`, who, { ...cur, loginName });
}

test("login names: an organization editor cannot rename another user's login (nor her own) nor take the admin's name in any case; names stay unique", async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'eve', user: { loginName: 'eve' } }), 201, 'create eve');
  expectStatus(await s.call('PUT', `/v2/${ORG}/users/eve/password`, ADMIN, { password: 'eve-password-1' }), 204, 'eve password');
  await grant(s, ORG, 'rbac/editor', { user: `${ORG}/users/eve` });
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'alice', user: { loginName: 'alice' } }), 201, 'create alice');

  // Locking the admin out: admin's login name renamed away.
  expectSetPolicyMissing(await setLoginName(s, EVE, 'admin', 'old-admin'), `${ORG}/users/admin`, "rename admin's login");
  expectStatus(await s.call('GET', '/v2/whoami', ADMIN), 200, 'admin still logs in as admin');
  // Taking over a name: her own login renamed to the admin's, in another case.
  expectSetPolicyMissing(await setLoginName(s, EVE, 'eve', 'Admin'), `${ORG}/users/eve`, 'rename own login');
  expectSetPolicyMissing(await setLoginName(s, EVE, 'alice', 'alice2'), `${ORG}/users/alice`, "rename alice's login");
  // A new user (CREATE) cannot shadow an existing login name, ignoring case; the refusal names who holds it.
  for (const loginName of ['admin', 'ADMIN', 'Alice']) {
    const r = expectStatus(
      await s.call('POST', `/v2/${ORG}/users`, EVE, { name: `x-${loginName.toLowerCase()}`, user: { loginName } }),
      409,
      `create with ${loginName}`,
    );
    assert.equal(r.body.code, 'MB1201');
    assert.match(String(r.body.detail), /is already the login name of organizations\/o\/users\/(admin|alice)/);
  }
  // A resource name is a login name too (a user without spec.loginName logs in with it).
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, EVE, { name: 'bob', user: {} }), 201, 'create bob');
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, EVE, { name: 'robert', user: { loginName: 'BOB' } }), 409, 'shadow bob');
  expectStatus(await s.call('GET', `/v2/${ORG}/users/robert`, ADMIN), 404, 'nothing half-written');
  // Edits that leave the login name alone still need only WRITE.
  const alice = expectStatus(await s.call('GET', `/v2/${ORG}/users/alice`, EVE), 200, 'read alice').body as Record<string, unknown>;
  expectStatus(await s.call('PUT', `/v2/${ORG}/users/alice`, EVE, { ...alice, displayName: 'Alice A.' }), 200, 'display name');
  // An admin may rename a login; the old name no longer logs in, the new one does.
  expectStatus(await setLoginName(s, ADMIN, 'eve', 'eve.new'), 200, 'admin renames eve');
  expectStatus(await s.call('GET', '/v2/whoami', basicHeader('eve', 'eve-password-1')), 401, 'old login name');
  expectStatus(await s.call('GET', '/v2/whoami', basicHeader('eve.new', 'eve-password-1')), 200, 'new login name');
  expectStatus(await setLoginName(s, ADMIN, 'alice', 'EVE.NEW'), 409, 'even an admin cannot make two users share a name');
});
