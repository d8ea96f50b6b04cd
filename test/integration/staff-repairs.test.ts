import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Config } from '../../src/config.ts';
import { clockTag } from '../../src/features/staff/repairs-triage.labels.ts';
import { RepairsTriageRepository } from '../../src/features/staff/repairs-triage.repository.ts';
import { errorSummary } from '../helpers/agent.ts';
import { createHousehold, type Household } from '../helpers/factories.ts';
import { createRepair, dampRepair, type TestRepair } from '../helpers/repair-factory.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, TEST_ENGINE, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

/** The repair ids in the queue's table, in the order shown. */
function queueIds(html: string): number[] {
  const table = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/href="\/staff\/repairs\/(\d+)"/g)].map((m) => Number(m[1]));
}

/** The text of the table row of one repair. */
function rowOf(html: string, id: number): string {
  return new RegExp(`<tr class="govuk-table__row">\\s*<td class="govuk-table__cell"><a class="govuk-link" href="/staff/repairs/${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
}

describe('clock tags count the landlord’s working days', () => {
  test('overdue is red, today and the next working day orange, up to 3 working days yellow, later none', () => {
    const n = 'england-and-wales';
    assert.deepEqual(clockTag('2026-11-20', '2026-11-23', n), { text: 'Overdue', colour: 'red' });
    assert.deepEqual(clockTag('2026-11-23', '2026-11-23', n), { text: 'Due today', colour: 'orange' });
    assert.deepEqual(clockTag('2026-11-24', '2026-11-23', n), { text: 'Due next working day', colour: 'orange' });
    assert.deepEqual(clockTag('2026-11-26', '2026-11-23', n), { text: 'Due in 3 working days', colour: 'yellow' });
    assert.equal(clockTag('2026-11-27', '2026-11-23', n), null);
    assert.equal(clockTag(null, '2026-11-23', n), null);
    // Friday to Monday is one working day; Christmas Eve to 29 December is one too (25th and the Boxing Day substitute on the 28th).
    assert.deepEqual(clockTag('2026-11-30', '2026-11-27', n), { text: 'Due next working day', colour: 'orange' });
    assert.deepEqual(clockTag('2026-12-29', '2026-12-24', n), { text: 'Due next working day', colour: 'orange' });
    // St Andrew's Day (Monday 30 November 2026) is a bank holiday in Scotland only.
    assert.equal(clockTag('2026-12-01', '2026-11-27', n)?.colour, 'yellow');
    assert.equal(clockTag('2026-12-01', '2026-11-27', 'scotland')?.colour, 'orange');
  });
});

describe('staff: repairs triage', { skip }, () => {
  let t: TestApp;
  let uploads: string;
  let rs: SignedInStaff;
  let cs: SignedInStaff;
  let income: SignedInStaff;
  let household: Household;
  const r: Record<string, TestRepair> = {};

  before(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'doorstep-uploads-'));
    t = await createTestApp({ uploadsDir: uploads } as Partial<Config>);
    rs = await signedInStaff(t, 'repairs');
    cs = await signedInStaff(t, 'customer_services');
    income = await signedInStaff(t, 'income');
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Nia', surname: 'Okafor' }] });
    const d = t.app.deps;
    // Today is Monday 23 November 2026.
    r.routine = await createRepair(d, household, { priority: 'routine', targetDate: '2026-12-21', description: 'Drips <b>all night</b>' });
    r.urgent = await createRepair(d, household, { priority: 'urgent', targetDate: '2026-11-26' });
    r.emergency = await createRepair(d, household, { priority: 'emergency', targetDate: '2026-11-24' });
    r.dampOverdue = await dampRepair(d, household, { investigateBy: '2026-11-20', targetDate: '2026-12-07', reportedAt: '2026-11-06T09:00:00.000Z' });
    r.damp = await dampRepair(d, household, { investigateBy: '2026-12-04', targetDate: '2026-12-10', accessNotes: 'Dog in the garden', availability: { days: ['monday', 'friday'], times: ['morning'] } });
    r.emergencyToday = await createRepair(d, household, { priority: 'emergency', targetDate: '2026-11-23' });
    r.completed = await createRepair(d, household, { priority: 'emergency', status: 'completed', targetDate: '2026-11-01' });
    r.cancelled = await createRepair(d, household, { priority: 'emergency', status: 'cancelled', targetDate: '2026-11-01' });
    r.routineOverdue = await createRepair(d, household, { priority: 'routine', targetDate: '2026-11-20', reportedAt: '2026-10-01T09:00:00.000Z' });
  });
  after(async () => {
    await t.close();
    await rm(uploads, { recursive: true, force: true });
  });

  /** Runs with the clock moved on, as a member of staff signed in then (sessions end when idle). */
  const later = async (at: Date, fn: (agent: SignedInStaff['agent']) => Promise<void>) => {
    t.clock.set(at);
    try {
      await fn((await signedInStaff(t, 'repairs')).agent);
    } finally {
      t.clock.set(TEST_NOW);
    }
  };
  const history = (id: number) => t.app.deps.db.selectFrom('repair_status_history').selectAll().where('repair_id', '=', id).orderBy('id').execute();
  const repairRow = (id: number) => t.app.deps.db.selectFrom('repairs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audits = (action: string) => t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  test('the queue: emergencies, then damp and mould, then urgent and routine; nearest deadline first; closed repairs left out', async () => {
    const res = await rs.agent.get('/staff/repairs');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(queueIds(res.body), [r.emergencyToday, r.emergency, r.dampOverdue, r.damp, r.urgent, r.routineOverdue, r.routine].map((x) => x.id));
    assert.match(res.body, /7 open repairs/);
    // Counting stops at the cap the page asks for, however long the queue.
    assert.equal(await new RepairsTriageRepository(t.app.deps.db).count({ status: null, priority: null, hazardOnly: false }, 3), 3);
    assert.match(rowOf(res.body, r.routine.id), /Drips|Dripping/);
    assert.match(rowOf(res.body, r.damp.id), /Damp and mould/);
    assert.match(rowOf(res.body, r.damp.id), /4\u00a0Dec\u00a02026/);
  });

  test('deadlines are tagged by how near they are, and the tags move with the clock', async () => {
    const page = (await rs.agent.get('/staff/repairs')).body;
    assert.match(rowOf(page, r.emergencyToday.id), /govuk-tag--orange[^"]*">Due today/);
    assert.match(rowOf(page, r.emergency.id), /govuk-tag--orange[^"]*">Due next working day/);
    assert.match(rowOf(page, r.dampOverdue.id), /govuk-tag--red[^"]*">Overdue/);
    assert.match(rowOf(page, r.urgent.id), /govuk-tag--yellow[^"]*">Due in 3 working days/);
    assert.match(rowOf(page, r.routineOverdue.id), /govuk-tag--red[^"]*">Overdue/);
    assert.doesNotMatch(rowOf(page, r.routine.id), /">(Due|Overdue)/);
    assert.doesNotMatch(rowOf(page, r.damp.id), /">(Due|Overdue)/);

    await later(new Date('2026-12-03T10:00:00Z'), async (agent) => {
      const queue = (await agent.get('/staff/repairs')).body;
      assert.match(rowOf(queue, r.damp.id), /govuk-tag--orange[^"]*">Due next working day/);
      assert.match(rowOf(queue, r.urgent.id), /govuk-tag--red[^"]*">Overdue/);
      const detail = (await agent.get(`/staff/repairs/${r.damp.id}`)).body;
      assert.match(detail, /Investigate by[\s\S]*?4 December 2026[\s\S]*?govuk-tag--orange[^"]*">Due next working day/);
    });
  });

  test('filters: status, priority and damp only; a value not offered is a 400 with an error summary', async () => {
    assert.deepEqual(queueIds((await rs.agent.get('/staff/repairs?priority=emergency')).body), [r.emergencyToday.id, r.emergency.id]);
    assert.deepEqual(queueIds((await rs.agent.get('/staff/repairs?damp=yes')).body), [r.dampOverdue.id, r.damp.id]);
    assert.deepEqual(queueIds((await rs.agent.get('/staff/repairs?status=on_hold')).body), []);
    assert.match((await rs.agent.get('/staff/repairs?status=on_hold')).body, /No open repairs match these filters/);
    const badStatus = await rs.agent.get('/staff/repairs?status=completed');
    assert.equal(badStatus.statusCode, 400);
    assert.deepEqual(errorSummary(badStatus.body), ['Choose a status from the list']);
    const badPriority = await rs.agent.get('/staff/repairs?priority=whenever');
    assert.equal(badPriority.statusCode, 400);
    assert.deepEqual(errorSummary(badPriority.body), ['Choose a priority from the list']);
    const badCursor = await rs.agent.get('/staff/repairs?after=1~x~3');
    assert.equal(badCursor.statusCode, 400);
    assert.deepEqual(errorSummary(badCursor.body), ['This page link is not valid: start again from the first page']);
  });

  test('the repair page shows the repair in full, escaped, and viewing it is audited', async () => {
    const res = await rs.agent.get(`/staff/repairs/${r.damp.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`Repair ${r.damp.reference}`));
    assert.match(res.body, /1 Test Street|\d+ Test Street/);
    assert.match(res.body, /Nia Okafor/);
    assert.match(res.body, /Dog in the garden/);
    assert.match(res.body, /Days: Monday, Friday. Times: Morning/);
    assert.match(res.body, /Damp and mould answers[\s\S]*?Children[\s\S]*?Yes/);
    assert.match(res.body, /Possible Awaab’s Law hazard/);
    assert.match(res.body, /No photos/);
    const routine = await rs.agent.get(`/staff/repairs/${r.routine.id}`);
    assert.match(routine.body, /Drips &lt;b&gt;all night&lt;\/b&gt;/);
    const viewed = await audits('staff_viewed_repair');
    assert.ok(viewed.some((a) => a.actor_id === rs.staffId && a.person_id === household.people[0].personId && JSON.parse(a.detail).repairId === r.damp.id));
  });

  test('unknown, malformed and closed-off ids are 404', async () => {
    for (const url of ['/staff/repairs/999999', '/staff/repairs/abc', '/staff/repairs/0', `/staff/repairs/${r.routine.id}/work-orders/999999`, `/staff/repairs/${r.routine.id}/photos/999999`, '/staff/repairs/999999/status']) {
      assert.equal((await rs.agent.get(url)).statusCode, 404, url);
    }
    const post = await rs.agent.post('/staff/repairs/999999/notes', { audience: 'internal', note: 'x' }, { from: '/staff/repairs' });
    assert.equal(post.statusCode, 404);
  });

  test('photos are served from the uploads directory, only under their own repair; a missing file is 404', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    await writeFile(join(uploads, 'a1b2c3.jpg'), bytes);
    const ins = (stored: string) =>
      t.app.deps.db
        .insertInto('repair_photos')
        .values({ repair_id: r.urgent.id, stored_name: stored, content_type: 'image/jpeg', size_bytes: bytes.length, width: 640, height: 480, uploaded_by_person_id: household.people[0].personId, created_at: t.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
    const photo = await ins('a1b2c3.jpg');
    const gone = await ins('not-on-disk.jpg');
    const page = await rs.agent.get(`/staff/repairs/${r.urgent.id}`);
    assert.match(page.body, new RegExp(`href="/staff/repairs/${r.urgent.id}/photos/${photo.id}">Photo 1</a> \\(JPEG, 640 × 480, 1 KB\\)`));
    const res = await cs.agent.get(`/staff/repairs/${r.urgent.id}/photos/${photo.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(res.rawPayload, bytes);
    assert.equal((await rs.agent.get(`/staff/repairs/${r.routine.id}/photos/${photo.id}`)).statusCode, 404);
    assert.equal((await rs.agent.get(`/staff/repairs/${r.urgent.id}/photos/${gone.id}`)).statusCode, 404);
  });

  test('change status: a history row the tenant sees, the audit, and completed stamped', async () => {
    const url = `/staff/repairs/${r.routine.id}/status`;
    assert.match((await rs.agent.get(url)).body, /Passed to contractor/);
    const res = await rs.agent.post(url, { current: 'reported', status: 'assigned', message: 'A plumber will call you to book a visit.' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/staff/repairs/${r.routine.id}`);
    assert.equal((await repairRow(r.routine.id)).status, 'assigned');
    const rows = await history(r.routine.id);
    assert.equal(rows.length, 2);
    assert.deepEqual({ status: rows[1].status, note: rows[1].note, actor: rows[1].actor_type }, { status: 'assigned', note: 'A plumber will call you to book a visit.', actor: 'staff' });
    const audit = (await audits('staff_changed_repair_status')).at(-1)!;
    assert.deepEqual(JSON.parse(audit.detail), { repairId: r.routine.id, from: 'reported', to: 'assigned' });
    const page = await rs.agent.get(`/staff/repairs/${r.routine.id}`);
    assert.match(page.body, /Status changed. The tenant can see the change/);
    assert.match(page.body, /History the tenant sees[\s\S]*?Passed to contractor[\s\S]*?A plumber will call you/);

    await rs.agent.post(url, { current: 'assigned', status: 'completed' }, { from: url });
    const done = await repairRow(r.routine.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.completed_at, t.clock.now().toISOString());
    assert.equal((await history(r.routine.id)).at(-1)!.note, null);
    assert.ok(!queueIds((await rs.agent.get('/staff/repairs')).body).includes(r.routine.id));
    // Reopened, it is no longer stamped completed and is back in the queue.
    await rs.agent.post(url, { current: 'completed', status: 'in_progress' }, { from: url });
    assert.equal((await repairRow(r.routine.id)).completed_at, null);
    assert.ok(queueIds((await rs.agent.get('/staff/repairs')).body).includes(r.routine.id));
  });

  test('change status: bad input is a 400 with the values kept; a stale form is refused; nothing is written', async () => {
    const url = `/staff/repairs/${r.urgent.id}/status`;
    const before = (await history(r.urgent.id)).length;
    const none = await rs.agent.post(url, { current: 'reported', message: 'Kept text' }, { from: url });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(errorSummary(none.body), ['Choose the repair’s new status']);
    assert.match(none.body, /Kept text/);
    assert.deepEqual(errorSummary((await rs.agent.post(url, { current: 'reported', status: 'fixed' }, { from: url })).body), ['Choose a status from the list']);
    assert.deepEqual(errorSummary((await rs.agent.post(url, { current: 'reported', status: 'reported' }, { from: url })).body), ['The repair is already reported: choose a different status, or add a note instead']);
    assert.deepEqual(errorSummary((await rs.agent.post(url, { current: 'reported', status: 'on_hold', message: 'x'.repeat(2001) }, { from: url })).body), ['Message to the tenant must be 2000 characters or fewer']);
    const stale = await rs.agent.post(url, { current: 'in_progress', status: 'on_hold' }, { from: url });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(errorSummary(stale.body), ['Someone else changed this repair’s status while you had this page open. Check its status and try again.']);
    assert.equal((await repairRow(r.urgent.id)).status, 'reported');
    assert.equal((await history(r.urgent.id)).length, before);
  });

  test('priority and target date: saved together, written to history; bad dates and no change refused', async () => {
    const url = `/staff/repairs/${r.dampOverdue.id}/priority`;
    const form = await rs.agent.get(url);
    assert.match(form.body, /name="target-day"[^>]*value="7"/);
    const same = await rs.agent.post(url, { priority: 'urgent', 'target-day': '7', 'target-month': '12', 'target-year': '2026' });
    assert.equal(same.statusCode, 400);
    assert.deepEqual(errorSummary(same.body), ['Change the priority or the target date, or go back to the repair']);
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'target-day': '1', 'target-month': '12', 'target-year': '2026' }, 'Choose a priority'],
      [{ priority: 'soon', 'target-day': '1', 'target-month': '12', 'target-year': '2026' }, 'Choose a priority from the list'],
      [{ priority: 'emergency' }, 'Enter the target date'],
      [{ priority: 'emergency', 'target-day': '31', 'target-month': '2', 'target-year': '2027' }, 'Target date must be a real date'],
      [{ priority: 'emergency', 'target-day': '1', 'target-month': '11', 'target-year': '2026' }, 'Target date must be on or after the day the repair was reported'],
      [{ priority: 'emergency', 'target-day': '1', 'target-month': '1', 'target-year': '2028' }, 'Target date must be within a year from today'],
      [{ priority: 'emergency', 'target-day': '1', 'target-year': '2026' }, 'Target date must include a month'],
    ];
    for (const [body, message] of cases) {
      const res = await rs.agent.post(url, body, { from: url });
      assert.equal(res.statusCode, 400, message);
      assert.deepEqual(errorSummary(res.body), [message]);
    }
    const before = (await history(r.dampOverdue.id)).length;
    const ok = await rs.agent.post(url, { priority: 'emergency', 'target-day': '24', 'target-month': '11', 'target-year': '2026' }, { from: url });
    assert.equal(ok.statusCode, 303);
    const row = await repairRow(r.dampOverdue.id);
    assert.deepEqual([row.priority, row.target_date, row.investigate_by], ['emergency', '2026-11-24', '2026-11-20']);
    const rows = await history(r.dampOverdue.id);
    assert.equal(rows.length, before + 1);
    assert.deepEqual([rows.at(-1)!.status, rows.at(-1)!.note], ['reported', 'Priority changed from urgent to emergency. Target date changed to 24 November 2026.']);
    assert.equal((await audits('staff_changed_repair_priority')).length, 1);
  });

  test('work orders: added with a generated reference and a normalised phone, then updated with an appointment', async () => {
    const base = `/staff/repairs/${r.emergency.id}`;
    const form = await rs.agent.get(`${base}/work-orders/new`);
    assert.match(form.body, /name="trade"[^>]*value="Plumbing"/);
    const add = await rs.agent.post(`${base}/work-orders`, {
      contractorName: 'Northbridge Plumbing Ltd',
      contractorPhone: '+44 1632 960 555',
      trade: 'Plumbing',
      'target-day': '24',
      'target-month': '11',
      'target-year': '2026',
      status: 'issued',
      slot: 'none',
    });
    assert.equal(add.statusCode, 303);
    const orders = await t.app.deps.db.selectFrom('work_orders').selectAll().where('repair_id', '=', r.emergency.id).execute();
    assert.equal(orders.length, 1);
    assert.deepEqual(
      { reference: orders[0].reference, phone: orders[0].contractor_phone, status: orders[0].status, target: orders[0].target_date, appointment: orders[0].appointment_date, slot: orders[0].appointment_slot },
      { reference: `${r.emergency.reference}-1`, phone: '01632960555', status: 'issued', target: '2026-11-24', appointment: null, slot: null },
    );
    const added = (await history(r.emergency.id)).at(-1)!;
    assert.equal(added.status, 'reported');
    assert.equal(added.note, `Work order ${r.emergency.reference}-1 raised with Northbridge Plumbing Ltd (01632 960555), to be done by 24 November 2026.`);

    const second = await rs.agent.post(
      `${base}/work-orders`,
      { contractorName: 'Sparks & Co', contractorPhone: '07700 900 123', trade: 'Electrical', 'target-day': '25', 'target-month': '11', 'target-year': '2026', status: 'appointment_booked', 'appointment-day': '24', 'appointment-month': '11', 'appointment-year': '2026', slot: 'am' },
      { from: `${base}/work-orders/new` },
    );
    assert.equal(second.statusCode, 303);
    assert.match((await history(r.emergency.id)).at(-1)!.note!, new RegExp(`${r.emergency.reference}-2 raised with Sparks & Co .* Appointment: 24 November 2026, morning\\.`));

    const order = orders[0];
    const url = `${base}/work-orders/${order.id}`;
    assert.match((await rs.agent.get(url)).body, new RegExp(`Work order ${order.reference}`));
    const update = await rs.agent.post(url, { status: 'appointment_booked', 'appointment-day': '25', 'appointment-month': '11', 'appointment-year': '2026', slot: 'pm' });
    assert.equal(update.statusCode, 303);
    const saved = await t.app.deps.db.selectFrom('work_orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
    assert.deepEqual([saved.status, saved.appointment_date, saved.appointment_slot], ['appointment_booked', '2026-11-25', 'pm']);
    assert.equal((await history(r.emergency.id)).at(-1)!.note, `Work order ${order.reference}: appointment booked. Work order ${order.reference} appointment: 25 November 2026, afternoon.`);
    const page = await rs.agent.get(base);
    assert.match(page.body, /Sparks &amp; Co, 07700 900123/);
    assert.match(page.body, /25 November 2026, afternoon/);

    // A day later the appointment is past; closing the work order keeps it on record.
    await later(new Date('2026-11-27T10:00:00Z'), async (agent) => {
      const closed = await agent.post(url, { status: 'completed', 'appointment-day': '25', 'appointment-month': '11', 'appointment-year': '2026', slot: 'pm' }, { from: url });
      assert.equal(closed.statusCode, 303);
    });
    // Another repair's work order is not found under this one.
    assert.equal((await rs.agent.get(`/staff/repairs/${r.urgent.id}/work-orders/${order.id}`)).statusCode, 404);
    assert.equal((await audits('staff_added_work_order')).length, 2);
    assert.equal((await audits('staff_updated_work_order')).length, 2);
  });

  test('work orders: bad input is a 400 naming each problem, and nothing is written', async () => {
    const base = `/staff/repairs/${r.damp.id}`;
    const good = { contractorName: 'Dryline', contractorPhone: '01632 960 777', trade: 'Damp', 'target-day': '4', 'target-month': '12', 'target-year': '2026', status: 'issued', slot: 'none' };
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ ...good, contractorName: ' ', contractorPhone: '' }, ['Enter the contractor’s name', 'Enter the contractor’s phone number']],
      [{ ...good, contractorPhone: '12345' }, ['Enter a UK phone number, like 01632 960 001 or 07700 900 982']],
      [{ ...good, trade: '' }, ['Enter the trade, like Plumbing']],
      [{ ...good, 'target-day': '', 'target-month': '', 'target-year': '' }, ['Enter the work order’s target date']],
      [{ ...good, status: 'done' }, ['Choose a status from the list']],
      [{ ...good, status: 'appointment_booked' }, ['Enter the appointment date', 'Choose the appointment slot: morning, afternoon or all day']],
      [{ ...good, 'appointment-day': '30', 'appointment-month': '11', 'appointment-year': '2026' }, ['Choose the appointment slot: morning, afternoon or all day']],
      [{ ...good, slot: 'am' }, ['Enter the appointment date']],
      [{ ...good, slot: 'evening', 'appointment-day': '30', 'appointment-month': '11', 'appointment-year': '2026' }, ['Choose morning, afternoon or all day']],
      [{ ...good, slot: 'am', 'appointment-day': '20', 'appointment-month': '11', 'appointment-year': '2026' }, ['Appointment date must be today or in the future']],
    ];
    for (const [body, messages] of cases) {
      const res = await rs.agent.post(`${base}/work-orders`, body, { from: `${base}/work-orders/new` });
      assert.equal(res.statusCode, 400, messages[0]);
      assert.deepEqual(errorSummary(res.body), messages);
    }
    const kept = await rs.agent.post(`${base}/work-orders`, { ...good, contractorPhone: 'abc' }, { from: `${base}/work-orders/new` });
    assert.match(kept.body, /name="contractorName"[^>]*value="Dryline"/);
    assert.equal((await t.app.deps.db.selectFrom('work_orders').select('id').where('repair_id', '=', r.damp.id).execute()).length, 0);
  });

  test('a note for the tenant joins the history under the current status; an internal note stays out of it', async () => {
    const base = `/staff/repairs/${r.damp.id}`;
    const before = (await history(r.damp.id)).length;
    const tenant = await rs.agent.post(`${base}/notes`, { audience: 'tenant', note: 'Our surveyor will visit on Thursday.' }, { from: base });
    assert.equal(tenant.statusCode, 303);
    const rows = await history(r.damp.id);
    assert.equal(rows.length, before + 1);
    assert.deepEqual([rows.at(-1)!.status, rows.at(-1)!.note, rows.at(-1)!.actor_type], ['reported', 'Our surveyor will visit on Thursday.', 'staff']);

    const internal = await rs.agent.post(`${base}/notes`, { audience: 'internal', note: 'Tenant <i>prefers</i> calls after 4pm.' }, { from: base });
    assert.equal(internal.statusCode, 303);
    assert.equal((await history(r.damp.id)).length, before + 1);
    assert.ok(!(await history(r.damp.id)).some((h) => h.note?.includes('prefers')));
    const notes = await t.app.deps.db.selectFrom('repair_internal_notes').selectAll().where('repair_id', '=', r.damp.id).execute();
    assert.deepEqual(notes.map((n) => [n.body, n.staff_id]), [['Tenant <i>prefers</i> calls after 4pm.', rs.staffId]]);
    const page = await rs.agent.get(base);
    assert.match(page.body, /Internal notes[\s\S]*?Tenant &lt;i&gt;prefers&lt;\/i&gt; calls after 4pm/);
    assert.match(page.body, /Internal note added. Only staff can see it/);
    assert.equal((await audits('staff_added_repair_note')).length, 1);
    assert.equal((await audits('staff_added_internal_repair_note')).length, 1);

    const missing = await rs.agent.post(`${base}/notes`, { note: 'No audience' }, { from: base });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(errorSummary(missing.body), ['Choose who can see the note']);
    assert.match(missing.body, /No audience/);
    assert.deepEqual(errorSummary((await rs.agent.post(`${base}/notes`, { audience: 'tenant', note: '   ' }, { from: base })).body), ['Enter a note']);
    assert.deepEqual(errorSummary((await rs.agent.post(`${base}/notes`, { audience: 'internal', note: 'y'.repeat(2001) }, { from: base })).body), ['Note must be 2000 characters or fewer']);
    assert.equal((await history(r.damp.id)).length, before + 1);
  });

  test('customer services may look but not act; income may not look; a post without its CSRF token is refused', async () => {
    const page = await cs.agent.get(`/staff/repairs/${r.damp.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /\/status"|\/priority"|work-orders\/new|Add a note/);
    assert.equal((await cs.agent.post(`/staff/repairs/${r.damp.id}/notes`, { audience: 'internal', note: 'x' }, { from: '/staff/repairs' })).statusCode, 403);
    assert.equal((await income.agent.get('/staff/repairs')).statusCode, 403);
    assert.doesNotMatch((await income.agent.get('/staff')).body, /href="\/staff\/repairs"/);
    const forged = await rs.agent.post(`/staff/repairs/${r.damp.id}/notes`, { audience: 'internal', note: 'forged' }, { csrf: null });
    assert.equal(forged.statusCode, 403);
  });

  test('staff home counts the open emergencies and damp cases for those who triage', async () => {
    const open = await t.app.deps.db
      .selectFrom('repairs')
      .select('id')
      .where('status', 'not in', ['completed', 'cancelled'])
      .where((eb) => eb.or([eb('priority', '=', 'emergency'), eb('investigate_by', 'is not', null)]))
      .execute();
    const home = await rs.agent.get('/staff');
    assert.match(home.body, new RegExp(`${open.length} open emergency or damp and mould repairs</a>`));
    assert.match(home.body, /href="\/staff\/repairs">Repairs</);
  });

  test('each page of the queue, filtered or not, is a seek into a triage index with no sort', async () => {
    const repo = new RepairsTriageRepository(t.app.deps.db);
    const none = { status: null, priority: null, hazardOnly: false };
    const cursor = { rank: 1, due: '2026-11-20', id: 1 };
    const queries = [
      ...repo.queuePageQueries(none, null, 51),
      ...repo.queuePageQueries(none, cursor, 51),
      ...repo.queuePageQueries({ ...none, status: 'reported' }, null, 51),
      ...repo.queuePageQueries({ ...none, status: 'reported' }, cursor, 51),
      ...repo.queuePageQueries({ ...none, hazardOnly: true }, cursor, 51),
    ];
    for (const [i, q] of queries.entries()) {
      const query = q.compile();
      const plan = await t.app.deps.db.transaction().execute(async (trx) => {
        // PostgreSQL would rightly scan a table this small; turned off, it shows which index it can use.
        if (TEST_ENGINE === 'postgres') {
          await sql`set local enable_seqscan = off`.execute(trx);
          await sql`set local enable_sort = off`.execute(trx);
        }
        const { rows } = await trx.executeQuery({ ...query, sql: (TEST_ENGINE === 'postgres' ? 'explain ' : 'explain query plan ') + query.sql });
        return JSON.stringify(rows);
      });
      assert.match(plan, /repairs_triage_queue/, `query ${i}: ${plan}`);
      assert.doesNotMatch(plan, /TEMP B-TREE|Sort/i, `query ${i}: ${plan}`);
    }
  });
});

describe('staff: repairs queue paging', { skip }, () => {
  let t: TestApp;
  let rs: SignedInStaff;
  before(async () => {
    t = await createTestApp();
    rs = await signedInStaff(t, 'repairs');
    const household = await createHousehold(t.app.deps);
    // 60 urgent then 10 routine: the second page starts inside the urgent ones and runs on into the routine ones.
    for (let i = 0; i < 70; i += 1) await createRepair(t.app.deps, household, { priority: i % 7 === 0 ? 'routine' : 'urgent', targetDate: `2026-12-${String(1 + (i % 20)).padStart(2, '0')}` });
  });
  after(() => t.close());

  test('pages of 50 follow on from each other, across priorities, without gaps or repeats, keeping the filters', async () => {
    const first = await rs.agent.get('/staff/repairs?status=reported');
    const firstIds = queueIds(first.body);
    assert.equal(firstIds.length, 50);
    assert.match(first.body, /70 open repairs matching the filters/);
    const next = /href="([^"]+)" rel="next"/.exec(first.body)![1].replace(/&amp;/g, '&');
    assert.match(decodeURIComponent(next), /status=reported&after=2~2026-12-\d\d~\d+/);
    const second = await rs.agent.get(next);
    const secondIds = queueIds(second.body);
    assert.equal(secondIds.length, 20);
    assert.doesNotMatch(second.body, /rel="next"/);
    assert.match(second.body, /rel="first"/);
    const all = [...firstIds, ...secondIds];
    assert.equal(new Set(all).size, 70);
    const rows = await t.app.deps.db.selectFrom('repairs').select(['id', 'priority', 'target_date']).execute();
    const expected = rows.sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) || a.target_date.localeCompare(b.target_date) || a.id - b.id).map((r) => r.id);
    assert.deepEqual(all, expected);
  });
});
