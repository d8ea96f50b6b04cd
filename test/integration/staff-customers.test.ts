import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createRepair } from '../helpers/repair-factory.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff: customers', { skip }, () => {
  let t: TestApp;
  let cs: SignedInStaff;
  let household: Household;
  let account: TestAccount;
  before(async () => {
    t = await createTestApp();
    cs = await signedInStaff(t, 'customer_services');
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Wilhelmina', surname: 'Quartermaine', email: 'wq@example.com' }, { forenames: 'Bo', surname: 'Quartermaine' }] });
    account = await createAccount(t.app.deps, household.people[0].personId, { email: 'wilhelmina@example.com' });
    await t.app.deps.db.insertInto('contact_details').values({ person_id: household.people[1].personId, method: 'mobile_phone', value: '07700 900 555', start_date: '2024-01-01', end_date: null, created_at: 'x', updated_at: 'x' }).execute();
  });
  after(() => t.close());

  const names = (body: string) => [...body.matchAll(/href="\/staff\/customers\/\d+[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);

  test('search by name, agreement reference, postcode, email and phone', async () => {
    assert.deepEqual(names((await cs.agent.get('/staff/customers?q=quartermaine')).body).sort(), ['Bo Quartermaine', 'Wilhelmina Quartermaine']);
    assert.equal(names((await cs.agent.get(`/staff/customers?q=${household.agreementReference}`)).body).length, 2);
    assert.deepEqual(names((await cs.agent.get('/staff/customers?q=WILHELMINA%40example.com')).body), ['Wilhelmina Quartermaine']);
    assert.deepEqual(names((await cs.agent.get('/staff/customers?q=07700900555')).body), ['Bo Quartermaine']);
    assert.deepEqual(names((await cs.agent.get('/staff/customers?q=nobody-like-this')).body), []);
  });

  test('a too-short or too-long search gets a clear message', async () => {
    const res = await cs.agent.get('/staff/customers?q=a');
    assert.equal(res.statusCode, 400);
    assert.match(errorSummary(res.body)[0], /Enter at least 2 characters/);
    assert.equal((await cs.agent.get(`/staff/customers?q=${'x'.repeat(101)}`)).statusCode, 400);
  });

  test('opening a record shows it and writes an audit event with the optional reason', async () => {
    const res = await cs.agent.get(`/staff/customers/${household.people[0].personId}?reason=Tenant%20phoned`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Wilhelmina Quartermaine/);
    assert.match(res.body, new RegExp(household.agreementReference));
    assert.match(res.body, /Registered/);
    const event = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'staff_viewed_customer').where('person_id', '=', household.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(event.actor_id, cs.staffId);
    assert.deepEqual(JSON.parse(event.detail), { reason: 'Tenant phoned' });
  });

  test('unknown people answer 404', async () => {
    assert.equal((await cs.agent.get('/staff/customers/987654')).statusCode, 404);
    assert.equal((await cs.agent.get('/staff/customers/1x')).statusCode, 404);
  });

  test('sign out everywhere, disable and enable a portal account; clear sign-in delays', async () => {
    const tenant = new Agent(t.app);
    await tenant.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal((await tenant.get('/dashboard')).statusCode, 200);
    const url = `/staff/customers/${household.people[0].personId}`;
    await cs.agent.post(`${url}/account`, { action: 'end_sessions' }, { from: url });
    assert.equal((await tenant.get('/dashboard')).statusCode, 303);

    await cs.agent.post(`${url}/account`, { action: 'disable' }, { from: url });
    const refused = await tenant.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal(refused.statusCode, 401);
    await cs.agent.post(`${url}/account`, { action: 'enable' }, { from: url });

    for (let i = 0; i < 7; i++) await t.app.deps.throttle.fail([`signin:id:${account.email}`]);
    assert.match((await cs.agent.get(url)).body, /Locked by sign-in delays/);
    await cs.agent.post(`${url}/account`, { action: 'unlock' }, { from: url });
    assert.doesNotMatch((await cs.agent.get(url)).body, /Locked by sign-in delays/);
    const ok = await tenant.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal(ok.statusCode, 303);
  });

  test('an unknown action is refused clearly; a person with no account is 404', async () => {
    const url = `/staff/customers/${household.people[0].personId}`;
    const bad = await cs.agent.post(`${url}/account`, { action: 'delete_everything' }, { from: url });
    assert.equal(bad.statusCode, 400);
    const noAccount = `/staff/customers/${household.people[1].personId}`;
    assert.equal((await cs.agent.post(`${noAccount}/account`, { action: 'disable' }, { from: noAccount })).statusCode, 404);
  });

  test('income and repairs staff may look but not act on portal accounts', async () => {
    const income = await signedInStaff(t, 'income');
    const url = `/staff/customers/${household.people[0].personId}`;
    const page = await income.agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Sign out everywhere/);
    assert.equal((await income.agent.post(`${url}/account`, { action: 'disable' }, { from: url })).statusCode, 403);
  });

  test("the record lists repairs on the customer's agreements, linked for those who may open them", async () => {
    const repair = await createRepair(t.app.deps, household, { status: 'in_progress' });
    const elsewhere = await createRepair(t.app.deps, await createHousehold(t.app.deps));
    const url = `/staff/customers/${household.people[1].personId}`;
    const page = (await cs.agent.get(url)).body;
    assert.match(page, new RegExp(`<a class="govuk-link" href="/staff/repairs/${repair.id}">${repair.reference}</a>`));
    assert.match(page, /In progress/);
    assert.doesNotMatch(page, new RegExp(elsewhere.reference), "another household's repair is not listed");
    const income = await signedInStaff(t, 'income');
    const incomePage = (await income.agent.get(url)).body;
    assert.match(incomePage, new RegExp(repair.reference));
    assert.doesNotMatch(incomePage, new RegExp(`href="/staff/repairs/${repair.id}"`));
  });
});
