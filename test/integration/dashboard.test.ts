import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LedgerService } from '../../src/features/money/ledger.service.ts';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createRepair } from '../helpers/repair-factory.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

/** The items of a "Recent activity" list, in the order shown. */
const activityItems = (html: string) => [...html.matchAll(/<li class="govuk-body"><span[^>]*>([^<]*)<\/span>([^<]*)<\/li>/g)].map((m) => `${m[1]}: ${m[2]}`);
const tileBody = (html: string, title: string) => new RegExp(`app-tile__title">${title}</span>\\s*<span class="app-tile__body">([^<]*)<`).exec(html)?.[1];

// The dashboard reads everything it shows in one query (dashboardOfPerson): these check what that
// read gathers across agreements, and what it must leave out.
describe('dashboard: one read of everything it shows', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let garage: Household;
  let neighbour: Household;
  let me: TestAccount;
  before(async () => {
    t = await createTestApp();
    const deps = t.app.deps;
    const ledger = new LedgerService(deps.db, () => t.clock.now());
    home = await createHousehold(deps);
    garage = await createHousehold(deps);
    neighbour = await createHousehold(deps);
    me = await createAccount(deps, home.people[0].personId);
    // A second current agreement of mine (a garage), and a former one: the garage is newer, so it comes first.
    await deps.db.insertInto('agreement_members').values({ agreement_id: garage.agreementId, person_id: home.people[0].personId, role: 'joint' }).execute();
    await deps.db.updateTable('agreements').set({ start_date: '2026-06-01' }).where('id', '=', garage.agreementId).execute();
    const former = await createHousehold(deps);
    await deps.db.updateTable('agreements').set({ status: 'former', start_date: '2001-01-01', end_date: '2019-12-31' }).where('id', '=', former.agreementId).execute();
    await deps.db.insertInto('agreement_members').values({ agreement_id: former.agreementId, person_id: home.people[0].personId, role: 'joint' }).execute();

    for (const h of [home, garage, former, neighbour]) await ledger.openAccount(h.agreementId, { paymentMethod: 'Direct Debit' });
    // Home: a charge and a payment a week for six weeks (12 postings), ending 16 November.
    const weeks = ['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'];
    await ledger.post(home.agreementId, weeks.flatMap((date, i) => [
      { date, type: 'charge' as const, description: `Rent week ${i + 1}`, amountPence: 10000 },
      { date, type: 'payment' as const, description: 'Payment', amountPence: -(9000 + i * 10) },
    ]));
    await ledger.post(garage.agreementId, [{ date: '2026-11-12', type: 'charge', description: 'Garage rent', amountPence: 1500 }]);
    await ledger.post(former.agreementId, [{ date: '2026-11-20', type: 'adjustment', description: 'Former tenancy write-off', amountPence: -300 }]);
    await ledger.post(neighbour.agreementId, [{ date: '2026-11-21', type: 'charge', description: 'Neighbour rent', amountPence: 7700 }]);

    await createRepair(deps, home, { status: 'reported' });
    await createRepair(deps, garage, { status: 'in_progress' });
    await createRepair(deps, home, { status: 'completed' });
    await createRepair(deps, neighbour, { status: 'reported' });
  });
  after(() => t.close());

  test("recent activity merges every current agreement's transactions, newest first, and leaves out a former one's and a neighbour's", async () => {
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    const all = activityItems((await agent.get('/activity')).body).filter((item) => !item.includes('signed in'));
    assert.deepEqual(all.slice(0, 4), [
      '16 November 2026: We received your payment of £90.50',
      '16 November 2026: Rent week 6: £100.00 charged to your rent account',
      '12 November 2026: Garage rent: £15.00 charged to your rent account',
      '9 November 2026: We received your payment of £90.40',
    ]);
    assert.equal(all.length, 13, 'twelve postings at home and one at the garage');
    assert.ok(!all.some((item) => /write-off|Neighbour/.test(item)), all.join('\n'));

    // The dashboard keeps the newest five of everything, sign-ins included.
    const dashboard = (await agent.get('/dashboard')).body;
    const five = activityItems(dashboard);
    assert.equal(five.length, 5);
    assert.match(five[0], /You signed in/);
    assert.deepEqual(five.slice(1), all.slice(0, 4));
  });

  test('the tiles and balances come from the same read: agreements, open repairs and communications', async () => {
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    const dashboard = (await agent.get('/dashboard')).body;
    assert.equal(tileBody(dashboard, 'My Agreements'), '2 current, 1 former');
    // The newest current agreement is the one the money tiles speak of.
    assert.equal(tileBody(dashboard, 'My Balance'), 'You owe £15.00');
    assert.equal(tileBody(dashboard, 'My Repairs'), '2 current repairs', 'open at home and at the garage; not the completed one, not the neighbour');
    // Both current agreements' balances, neither the former's nor the neighbour's.
    assert.match(dashboard, new RegExp(`reference ${garage.agreementReference}\\.`));
    assert.match(dashboard, new RegExp(`reference ${home.agreementReference}\\.`));
    assert.doesNotMatch(dashboard, new RegExp(`reference ${neighbour.agreementReference}\\.`));
    assert.equal(tileBody(dashboard, 'My Communications'), undefined, 'nothing sent yet');

    await t.app.deps.db
      .insertInto('communications')
      .values([
        { person_id: home.people[0].personId, agreement_id: null, kind: 'message', title: 'Read one', body: 'x', pdf: null, letter_id: null, idempotency_key: null, created_at: '2026-11-01T10:00:00.000Z', read_at: '2026-11-02T10:00:00.000Z' },
        { person_id: home.people[0].personId, agreement_id: null, kind: 'message', title: 'Unread one', body: 'y', pdf: null, letter_id: null, idempotency_key: null, created_at: '2026-11-03T10:00:00.000Z', read_at: null },
        { person_id: neighbour.people[0].personId, agreement_id: null, kind: 'message', title: 'Not mine', body: 'z', pdf: null, letter_id: null, idempotency_key: null, created_at: '2026-11-03T10:00:00.000Z', read_at: null },
      ])
      .execute();
    assert.equal(tileBody((await agent.get('/dashboard')).body, 'My Communications'), '1 unread of 2');
  });
});
