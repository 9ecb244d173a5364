import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRule, durationMs } from './cel-rules.js';

test('durations parse as Go writes them and garbage is not a duration', () => {
  assert.equal(durationMs('1h2m3.5s'), 3_723_500);
  assert.equal(durationMs('100ms'), 100);
  assert.ok(Number.isNaN(durationMs('10')));
  assert.ok(Number.isNaN(durationMs('1d')));
});

test('known rule texts evaluate; unknown ones are not guessed', () => {
  const oneOf = compileRule('(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1');
  assert.ok(oneOf);
  assert.equal(oneOf({ selector: {} }), true);
  assert.equal(oneOf({ selector: {}, targetRefs: [] }), false);
  const port = compileRule('0 < self && self <= 65535');
  assert.equal(port?.(0), false);
  assert.equal(port?.(443), true);
  assert.equal(compileRule("duration(self) >= duration('1ms')")?.('500us'), false);
  assert.equal(compileRule('self.exists(x, x > 1)'), undefined);
});
