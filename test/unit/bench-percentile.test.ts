import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from '../../scripts/bench-run.ts';

test('the benchmark’s percentiles: nearest rank, to a tenth of a millisecond', () => {
  const times = Array.from({ length: 200 }, (_, i) => (i + 1) * 0.05); // 0.05 … 10 ms
  assert.equal(percentile(times, 0.5), 5);
  assert.equal(percentile(times, 0.99), 9.9);
  assert.equal(percentile([2.44, 2.46, 2.61], 0.5), 2.5, 'a page at 2.46 ms is not reported as 2 or 3');
  assert.equal(percentile([7], 0.99), 7);
  assert.equal(percentile([], 0.5), 0);
});
