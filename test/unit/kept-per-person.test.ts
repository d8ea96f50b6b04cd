import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeptPerPerson } from '../../src/lib/kept-per-person.ts';

test('work is done once per person and version, and again when the version moves', async () => {
  const kept = new KeptPerPerson<{ n: number }>(10);
  let runs = 0;
  const work = async () => ({ n: ++runs });
  assert.deepEqual(await kept.get(1, 0, work), { n: 1 });
  assert.deepEqual(await kept.get(1, 0, work), { n: 1 });
  assert.deepEqual(await kept.get(2, 0, work), { n: 2 }, 'another person is worked out for themselves');
  assert.deepEqual(await kept.get(1, 1, work), { n: 3 });
  assert.equal(runs, 3);
});

test('a slow request that read an older version does not replace a newer kept value', async () => {
  const kept = new KeptPerPerson<{ v: number }>(10);
  let release!: () => void;
  const slow = kept.get(7, 1, () => new Promise((resolve) => (release = () => resolve({ v: 1 }))));
  assert.deepEqual(await kept.get(7, 2, async () => ({ v: 2 })), { v: 2 });
  release();
  assert.deepEqual(await slow, { v: 1 }, 'the slow request still gets what it worked out');
  assert.deepEqual(await kept.get(7, 2, async () => assert.fail('version 2 is kept')), { v: 2 });
});

test('no more than max people are kept, the one unused longest going first', async () => {
  const kept = new KeptPerPerson<{ id: number }>(2);
  for (const id of [1, 2]) await kept.get(id, 0, async () => ({ id }));
  await kept.get(1, 0, async () => assert.fail('1 is kept'));
  await kept.get(3, 0, async () => ({ id: 3 }));
  assert.equal(kept.size, 2);
  let again = false;
  await kept.get(2, 0, async () => ((again = true), { id: 2 }));
  assert.ok(again, 'person 2, unused longest, was let go');
});

test('each key of a person is kept apart, and a key never reaches another person', async () => {
  const kept = new KeptPerPerson<{ what: string }>(10);
  assert.deepEqual(await kept.get(1, 0, async () => ({ what: 'page 1' }), 'page=1'), { what: 'page 1' });
  assert.deepEqual(await kept.get(1, 0, async () => ({ what: 'page 2' }), 'page=2'), { what: 'page 2' });
  assert.deepEqual(await kept.get(1, 0, async () => assert.fail('page 1 is kept'), 'page=1'), { what: 'page 1' });
  // "1" with key "1 x" and "11" with key "x" must not meet.
  assert.deepEqual(await kept.get(1, 0, async () => ({ what: 'one' }), '1 x'), { what: 'one' });
  assert.deepEqual(await kept.get(11, 0, async () => ({ what: 'eleven' }), 'x'), { what: 'eleven' });
  assert.deepEqual(await kept.get(2, 0, async () => ({ what: 'person 2' }), 'page=1'), { what: 'person 2' }, 'the same key is worked out again for another person');
  assert.deepEqual(await kept.get(1, 1, async () => ({ what: 'page 1 again' }), 'page=1'), { what: 'page 1 again' }, 'a new version means new work for every key');
});

test('with a size for each value, max bounds the sum of the sizes kept', async () => {
  const kept = new KeptPerPerson<{ rows: number[] }>(10, (v) => v.rows.length);
  await kept.get(1, 0, async () => ({ rows: [1, 2, 3, 4, 5, 6] }));
  await kept.get(2, 0, async () => ({ rows: [1, 2, 3] }));
  assert.equal(kept.size, 2, '9 rows fit in 10');
  await kept.get(3, 0, async () => ({ rows: [1, 2, 3] }));
  assert.equal(kept.size, 2, '12 rows do not: the one unused longest went');
  let again = false;
  await kept.get(1, 0, async () => ((again = true), { rows: [] }));
  assert.ok(again, 'person 1, unused longest, was let go');
});

test('with max 0 nothing is kept: the work is done on every visit', async () => {
  const kept = new KeptPerPerson<{ n: number }>(0);
  let runs = 0;
  const work = async () => ({ n: ++runs });
  assert.deepEqual(await kept.get(1, 0, work), { n: 1 });
  assert.deepEqual(await kept.get(1, 0, work), { n: 2 });
  assert.equal(kept.size, 0);
});
