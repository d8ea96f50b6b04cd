import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CommunicationsService } from '../../src/features/communications/communications.service.ts';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('My Communications', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let me: TestAccount;
  let other: TestAccount;
  let letterId: number;
  let otherMessage: number;
  before(async () => {
    t = await createTestApp();
    home = await createHousehold(t.app.deps);
    const otherHome = await createHousehold(t.app.deps);
    me = await createAccount(t.app.deps, home.people[0].personId);
    other = await createAccount(t.app.deps, otherHome.people[0].personId);
    const letter = await t.app.deps.db
      .insertInto('letters')
      .values({ person_id: home.people[0].personId, agreement_id: home.agreementId, kind: 'registration', title: 'Your activation code', pdf: Buffer.from('%PDF-1.3 letter'), created_at: '2026-11-01T09:00:00.000Z', post_by: '2026-11-10', posted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    letterId = letter.id;
    otherMessage = await new CommunicationsService(t.app.deps).sendMessage(otherHome.people[0].personId, 'Private to them', 'Not for you');
  });
  after(() => t.close());

  const signIn = async (account: TestAccount) => {
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    return agent;
  };

  test('the registration letter is listed, unread, and the dashboard tile appears', async () => {
    const agent = await signIn(me);
    // Before the list has mirrored the letter, the dashboard counts it already, as unread.
    const before = await agent.get('/dashboard');
    assert.match(before.body, /app-tile__title">My Communications<\/span>\s*<span class="app-tile__body">1 unread of 1/);
    const res = await agent.get('/communications');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Your activation code/);
    assert.match(res.body, /1 communication, 1 unread/);
    assert.match(res.body, /govuk-tag--blue">\s*Unread/);
    assert.doesNotMatch(res.body, /Private to them/);
    const dash = await agent.get('/dashboard');
    assert.match(dash.body, /app-tile__title">My Communications<\/span>\s*<span class="app-tile__body">1 unread of 1/);
    // Listed twice, mirrored once.
    await agent.get('/communications');
    const rows = await t.app.deps.db.selectFrom('communications').select('id').where('letter_id', '=', letterId).execute();
    assert.equal(rows.length, 1);
  });

  test('opening one marks it read; its PDF downloads', async () => {
    const agent = await signIn(me);
    const row = await t.app.deps.db.selectFrom('communications').select('id').where('letter_id', '=', letterId).executeTakeFirstOrThrow();
    const page = await agent.get(`/communications/${row.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Download the letter \(PDF\)/);
    const list = await agent.get('/communications');
    assert.match(list.body, /1 communication\./);
    assert.doesNotMatch(list.body, /Unread/);
    const pdf = await agent.get(`/communications/${row.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.body, '%PDF-1.3 letter');
  });

  test('a message shows its text, escaped', async () => {
    const id = await new CommunicationsService(t.app.deps).sendMessage(home.people[0].personId, 'About <b>rent</b>', 'First line <script>x</script>\n\nSecond paragraph');
    const agent = await signIn(me);
    const res = await agent.get(`/communications/${id}`);
    assert.match(res.body, /About &lt;b&gt;rent&lt;\/b&gt;/);
    assert.match(res.body, /<p class="govuk-body">First line &lt;script&gt;x&lt;\/script&gt;<\/p>\s*<p class="govuk-body">Second paragraph<\/p>/);
    assert.doesNotMatch(res.body, /Download the/);
  });

  test("another person's communication is not found, and stays unread", async () => {
    const agent = await signIn(me);
    for (const url of [`/communications/${otherMessage}`, `/communications/${otherMessage}/pdf`, '/communications/999999', '/communications/abc', '/communications/0', '/communications/99999999999']) {
      assert.equal((await agent.get(url)).statusCode, 404, url);
    }
    const row = await t.app.deps.db.selectFrom('communications').select('read_at').where('id', '=', otherMessage).executeTakeFirstOrThrow();
    assert.equal(row.read_at, null);
    const theirs = await (await signIn(other)).get('/communications');
    assert.match(theirs.body, /Private to them/);
    assert.doesNotMatch(theirs.body, /Your activation code/);
  });

  test('someone with nothing sees an empty list and no tile', async () => {
    const lone = await createHousehold(t.app.deps);
    const account = await createAccount(t.app.deps, lone.people[0].personId);
    const agent = await signIn(account);
    const res = await agent.get('/communications');
    assert.match(res.body, /You have no communications yet/);
    const dash = await agent.get('/dashboard');
    assert.doesNotMatch(dash.body, /app-tile__title">My Communications/);
  });
});
