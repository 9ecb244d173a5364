import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit, type TxHandle } from './group-commit.js';
import { Mutex } from './mutex.js';
import type { SqlConn } from './sql-conn.js';

/** A fake transaction that logs statements; `failCommit` makes the next COMMIT throw. */
function fakeDb() {
  const log: string[] = [];
  const state = { failCommit: false };
  const conn: SqlConn = { all: async () => [], run: async () => 0 };
  const begin = async (): Promise<TxHandle> => {
    log.push('BEGIN');
    return {
      conn,
      exec: async (sql) => void log.push(sql.replace(' mb_write', '')),
      commit: async () => {
        if (state.failCommit) throw new Error('disk full');
        log.push('COMMIT');
      },
      rollback: async () => void log.push('ROLLBACK'),
    };
  };
  return { log, state, begin };
}

test('writes queued together share one transaction, each in its own savepoint, and resolve after COMMIT', async () => {
  const db = fakeDb();
  const g = new GroupCommit(new Mutex(), db.begin);
  const settled: string[] = [];
  const jobs = [1, 2, 3].map((i) =>
    g
      .run(async () => {
        db.log.push(`job ${i}`);
        if (i === 2) throw new Error('job 2 failed');
        return i;
      })
      .then(
        (v) => void settled.push(`ok ${v} after ${db.log.at(-1)}`),
        (e: Error) => void settled.push(e.message),
      ),
  );
  await Promise.all(jobs);
  assert.deepEqual(db.log, [
    'BEGIN',
    'SAVEPOINT',
    'job 1',
    'RELEASE SAVEPOINT',
    'SAVEPOINT',
    'job 2',
    'ROLLBACK TO SAVEPOINT',
    'RELEASE SAVEPOINT',
    'SAVEPOINT',
    'job 3',
    'RELEASE SAVEPOINT',
    'COMMIT',
  ]);
  assert.deepEqual(settled.sort(), ['job 2 failed', 'ok 1 after COMMIT', 'ok 3 after COMMIT']);
});

test('a failed COMMIT rejects every write of the batch, since none of them is durable', async () => {
  const db = fakeDb();
  db.state.failCommit = true;
  const g = new GroupCommit(new Mutex(), db.begin);
  const results = await Promise.allSettled([g.run(async () => 1), g.run(async () => 2)]);
  assert.deepEqual(
    results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'resolved')),
    ['disk full', 'disk full'],
  );
  assert.equal(db.log.at(-1), 'ROLLBACK');
});

test('a lone write runs without a savepoint and a throw rolls the transaction back', async () => {
  const db = fakeDb();
  const g = new GroupCommit(new Mutex(), db.begin);
  assert.equal(await g.run(async () => 7), 7);
  await assert.rejects(
    g.run(async () => Promise.reject(new Error('nope'))),
    /nope/,
  );
  assert.deepEqual(db.log, ['BEGIN', 'COMMIT', 'BEGIN', 'ROLLBACK']);
});

test('batches are capped and a write queued during a batch runs in the next one', async () => {
  const db = fakeDb();
  const g = new GroupCommit(new Mutex(), db.begin, 2);
  await Promise.all([1, 2, 3].map((i) => g.run(async () => i)));
  assert.equal(db.log.filter((l) => l === 'BEGIN').length, 2);
  assert.equal(db.log.filter((l) => l === 'COMMIT').length, 2);
});
