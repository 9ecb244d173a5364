import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusRecord } from '../../store/index.js';
import { aggregate, readResourceStatus } from './resource-status.js';

const at = '2026-01-01T00:00:00.000Z';
const rec = (source: string, status: Record<string, unknown>): StatusRecord => ({ fqn: 'organizations/o/tenants/t', source, status, updatedAt: at });

test('aggregate: READY when every cluster applied, PARTIAL when some rejected, FAILED when all did, ACCEPTED while one is pending', () => {
  assert.equal(aggregate({ a: { state: 'applied', version: '1', at }, b: { state: 'applied', version: '1', at } }).status, 'READY');
  const partial = aggregate({ a: { state: 'applied', version: '1', at }, b: { state: 'rejected', version: '1', at, message: 'bad' } });
  assert.equal(partial.status, 'PARTIAL');
  assert.match(partial.message, /b: bad/);
  assert.equal(aggregate({ a: { state: 'rejected', version: '1', at } }).status, 'FAILED');
  assert.equal(aggregate({ a: { state: 'applied', version: '1', at }, b: { state: 'pending', version: '1', at } }).status, 'ACCEPTED');
  assert.equal(aggregate({ a: { state: 'removed', version: '1', at } }).message, 'no connected cluster selects this resource');
});

test('readResourceStatus: TSB_ACCEPTED without reports; the stored aggregate wins; otherwise the same aggregation of the cluster records', () => {
  assert.deepEqual(readResourceStatus([]), {
    status: 'ACCEPTED',
    lastEvent: 'TSB_ACCEPTED',
    message: 'Accepted; no cluster has reported on it yet',
    clusters: {},
  });
  const stored = readResourceStatus([
    rec('', { status: 'READY', lastEvent: 'XCP_APPLIED', message: 'stored' }),
    rec('c1', { status: 'FAILED', state: 'rejected' }),
  ]);
  assert.equal(stored.message, 'stored');
  assert.deepEqual(Object.keys(stored.clusters as object), ['c1']);
  // Records written without `state` count by their TSB status.
  const folded = readResourceStatus([rec('c1', { status: 'READY' }), rec('c2', { status: 'FAILED', message: 'bad' })]);
  assert.equal(folded.status, 'PARTIAL');
  assert.equal(folded.lastEvent, 'XCP_PARTIALLY_APPLIED');
});
