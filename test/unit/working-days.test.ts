import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/lib/working-days.ts';

describe('working days', () => {
  test('weekends are not working days', () => {
    assert.equal(isWorkingDay('2026-11-21', 'england-and-wales'), false); // Saturday
    assert.equal(isWorkingDay('2026-11-22', 'england-and-wales'), false); // Sunday
    assert.equal(isWorkingDay('2026-11-23', 'england-and-wales'), true);
  });

  test('the day of receipt does not count', () => {
    assert.equal(addWorkingDays('2026-11-23', 1, 'england-and-wales'), '2026-11-24');
    assert.equal(addWorkingDays('2026-11-23', 0, 'england-and-wales'), '2026-11-23');
    assert.equal(addWorkingDays('2026-11-20', 1, 'england-and-wales'), '2026-11-23'); // Friday → Monday
  });

  test('Christmas 2026: Christmas Day Friday, Boxing Day substitute Monday 28th', () => {
    assert.equal(isWorkingDay('2026-12-25', 'england-and-wales'), false);
    assert.equal(isWorkingDay('2026-12-28', 'england-and-wales'), false);
    // 7 working days from Monday 21 December 2026: 22, 23, 24, 29, 30, 31 Dec, then 4 Jan (1 Jan is New Year's Day).
    assert.equal(addWorkingDays('2026-12-21', 7, 'england-and-wales'), '2027-01-04');
  });

  test('nations differ: St Andrew’s Day in Scotland, Easter Monday not in Scotland, the Twelfth in Northern Ireland', () => {
    assert.equal(isWorkingDay('2026-11-30', 'scotland'), false);
    assert.equal(isWorkingDay('2026-11-30', 'england-and-wales'), true);
    assert.equal(isWorkingDay('2026-04-06', 'scotland'), true);
    assert.equal(isWorkingDay('2026-04-06', 'england-and-wales'), false);
    assert.equal(isWorkingDay('2026-07-13', 'northern-ireland'), false); // 12 July 2026 is a Sunday
    assert.equal(isWorkingDay('2026-08-03', 'scotland'), false); // first Monday of August
    assert.equal(isWorkingDay('2026-08-31', 'scotland'), true);
  });

  test('one-off bank holidays are in the data', () => {
    assert.equal(isWorkingDay('2022-09-19', 'england-and-wales'), false);
    assert.equal(isWorkingDay('2023-05-08', 'scotland'), false);
    assert.equal(isWorkingDay('2020-05-04', 'england-and-wales'), true); // moved to 8 May that year
    assert.equal(isWorkingDay('2020-05-08', 'england-and-wales'), false);
  });

  test('staff overrides close or open a day', () => {
    assert.equal(isWorkingDay('2026-11-24', 'england-and-wales', { closed: ['2026-11-24'] }), false);
    assert.equal(addWorkingDays('2026-11-23', 1, 'england-and-wales', { closed: ['2026-11-24'] }), '2026-11-25');
    assert.equal(isWorkingDay('2026-12-28', 'england-and-wales', { open: ['2026-12-28'] }), true);
  });

  test('counting between two dates agrees with adding', () => {
    for (const n of [0, 1, 5, 10, 20, 60]) {
      const end = addWorkingDays('2026-12-18', n, 'northern-ireland');
      assert.equal(workingDaysBetween('2026-12-18', end, 'northern-ireland'), n);
    }
    assert.equal(workingDaysBetween('2026-11-30', '2026-11-23', 'england-and-wales'), -5);
  });

  test('a negative or fractional count is refused', () => {
    assert.throws(() => addWorkingDays('2026-11-23', -1, 'england-and-wales'), RangeError);
    assert.throws(() => addWorkingDays('2026-11-23', 1.5, 'england-and-wales'), RangeError);
  });
});
