import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function signIn(t: TestApp, account: TestAccount): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303);
  return agent;
}

// TEST_NOW is 23 November 2026.
const date = (d: string, m: string, y: string) => ({ 'startDate-day': d, 'startDate-month': m, 'startDate-year': y });

describe('My Profile: contact details', { skip }, () => {
  let t: TestApp;
  let account: TestAccount;
  let other: TestAccount;
  let othersDetailId: number;
  before(async () => {
    t = await createTestApp();
    const household = await createHousehold(t.app.deps, { members: [{ email: 'first.home@example.com' }] });
    account = await createAccount(t.app.deps, household.people[0].personId);
    const elsewhere = await createHousehold(t.app.deps, { members: [{ email: 'someone.else@example.com' }] });
    other = await createAccount(t.app.deps, elsewhere.people[0].personId);
    const row = await t.app.deps.db.selectFrom('contact_details').select('id').where('person_id', '=', other.personId).executeTakeFirstOrThrow();
    othersDetailId = row.id;
  });
  after(() => t.close());

  const details = (personId: number) => t.app.deps.db.selectFrom('contact_details').selectAll().where('person_id', '=', personId).orderBy('id').execute();

  test('the list shows method, start date and value, each with a change link', async () => {
    const agent = await signIn(t, account);
    const res = await agent.get('/profile/contact-details');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const [email] = await details(account.personId);
    assert.match(res.body, /<h2 class="govuk-summary-card__title">\s*Email\s*<\/h2>/);
    assert.match(res.body, /first\.home@example\.com/);
    assert.match(res.body, /1 April 2020/);
    assert.match(res.body, new RegExp(`href="/profile/contact-details/${email.id}/edit"`));
    assert.match(res.body, /href="\/profile\/contact-details\/new"/);
    assert.doesNotMatch(res.body, /someone\.else@example\.com/);
  });

  test('the add form starts from today and offers the methods in a list', async () => {
    const agent = await signIn(t, account);
    const res = await agent.get('/profile/contact-details/new');
    assert.equal(res.statusCode, 200);
    for (const m of ['home_phone', 'mobile_phone', 'work_phone', 'email']) assert.match(res.body, new RegExp(`<option value="${m}"`));
    assert.match(res.body, /name="startDate-day" type="text" value="23"/);
  });

  test('bad input gets specific messages, keeps what was typed, answers 400 and saves nothing', async () => {
    const agent = await signIn(t, account);
    const before = (await details(account.personId)).length;
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ method: '', value: '', ...date('', '', '') }, ['Select a contact method', 'Enter the date this contact detail starts']],
      [{ method: 'mobile_phone', value: '', ...date('23', '11', '2026') }, ['Enter a phone number']],
      [{ method: 'mobile_phone', value: '12345', ...date('23', '11', '2026') }, ['Enter a UK phone number, like 01632 960 001 or 07700 900 982']],
      [{ method: 'home_phone', value: 'me@example.com', ...date('23', '11', '2026') }, ['Enter a UK phone number, like 01632 960 001 or 07700 900 982']],
      [{ method: 'email', value: '07700 900982', ...date('23', '11', '2026') }, ['Enter an email address in the correct format, like name@example.com']],
      [{ method: 'email', value: 'new@example.com', ...date('22', '11', '2026') }, ['Start date must be today or in the future']],
      [{ method: 'email', value: 'new@example.com', ...date('31', '2', '2027') }, ['Start date must be a real date']],
      [{ method: 'email', value: 'new@example.com', ...date('1', '', '2027') }, ['Start date must include a month']],
      [{ method: 'email', value: 'new@example.com', ...date('1', '1', '2030') }, ['Start date must be within the next 12 months']],
      [{ method: 'fax', value: '01632 960001', ...date('23', '11', '2026') }, ['Select a contact method']],
    ];
    await agent.get('/profile/contact-details/new');
    for (const [form, messages] of cases) {
      const res = await agent.post('/profile/contact-details/new', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), messages, JSON.stringify(form));
      if (form.value) assert.match(res.body, new RegExp(`id="value" name="value" type="text" spellcheck="false" value="${form.value}"`));
    }
    assert.equal((await details(account.personId)).length, before);
  });

  test('adding a phone number stores it normalised from today, audits it and shows it in the list', async () => {
    const agent = await signIn(t, account);
    const res = await agent.post('/profile/contact-details/new', { method: 'mobile_phone', value: '+44 (7700) 900-982', ...date('23', '11', '2026') }, { from: '/profile/contact-details/new' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/profile/contact-details');
    const added = (await details(account.personId)).at(-1)!;
    assert.equal(added.method, 'mobile_phone');
    assert.equal(added.value, '07700900982');
    assert.equal(added.start_date, '2026-11-23');
    const list = await agent.get('/profile/contact-details');
    assert.match(list.body, /Mobile phone added/);
    assert.match(list.body, /07700 900982/);
    const audit = await t.app.deps.db.selectFrom('audit_events').select('detail').where('action', '=', 'contact_detail_added').where('person_id', '=', account.personId).execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0].detail).contactDetailId, added.id);
  });

  test('phone numbers are shown spaced the way UK numbers are read', async () => {
    const agent = await signIn(t, account);
    await agent.get('/profile/contact-details/new');
    for (const value of ['01214960000', '020 79460000', '0300-003-5454']) {
      const res = await agent.post('/profile/contact-details/new', { method: 'work_phone', value, ...date('23', '11', '2026') });
      assert.equal(res.statusCode, 303, value);
    }
    const list = await agent.get('/profile/contact-details');
    for (const shown of ['0121 496 0000', '020 7946 0000', '0300 003 5454']) assert.match(list.body, new RegExp(shown), shown);
  });

  test('a future start date within a year is accepted for an email address', async () => {
    const agent = await signIn(t, account);
    const res = await agent.post('/profile/contact-details/new', { method: 'email', value: ' Later@Example.com ', ...date('1', '1', '2027') }, { from: '/profile/contact-details/new' });
    assert.equal(res.statusCode, 303);
    const added = (await details(account.personId)).at(-1)!;
    assert.equal(added.value, 'later@example.com');
    assert.equal(added.start_date, '2027-01-01');
  });

  test('editing keeps a historic start date, may correct it into the past, and still checks the value', async () => {
    const agent = await signIn(t, account);
    const [email] = await details(account.personId);
    const url = `/profile/contact-details/${email.id}/edit`;
    const form = await agent.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="first\.home@example\.com"/);
    assert.match(form.body, /name="startDate-year" type="text" value="2020"/);
    assert.match(form.body, /<option value="email" selected>/);

    const bad = await agent.post(url, { method: 'email', value: 'not an email', ...date('1', '4', '2020') });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummary(bad.body), ['Enter an email address in the correct format, like name@example.com']);

    const ok = await agent.post(url, { method: 'email', value: 'second.home@example.com', ...date('15', '3', '2019') }, { from: url });
    assert.equal(ok.statusCode, 303);
    const [changed] = await details(account.personId);
    assert.equal(changed.value, 'second.home@example.com');
    assert.equal(changed.start_date, '2019-03-15');
    assert.equal(changed.updated_at, t.clock.now().toISOString());
    const audit = await t.app.deps.db.selectFrom('audit_events').select('detail').where('action', '=', 'contact_detail_changed').where('person_id', '=', account.personId).execute();
    assert.equal(audit.length, 1);
  });

  test("another person's contact detail is not found, to read or to change", async () => {
    const agent = await signIn(t, account);
    const url = `/profile/contact-details/${othersDetailId}/edit`;
    assert.equal((await agent.get(url)).statusCode, 404);
    await agent.get('/profile/contact-details/new');
    const res = await agent.post(url, { method: 'email', value: 'hijack@example.com', ...date('23', '11', '2026') });
    assert.equal(res.statusCode, 404);
    const [theirs] = await details(other.personId);
    assert.equal(theirs.value, 'someone.else@example.com');
    for (const id of ['0', 'abc', '99999999', '1e3']) assert.equal((await agent.get(`/profile/contact-details/${id}/edit`)).statusCode, 404, id);
    const owner = await signIn(t, other);
    assert.equal((await owner.get(url)).statusCode, 200);
  });
});
