import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dateTimeText, longDateText, numericDateText, shortDateText } from '../../src/lib/date-text.ts';

describe('dates as people read them', () => {
  test('a calendar date is the same day whatever the time zone', () => {
    assert.equal(longDateText('2026-03-03'), '3 March 2026');
    assert.equal(shortDateText('2026-07-01'), '1 Jul 2026');
    assert.equal(numericDateText('2026-07-01'), '01/07/2026');
  });

  test('an instant is read in UK time, summer time included', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    assert.equal(longDateText('2026-06-30T23:30:00.000Z'), '1 July 2026');
    assert.equal(shortDateText('2026-06-30T23:30:00.000Z'), '1 Jul 2026');
    // In winter London is on UTC.
    assert.equal(longDateText('2026-12-31T23:30:00.000Z'), '31 December 2026');
  });

  test('times of day are written the GOV.UK way', () => {
    assert.equal(dateTimeText('2026-06-30T23:30:00.000Z'), '1 July 2026 at 12:30am');
    assert.equal(dateTimeText('2026-12-03T14:05:00.000Z'), '3 December 2026 at 2:05pm');
    assert.equal(dateTimeText('2026-12-03T09:00:00.000Z'), '3 December 2026 at 9am');
    assert.equal(dateTimeText('2026-12-03T12:00:00.000Z'), '3 December 2026 at midday');
    assert.equal(dateTimeText('2026-06-30T23:00:00.000Z'), '1 July 2026 at midnight');
  });

  test('the same answer comes back for the same date, asked again', () => {
    assert.equal(longDateText('2026-03-03'), longDateText('2026-03-03'));
    assert.equal(dateTimeText('2026-12-03T14:05:00.000Z'), '3 December 2026 at 2:05pm');
  });
});
