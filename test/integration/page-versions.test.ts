import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { WATCHED_TABLES } from '../../src/db/page-versions.ts';
import { LedgerService } from '../../src/features/money/ledger.service.ts';
import { recordAudit } from '../../src/lib/audit.ts';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createRepair } from '../helpers/repair-factory.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('page versions: every write a dashboard shows raises the version of the people it concerns', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let neighbour: Household;
  let ledger: LedgerService;
  const lead = () => home.people[0].personId;
  const joint = () => home.people[1].personId;
  const other = () => neighbour.people[0].personId;

  const version = async (personId: number) =>
    Number((await t.app.deps.db.selectFrom('page_versions').select('version').where('person_id', '=', personId).executeTakeFirst())?.version ?? 0);

  /** Runs `write` and checks that it raised the version of each of `raised`, and left the neighbour's alone. */
  async function raises(raised: number[], write: () => Promise<unknown>, what: string): Promise<void> {
    const before = await Promise.all([...raised, other()].map(version));
    await write();
    const now = await Promise.all([...raised, other()].map(version));
    raised.forEach((personId, i) => assert.ok(now[i] > before[i], `${what}: person ${personId} went from ${before[i]} to ${now[i]}`));
    assert.equal(now.at(-1), before.at(-1), `${what}: the neighbour's version must not move`);
  }

  before(async () => {
    t = await createTestApp();
    const deps = t.app.deps;
    ledger = new LedgerService(deps.db, () => t.clock.now());
    home = await createHousehold(deps, { members: [{}, {}] });
    neighbour = await createHousehold(deps);
  });
  after(() => t.close());

  test('inserts, by the code paths that make them', async () => {
    const db = t.app.deps.db;
    const now = t.clock.now();
    await raises([lead(), joint()], () => ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' }), 'a rent account opened');
    await raises([lead(), joint()], () => ledger.post(home.agreementId, [{ date: '2026-11-16', type: 'payment', description: 'Payment', amountPence: -5000 }]), 'a payment posted');
    await raises([lead(), joint()], () => createRepair(t.app.deps, home, { status: 'reported' }), 'a repair logged');
    await raises([lead()], () => recordAudit(db, now, { actorType: 'tenant', actorId: lead(), personId: lead(), action: 'signed_in', detail: {} }), 'an audit event');
    await raises([lead()], () => db.insertInto('communications').values({ person_id: lead(), agreement_id: home.agreementId, kind: 'message', title: 'Hello', body: 'Hi', pdf: null, letter_id: null, idempotency_key: null, created_at: now.toISOString(), read_at: null }).execute(), 'a message');
    await raises([lead()], () => db.insertInto('letters').values({ person_id: lead(), agreement_id: home.agreementId, kind: 'registration', title: 'Your code', pdf: new Uint8Array([37, 80, 68, 70]), created_at: now.toISOString(), post_by: '2026-11-24' }).execute(), 'a letter');
    const garage = await createHousehold(t.app.deps);
    await raises([lead()], () => db.insertInto('agreement_members').values({ agreement_id: garage.agreementId, person_id: lead(), role: 'joint' }).execute(), 'joining another agreement');
  });

  test('updates of a row of every watched table', async () => {
    const db = t.app.deps.db;
    const where: Record<string, [column: string, value: number, people: number[]]> = {
      person: ['person_id', lead(), [lead()]],
      agreement: ['agreement_id', home.agreementId, [lead(), joint()]],
      'agreement itself': ['id', home.agreementId, [lead(), joint()]],
      'property itself': ['id', home.propertyId, [lead(), joint()]],
    };
    for (const [table, link] of Object.entries(WATCHED_TABLES)) {
      const [column, value, people] = where[link];
      // Setting a column to itself still fires the triggers, and leaves the data as it was.
      const write = () => sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)} where ${sql.ref(column)} = ${value}`.execute(db);
      let affected = 0;
      await raises(people, async () => (affected = Number((await write()).numAffectedRows ?? 0)), `an update of ${table}`);
      assert.ok(affected > 0, `${table} had a row of the household to update`);
    }
  });

  test('deletes', async () => {
    const db = t.app.deps.db;
    await raises([lead(), joint()], () => db.deleteFrom('rent_transactions').where('agreement_id', '=', home.agreementId).execute(), 'transactions deleted');
    await raises([lead()], () => db.deleteFrom('communications').where('person_id', '=', lead()).execute(), 'a message deleted');
    await raises([joint()], () => db.deleteFrom('agreement_members').where('person_id', '=', joint()).execute(), 'a tenant leaving the agreement');
  });
});

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
});
