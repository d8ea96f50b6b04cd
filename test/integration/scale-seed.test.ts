import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed.ts';
import { ScaleGenerator, referenceFor, usernameFor } from '../../src/seed/scale-data.ts';
import { seedScale, type ScaleSeedResult } from '../../src/seed/scale-seed.ts';
import { RepairsRepository, repairReference } from '../../src/features/repairs/repairs.repository.ts';
import { Agent } from '../helpers/agent.ts';
import { TEST_NOW, createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();
const TODAY = '2026-11-23';

describe('large-landlord seed', { skip }, () => {
  let t: TestApp;
  let result: ScaleSeedResult;
  before(async () => {
    t = await createTestApp();
    const { db, engine, hasher } = t.app.deps;
    // Chunks of 7 households, so several transactions and a part-filled last chunk are exercised.
    result = await seedScale({ db, engine, tenancies: 30, now: TEST_NOW, passwordHash: await hasher.hash(DEMO_PASSWORD), chunk: 7 });
  });
  after(() => t.close());

  test('the same households come out whether built at once or in chunks, and on every run', () => {
    const ctx = { today: TODAY, nowIso: TEST_NOW.toISOString(), passwordHash: 'x' };
    const whole = new ScaleGenerator(ctx).households(0, 30);
    const chunked = new ScaleGenerator(ctx);
    const parts = [chunked.households(0, 11), chunked.households(11, 30)];
    for (const table of Object.keys(whole) as Array<keyof typeof whole>) {
      assert.deepEqual([...parts[0][table], ...parts[1][table]], whole[table], table);
    }
    assert.deepEqual(new ScaleGenerator(ctx).households(0, 30), whole);
  });

  test('it writes what it reports: tenancies, people, accounts and transactions', async () => {
    const db = t.app.deps.db;
    const n = async (table: 'agreements' | 'people' | 'accounts' | 'rent_transactions' | 'rent_accounts') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const current = await db.selectFrom('agreements').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'current').executeTakeFirstOrThrow();
    assert.equal(Number(current.n), 30);
    assert.equal(await n('agreements'), result.agreements);
    assert.equal(await n('rent_accounts'), result.agreements);
    assert.equal(await n('people'), result.people);
    assert.equal(await n('accounts'), result.accounts);
    assert.equal(await n('rent_transactions'), result.transactions);
    // Three years of weekly charges and their payments: well over 200 lines a tenancy.
    assert.ok(result.transactions > 30 * 200, `${result.transactions} transactions`);
    assert.ok(result.people > 30, 'some tenancies are joint');
    const flats = await db.selectFrom('properties').select('parent_id').where('kind', '=', 'flat').execute();
    assert.ok(flats.length > 0 && flats.every((f) => f.parent_id !== null), 'flats belong to a block');
  });

  test('every running balance is the one before it plus the amount, and the account agrees with the last', async () => {
    const db = t.app.deps.db;
    const rows = await db.selectFrom('rent_transactions').select(['agreement_id', 'seq', 'date', 'amount_pence', 'balance_pence']).orderBy('agreement_id').orderBy('seq').execute();
    const accounts = new Map((await db.selectFrom('rent_accounts').selectAll().execute()).map((a) => [a.agreement_id, a]));
    const last = new Map<number, { seq: number; date: string; balance: number }>();
    for (const r of rows) {
      const before = last.get(r.agreement_id) ?? { seq: 0, date: '0000-00-00', balance: 0 };
      assert.equal(r.seq, before.seq + 1, `agreement ${r.agreement_id} numbers its postings without gaps`);
      assert.ok(r.date >= before.date, `agreement ${r.agreement_id}: dates never go back (${r.date} after ${before.date})`);
      assert.equal(r.balance_pence, before.balance + r.amount_pence, `agreement ${r.agreement_id} seq ${r.seq}`);
      last.set(r.agreement_id, { seq: r.seq, date: r.date, balance: r.balance_pence });
    }
    for (const [id, account] of accounts) {
      assert.equal(account.balance_pence, last.get(id)?.balance ?? 0, `agreement ${id} balance`);
      assert.equal(account.last_seq, last.get(id)?.seq ?? 0, `agreement ${id} last_seq`);
    }
  });

  test('the landlord looks real: three years of weekly rent, some owing, some in credit, former tenancies cleared', async () => {
    const db = t.app.deps.db;
    const span = await db
      .selectFrom('rent_transactions as t')
      .innerJoin('agreements as a', 'a.id', 't.agreement_id')
      .select(['a.id', 'a.status', (eb) => eb.fn.min('t.date').as('first'), (eb) => eb.fn.countAll<number>().as('charges')])
      .where('t.type', '=', 'charge')
      .groupBy(['a.id', 'a.status'])
      .execute();
    for (const a of span.filter((s) => s.status === 'current')) {
      assert.ok(String(a.first) <= '2023-11-30', `agreement ${a.id} history starts ${a.first}`);
      assert.ok(Number(a.charges) >= 156, `agreement ${a.id} has ${a.charges} weekly charges`);
    }
    const balances = await db.selectFrom('rent_accounts as r').innerJoin('agreements as a', 'a.id', 'r.agreement_id').select(['a.status', 'r.balance_pence']).execute();
    const current = balances.filter((b) => b.status === 'current');
    assert.ok(current.some((b) => b.balance_pence > 50000), 'someone is more than £500 in arrears');
    assert.ok(current.some((b) => b.balance_pence < 0), 'someone is in credit');
    assert.ok(balances.filter((b) => b.status === 'former').every((b) => b.balance_pence === 0), 'former tenancies are closed clear');
    const benefits = await db.selectFrom('benefit_contributions').select('agreement_id').distinct().execute();
    assert.ok(benefits.length > 0, 'some households get Housing Benefit');
  });

  test('a seeded tenant signs in with the shared password and pages deep into their history', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: usernameFor(0), password: DEMO_PASSWORD }, { from: '/sign-in' });
    assert.equal(res.statusCode, 303);
    const account = await agent.get(`/agreements/${referenceFor(0)}`);
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /You owe £|You are £[\d,.]+ in credit|Your account is clear/);
    let page = await agent.get(`/agreements/${referenceFor(0)}/transactions`);
    let pages = 1;
    for (let older = /href="([^"]*older=[^"]*)"/.exec(page.body); older; older = /href="([^"]*older=[^"]*)"/.exec(page.body)) {
      page = await agent.get(older[1].replaceAll('&amp;', '&'));
      assert.equal(page.statusCode, 200);
      pages++;
    }
    assert.ok(pages >= 8, `${pages} pages of 20`);
    const other = await agent.get(`/agreements/${referenceFor(1)}`);
    assert.equal(other.statusCode, 404, "another household's account is not found");
  });

  test('repairs: about ten a tenancy, each history starting at its report and ending in its status', async () => {
    const db = t.app.deps.db;
    const repairs = await db.selectFrom('repairs').select(['id', 'reference', 'status', 'reported_at', 'location', 'investigate_by', 'agreement_id']).orderBy('id').execute();
    assert.equal(repairs.length, result.repairs);
    assert.ok(repairs.length >= 30 * 6 && repairs.length <= 30 * 16, `${repairs.length} repairs for 30 tenancies`);
    const history = await db.selectFrom('repair_status_history').select(['repair_id', 'status', 'at']).orderBy('repair_id').orderBy('at').orderBy('id').execute();
    const byRepair = new Map<number, typeof history>();
    for (const h of history) byRepair.set(h.repair_id, [...(byRepair.get(h.repair_id) ?? []), h]);
    for (const r of repairs) {
      assert.equal(r.reference, repairReference(r.id), 'the reference is made from the id, as the app makes it');
      const steps = byRepair.get(r.id) ?? [];
      assert.equal(steps[0]?.status, 'reported', `${r.reference} starts reported`);
      assert.equal(steps[0]?.at, r.reported_at, `${r.reference} history starts when it was reported`);
      assert.equal(steps.at(-1)?.status, r.status, `${r.reference} is in the status its history ends with`);
    }
    const statuses = new Set(repairs.map((r) => r.status));
    for (const s of ['reported', 'assigned', 'appointment_booked', 'in_progress', 'on_hold', 'completed', 'cancelled']) assert.ok(statuses.has(s as never), `some repair is ${s}`);
    assert.ok(repairs.filter((r) => r.status === 'completed').length > repairs.length * 0.7, 'most repairs are completed');
    assert.ok(repairs.some((r) => r.location === 'communal'), 'some repairs are communal');
    assert.ok(repairs.some((r) => r.investigate_by !== null), 'some are damp cases with an investigate-by date');
    const orders = await db.selectFrom('work_orders').select('repair_id').execute();
    assert.ok(orders.length > repairs.length / 2, 'most repairs have a work order');
  });

  test('the next repair logged takes the next reference, on either engine', async () => {
    const db = t.app.deps.db;
    const last = await db.selectFrom('repairs').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    const template = await db.selectFrom('repairs').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const { id: _id, reference: _reference, ...values } = template;
    const reference = await db.transaction().execute((trx) => new RepairsRepository(trx).insert({ ...values, idempotency_key: 'scale-seed-next-reference' }));
    assert.equal(reference, repairReference(Number(last.max) + 1));
  });

  test('a seeded tenant opens My Repairs, one of their repairs and their block’s communal repairs', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: usernameFor(0), password: DEMO_PASSWORD }, { from: '/sign-in' });
    assert.equal(res.statusCode, 303);
    const list = await agent.get('/repairs');
    assert.equal(list.statusCode, 200);
    const reference = /href="\/repairs\/(R\d{7,})"/.exec(list.body)?.[1];
    assert.ok(reference, 'My Repairs links to a repair');
    const page = await agent.get(`/repairs/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(reference));
    assert.equal((await agent.get('/repairs/address')).statusCode, 200);
    assert.equal((await agent.get('/repairs/communal')).statusCode, 200);
    const db = t.app.deps.db;
    const others = await db.selectFrom('repairs').select('reference').where('location', '<>', 'communal').where('agreement_id', '<>', (await db.selectFrom('agreements').select('id').where('reference', '=', referenceFor(0)).executeTakeFirstOrThrow()).id).limit(1).executeTakeFirstOrThrow();
    assert.equal((await agent.get(`/repairs/${others.reference}`)).statusCode, 404, "another household's repair is not found");
  });
});
