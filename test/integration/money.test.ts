import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LedgerService, type Posting } from '../../src/features/money/ledger.service.ts';
import { prng } from '../../src/seed/demo-data.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

/** Weekly rent of £100 and a payment of `paid` each week from `start`, for `weeks` weeks. */
function weeklyHistory(start: string, weeks: number, paid: number): Posting[] {
  const out: Posting[] = [];
  for (let w = 0; w < weeks; w++) {
    const d = new Date(`${start}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 * w);
    const date = d.toISOString().slice(0, 10);
    out.push({ date, type: 'charge', description: `Rent week ${w + 1}`, amountPence: 10000 });
    out.push({ date, type: 'payment', description: `Payment week ${w + 1}`, amountPence: -paid, reference: `PAY${w + 1}` });
  }
  return out;
}

const signIn = async (t: TestApp, account: TestAccount) => {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303);
  return agent;
};

describe('money: agreements, rent account and My Balance', { skip }, () => {
  let t: TestApp;
  let ledger: LedgerService;
  let home: Household;
  let other: Household;
  let me: TestAccount;
  let formerRef: string;
  before(async () => {
    t = await createTestApp();
    const db = t.app.deps.db;
    ledger = new LedgerService(db, () => t.clock.now());
    home = await createHousehold(t.app.deps);
    other = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);

    await ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' });
    await ledger.addCharge(home.agreementId, { kind: 'rent', description: 'Rent', amountPence: 43333, frequency: 'monthly', effectiveFrom: '2026-04-01' });
    await ledger.addCharge(home.agreementId, { kind: 'service_charge', description: 'Cleaning', amountPence: 5200, frequency: 'monthly', effectiveFrom: '2026-04-01' });
    await ledger.addCharge(home.agreementId, { kind: 'rent', description: 'Old rent', amountPence: 1, frequency: 'monthly', effectiveFrom: '2025-04-01', effectiveTo: '2026-03-31' });
    await ledger.addBenefit(home.agreementId, { kind: 'Housing Benefit', amountPence: 20000, frequency: 'weekly', effectiveFrom: '2026-04-01' });
    // 50 weeks, paying £1 short each week: £50.00 owed at the end.
    await ledger.importHistory(home.agreementId, weeklyHistory('2025-12-01', 50, 9900));

    await ledger.openAccount(other.agreementId, { paymentMethod: 'Bank transfer' });
    await ledger.post(other.agreementId, [{ date: '2026-01-05', type: 'charge', description: 'Rent', amountPence: 12345 }]);

    // A former tenancy of mine, closed with a credit.
    const prop = await db.insertInto('properties').values({ kind: 'house', address_line1: '9 Old Road', address_line2: null, town: 'Northbridge', county: null, postcode: 'NB9 9ZZ', uprn: null, parent_id: null }).returning('id').executeTakeFirstOrThrow();
    formerRef = '39000001';
    const former = await db.insertInto('agreements').values({ reference: formerRef, type: 'Secure tenancy', status: 'former', property_id: prop.id, start_date: '2010-01-01', end_date: '2019-12-31' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('agreement_members').values({ agreement_id: former.id, person_id: home.people[0].personId, role: 'joint' }).execute();
    await ledger.openAccount(former.id, { paymentMethod: 'Cash' });
    await ledger.post(former.id, [{ date: '2019-12-31', type: 'adjustment', description: 'Overpaid', amountPence: -300 }]);
  });
  after(() => t.close());

  test('the pages need a signed-in tenant', async () => {
    const res = await new Agent(t.app).get(`/agreements/${home.agreementReference}`);
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/sign-in\?returnTo=/);
  });

  test('My Agreements lists current then former, each with its balance in words', async () => {
    const agent = await signIn(t, me);
    const res = await agent.get('/agreements');
    assert.equal(res.statusCode, 200);
    const current = res.body.indexOf(home.agreementReference);
    const former = res.body.indexOf(formerRef);
    assert.ok(current > 0 && former > current, 'current first');
    assert.match(res.body, /You owe £50\.00/);
    assert.match(res.body, /You are £3\.00 in credit/);
    assert.doesNotMatch(res.body, new RegExp(other.agreementReference));
  });

  test('the rent account shows the balance, the account and the breakdown per week and per month', async () => {
    const agent = await signIn(t, me);
    const res = await agent.get(`/agreements/${home.agreementReference}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /You owe £50\.00/);
    assert.match(res.body, /Last brought up to date 23 November 2026/);
    assert.match(res.body, /Direct Debit/);
    assert.match(res.body, /1 Test Street|Test Street/);
    // Monthly: rent £433.33 (£100.00 a week), service £52.00 (£12.00 a week), benefit £200.00 a week (£866.67 a month).
    assert.match(res.body, /Per month/);
    const cells = [...res.body.matchAll(/<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map((m) => m[1].trim());
    assert.deepEqual(cells, ['Rent', '£100.00', '£433.33', 'Service charge', '£12.00', '£52.00', 'Gross rent', '£112.00', '£485.33', 'Benefit contributions', '£200.00', '£866.67', 'Net rent', '£0.00', '£0.00']);
    const former = await agent.get(`/agreements/${formerRef}`);
    assert.match(former.body, /You are £3\.00 in credit/);
    assert.match(former.body, /Former/);
  });

  test("another person's agreement, or one that does not exist, is not found on every page", async () => {
    const agent = await signIn(t, me);
    for (const ref of [other.agreementReference, '99999999', 'x%27%20OR%201%3D1', 'a'.repeat(40)]) {
      // A bad page link or filter on someone else's agreement is still not found: a 400 would say it exists.
      for (const suffix of ['', '/transactions', '/transactions?older=2026-01-05_1', '/transactions?older=nonsense', '/transactions?from-day=40', '/transactions/print', '/ways-to-pay', '/statement']) {
        const res = await agent.get(`/agreements/${ref}${suffix}`);
        assert.equal(res.statusCode, 404, `${ref}${suffix}`);
        assert.doesNotMatch(res.body, /£123\.45/);
      }
    }
    const post = await agent.post(`/agreements/${other.agreementReference}/statement`, { period: 'last-3-months' }, { from: '/agreements' });
    assert.equal(post.statusCode, 404);
  });

  test('My Balance pages through the whole history, newest first, without gaps or repeats, both ways', async () => {
    const agent = await signIn(t, me);
    const menu = await agent.get('/balance');
    assert.equal(menu.headers.location, `/agreements/${home.agreementReference}/transactions`);
    const seen: string[] = [];
    const pages: string[] = [];
    let url: string | null = `/agreements/${home.agreementReference}/transactions`;
    while (url) {
      pages.push(url);
      const res = await agent.get(url);
      assert.equal(res.statusCode, 200);
      seen.push(...[...res.body.matchAll(/(Rent|Payment) week (\d+)/g)].map((m) => `${m[1]} ${m[2]}`));
      const next = /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"/.exec(res.body);
      url = next ? next[1].replaceAll('&amp;', '&') : null;
    }
    assert.equal(pages.length, 5, '100 transactions, 20 a page');
    assert.equal(seen.length, 100);
    assert.equal(new Set(seen).size, 100, 'no repeats');
    assert.equal(seen[0], 'Payment 50');
    assert.equal(seen[99], 'Rent 1');
    // And back again from the last page with "Previous".
    const back: string[] = [];
    let prev: string | null = pages[pages.length - 1];
    let count = 0;
    while (prev) {
      const res = await agent.get(prev);
      back.unshift(...[...res.body.matchAll(/(Rent|Payment) week (\d+)/g)].map((m) => `${m[1]} ${m[2]}`));
      const p = /<div class="govuk-pagination__prev">\s*<a[^>]*href="([^"]+)"/.exec(res.body);
      prev = p ? p[1].replaceAll('&amp;', '&') : null;
      count++;
    }
    assert.equal(count, 5);
    assert.deepEqual(back, seen);
  });

  test('running balances on the page are the balance after each posting', async () => {
    const agent = await signIn(t, me);
    const res = await agent.get(`/agreements/${home.agreementReference}/transactions`);
    // Newest first: after payment 50 £50.00 owed; after rent 50 £149.00 owed; after payment 49 £49.00.
    const balances = [...res.body.matchAll(/>(£[\d,.]+(?: owed| in credit)?)<\/td>\s*<\/tr>/g)].map((m) => m[1]);
    assert.deepEqual(balances.slice(0, 4), ['£50.00 owed', '£149.00 owed', '£49.00 owed', '£148.00 owed']);
  });

  test('a date filter limits the rows and pages within it', async () => {
    const agent = await signIn(t, me);
    // Weeks starting 1 Dec 2025: weeks 5 to 8 start 29 Dec 2025, 5, 12 and 19 Jan 2026.
    const q = 'from-day=29&from-month=12&from-year=2025&to-day=19&to-month=1&to-year=2026';
    const res = await agent.get(`/agreements/${home.agreementReference}/transactions?${q}`);
    assert.equal(res.statusCode, 200);
    const found = [...res.body.matchAll(/(Rent|Payment) week (\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(found, ['Payment 8', 'Rent 8', 'Payment 7', 'Rent 7', 'Payment 6', 'Rent 6', 'Payment 5', 'Rent 5']);
    assert.doesNotMatch(res.body, /govuk-pagination/);
    assert.match(res.body, /value="29"/);
    const print = await agent.get(`/agreements/${home.agreementReference}/transactions/print?${q}`);
    assert.equal(print.statusCode, 200);
    assert.match(print.body, /Opening balance: £4\.00 owed/);
    assert.match(print.body, /Closing balance: £8\.00 owed/);
    assert.doesNotMatch(print.body, /app-side-nav/);
  });

  test('every bad filter is a 400 with its own message, and the typed values kept', async () => {
    const agent = await signIn(t, me);
    const base = `/agreements/${home.agreementReference}/transactions?`;
    const cases: Array<[string, string[]]> = [
      ['from-day=30&from-month=2&from-year=2026', ['Start date must be a real date']],
      ['from-day=1&from-month=13&from-year=2026', ['Start date must be a real date']],
      ['to-day=1&to-month=1&to-year=2999', ['End date must be today or in the past']],
      ['from-day=1&from-month=&from-year=2026', ['Start date must include a month']],
      ['from-day=2&from-month=2&from-year=2026&to-day=1&to-month=2&to-year=2026', ['End date must be the same as or after the start date']],
      [`from-day=${'9'.repeat(5000)}&from-month=1&from-year=2026`, ['Start date must be a real date']],
      ['from-day=%3Cscript%3E&from-month=1&from-year=2026', ['Start date must be a real date']],
    ];
    for (const [q, expected] of cases) {
      const res = await agent.get(base + q);
      assert.equal(res.statusCode, 400, q);
      assert.deepEqual(errorSummary(res.body), expected, q);
      // The page's only bare <script> is govuk-frontend's js-enabled line; the typed one is escaped.
      assert.doesNotMatch(res.body, /<script>(?!document\.body\.className)/);
    }
    const kept = await agent.get(`${base}from-day=30&from-month=2&from-year=2026`);
    assert.match(kept.body, /name="from-day" type="text" value="30"|value="30"/);
  });

  test('a tampered page link is refused, not a 500', async () => {
    const agent = await signIn(t, me);
    for (const q of ['older=nonsense', 'newer=2026-01-01_0', 'older=2026-01-01_1&newer=2026-01-01_2']) {
      const res = await agent.get(`/agreements/${home.agreementReference}/transactions?${q}`);
      assert.equal(res.statusCode, 400, q);
    }
  });

  test('Ways to Pay shows the methods with the rent reference and the most recent payment', async () => {
    const agent = await signIn(t, me);
    const res = await agent.get(`/agreements/${home.agreementReference}/ways-to-pay`);
    assert.equal(res.statusCode, 200);
    for (const m of ['Direct Debit', 'Card payment by phone', 'Bank transfer', 'PayPoint or Post Office']) assert.match(res.body, new RegExp(m));
    assert.match(res.body, new RegExp(`<dd class="govuk-summary-list__value">\\s*${home.agreementReference}\\s*</dd>`));
    assert.match(res.body, /most recent payment was £99\.00 on 9 November 2026/);
    assert.doesNotMatch(res.body, /\{reference\}/);
  });

  test('the dashboard shows the balance, the money tiles and payments in recent activity', async () => {
    const agent = await signIn(t, me);
    const res = await agent.get('/dashboard');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<strong>You owe £50\.00\.<\/strong>/);
    for (const tile of ['My Balance', 'Ways to Pay', 'My Agreements', 'Download a Statement']) assert.match(res.body, new RegExp(`app-tile__title">${tile}<`));
    assert.doesNotMatch(res.body, /app-tile__title">My Communications</, 'no communications yet, so no tile');
    assert.match(res.body, /Most recent payment £99\.00 on 9 November 2026/);
    // Other tests' sign-ins are newer than the last payment, so the full list is where it shows.
    const activity = await agent.get('/activity');
    assert.match(activity.body, /9 November 2026<\/span>We received your payment of £99\.00/);
    assert.match(activity.body, /Rent week 50: £100\.00 charged to your rent account/);
  });

  test('postings keep running balances right, whatever their order and size (property-based)', async () => {
    const db = t.app.deps.db;
    for (let seed = 1; seed <= 12; seed++) {
      const random = prng(seed * 7919);
      const h = await createHousehold(t.app.deps);
      await ledger.openAccount(h.agreementId, { paymentMethod: 'Direct Debit' });
      const opening = Math.floor(random() * 20000) - 10000;
      if (opening) await ledger.post(h.agreementId, [{ date: '2020-01-01', type: 'adjustment', description: 'Brought forward', amountPence: opening }]);
      let day = Date.UTC(2020, 0, 2);
      const batch = (n: number): Posting[] =>
        Array.from({ length: n }, () => {
          day += Math.floor(random() * 3) * 86_400_000;
          const types = ['charge', 'payment', 'benefit', 'adjustment', 'refund'] as const;
          const type = types[Math.floor(random() * types.length)];
          const size = 1 + Math.floor(random() * 50000);
          const amountPence = type === 'payment' || type === 'benefit' ? -size : type === 'adjustment' ? size - 25000 : size;
          return { date: new Date(day).toISOString().slice(0, 10), type, description: 'x', amountPence };
        });
      // Mixed: some one at a time, some as an imported history.
      await ledger.post(h.agreementId, batch(Math.floor(random() * 15)));
      await ledger.importHistory(h.agreementId, batch(Math.floor(random() * 60)));
      await ledger.post(h.agreementId, batch(Math.floor(random() * 15)));
      const rows = await db.selectFrom('rent_transactions').select(['seq', 'amount_pence', 'balance_pence']).where('agreement_id', '=', h.agreementId).orderBy('seq').execute();
      let sum = 0;
      for (const [i, r] of rows.entries()) {
        assert.equal(r.seq, i + 1, 'posting numbers have no gaps');
        sum += r.amount_pence;
        assert.equal(r.balance_pence, sum, `seed ${seed} row ${i}`);
      }
      const account = await db.selectFrom('rent_accounts').select(['balance_pence', 'last_seq']).where('agreement_id', '=', h.agreementId).executeTakeFirstOrThrow();
      assert.equal(account.balance_pence, sum);
      assert.equal(account.last_seq, rows.length);
    }
  });

  test('a posting dated before the last one is refused and changes nothing', async () => {
    const before = await t.app.deps.db.selectFrom('rent_accounts').select(['balance_pence', 'last_seq']).where('agreement_id', '=', other.agreementId).executeTakeFirstOrThrow();
    await assert.rejects(ledger.post(other.agreementId, [{ date: '2025-01-01', type: 'payment', description: 'late', amountPence: -100 }]), /before the last one/);
    const after = await t.app.deps.db.selectFrom('rent_accounts').select(['balance_pence', 'last_seq']).where('agreement_id', '=', other.agreementId).executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
  });
});
