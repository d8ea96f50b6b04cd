import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { LedgerService } from '../../src/features/money/ledger.service.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const HOSTILE = 'Refund ) Tj ET /JavaScript (app.alert(1)) <script>alert(1)</script> %%EOF';

describe('money: Download a Statement', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let me: TestAccount;
  let other: TestAccount;
  let agent: Agent;
  before(async () => {
    t = await createTestApp();
    const ledger = new LedgerService(t.app.deps.db, () => t.clock.now());
    home = await createHousehold(t.app.deps, { members: [{ forenames: 'Rosa', surname: 'Silva' }] });
    const otherHome = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
    other = await createAccount(t.app.deps, otherHome.people[0].personId);
    await ledger.openAccount(home.agreementId, { paymentMethod: 'Bank transfer' });
    await ledger.post(home.agreementId, [
      { date: '2026-03-02', type: 'charge', description: 'Rent March', amountPence: 45000 },
      { date: '2026-04-06', type: 'payment', description: 'Payment thank you', amountPence: -40000 },
      { date: '2026-09-07', type: 'charge', description: 'Rent September', amountPence: 45000 },
      { date: '2026-09-10', type: 'benefit', description: 'Housing Benefit', amountPence: -20000 },
      { date: '2026-10-01', type: 'refund', description: HOSTILE, amountPence: 1234 },
      { date: '2026-11-02', type: 'payment', description: 'Payment thank you', amountPence: -30000 },
    ]);
    agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: me.email, password: me.password }, { from: '/sign-in' });
  });
  after(() => t.close());

  const path = () => `/agreements/${home.agreementReference}/statement`;

  test('the menu item opens the form for the current agreement, with every period offered', async () => {
    const menu = await agent.get('/statement');
    assert.equal(menu.headers.location, path());
    const res = await agent.get(path());
    assert.equal(res.statusCode, 200);
    for (const label of ['The last 3 months', 'The last 6 months', 'The last 12 months', 'This financial year', 'Last financial year', 'Choose the dates']) assert.match(res.body, new RegExp(label));
    assert.match(res.body, /1 April 2026 to 23 November 2026/);
    assert.match(res.body, /name="key" value="[A-Za-z0-9_-]{16,}"/);
  });

  test('bad choices get specific messages and a 400', async () => {
    const cases: Array<[Record<string, string>, string[]]> = [
      [{}, ['Select the period you want a statement for']],
      [{ period: 'everything' }, ['Select the period you want a statement for']],
      [{ period: 'custom' }, ['Enter the start date', 'Enter the end date']],
      [{ period: 'custom', 'from-day': '31', 'from-month': '4', 'from-year': '2026', 'to-day': '1', 'to-month': '5', 'to-year': '2026' }, ['Start date must be a real date']],
      [{ period: 'custom', 'from-day': '1', 'from-month': '5', 'from-year': '2026', 'to-day': '1', 'to-month': '5', 'to-year': '2090' }, ['End date must be today or in the past']],
      [{ period: 'custom', 'from-day': '2', 'from-month': '5', 'from-year': '2026', 'to-day': '1', 'to-month': '5', 'to-year': '2026' }, ['End date must be the same as or after the start date']],
      [{ period: 'custom', 'from-day': '1', 'from-month': '', 'from-year': '2026', 'to-day': '1', 'to-month': '5', 'to-year': '2026' }, ['Start date must include a month']],
    ];
    for (const [form, expected] of cases) {
      const res = await agent.post(path(), form, { from: path() });
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), expected, JSON.stringify(form));
    }
    const count = await t.app.deps.db.selectFrom('communications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing recorded for a bad request');
  });

  test('a custom statement is a PDF whose text matches the account, and lands in My Communications', async () => {
    const res = await agent.post(path(), { period: 'custom', 'from-day': '1', 'from-month': '4', 'from-year': '2026', 'to-day': '1', 'to-month': '10', 'to-year': '2026' }, { from: path() });
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /^\/communications\/\d+$/);
    const page = await agent.get(location);
    assert.match(page.body, /Your statement is ready/);
    assert.match(page.body, /Rent statement, 1 April 2026 to 1 October 2026/);
    const pdf = await agent.get(`${location}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment;/);
    const text = await pdfText(pdf.rawPayload);
    assert.match(text, /Brookvale Homes/);
    assert.match(text, /Rosa Silva/);
    assert.match(text, new RegExp(home.agreementReference));
    assert.match(text, /Test Street/);
    assert.match(text, /Opening balance: £450\.00 owed/);
    assert.doesNotMatch(text, /Rent March/, 'before the period');
    assert.doesNotMatch(text, /02\/11\/2026/, 'after the period');
    // Each line with its running balance: 450 − 400 = 50; + 450 = 500; − 200 = 300; + 12.34 = 312.34.
    const expected = [
      ['06/04/2026', 'Payment thank you', '£400.00', '£50.00 owed'],
      ['07/09/2026', 'Rent September', '£450.00', '£500.00 owed'],
      ['10/09/2026', 'Housing Benefit', '£200.00', '£300.00 owed'],
      ['01/10/2026', 'Refund', '£12.34', '£312.34 owed'],
    ];
    let at = 0;
    for (const line of expected) {
      for (const part of line) {
        const i = text.indexOf(part, at);
        assert.ok(i >= 0, `"${part}" in order in the PDF`);
        at = i;
      }
    }
    assert.match(text, /Closing balance: £312\.34 owed/);
    // The hostile description is printed as words, not obeyed as PDF syntax.
    assert.match(text.replace(/\s+/g, ' '), /\/JavaScript \(app\.alert\(1\)\)/);
    assert.doesNotMatch(pdf.rawPayload.toString('latin1'), /\/JavaScript\s*\(/);
    assert.doesNotMatch(pdf.rawPayload.toString('latin1'), /\/S\s*\/JavaScript/);

    const list = await agent.get('/communications');
    assert.match(list.body, /Rent statement, 1 April 2026 to 1 October 2026/);
  });

  test('a fixed period works out its dates: last financial year', async () => {
    const res = await agent.post(path(), { period: 'last-financial-year' }, { from: path() });
    assert.equal(res.statusCode, 303);
    const pdf = await agent.get(`${res.headers.location}/pdf`);
    const text = await pdfText(pdf.rawPayload);
    assert.match(text, /1 April 2025 to 31 March 2026/);
    assert.match(text, /Opening balance: £0\.00/);
    assert.match(text, /Rent March/);
    assert.match(text, /Closing balance: £450\.00 owed/);
  });

  test('a double-clicked Continue makes one statement', async () => {
    const form = await agent.get(path());
    const key = /name="key" value="([^"]+)"/.exec(form.body)![1];
    const before = await t.app.deps.db.selectFrom('communications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const first = await agent.post(path(), { period: 'last-3-months', key });
    const second = await agent.post(path(), { period: 'last-3-months', key });
    assert.equal(first.headers.location, second.headers.location);
    const afterCount = await t.app.deps.db.selectFrom('communications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n) + 1);
  });

  test("another person's statement is not found, nor is its PDF", async () => {
    const res = await agent.post(path(), { period: 'last-12-months' }, { from: path() });
    const location = String(res.headers.location);
    const intruder = new Agent(t.app);
    await intruder.post('/sign-in', { identifier: other.email, password: other.password }, { from: '/sign-in' });
    assert.equal((await intruder.get(location)).statusCode, 404);
    assert.equal((await intruder.get(`${location}/pdf`)).statusCode, 404);
    assert.equal((await intruder.get(path())).statusCode, 404);
    const list = await intruder.get('/communications');
    assert.doesNotMatch(list.body, /Rent statement/);
  });
});
