import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RepairStatus } from '../../src/db/database.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';
import { answerJourney, signIn, submit, useTempUploads } from './repairs-support.ts';

const skip = await databaseUnavailable();

describe('My Repairs, repairs at this address, related repairs and cancelling', { skip }, () => {
  let t: TestApp;
  let blockId: number;
  let flat1: Household;
  let flat2: Household;
  let house: Household;
  let me: TestAccount;
  let neighbour: TestAccount;
  let stranger: TestAccount;
  before(async () => {
    useTempUploads();
    t = await createTestApp();
    const db = t.app.deps.db;
    const block = await db.insertInto('properties').values({ kind: 'block', address_line1: 'Test Court', address_line2: null, town: 'Northbridge', county: null, postcode: 'NB9 9ZZ', uprn: null, parent_id: null }).returning('id').executeTakeFirstOrThrow();
    blockId = block.id;
    flat1 = await createHousehold(t.app.deps, { parentId: blockId, members: [{ forenames: 'Sam', surname: 'Reed' }, { forenames: 'Jo', surname: 'Reed' }] });
    flat2 = await createHousehold(t.app.deps, { parentId: blockId });
    house = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, flat1.people[0].personId);
    neighbour = await createAccount(t.app.deps, flat2.people[0].personId);
    stranger = await createAccount(t.app.deps, house.people[0].personId);
    await db.insertInto('contact_details').values({ person_id: flat1.people[0].personId, method: 'mobile_phone', value: '07700 900123', start_date: '2020-01-01', end_date: null, created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' }).execute();
  });
  after(() => t.close());

  const logRepair = async (account: TestAccount, answers: Parameters<typeof answerJourney>[1]) => {
    const agent = await signIn(t.app, account);
    return submit(agent, await answerJourney(agent, answers));
  };
  const setStatus = (reference: string, status: RepairStatus) => t.app.deps.db.updateTable('repairs').set({ status }).where('reference', '=', reference).execute();
  const idOf = async (reference: string) => (await t.app.deps.db.selectFrom('repairs').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  test('My Repairs shows the household, its current and previous repairs, and the links of the Repairs Enquiry', async () => {
    const current = await logRepair(me, { description: 'Current: tap drips.' });
    const done = await logRepair(me, { description: 'Old: tap dripped.' });
    await setStatus(done, 'completed');
    const agent = await signIn(t.app, me);
    const res = await agent.get('/repairs');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Sam Reed, Jo Reed/);
    assert.match(res.body, /07700 900123/);
    assert.match(res.body, /Test Street, Northbridge, NB1 1AA/);
    for (const link of ['/repairs/address', '/repairs/new', '/repairs/communal']) assert.ok(res.body.includes(`href="${link}"`), link);
    const [currentPart, previousPart] = res.body.split('Previous repairs');
    assert.ok(currentPart.includes(current) && !currentPart.includes(done));
    assert.ok(previousPart.includes(done) && !previousPart.includes(current));
    // The other tenant on the agreement sees the same household repairs.
    const joint = await createAccount(t.app.deps, flat1.people[1].personId);
    assert.ok((await (await signIn(t.app, joint)).get('/repairs')).body.includes(current));
    // Nobody else's.
    assert.ok(!(await (await signIn(t.app, stranger)).get('/repairs')).body.includes(current));
    const dash = await agent.get('/dashboard');
    assert.match(dash.body, /app-tile__title">My Repairs<\/span>\s*<span class="app-tile__body">1 current repair</);
    assert.match(dash.body, /app-tile__title">Log a Repair</);
    assert.match(dash.body, /href="\/repairs\/new">Log a repair/);
  });

  test('communal repairs are logged against the block and shown to every household in it, read-only', async () => {
    const reference = await logRepair(neighbour, { location: 'communal', area: 'lift', item: 'lift', problem: 'not-working', description: 'Lift stuck on floor 2.' });
    const row = await t.app.deps.db.selectFrom('repairs').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.property_id, blockId);
    assert.equal(row.priority, 'emergency');
    const agent = await signIn(t.app, me);
    const related = await agent.get('/repairs/communal');
    assert.equal(related.statusCode, 200);
    assert.ok(related.body.includes('Lift stuck on floor 2.') || related.body.includes(reference));
    assert.ok(related.body.includes(`href="/repairs/${reference}"`));
    const page = await agent.get(`/repairs/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Communal repair/);
    assert.doesNotMatch(page.body, /Cancel this repair/);
    assert.doesNotMatch(page.body, /Days and times that suit you/);
    // Not theirs to cancel.
    const cancel = await agent.post(`/repairs/${reference}/cancel`, {});
    assert.equal(cancel.statusCode, 404);
    // A household in a house has no block, and cannot open the block's repair.
    const other = await signIn(t.app, stranger);
    const none = await other.get('/repairs/communal');
    assert.match(none.body, /not part of a block/);
    assert.equal((await other.get(`/repairs/${reference}`)).statusCode, 404);
    // Not in "this address" for the flat: that is the flat's own repairs.
    assert.ok(!(await agent.get('/repairs/address')).body.includes(reference));
  });

  test("repairs at this address list every repair at the property, linking only the household's own", async () => {
    const mine = await logRepair(me, { description: 'Address list: mine.' });
    // A repair by an earlier tenancy of the same flat.
    const db = t.app.deps.db;
    const earlier = await db.insertInto('agreements').values({ reference: `OLD${Date.now() % 100000}`, type: 'Assured tenancy', status: 'former', property_id: flat1.propertyId, start_date: '2010-01-01', end_date: '2019-12-31' }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('repairs')
      .values({ reference: 'R0999001', property_id: flat1.propertyId, agreement_id: earlier.id, reported_by_person_id: null, channel: 'phone', location: 'home', area_id: 'kitchen', area: 'Kitchen', item_id: 'sink', item: 'Sink', problem_id: 'blocked', problem: 'Blocked', trade: 'Plumbing', description: 'From before your time.', priority: 'urgent', status: 'completed', reported_at: '2018-03-01T10:00:00Z', target_date: '2018-03-06', investigate_by: null, hazard_flags: '[]', damp_details: null, access_notes: null, availability: '{}', idempotency_key: null, created_at: '2018-03-01T10:00:00Z', updated_at: '2018-03-01T10:00:00Z', completed_at: null, cancelled_at: null })
      .execute();
    const agent = await signIn(t.app, me);
    const res = await agent.get('/repairs/address');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`href="/repairs/${mine}"`));
    assert.ok(res.body.includes('R0999001'));
    assert.ok(!res.body.includes('href="/repairs/R0999001"'));
    assert.equal((await agent.get('/repairs/R0999001')).statusCode, 404);
  });

  test('a repair page shows its status history and each work order with the contractor phone', async () => {
    const reference = await logRepair(me, { description: 'Work order test.' });
    const id = await idOf(reference);
    const db = t.app.deps.db;
    await db.updateTable('repairs').set({ status: 'appointment_booked' }).where('id', '=', id).execute();
    await db.insertInto('repair_status_history').values({ repair_id: id, status: 'appointment_booked', note: 'Booked for Thursday', actor_type: 'staff', at: '2026-11-23T11:00:00.000Z' }).execute();
    await db
      .insertInto('work_orders')
      .values({ repair_id: id, reference: `${reference}-01`, contractor_name: 'Northbridge Plumbing Ltd', contractor_phone: '01632 960 410', trade: 'Plumbing', target_date: '2026-12-21', status: 'appointment_booked', appointment_date: '2026-11-26', appointment_slot: 'am', created_at: '2026-11-23T11:00:00.000Z', updated_at: '2026-11-23T11:00:00.000Z' })
      .execute();
    const agent = await signIn(t.app, me);
    const page = await agent.get(`/repairs/${reference}`);
    assert.equal(page.statusCode, 200);
    for (const text of [`Work order ${reference}-01`, '01632 960 410', 'Northbridge Plumbing Ltd', '21 Dec 2026', '26 Nov 2026, morning', 'Booked for Thursday', 'Reported online']) assert.ok(page.body.includes(text), text);
    assert.doesNotMatch(page.body, /Cancel this repair/, 'booked work cannot be cancelled online');

    // Newest history first; work orders in the order they were raised. Entries are added out of order.
    await db.insertInto('repair_status_history').values({ repair_id: id, status: 'appointment_booked', note: 'Moved to Friday', actor_type: 'staff', at: '2026-11-24T09:00:00.000Z' }).execute();
    await db.insertInto('repair_status_history').values({ repair_id: id, status: 'assigned', note: 'Sent to the plumber', actor_type: 'staff', at: '2026-11-23T10:30:00.000Z' }).execute();
    await db
      .insertInto('work_orders')
      .values({ repair_id: id, reference: `${reference}-02`, contractor_name: 'Second Trade Ltd', contractor_phone: '01632 960 411', trade: 'Plumbing', target_date: '2026-12-22', status: 'issued', appointment_date: null, appointment_slot: null, created_at: '2026-11-24T11:00:00.000Z', updated_at: '2026-11-24T11:00:00.000Z' })
      .execute();
    const again = (await agent.get(`/repairs/${reference}`)).body;
    const at = (text: string) => again.indexOf(text);
    assert.ok(at('Moved to Friday') < at('Booked for Thursday') && at('Booked for Thursday') < at('Sent to the plumber'), 'history newest first');
    assert.ok(at(`Work order ${reference}-01`) < at(`Work order ${reference}-02`), 'work orders oldest first');
  });

  test('a repair no one has started can be cancelled; one in progress is refused with the reason', async () => {
    const reference = await logRepair(me, { description: 'Cancel me.' });
    const agent = await signIn(t.app, me);
    const page = await agent.get(`/repairs/${reference}`);
    assert.match(page.body, new RegExp(`href="/repairs/${reference}/cancel"`));
    const confirm = await agent.get(`/repairs/${reference}/cancel`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to cancel this repair\?/);
    const done = await agent.post(`/repairs/${reference}/cancel`, {});
    assert.equal(done.statusCode, 303);
    const after = await agent.get(`/repairs/${reference}`);
    assert.match(after.body, /has been cancelled/);
    assert.match(after.body, /Cancelled online by the tenant/);
    const row = await t.app.deps.db.selectFrom('repairs').select(['status', 'cancelled_at']).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.status, 'cancelled');
    assert.ok(row.cancelled_at);
    const again = await agent.post(`/repairs/${reference}/cancel`, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been cancelled/);

    const started = await logRepair(me, { description: 'Already started.' });
    await setStatus(started, 'in_progress');
    const refused = await agent.post(`/repairs/${started}/cancel`, {}, { from: `/repairs/${started}` });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /cannot be cancelled online because work on it has started/);
    assert.match(refused.body, /01632 960 100/);
    assert.equal((await t.app.deps.db.selectFrom('repairs').select('status').where('reference', '=', started).executeTakeFirstOrThrow()).status, 'in_progress');
    // The confirmation page is not offered for it either.
    assert.equal((await agent.get(`/repairs/${started}/cancel`)).statusCode, 303);
    // Without the form's token, nothing happens.
    const fresh = await logRepair(me, { description: 'Forged cancel.' });
    const forged = await agent.post(`/repairs/${fresh}/cancel`, {}, { csrf: null });
    assert.equal(forged.statusCode, 403);
  });

  test("another household's repair, and made-up references, are not found on every route", async () => {
    const theirs = await logRepair(stranger, { description: 'Private to the stranger.' });
    const agent = await signIn(t.app, me);
    for (const ref of [theirs, 'R9999999', 'r0000001', '1', '..%2F..%2Fetc', 'R00000000000000']) {
      for (const url of [`/repairs/${ref}`, `/repairs/${ref}/confirmation`, `/repairs/${ref}/cancel`, `/repairs/${ref}/photos/1`]) {
        assert.equal((await agent.get(url)).statusCode, 404, url);
      }
      assert.equal((await agent.post(`/repairs/${ref}/cancel`, {}, { from: '/repairs' })).statusCode, 404, `POST ${ref}`);
    }
    assert.equal((await t.app.deps.db.selectFrom('repairs').select('status').where('reference', '=', theirs).executeTakeFirstOrThrow()).status, 'reported');
  });

  test('every repairs route needs a signed-in tenant', async () => {
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/repairs'));
    assert.ok(routes.length >= 20, `found ${routes.length}`);
    for (const r of routes) {
      const url = r.url.replace(':reference', 'R0000001').replace(':id', '1').replace(':index', '0');
      const res = await t.app.inject({ method: r.method as 'GET' | 'POST', url });
      assert.ok(res.statusCode === 303 || res.statusCode === 403, `${r.method} ${url} → ${res.statusCode}`);
      if (r.method === 'GET') assert.match(String(res.headers.location), /^\/sign-in/);
    }
  });
});
