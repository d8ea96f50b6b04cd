import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BatchedReads } from '../../src/db/batched-reads.ts';

/** A fake database: records each statement's keys and answers the keys it knows. */
function recording(known: Record<string, number>) {
  const statements: string[][] = [];
  const reads = (max?: number) =>
    new BatchedReads<string, number>(async (keys) => {
      statements.push(keys);
      return new Map(keys.filter((k) => k in known).map((k) => [k, known[k]]));
    }, max);
  return { statements, reads };
}

test('reads asked for in the same turn go in one statement, each answered with its own row', async () => {
  const { statements, reads } = recording({ a: 1, b: 2 });
  const batched = reads();
  const answers = await Promise.all([batched.read('a'), batched.read('b'), batched.read('a'), batched.read('missing')]);
  assert.deepEqual(answers, [1, 2, 1, undefined]);
  assert.deepEqual(statements, [['a', 'b', 'missing']], 'one statement, each key once');
});

test('a read asked for in a later turn goes in a statement of its own', async () => {
  const { statements, reads } = recording({ a: 1, b: 2 });
  const batched = reads();
  const first = batched.read('a');
  await nextTurn();
  const second = batched.read('b');
  assert.deepEqual(await Promise.all([first, second]), [1, 2]);
  assert.deepEqual(statements, [['a'], ['b']]);
});

test('no more than max keys go in one statement', async () => {
  const { statements, reads } = recording({ a: 1, b: 2, c: 3 });
  const batched = reads(2);
  assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((k) => batched.read(k))), [1, 2, 3]);
  assert.deepEqual(statements, [['a', 'b'], ['c']]);
});

test("a failed statement fails every read in it, and the next turn's reads are unaffected", async () => {
  let fail = true;
  const batched = new BatchedReads<string, number>(async (keys) => {
    if (fail) throw new Error('connection lost');
    return new Map(keys.map((k) => [k, 7]));
  });
  const results = await Promise.allSettled([batched.read('a'), batched.read('b')]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  assert.equal(await batched.read('a'), 7);
});

test('a read that throws before it returns a promise fails its batch, not the process', async () => {
  const batched = new BatchedReads<string, number>((() => {
    throw new Error('could not build the statement');
  }) as unknown as (keys: string[]) => Promise<Map<string, number>>);
  await assert.rejects(batched.read('a'), /could not build the statement/);
});
