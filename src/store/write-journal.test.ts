import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteJournal } from './write-journal.js';

test('a single create yields one create entry with no etag before', () => {
  const j = new WriteJournal();
  j.resource('organizations/o', 'Organization', null, '"a"');
  assert.deepEqual(j.entries(), [{ target: 'resource', fqn: 'organizations/o', kind: 'Organization', op: 'create', etagBefore: null, etagAfter: '"a"' }]);
});

test('create then update of one resource folds into one create with the last etag', () => {
  const j = new WriteJournal();
  j.resource('organizations/o', 'Organization', null, '"a"');
  j.resource('organizations/o', 'Organization', '"a"', '"b"');
  assert.deepEqual(
    j.entries().map((e) => [e.op, e.etagBefore, e.etagAfter]),
    [['create', null, '"b"']],
  );
});

test('create then delete in one write leaves no entry at all', () => {
  const j = new WriteJournal();
  j.resource('organizations/o', 'Organization', null, '"a"');
  j.resource('organizations/o', 'Organization', '"a"', null);
  assert.deepEqual(j.entries(), []);
});

test('delete then re-create folds into an update from the old etag to the new one', () => {
  const j = new WriteJournal();
  j.resource('organizations/o', 'Organization', '"old"', null);
  j.resource('organizations/o', 'Organization', null, '"new"');
  assert.deepEqual(
    j.entries().map((e) => [e.op, e.etagBefore, e.etagAfter]),
    [['update', '"old"', '"new"']],
  );
});

test('policy entries are kept apart from the resource entry and keep first-touch order', () => {
  const j = new WriteJournal();
  j.policy('organizations/o', 'Organization', null, '"p1"');
  j.resource('organizations/o/tenants/t', 'Tenant', '"t1"', '"t2"');
  j.policy('organizations/o', 'Organization', '"p1"', '"p2"');
  assert.deepEqual(
    j.entries().map((e) => [e.target, e.op, e.fqn, e.etagBefore, e.etagAfter]),
    [
      ['policy', 'set-policy', 'organizations/o', null, '"p2"'],
      ['resource', 'update', 'organizations/o/tenants/t', '"t1"', '"t2"'],
    ],
  );
});
