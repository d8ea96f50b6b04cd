import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptAnswers } from '../../src/lib/kept-answers.ts';

test('answers are worked out once per argument, and the keep is emptied when full', () => {
  const asked: string[] = [];
  const upper = keptAnswers((s) => {
    asked.push(s);
    return s.toUpperCase();
  }, 2);
  assert.equal(upper('a'), 'A');
  assert.equal(upper('a'), 'A');
  assert.equal(upper('b'), 'B');
  assert.deepEqual(asked, ['a', 'b']);
  // Full: the third argument empties the keep, so 'a' is worked out again.
  assert.equal(upper('c'), 'C');
  assert.equal(upper('a'), 'A');
  assert.deepEqual(asked, ['a', 'b', 'c', 'a']);
});
