import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';
import { answerJourney, keyOf, signIn, submit, useTempUploads } from './repairs-support.ts';

const skip = await databaseUnavailable();

describe('Log a Repair', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let me: TestAccount;
  before(async () => {
    useTempUploads();
    t = await createTestApp();
    home = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
  });
  after(() => t.close());

  test('one question per page, through to a confirmation with reference, priority and target date', async () => {
    const agent = await signIn(t.app, me);
    const first = await agent.get('/repairs/new');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Is it one of these emergencies\?/);
    const check = await answerJourney(agent);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check your answers before logging your repair/);
    for (const text of ['In your home', 'Kitchen', 'Tap', 'Dripping', 'The cold tap in the kitchen drips all night.', 'Monday', 'Friendly dog']) assert.ok(check.body.includes(text), text);
    assert.match(check.body, /href="\/repairs\/new\/problem\?change=1"/);

    const reference = await submit(agent, check);
    const confirmation = await agent.get(`/repairs/${reference}/confirmation`);
    assert.equal(confirmation.statusCode, 200);
    assert.ok(confirmation.body.includes(reference));
    assert.match(confirmation.body, /We will contact you to arrange an appointment/);
    // Monday 23 November 2026 + 20 working days (routine).
    assert.match(confirmation.body, /Routine/);
    assert.match(confirmation.body, /21 Dec 2026/);

    const row = await t.app.deps.db.selectFrom('repairs').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.property_id, home.propertyId);
    assert.equal(row.agreement_id, home.agreementId);
    assert.equal(row.status, 'reported');
    assert.equal(row.channel, 'portal');
    assert.equal(row.target_date, '2026-12-21');
    assert.equal(row.investigate_by, null);
    assert.deepEqual(JSON.parse(row.availability), { days: ['monday'], times: ['morning'] });
    const history = await t.app.deps.db.selectFrom('repair_status_history').selectAll().where('repair_id', '=', row.id).execute();
    assert.equal(history.length, 1);
    // The journey is over: starting again starts from the emergency question.
    const again = await agent.get('/repairs/new/check');
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/repairs/new');
  });

  test('a double-clicked or resent submit logs one repair', async () => {
    const agent = await signIn(t.app, me);
    const check = await answerJourney(agent, { description: 'Sent twice by a double click.' });
    const key = keyOf(check.body);
    const one = await agent.post('/repairs/new/check', { key });
    const two = await agent.post('/repairs/new/check', { key });
    assert.equal(one.statusCode, 303);
    assert.equal(two.headers.location, one.headers.location);
    const rows = await t.app.deps.db.selectFrom('repairs').select('id').where('description', '=', 'Sent twice by a double click.').execute();
    assert.equal(rows.length, 1);
    // Two at once, too.
    const check2 = await answerJourney(agent, { description: 'Sent twice at once.' });
    const key2 = keyOf(check2.body);
    const [a, b] = await Promise.all([agent.post('/repairs/new/check', { key: key2 }), agent.post('/repairs/new/check', { key: key2 })]);
    assert.equal(a.headers.location, b.headers.location);
    const rows2 = await t.app.deps.db.selectFrom('repairs').select('id').where('description', '=', 'Sent twice at once.').execute();
    assert.equal(rows2.length, 1);
  });

  test('a bad idempotency key is refused with 400', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const res = await agent.post('/repairs/new/check', { key: '../x' });
    assert.equal(res.statusCode, 400);
  });

  test('gas: leave and call the national gas emergency number; not taken online', async () => {
    const agent = await signIn(t.app, me);
    const res = await agent.post('/repairs/new', { emergency: 'gas' }, { from: '/repairs/new' });
    assert.equal(res.headers.location, '/repairs/new/gas');
    const page = await agent.get('/repairs/new/gas');
    assert.match(page.body, /0800 111 999/);
    assert.match(page.body, /Leave your home/);
    assert.doesNotMatch(page.body, /<form method="post" action="\/repairs/);
  });

  test("other emergencies show the landlord's emergency number and what to do now", async () => {
    const agent = await signIn(t.app, me);
    const res = await agent.post('/repairs/new', { emergency: 'water' }, { from: '/repairs/new' });
    const page = await agent.get(String(res.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /01632 960 199/);
    assert.match(page.body, /stop tap/);
  });

  test('no answer, or a choice the catalogue does not offer, is a 400 with a clear message', async () => {
    const agent = await signIn(t.app, me);
    const none = await agent.post('/repairs/new', {}, { from: '/repairs/new' });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(errorSummary(none.body), ['Select if it is one of these emergencies']);
    await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    const empty = await agent.post('/repairs/new/where', {}, { from: '/repairs/new/where' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['Select where the problem is']);
    // A house has no communal areas to report.
    const communal = await agent.post('/repairs/new/where', { location: 'communal' });
    assert.equal(communal.statusCode, 400);
    assert.deepEqual(errorSummary(communal.body), ['Select one of the options shown']);
    await agent.post('/repairs/new/where', { location: 'home' }, { from: '/repairs/new/where' });
    const unknownArea = await agent.post('/repairs/new/area', { area: 'ballroom' }, { from: '/repairs/new/area' });
    assert.equal(unknownArea.statusCode, 400);
    assert.deepEqual(errorSummary(unknownArea.body), ['Select one of the options shown']);
    await agent.post('/repairs/new/area', { area: 'kitchen' }, { from: '/repairs/new/area' });
    // An item from another room is not an item of this one.
    const wrongRoom = await agent.post('/repairs/new/item', { item: 'toilet' }, { from: '/repairs/new/item' });
    assert.equal(wrongRoom.statusCode, 400);
    await agent.post('/repairs/new/item', { item: 'tap' }, { from: '/repairs/new/item' });
    const wrongProblem = await agent.post('/repairs/new/problem', { problem: '<script>' }, { from: '/repairs/new/problem' });
    assert.equal(wrongProblem.statusCode, 400);
    assert.doesNotMatch(wrongProblem.body, /<script>(?!document\.body\.className)/);
    await agent.post('/repairs/new/problem', { problem: 'dripping' }, { from: '/repairs/new/problem' });
    const short = await agent.post('/repairs/new/describe', { description: '   ' }, { from: '/repairs/new/describe' });
    assert.equal(short.statusCode, 400);
    assert.deepEqual(errorSummary(short.body), ['Describe the problem']);
    const long = await agent.post('/repairs/new/describe', { description: 'x'.repeat(1001) }, { from: '/repairs/new/describe' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /x{1001}/, 'keeps what was typed');
    await agent.post('/repairs/new/describe', { description: 'Drips.' }, { from: '/repairs/new/describe' });
    await agent.post('/repairs/new/photos/continue', {}, { from: '/repairs/new/photos' });
    const access = await agent.post('/repairs/new/access', { accessNotes: 'Ring twice' }, { from: '/repairs/new/access' });
    assert.equal(access.statusCode, 400);
    assert.deepEqual(errorSummary(access.body), ['Select at least one day that suits you', 'Select at least one time of day that suits you']);
    assert.match(access.body, /Ring twice/);
  });

  test('pages opened out of order send you back to the first unanswered question', async () => {
    const agent = await signIn(t.app, me);
    const fresh = await signIn(t.app, me);
    assert.equal((await fresh.get('/repairs/new/describe')).headers.location, '/repairs/new');
    await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    const res = await agent.get('/repairs/new/item');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/repairs/new/where');
    const post = await agent.post('/repairs/new/check', { key: 'k'.repeat(20) });
    assert.equal(post.statusCode, 303);
    assert.equal(post.headers.location, '/repairs/new/where');
  });

  test('a change link returns to check your answers; changing the room asks again what and what is wrong', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent);
    const problem = await agent.post('/repairs/new/problem?change=1', { problem: 'will-not-turn' }, { from: '/repairs/new/problem?change=1' });
    assert.equal(problem.headers.location, '/repairs/new/check');
    const area = await agent.post('/repairs/new/area?change=1', { area: 'bathroom' }, { from: '/repairs/new/area?change=1' });
    assert.equal(area.headers.location, '/repairs/new/item?change=1');
    const item = await agent.post('/repairs/new/item?change=1', { item: 'toilet' }, { from: '/repairs/new/item?change=1' });
    assert.equal(item.headers.location, '/repairs/new/problem?change=1');
    const p2 = await agent.post('/repairs/new/problem?change=1', { problem: 'blocked-only' }, { from: '/repairs/new/problem?change=1' });
    assert.equal(p2.headers.location, '/repairs/new/check');
    const check = await agent.get('/repairs/new/check');
    assert.match(check.body, /Blocked or will not flush \(my only toilet\)/);
    const reference = await submit(agent, check);
    const row = await t.app.deps.db.selectFrom('repairs').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.priority, 'emergency');
    assert.equal(row.target_date, '2026-11-24');
  });

  test("damp and mould: extra questions, a possible significant hazard and Awaab's Law investigate-by date", async () => {
    const agent = await signIn(t.app, me);
    await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    await agent.post('/repairs/new/where', { location: 'home' }, { from: '/repairs/new/where' });
    await agent.post('/repairs/new/area', { area: 'bedroom-living' }, { from: '/repairs/new/area' });
    await agent.post('/repairs/new/item', { item: 'walls-ceiling' }, { from: '/repairs/new/item' });
    const problem = await agent.post('/repairs/new/problem', { problem: 'damp-mould' }, { from: '/repairs/new/problem' });
    assert.equal(problem.headers.location, '/repairs/new/damp');
    assert.equal((await agent.get('/repairs/new/describe')).headers.location, '/repairs/new/damp');
    const missing = await agent.post('/repairs/new/damp', { extent: 'large' }, { from: '/repairs/new/damp' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(errorSummary(missing.body), ['Select how long it has been there', 'Select if it is affecting anyone’s health']);
    await agent.post('/repairs/new/damp', { extent: 'several', duration: 'longer', health: 'yes' }, { from: '/repairs/new/damp' });
    await agent.post('/repairs/new/describe', { description: 'Black mould behind the wardrobe in the bedroom.' }, { from: '/repairs/new/describe' });
    await agent.post('/repairs/new/photos/continue', {}, { from: '/repairs/new/photos' });
    await agent.post('/repairs/new/access', { days: 'friday', times: 'afternoon' }, { from: '/repairs/new/access' });
    const check = await agent.get('/repairs/new/check');
    assert.match(check.body, /In more than one room/);
    const reference = await submit(agent, check);
    const row = await t.app.deps.db.selectFrom('repairs').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.investigate_by, '2026-12-07');
    assert.deepEqual(JSON.parse(row.hazard_flags), ['damp_mould', 'health_affected']);
    assert.deepEqual(JSON.parse(row.damp_details!), { extent: 'several', duration: 'longer', health: 'yes' });
    const confirmation = await agent.get(`/repairs/${reference}/confirmation`);
    assert.match(confirmation.body, /investigate it by 7 Dec 2026/);
  });

  test('signed-out visitors are sent to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/repairs/new' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/sign-in/);
  });
});
