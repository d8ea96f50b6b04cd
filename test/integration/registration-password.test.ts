import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

const NEW_PASSWORD = 'saffron-bicycle-harbour-24';

describe('first sign-in with a temporary password', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function temporary(): Promise<{ agent: Agent; account: TestAccount }> {
    const h = await createHousehold(t.app.deps);
    const account = await createAccount(t.app.deps, h.people[0].personId, { mustChangePassword: true, password: 'KMPQ-7RTX-4WAB-9CDE' });
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
    assert.equal(res.headers.location, '/password/new');
    await agent.get('/password/new');
    return { agent, account };
  }

  const row = (id: number) => t.app.deps.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('every other page sends the tenant to choose a password first', async () => {
    const { agent, account } = await temporary();
    for (const path of ['/dashboard', '/profile', '/activity']) assert.equal((await agent.get(path)).headers.location, '/password/new', path);
    const page = await agent.get('/password/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Choose your own password/);
    assert.match(page.body, new RegExp(`Your username is ${account.username}`));
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  test('bad input gets specific messages and a 400, never echoing a password', async () => {
    const { agent, account } = await temporary();
    const empty = await agent.post('/password/new', {});
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['Enter a new password', 'Confirm your new password']);
    const short = await agent.post('/password/new', { password: 'too-short', confirm: 'too-short', username: 'ab' });
    assert.deepEqual(errorSummary(short.body), ['Password must be 12 characters or more', 'Username must be 3 characters or more']);
    assert.doesNotMatch(short.body, /too-short/);
    assert.match(short.body, /value="ab"/);
    const mismatch = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: 'another-long-password' });
    assert.deepEqual(errorSummary(mismatch.body), ['The passwords you entered do not match']);
    const badName = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD, username: 'me@example.com' });
    assert.deepEqual(errorSummary(badName.body), ['Username must only include letters a to z, numbers, dots, hyphens and underscores']);
    const same = await agent.post('/password/new', { password: account.password, confirm: account.password });
    assert.deepEqual(errorSummary(same.body), ['Your new password must be different from your temporary password']);
    assert.equal((await row(account.accountId)).must_change_password, 1, 'nothing was saved');
  });

  test('a username someone else has is refused', async () => {
    const other = await createHousehold(t.app.deps);
    const taken = await createAccount(t.app.deps, other.people[0].personId, { username: 'taken.name' });
    const { agent, account } = await temporary();
    const res = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD, username: taken.username });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['That username is already taken. Choose a different one, or leave this empty to keep yours']);
    assert.equal((await row(account.accountId)).must_change_password, 1);
  });

  test('a new password and username are saved, audited, and the tenant carries on to the dashboard', async () => {
    const { agent, account } = await temporary();
    const elsewhere = new Agent(t.app);
    await elsewhere.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
    const res = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD, username: `  My.Name${account.accountId} ` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/dashboard');
    const dashboard = await agent.get('/dashboard');
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Your new password and username are saved/);
    const saved = await row(account.accountId);
    assert.equal(saved.must_change_password, 0);
    assert.equal(saved.username, `my.name${account.accountId}`);
    const actions = (await t.app.deps.db.selectFrom('audit_events').select('action').where('actor_id', '=', account.accountId).where('actor_type', '=', 'tenant').execute()).map((r) => r.action);
    assert.ok(actions.includes('temporary_password_replaced'));
    assert.ok(actions.includes('username_changed'));
    assert.equal((await elsewhere.get('/password/new')).headers.location?.startsWith('/sign-in'), true, 'a session signed in with the temporary password has ended');
    assert.equal((await agent.get('/password/new')).headers.location, '/dashboard', 'the page is only for temporary passwords');

    await agent.post('/sign-out', {});
    const old = await new Agent(t.app).post('/sign-in', { identifier: saved.username, password: account.password }, { from: '/sign-in' });
    assert.equal(old.statusCode, 401, 'the temporary password no longer works');
    const fresh = await new Agent(t.app).post('/sign-in', { identifier: saved.username, password: NEW_PASSWORD }, { from: '/sign-in' });
    assert.equal(fresh.headers.location, '/dashboard');
  });

  test('leaving the username empty keeps it', async () => {
    const { agent, account } = await temporary();
    const res = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD, username: '' });
    assert.equal(res.headers.location, '/dashboard');
    const saved = await row(account.accountId);
    assert.equal(saved.username, account.username);
    assert.equal(saved.must_change_password, 0);
    assert.match((await agent.get('/dashboard')).body, /Your new password is saved/);
  });

  test('without signing in the page asks for sign-in, and a normal account is sent on to the dashboard', async () => {
    assert.match(String((await new Agent(t.app).get('/password/new')).headers.location), /^\/sign-in/);
    const h = await createHousehold(t.app.deps);
    const normal = await createAccount(t.app.deps, h.people[0].personId);
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: normal.email, password: normal.password }, { from: '/sign-in' });
    assert.equal((await agent.get('/password/new')).headers.location, '/dashboard');
    const post = await agent.post('/password/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/dashboard' });
    assert.equal(post.headers.location, '/dashboard');
    assert.ok(await t.app.deps.hasher.verify((await row(normal.accountId)).password_hash, normal.password), 'a normal account’s password is not changed here');
  });
});
