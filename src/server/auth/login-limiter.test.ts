import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, isMeshError } from '../../api/index.js';
import { LoginLimiter } from './login-limiter.js';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function retryAfter(fn: () => void): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(isMeshError(e, CoreErrors.TooManyAttempts));
    return e.details?.retryAfter as number;
  }
}

test('free attempts pass, then each failure doubles the lockout', () => {
  const c = clock();
  const l = new LoginLimiter({ freeAttempts: 3, baseDelayMs: 1000, now: c.now });
  for (let i = 0; i < 2; i++) l.fail('alice', '10.0.0.1');
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    undefined,
  );
  l.fail('alice', '10.0.0.1');
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    1,
  );
  c.advance(1000);
  l.fail('alice', '10.0.0.1');
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    2,
  );
  c.advance(2000);
  l.fail('alice', '10.0.0.1');
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    4,
  );
});

test('the lockout is per username and ip, and ends when the window passes', () => {
  const c = clock();
  const l = new LoginLimiter({ freeAttempts: 1, baseDelayMs: 5000, now: c.now });
  l.fail('alice', '10.0.0.1');
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    5,
  );
  assert.equal(
    retryAfter(() => l.check('ALICE', '10.0.0.1')),
    5,
  );
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.2')),
    undefined,
  );
  assert.equal(
    retryAfter(() => l.check('bob', '10.0.0.1')),
    undefined,
  );
  c.advance(5000);
  assert.equal(
    retryAfter(() => l.check('alice', '10.0.0.1')),
    undefined,
  );
  l.succeed('alice', '10.0.0.1');
  assert.equal(l.size, 0);
});

test('the delay is capped and old failures are forgotten', () => {
  const c = clock();
  const l = new LoginLimiter({ freeAttempts: 1, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 600_000, now: c.now });
  for (let i = 0; i < 30; i++) l.fail('alice', 'ip');
  assert.equal(
    retryAfter(() => l.check('alice', 'ip')),
    60,
  );
  c.advance(600_001);
  assert.equal(
    retryAfter(() => l.check('alice', 'ip')),
    undefined,
  );
  l.fail('alice', 'ip');
  assert.equal(
    retryAfter(() => l.check('alice', 'ip')),
    1,
  );
});

test('memory stays bounded under a spray of usernames', () => {
  const l = new LoginLimiter({ maxEntries: 100 });
  for (let i = 0; i < 1000; i++) l.fail(`user${i}`, 'ip');
  assert.equal(l.size, 100);
});
