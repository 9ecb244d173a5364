import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, quantityProblem, QUANTITY_PATTERN } from './quantity.js';

test('parseQuantity reads decimal, binary and exponent suffixes as Kubernetes does', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity('128Mi'), 128 * 1024 * 1024);
  assert.equal(parseQuantity('1Gi'), 1024 ** 3);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('1.5k'), 1500);
  assert.equal(parseQuantity('.5'), 0.5);
  assert.equal(parseQuantity('+1M'), 1e6);
  assert.equal(parseQuantity(3), 3);
});

test('parseQuantity rejects what Kubernetes rejects', () => {
  for (const bad of ['', '1MB', '1mi', '1 Gi', 'Gi', '1.2.3', '1e', '1e1.5', 'abc', '1Ki2', '--1']) {
    assert.equal(parseQuantity(bad), undefined, bad);
  }
});

test('the CRD pattern and the parser accept the same strings', () => {
  const re = new RegExp(QUANTITY_PATTERN);
  for (const s of ['500m', '2', '128Mi', '1e3', '1E-3', '.5', '5.', '-1', '1MB', '1mi', 'x', '1e1.5']) {
    assert.equal(re.test(s), parseQuantity(s) !== undefined || /e\d*\./i.test(s), s);
  }
});

test('quantityProblem explains negative and malformed quantities', () => {
  assert.equal(quantityProblem('1Gi'), undefined);
  assert.match(quantityProblem('1GB') ?? '', /"1GB" is not a Kubernetes quantity/);
  assert.match(quantityProblem('-1') ?? '', /negative/);
  assert.match(quantityProblem(true) ?? '', /must be a quantity/);
});
