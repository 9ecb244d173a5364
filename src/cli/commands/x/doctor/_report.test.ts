import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDoctor, verdictOf, type Section } from './_report.js';
import { profileSection } from './_checks.js';
import type { Session } from '../../../session/session.js';

const sections: Section[] = [
  {
    title: 'one',
    faq: 'q1',
    checks: [
      { name: 'a', status: 'ok', detail: 'fine' },
      { name: 'b', status: 'warn', cause: 'hmm', fix: 'do x' },
    ],
  },
  { title: 'two', faq: 'q2', checks: [{ name: 'c', status: 'fail', detail: 'broken', cause: 'why', fix: 'run y' }] },
];

test('the report renders sections, ✔/‼/✖ lines, cause and fix under non-ok lines, and a verdict', () => {
  const v = verdictOf(sections);
  assert.deepEqual(v, { ok: 1, warnings: 1, failures: 1, passed: false });
  assert.equal(
    renderDoctor({ sections, verdict: v }),
    'one\n---\n✔ a: fine\n‼ b\n    cause: hmm\n    fix:   do x\n\ntwo\n---\n✖ c: broken\n    cause: why\n    fix:   run y\n\nStatus check results are ✖  (1 ok, 1 warning, 1 failure)\n',
  );
  assert.equal(verdictOf([sections[0]]).passed, true, 'warnings do not fail the verdict');
});

function session(user: Session['user'], whoami: () => Promise<{ subject: string }>): Session {
  return {
    profileName: 'p',
    clusterName: 'local',
    cluster: { bridgeAddress: 'https://mp:8443' },
    userName: 'admin',
    user,
    org: { value: 'tetrate', source: 'user entry "admin"' },
    client: { whoami },
  } as unknown as Session;
}

const jwt = (exp: number): string => `x.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.y`;

test('profile checks: token expiry is ✔ / ‼ (refreshable) / ✖ (no refresh token, with the login command); a rejected credential is ✖ with the error', async () => {
  const now = 1_000_000_000_000;
  const ok = async () => ({ subject: 'organizations/tetrate/users/admin' });
  const byName = async (s: Session) => Object.fromEntries((await profileSection(s, now)).checks.map((c) => [c.name, c]));
  assert.equal((await byName(session({ token: jwt(now / 1000 + 3600), username: 'admin' }, ok))).token.detail, 'expires in 60m');
  assert.equal((await byName(session({ token: jwt(now / 1000 - 60), refreshToken: 'r', username: 'admin' }, ok))).token.status, 'warn');
  const expired = (await byName(session({ token: jwt(now / 1000 - 60), username: 'admin' }, ok))).token;
  assert.deepEqual([expired.status, expired.fix], ['fail', 'tctl login --org tetrate --username admin']);
  const c = await byName(
    session({ password: 'pw', username: 'admin' }, async () => {
      throw new Error('401 bad password');
    }),
  );
  assert.deepEqual([c.tenant.status, c['credentials accepted'].status, c['credentials accepted'].cause], ['warn', 'fail', '401 bad password']);
});
