import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed.ts';
import { ScaleGenerator, referenceFor, usernameFor } from '../../src/seed/scale-data.ts';
import { seedScale, type ScaleSeedResult } from '../../src/seed/scale-seed.ts';
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
});
