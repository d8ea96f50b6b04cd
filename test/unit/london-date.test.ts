import assert from 'node:assert/strict';
import { test } from 'node:test';
import { londonDate } from '../../src/lib/london-date.ts';

test('the date kept per hour is the date Intl gives at every minute of the year, across both clock changes', () => {
  const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const start = Date.UTC(2026, 0, 1);
  for (let hour = 0; hour < 366 * 24; hour++) {
    for (const minute of [0, 1, 30, 59]) {
      const at = new Date(start + hour * 3_600_000 + minute * 60_000);
      assert.equal(londonDate(at), intl.format(at), at.toISOString());
    }
  }
  // Around the change to BST (29 March 2026, 01:00 UTC) and back (25 October 2026, 01:00 UTC).
  assert.equal(londonDate(new Date('2026-03-28T23:59:00Z')), '2026-03-28');
  assert.equal(londonDate(new Date('2026-10-24T23:30:00Z')), '2026-10-25');
  assert.equal(londonDate(new Date('2026-10-25T23:30:00Z')), '2026-10-25');
});
