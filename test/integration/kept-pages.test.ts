import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LedgerService } from '../../src/features/money/ledger.service.ts';
import { MoneyRepository } from '../../src/features/money/money.repository.ts';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createBlock, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createRepair } from '../helpers/repair-factory.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();
describe('the dashboard is kept for a person while their page version stands', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let me: TestAccount;
  let ledger: LedgerService;
  const balanceLine = (html: string) => /You owe £[\d,]+\.\d\d|You are £[\d,]+\.\d\d in credit|Your account is clear/.exec(html)?.[0];

  before(async () => {
    t = await createTestApp();
    ledger = new LedgerService(t.app.deps.db, () => t.clock.now());
    home = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
    await ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' });
    await ledger.post(home.agreementId, [{ date: '2026-11-16', type: 'charge', description: 'Rent', amountPence: 10000 }]);
  });
  after(() => t.close());

  test('a payment written behind its back shows on the next visit, and an unchanged version is served as kept', async () => {
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    assert.equal(balanceLine((await agent.get('/dashboard')).body), 'You owe £100.00');

    // Written straight to the database, as the housing system's import would: the triggers raise the version.
    await ledger.post(home.agreementId, [{ date: '2026-11-20', type: 'payment', description: 'Payment', amountPence: -4000 }]);
    assert.equal(balanceLine((await agent.get('/dashboard')).body), 'You owe £60.00');

    // The same write with the version put back by hand: the page kept at that version is what shows,
    // which is how a visit with nothing changed costs no read of the dashboard's data.
    const db = t.app.deps.db;
    const { version } = await db.selectFrom('page_versions').select('version').where('person_id', '=', me.personId).executeTakeFirstOrThrow();
    await ledger.post(home.agreementId, [{ date: '2026-11-21', type: 'payment', description: 'Payment', amountPence: -6000 }]);
    await db.updateTable('page_versions').set({ version }).where('person_id', '=', me.personId).execute();
    assert.equal(balanceLine((await agent.get('/dashboard')).body), 'You owe £60.00');
    await db.updateTable('page_versions').set({ version: version + 1 }).where('person_id', '=', me.personId).execute();
    assert.equal(balanceLine((await agent.get('/dashboard')).body), 'Your account is clear');
  });

  // The whole page is kept with the kept view (KeptPages, ADR 17): what else it shows must still
  // be each request's own.
  test("two browsers of one person, at one version, each get the page with their own form token", async () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const [phone, laptop] = [new Agent(t.app), new Agent(t.app)];
    for (const browser of [phone, laptop]) await browser.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    const phoneToken = csrfOf((await phone.get('/dashboard')).body);
    const laptopToken = csrfOf((await laptop.get('/dashboard')).body);
    assert.ok(phoneToken && laptopToken);
    assert.notEqual(laptopToken, phoneToken, 'the laptop is not sent the page drawn for the phone');
    assert.equal(csrfOf((await phone.get('/dashboard')).body), phoneToken);
    // Each signs out with the token from its own last page: a page carrying the other's would be refused.
    assert.equal((await laptop.post('/sign-out', {})).statusCode, 303);
    assert.equal((await phone.post('/sign-out', {})).statusCode, 303);
  });

  test('the signed-in account and a flash message are the request\'s own, even at an unchanged version', async () => {
    const db = t.app.deps.db;
    const browser = new Agent(t.app);
    await browser.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    assert.match((await browser.get('/dashboard')).body, /Hello, /);
    const { version } = await db.selectFrom('page_versions').select('version').where('person_id', '=', me.personId).executeTakeFirstOrThrow();
    // A new name with the version put back by hand: the view kept at that version still stands,
    // and only the account read with the session says the page must be drawn again.
    await db.updateTable('people').set({ forenames: 'Marguerite' }).where('id', '=', me.personId).execute();
    await db.updateTable('page_versions').set({ version }).where('person_id', '=', me.personId).execute();
    assert.match((await browser.get('/dashboard')).body, /Hello, Marguerite/);

    // A message left for the next page shows once, and the visit after is without it.
    await db.updateTable('sessions').set({ data: JSON.stringify({ flash: 'Your contact details were saved' }) }).where('account_id', '=', me.accountId).execute();
    assert.ok((await browser.get('/dashboard')).body.includes('Your contact details were saved'));
    assert.ok(!(await browser.get('/dashboard')).body.includes('Your contact details were saved'));
    const now = await db.selectFrom('page_versions').select('version').where('person_id', '=', me.personId).executeTakeFirstOrThrow();
    assert.equal(now.version, version, 'all at the one version');
  });
});

describe('the rent account, My Balance and the repairs pages are kept likewise (ADR 15)', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let blockHome: Household;
  let me: TestAccount;
  let agent: Agent;
  let ledger: LedgerService;
  let repairReference: string;
  let blockId: number;

  before(async () => {
    t = await createTestApp();
    const deps = t.app.deps;
    ledger = new LedgerService(deps.db, () => t.clock.now());
    blockId = await createBlock(deps, 'Kestrel House');
    home = await createHousehold(deps, { parentId: blockId });
    blockHome = await createHousehold(deps, { parentId: blockId });
    me = await createAccount(deps, home.people[0].personId);
    await ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' });
    await ledger.post(home.agreementId, [{ date: '2026-11-16', type: 'charge', description: 'Rent', amountPence: 10000 }]);
    // A reference in the form the repair page's URL takes (the factory's are not).
    repairReference = 'R0777001';
    await deps.db.updateTable('repairs').set({ reference: repairReference }).where('id', '=', (await createRepair(deps, home)).id).execute();
    agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
  });
  after(() => t.close());

  const setVersion = (version: number) => t.app.deps.db.updateTable('page_versions').set({ version }).where('person_id', '=', me.personId).execute();
  const currentVersion = async () => (await t.app.deps.db.selectFrom('page_versions').select('version').where('person_id', '=', me.personId).executeTakeFirstOrThrow()).version;

  /**
   * `write(n)` changes what `read` finds on the page. A write shows on the next visit (its trigger
   * raised the version); one made with the version put back by hand does not (the kept page is
   * served); once the version moves again, it shows.
   */
  async function keptWhileVersionStands(path: string, read: (html: string) => string, write: (n: number) => Promise<unknown>): Promise<void> {
    const page = async () => {
      const res = await agent.get(path);
      assert.equal(res.statusCode, 200, path);
      return read(res.body);
    };
    const first = await page();
    await write(1);
    const second = await page();
    assert.notEqual(second, first, `${path}: a write shows on the next visit`);
    const version = await currentVersion();
    await write(2);
    await setVersion(version);
    assert.equal(await page(), second, `${path}: with the version as it was, the kept page is served`);
    await setVersion(version + 1);
    assert.notEqual(await page(), second, `${path}: once the version moves, the page is read again`);
  }

  const all = (pattern: RegExp) => (html: string) => (html.match(pattern) ?? []).join(', ');
  const money = () => new MoneyRepository(t.app.deps.db);

  test('the rent account', () =>
    keptWhileVersionStands(`/agreements/${home.agreementReference}`, all(/Gross rent[\s\S]*?£[\d,.]+/g), (n) =>
      money().addCharge(home.agreementId, { kind: 'service_charge', description: `Service ${n}`, amountPence: 100 * n, frequency: 'weekly', effectiveFrom: '2026-01-05' }),
    ));

  test('My Balance', () =>
    keptWhileVersionStands(`/agreements/${home.agreementReference}/transactions`, all(/Kept payment \d/g), (n) =>
      ledger.post(home.agreementId, [{ date: '2026-11-20', type: 'payment', description: `Kept payment ${n}`, amountPence: -100 }]),
    ));

  test('My Repairs and repairs at this address', async () => {
    await keptWhileVersionStands('/repairs', all(/Kept problem \d/gi), (n) => createRepair(t.app.deps, home, { problem: `Kept problem ${n}` }));
    await keptWhileVersionStands('/repairs/address', all(/Address problem \d/gi), (n) => createRepair(t.app.deps, home, { problem: `Address problem ${n}` }));
  });

  test('communal repairs, reported by another home in the block', () =>
    keptWhileVersionStands('/repairs/communal', all(/Communal problem \d/gi), (n) => createRepair(t.app.deps, { ...blockHome, propertyId: blockId }, { problem: `Communal problem ${n}` })));

  test("a repair's page", () =>
    keptWhileVersionStands(`/repairs/${repairReference}`, all(/WO-KEPT-\d/g), async (n) => {
      const at = t.clock.now().toISOString();
      const { id } = await t.app.deps.db.selectFrom('repairs').select('id').where('reference', '=', repairReference).executeTakeFirstOrThrow();
      await t.app.deps.db.insertInto('work_orders').values({ repair_id: id, reference: `WO-KEPT-${n}`, contractor_name: 'Fixers', contractor_phone: '0300 000 0000', trade: 'Plumbing', target_date: '2026-12-01', status: 'issued', appointment_date: null, appointment_slot: null, created_at: at, updated_at: at }).execute();
    }));
});

describe('with KEEP_PAGES=off every visit reads afresh', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let me: TestAccount;
  let ledger: LedgerService;

  before(async () => {
    t = await createTestApp({ keepPages: false });
    ledger = new LedgerService(t.app.deps.db, () => t.clock.now());
    home = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
    await ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' });
  });
  after(() => t.close());

  test('a write made with the version put back by hand still shows, on the dashboard and My Balance', async () => {
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
    const balancePage = `/agreements/${home.agreementReference}/transactions`;
    await agent.get('/dashboard');
    await agent.get(balancePage);
    const db = t.app.deps.db;
    const { version } = await db.selectFrom('page_versions').select('version').where('person_id', '=', me.personId).executeTakeFirstOrThrow();
    await ledger.post(home.agreementId, [{ date: '2026-11-20', type: 'charge', description: 'Unkept charge', amountPence: 2500 }]);
    await db.updateTable('page_versions').set({ version }).where('person_id', '=', me.personId).execute();
    assert.match((await agent.get('/dashboard')).body, /You owe £25\.00/);
    assert.match((await agent.get(balancePage)).body, /Unkept charge/);
  });
});

describe("a page kept for one tenant is never another tenant's", { skip }, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** B's page version made A's, so that only the person in the key can tell their kept pages apart. */
  async function sameVersionAs(from: number, to: number): Promise<void> {
    const db = t.app.deps.db;
    const { version } = await db.selectFrom('page_versions').select('version').where('person_id', '=', from).executeTakeFirstOrThrow();
    await db.insertInto('page_versions').values({ person_id: to, version }).onConflict((oc) => oc.column('person_id').doUpdateSet({ version })).execute();
  }

  test("after A's rent account, My Balance and repair page are kept, B asking for the same ones gets 404", async () => {
    const deps = t.app.deps;
    const ledger = new LedgerService(deps.db, () => t.clock.now());
    const [homeA, homeB] = [await createHousehold(deps), await createHousehold(deps)];
    const [a, b] = [await createAccount(deps, homeA.people[0].personId), await createAccount(deps, homeB.people[0].personId)];
    await ledger.openAccount(homeA.agreementId, { paymentMethod: 'Direct Debit' });
    await ledger.post(homeA.agreementId, [{ date: '2026-11-16', type: 'charge', description: 'Rent for A', amountPence: 10000 }]);
    const reference = 'R0777101';
    await deps.db.updateTable('repairs').set({ reference }).where('id', '=', (await createRepair(deps, homeA, { problem: 'Marker only in A' })).id).execute();
    const agentA = new Agent(t.app);
    const agentB = new Agent(t.app);
    await agentA.post('/sign-in', { identifier: a.email, password: a.password }, { from: '/sign-in' });
    await agentB.post('/sign-in', { identifier: b.email, password: b.password }, { from: '/sign-in' });

    const pages = [`/agreements/${homeA.agreementReference}`, `/agreements/${homeA.agreementReference}/transactions`, `/repairs/${reference}`];
    for (const path of pages) {
      // Twice for A, so the second visit is answered from what was kept.
      for (let i = 0; i < 2; i++) assert.equal((await agentA.get(path)).statusCode, 200, `A: ${path}`);
      await sameVersionAs(a.personId, b.personId);
      const res = await agentB.get(path);
      assert.equal(res.statusCode, 404, `B: ${path}`);
      assert.ok(!res.body.includes('Rent for A') && !/marker only in A/i.test(res.body), `B sees nothing of A's on ${path}`);
    }
    for (let i = 0; i < 2; i++) assert.match((await agentA.get('/repairs')).body, /marker only in A/i);
    await sameVersionAs(a.personId, b.personId);
    assert.doesNotMatch((await agentB.get('/repairs')).body, /marker only in A/i, "B's My Repairs is B's own");
  });
});
