import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function signIn(t: TestApp, identifier: string, password: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier, password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303, `sign in as ${identifier}`);
  return agent;
}

describe('My Profile: Self Service Preferences', { skip }, () => {
  let t: TestApp;
  let account: TestAccount;
  let taken: TestAccount;
  before(async () => {
    t = await createTestApp();
    const household = await createHousehold(t.app.deps);
    account = await createAccount(t.app.deps, household.people[0].personId, { username: 'jo.tenant' });
    const next = await createHousehold(t.app.deps);
    taken = await createAccount(t.app.deps, next.people[0].personId, { username: 'sam.neighbour' });
  });
  after(() => t.close());

  const row = () => t.app.deps.db.selectFrom('accounts').selectAll().where('id', '=', account.accountId).executeTakeFirstOrThrow();
  const audits = (action: string) => t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('actor_id', '=', account.accountId).execute();

  test('the page shows the username, the account email and the preferred contact method checked', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.get('/profile/preferences');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /jo\.tenant/);
    assert.match(res.body, new RegExp(account.email.replace('.', '\\.')));
    assert.match(res.body, /name="preferredContact" type="radio" value="email" checked/);
  });

  test('preferred contact: a choice is required', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/preferences', {}, { from: '/profile/preferences' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select how you would like us to contact you']);
    const odd = await agent.post('/profile/preferences', { preferredContact: 'pigeon' });
    assert.equal(odd.statusCode, 400);
  });

  test('preferred contact: letter is saved and audited; choosing it again changes nothing', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/preferences', { preferredContact: 'letter' }, { from: '/profile/preferences' });
    assert.equal(res.statusCode, 303);
    assert.equal((await row()).preferred_contact, 'letter');
    const page = await agent.get('/profile/preferences');
    assert.match(page.body, /We will now contact you by letter/);
    assert.match(page.body, /value="letter" checked/);
    await agent.post('/profile/preferences', { preferredContact: 'letter' });
    const events = await audits('preferred_contact_changed');
    assert.equal(events.length, 1);
    assert.deepEqual(JSON.parse(events[0].detail), { from: 'email', to: 'letter' });
  });

  test('preferred contact: email needs an account email', async () => {
    await t.app.deps.db.updateTable('accounts').set({ email: null }).where('id', '=', account.accountId).execute();
    try {
      const agent = await signIn(t, account.username, account.password);
      const res = await agent.post('/profile/preferences', { preferredContact: 'email' }, { from: '/profile/preferences' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(errorSummary(res.body), ['Add an account email before choosing email, or choose letter']);
    } finally {
      await t.app.deps.db.updateTable('accounts').set({ email: account.email }).where('id', '=', account.accountId).execute();
    }
  });

  test('username: format rules give clear messages, keep what was typed and answer 400', async () => {
    const agent = await signIn(t, account.username, account.password);
    const cases: Array<[string, string]> = [
      ['', 'Enter a username'],
      ['jo', 'Username must be 3 characters or more'],
      ['j'.repeat(31), 'Username must be 30 characters or fewer'],
      ['jo tenant', 'Username must only include letters a to z, numbers, full stops, hyphens and underscores'],
      ['jo@example.com', 'Username must only include letters a to z, numbers, full stops, hyphens and underscores'],
      ['.jo.t', 'Username must start and end with a letter or number'],
      ['Sam.Neighbour', 'That username is already taken. Choose a different one'],
    ];
    await agent.get('/profile/preferences');
    for (const [username, message] of cases) {
      const res = await agent.post('/profile/preferences/username', { username });
      assert.equal(res.statusCode, 400, username);
      assert.deepEqual(errorSummary(res.body), [message], username);
      if (username) assert.match(res.body, new RegExp(`id="username" name="username" type="text" spellcheck="false" value="${username.replace(/\./g, '\\.')}"`));
    }
    assert.equal((await row()).username, 'jo.tenant');
    assert.equal((await t.app.deps.db.selectFrom('accounts').select('username').where('id', '=', taken.accountId).executeTakeFirstOrThrow()).username, 'sam.neighbour');
  });

  test('username: a new one is saved in lower case, audited, and works for signing in; the old one stops working', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/preferences/username', { username: ' Jo_Tenant-2 ' }, { from: '/profile/preferences' });
    assert.equal(res.statusCode, 303);
    assert.equal((await row()).username, 'jo_tenant-2');
    const page = await agent.get('/profile/preferences');
    assert.match(page.body, /Your username is now jo_tenant-2/);
    const events = await audits('username_changed');
    assert.equal(events.length, 1);
    assert.deepEqual(JSON.parse(events[0].detail), { from: 'jo.tenant', to: 'jo_tenant-2' });
    await signIn(t, 'JO_TENANT-2', account.password);
    const old = await new Agent(t.app).post('/sign-in', { identifier: 'jo.tenant', password: account.password }, { from: '/sign-in' });
    assert.equal(old.statusCode, 401);
    const outbox = await t.app.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', account.email).where('subject', 'like', '%username was changed%').execute();
    assert.equal(outbox.length, 1, 'a notice is queued for the account email');
  });
});
