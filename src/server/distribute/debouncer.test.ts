import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer } from './debouncer.js';

test('an isolated event fires at once; the rest of its burst fires once after the quiet period', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  let fired = 0;
  const d = new Debouncer(100, 500, () => fired++);
  d.poke();
  assert.equal(fired, 1, 'leading event is not delayed');
  for (let i = 0; i < 4; i++) {
    t.mock.timers.tick(50);
    d.poke();
  }
  assert.equal(fired, 1);
  t.mock.timers.tick(100);
  assert.equal(fired, 2, 'the burst is coalesced into one');
  t.mock.timers.tick(200);
  d.poke();
  assert.equal(fired, 3, 'after a quiet period the next event fires at once again');
});

test('a steady stream still fires at the max wait', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  let fired = 0;
  const d = new Debouncer(100, 500, () => fired++);
  d.poke();
  for (let i = 0; i < 12; i++) {
    t.mock.timers.tick(50);
    d.poke();
  }
  assert.equal(fired, 2, 'leading fire plus one at 500 ms although pokes never paused');
  d.cancel();
});
