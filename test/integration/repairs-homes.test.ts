import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpError } from '../../src/lib/http-error.ts';
import { RepairsService } from '../../src/features/repairs/repairs.service.ts';
import { errorSummary } from '../helpers/agent.ts';
import { addHome, createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';
import { answerJourney, keyOf, signIn, submit, useTempUploads } from './repairs-support.ts';

const skip = await databaseUnavailable();

type Home = Awaited<ReturnType<typeof addHome>>;

/** A tenant with two current homes: a house (the newer tenancy) and a flat in a block. */
describe('Log a Repair: a tenant with more than one home', { skip }, () => {
  let t: TestApp;
  let blockId: number;
  let house: Household;
  let flat: Home;
  let me: TestAccount;
  let single: Household;
  let singleAccount: TestAccount;
  before(async () => {
    useTempUploads();
    t = await createTestApp();
    const db = t.app.deps.db;
    const block = await db.insertInto('properties').values({ kind: 'block', address_line1: 'Homes Court', address_line2: null, town: 'Northbridge', county: null, postcode: 'NB8 8ZZ', uprn: null, parent_id: null }).returning('id').executeTakeFirstOrThrow();
    blockId = block.id;
    house = await createHousehold(t.app.deps);
    flat = await addHome(t.app.deps, [house.people[0].personId], { parentId: blockId, startDate: '2019-01-01' });
    me = await createAccount(t.app.deps, house.people[0].personId);
    single = await createHousehold(t.app.deps);
    singleAccount = await createAccount(t.app.deps, single.people[0].personId);
  });
  after(() => t.close());

  const addressOf = async (propertyId: number) => {
    const p = await t.app.deps.db.selectFrom('properties').selectAll().where('id', '=', propertyId).executeTakeFirstOrThrow();
    return `${p.address_line1}, ${p.town}, ${p.postcode}`;
  };
  const repairRow = (reference: string) => t.app.deps.db.selectFrom('repairs').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();

  test('with one home there is no address question, and its URL passes straight on', async () => {
    const agent = await signIn(t.app, singleAccount);
    const emergency = await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    assert.equal(emergency.headers.location, '/repairs/new/where');
    const home = await agent.get('/repairs/new/home');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/repairs/new/where');
    const where = await agent.get('/repairs/new/where');
    assert.match(where.body, /href="\/repairs\/new"/);
    const check = await answerJourney(agent);
    assert.doesNotMatch(check.body, /\/repairs\/new\/home/);
    assert.ok(check.body.includes(`Address: ${await addressOf(single.propertyId)}`));
  });

  test('with two homes the journey asks which address, listing each with its agreement reference', async () => {
    const agent = await signIn(t.app, me);
    const emergency = await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    assert.equal(emergency.headers.location, '/repairs/new/home');
    // Later questions wait for the address.
    const where = await agent.get('/repairs/new/where');
    assert.equal(where.headers.location, '/repairs/new/home');
    const page = await agent.get('/repairs/new/home');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Which address is the repair for\?/);
    assert.ok(page.body.includes(flat.address));
    assert.ok(page.body.includes(`value="${house.agreementReference}"`));
    assert.ok(page.body.includes(`Agreement reference ${flat.agreementReference}`));
    const answered = await agent.post('/repairs/new/home', { home: flat.agreementReference });
    assert.equal(answered.headers.location, '/repairs/new/where');
    const next = await agent.get('/repairs/new/where');
    assert.match(next.body, /href="\/repairs\/new\/home"/);
    // The flat is in a block, so communal areas are offered; the house is not.
    assert.match(next.body, /value="communal"/);
  });

  test("choosing the second home logs the repair against its property and agreement, once per key", async () => {
    const agent = await signIn(t.app, me);
    const check = await answerJourney(agent, { home: flat.agreementReference, description: 'Flat: the kitchen tap drips.' });
    assert.equal(check.statusCode, 200);
    assert.ok(check.body.includes(flat.address));
    assert.match(check.body, /href="\/repairs\/new\/home\?change=1"/);
    const key = keyOf(check.body);
    const one = await agent.post('/repairs/new/check', { key });
    const two = await agent.post('/repairs/new/check', { key });
    assert.equal(two.headers.location, one.headers.location);
    const reference = /R\d+/.exec(String(one.headers.location))![0];
    const row = await repairRow(reference);
    assert.equal(row.property_id, flat.propertyId);
    assert.equal(row.agreement_id, flat.agreementId);
    assert.equal((await t.app.deps.db.selectFrom('repairs').select('id').where('description', '=', 'Flat: the kitchen tap drips.').execute()).length, 1);
    // A communal repair goes to the flat's block.
    const communal = await submit(agent, await answerJourney(agent, { home: flat.agreementReference, location: 'communal', area: 'lift', item: 'lift', problem: 'not-working', description: 'The lift is stuck.' }));
    const communalRow = await repairRow(communal);
    assert.equal(communalRow.property_id, blockId);
    assert.equal(communalRow.agreement_id, flat.agreementId);
    // And the newer home is still the one chosen when asked for.
    const houseRepair = await submit(agent, await answerJourney(agent, { home: house.agreementReference }));
    assert.equal((await repairRow(houseRepair)).property_id, house.propertyId);
  });

  test("no address, an unknown one or another person's agreement is a 400 with the error summary", async () => {
    const agent = await signIn(t.app, me);
    await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
    for (const home of ['', 'nonsense', single.agreementReference]) {
      const res = await agent.post('/repairs/new/home', { home }, { from: '/repairs/new/home' });
      assert.equal(res.statusCode, 400, home);
      assert.deepEqual(errorSummary(res.body), ['Select the address the repair is for'], home);
      assert.match(res.body, /Which address is the repair for\?/);
    }
    assert.equal((await agent.get('/repairs/new/where')).headers.location, '/repairs/new/home');
  });

  test('changing the address keeps answers about the home but asks again where a communal problem is', async () => {
    const agent = await signIn(t.app, me);
    await answerJourney(agent, { home: flat.agreementReference });
    const kept = await agent.post('/repairs/new/home?change=1', { home: house.agreementReference }, { from: '/repairs/new/home?change=1' });
    assert.equal(kept.headers.location, '/repairs/new/check');
    const check = await agent.get('/repairs/new/check');
    assert.ok(check.body.includes(await addressOf(house.propertyId)));
    assert.ok(!check.body.includes(flat.address));

    await answerJourney(agent, { home: flat.agreementReference, location: 'communal', area: 'lift', item: 'lift', problem: 'not-working' });
    const moved = await agent.post('/repairs/new/home?change=1', { home: house.agreementReference }, { from: '/repairs/new/home?change=1' });
    assert.equal(moved.headers.location, '/repairs/new/where?change=1');
    assert.equal((await agent.get('/repairs/new/check')).headers.location, '/repairs/new/where');
    const where = await agent.get('/repairs/new/where?change=1');
    assert.doesNotMatch(where.body, /value="communal"/);
  });

  test('a chosen home that has since ended is refused on submit', async () => {
    const other = await createHousehold(t.app.deps);
    const second = await addHome(t.app.deps, [other.people[0].personId], { startDate: '2018-01-01' });
    const account = await createAccount(t.app.deps, other.people[0].personId);
    const agent = await signIn(t.app, account);
    const check = await answerJourney(agent, { home: second.agreementReference, description: 'For the home that ends.' });
    await t.app.deps.db.updateTable('agreements').set({ status: 'former' }).where('id', '=', second.agreementId).execute();
    // Through the pages: asked again which address, rather than logged against the other home.
    const res = await agent.post('/repairs/new/check', { key: keyOf(check.body) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/repairs/new/home');
    // And the service itself checks again.
    const service = new RepairsService(t.app.deps);
    const journey = { emergencyChecked: true, home: second.agreementReference, location: 'home', area: 'kitchen', item: 'tap', problem: 'dripping', description: 'For the home that ends.', photos: [] };
    await assert.rejects(service.create(other.people[0].personId, journey, 'a'.repeat(20), { requestId: 'test', ip: '127.0.0.1' }), (err: unknown) => err instanceof HttpError && err.statusCode === 400 && /Select the address the repair is for/.test(err.message));
    assert.equal((await t.app.deps.db.selectFrom('repairs').select('id').where('description', '=', 'For the home that ends.').execute()).length, 0);
  });

  test('repairs at this address and related repairs: a link to each home, then that home’s repairs', async () => {
    const agent = await signIn(t.app, me);
    const flatRepair = await submit(agent, await answerJourney(agent, { home: flat.agreementReference, description: 'Listed at the flat.' }));
    const houseRepair = await submit(agent, await answerJourney(agent, { home: house.agreementReference, description: 'Listed at the house.' }));
    const communalRepair = await submit(agent, await answerJourney(agent, { home: flat.agreementReference, location: 'communal', area: 'lift', item: 'lift', problem: 'not-working', description: 'Listed in the block.' }));

    const choose = await agent.get('/repairs/address');
    assert.equal(choose.statusCode, 200);
    assert.ok(choose.body.includes(`href="/repairs/address?home=${flat.agreementReference}"`));
    assert.ok(choose.body.includes(`href="/repairs/address?home=${house.agreementReference}"`));
    assert.ok(!choose.body.includes(flatRepair));

    const atFlat = await agent.get(`/repairs/address?home=${flat.agreementReference}`);
    assert.equal(atFlat.statusCode, 200);
    assert.ok(atFlat.body.includes(flat.address));
    assert.ok(atFlat.body.includes(flatRepair) && !atFlat.body.includes(houseRepair));
    assert.match(atFlat.body, /href="\/repairs\/address"/);
    const atHouse = await agent.get(`/repairs/address?home=${house.agreementReference}`);
    assert.ok(atHouse.body.includes(houseRepair) && !atHouse.body.includes(flatRepair));

    const related = await agent.get('/repairs/communal');
    assert.ok(related.body.includes(`href="/repairs/communal?home=${flat.agreementReference}"`));
    const flatRelated = await agent.get(`/repairs/communal?home=${flat.agreementReference}`);
    assert.ok(flatRelated.body.includes(communalRepair));
    assert.match(flatRelated.body, /Homes Court/);
    const houseRelated = await agent.get(`/repairs/communal?home=${house.agreementReference}`);
    assert.match(houseRelated.body, /not part of a block/);

    for (const path of ['/repairs/address', '/repairs/communal']) {
      for (const home of [single.agreementReference, 'nonsense']) assert.equal((await agent.get(`${path}?home=${home}`)).statusCode, 404, `${path} ${home}`);
    }
  });

  test('My Repairs names every address, and offers the related repairs of the home in a block', async () => {
    const agent = await signIn(t.app, me);
    const page = await agent.get('/repairs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<dt class="govuk-summary-list__key">\s*Addresses\s*<\/dt>/);
    assert.ok(page.body.includes(`<li>${await addressOf(house.propertyId)}</li>`));
    assert.ok(page.body.includes(`<li>${flat.address}</li>`));
    assert.match(page.body, /View repair details for your addresses/);
    // The newer home is the house, not in a block: the link is there for the flat's block.
    assert.match(page.body, /href="\/repairs\/communal">View related repairs<\/a><span class="govuk-body-s"> \(communal areas of Homes Court\)/);

    const one = await (await signIn(t.app, singleAccount)).get('/repairs');
    assert.match(one.body, /<dt class="govuk-summary-list__key">\s*Address\s*<\/dt>/);
    assert.match(one.body, /View repair details for this address/);
    assert.doesNotMatch(one.body, /View related repairs/);
  });

  test('the household is named lead tenant first, whatever order the names were added in', async () => {
    const joint = await createHousehold(t.app.deps, { members: [{ forenames: 'Zoe', surname: 'Added-First' }, { forenames: 'Amir', surname: 'Added-Second' }] });
    // The first name added becomes the joint tenant, the second the lead.
    const db = t.app.deps.db;
    await db.updateTable('agreement_members').set({ role: 'joint' }).where('person_id', '=', joint.people[0].personId).execute();
    await db.updateTable('agreement_members').set({ role: 'lead' }).where('person_id', '=', joint.people[1].personId).execute();
    const agent = await signIn(t.app, await createAccount(t.app.deps, joint.people[0].personId));
    const page = await agent.get('/repairs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Amir Added-Second, Zoe Added-First/);
  });

  test('with one home the pages are as before, and another person’s reference is not found', async () => {
    const agent = await signIn(t.app, singleAccount);
    const page = await agent.get('/repairs/address');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The following repairs have been reported for/);
    assert.doesNotMatch(page.body, /\?home=/);
    assert.equal((await agent.get('/repairs/communal')).statusCode, 200);
    assert.equal((await agent.get(`/repairs/address?home=${flat.agreementReference}`)).statusCode, 404);
    assert.equal((await agent.get(`/repairs/communal?home=${house.agreementReference}`)).statusCode, 404);
  });
});
