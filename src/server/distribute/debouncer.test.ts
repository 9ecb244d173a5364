import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer } from './debouncer.js';

test('a burst fires once after the quiet period', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fired = 0;
  const d = new Debouncer(100, 500, () => fired++);
  for (let i = 0; i < 5; i++) {
    d.poke();
    t.mock.timers.tick(50);
  }
  assert.equal(fired, 0);
  t.mock.timers.tick(100);
  assert.equal(fired, 1);
});

test('a steady stream still fires at the max wait', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fired = 0;
  const d = new Debouncer(100, 500, () => fired++);
  for (let i = 0; i < 12; i++) {
    d.poke();
    t.mock.timers.tick(50);
  }
  assert.equal(fired, 1, 'fired at 500 ms although pokes never paused');
  d.cancel();
});
