import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { investigateBy, inHeatingSeason, rightToRepairDays, targetDate, tenantMayCancel, type TargetRules } from '../../src/features/repairs/repair-rules.ts';
import { londonDate } from '../../src/lib/london-date.ts';
import { loadCatalogue, parseCatalogue } from '../../src/features/repairs/repairs-catalogue.ts';

const catalogue = loadCatalogue('config/repairs-catalogue.json');
const rules: TargetRules = { priorities: catalogue.priorities, rightToRepair: catalogue.rightToRepair, nation: 'england-and-wales' };
const at = (iso: string) => new Date(iso);

describe('repair target dates', () => {
  test('an emergency is due within 24 hours, even over a weekend', () => {
    assert.equal(targetDate({ priority: 'emergency' }, at('2026-11-27T15:00:00Z'), rules), '2026-11-28');
  });

  test('routine and urgent count working days from the day after the report', () => {
    // Monday 23 November 2026: 5 working days is Monday 30 November; 20 is Monday 21 December.
    assert.equal(targetDate({ priority: 'urgent' }, at('2026-11-23T10:00:00Z'), rules), '2026-11-30');
    assert.equal(targetDate({ priority: 'routine' }, at('2026-11-23T10:00:00Z'), rules), '2026-12-21');
  });

  test('bank holidays are skipped: Christmas Day and the substitute Boxing Day', () => {
    // Reported Wednesday 23 December 2026: 24 Dec, then 29, 30, 31 Dec and 4 Jan (1 Jan is a holiday).
    assert.equal(targetDate({ priority: 'urgent' }, at('2026-12-23T10:00:00Z'), rules), '2027-01-04');
  });

  test('the nation matters: St Andrew’s Day is a Scottish bank holiday', () => {
    assert.equal(targetDate({ priority: 'urgent' }, at('2026-11-27T10:00:00Z'), { ...rules, nation: 'scotland' }), '2026-12-07');
    assert.equal(targetDate({ priority: 'urgent' }, at('2026-11-27T10:00:00Z'), rules), '2026-12-04');
  });

  test('the Right to Repair schedule shortens a longer landlord target', () => {
    assert.equal(targetDate({ priority: 'urgent', rightToRepair: 'oneDay' }, at('2026-11-23T10:00:00Z'), rules), '2026-11-24');
    assert.equal(targetDate({ priority: 'urgent', rightToRepair: 'threeDay' }, at('2026-11-23T10:00:00Z'), rules), '2026-11-26');
    // A routine target of 20 days becomes 7 for a leaking roof; an urgent 5 stays 5 against a 7-day item.
    assert.equal(targetDate({ priority: 'routine', rightToRepair: 'sevenDay' }, at('2026-11-23T10:00:00Z'), rules), '2026-12-02');
    assert.equal(targetDate({ priority: 'urgent', rightToRepair: 'sevenDay' }, at('2026-11-23T10:00:00Z'), rules), '2026-11-30');
  });

  test('heating and hot water: 1 working day from November to April, 3 from May to October', () => {
    const heating = { priority: 'urgent' as const, rightToRepair: 'heating' as const };
    assert.equal(targetDate(heating, at('2026-11-23T10:00:00Z'), rules), '2026-11-24');
    assert.equal(targetDate(heating, at('2026-06-15T10:00:00Z'), rules), '2026-06-18');
    assert.equal(rightToRepairDays(heating, '2026-04-30', rules.rightToRepair), 1);
    assert.equal(rightToRepairDays(heating, '2026-05-01', rules.rightToRepair), 3);
    assert.equal(rightToRepairDays(heating, '2026-10-31', rules.rightToRepair), 3);
    assert.equal(rightToRepairDays(heating, '2026-11-01', rules.rightToRepair), 1);
    assert.equal(rightToRepairDays({}, '2026-11-01', rules.rightToRepair), null);
  });

  test('a season that does not wrap the year is read plainly', () => {
    const h = { winterWorkingDays: 1, summerWorkingDays: 3, winterStartsMonthDay: '01-01', winterEndsMonthDay: '03-31' };
    assert.equal(inHeatingSeason('2026-02-10', h), true);
    assert.equal(inHeatingSeason('2026-11-10', h), false);
  });

  test('the report date is the UK date: 00:30 BST on 1 June is 1 June', () => {
    assert.equal(londonDate(at('2026-05-31T23:30:00Z')), '2026-06-01');
    assert.equal(londonDate(at('2026-12-31T23:30:00Z')), '2026-12-31');
  });

  test("Awaab's Law: investigate damp and mould within 10 working days", () => {
    assert.equal(investigateBy(at('2026-11-23T10:00:00Z'), 10, 'england-and-wales'), '2026-12-07');
    // Across Christmas: 24, 29, 30, 31 Dec, 4–8 Jan (5), 11 Jan.
    assert.equal(investigateBy(at('2026-12-23T10:00:00Z'), 10, 'england-and-wales'), '2027-01-11');
  });

  test('only a repair no one has started may be cancelled', () => {
    assert.equal(tenantMayCancel('reported'), true);
    assert.equal(tenantMayCancel('assigned'), true);
    for (const s of ['appointment_booked', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const) assert.equal(tenantMayCancel(s), false);
  });
});

describe('repairs catalogue', () => {
  test('the shipped catalogue is valid and has damp problems in the home', () => {
    const home = catalogue.locations.find((l) => l.id === 'home')!;
    assert.ok(home.areas.some((a) => a.items.some((i) => i.problems.some((p) => p.damp))));
    assert.equal(catalogue.priorities.emergency.hours, 24);
  });

  test('a duplicate id or an unknown priority is refused', () => {
    const raw = JSON.parse(JSON.stringify(catalogue)) as { locations: Array<{ areas: Array<{ id: string; items: Array<{ problems: Array<{ priority: string }> }> }> }> };
    raw.locations[0].areas[1].id = raw.locations[0].areas[0].id;
    assert.throws(() => parseCatalogue(raw), /duplicate id/);
    const bad = JSON.parse(JSON.stringify(catalogue)) as typeof raw;
    bad.locations[0].areas[0].items[0].problems[0].priority = 'whenever';
    assert.throws(() => parseCatalogue(bad));
  });
});
