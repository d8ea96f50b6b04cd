import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { hmac } from '../../src/lib/tokens.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('sign in and out', { skip }, () => {
  let t: TestApp;
  let account: TestAccount;
  before(async () => {
    t = await createTestApp();
    const household = await createHousehold(t.app.deps);
    account = await createAccount(t.app.deps, household.people[0].personId);
  });
  after(() => t.close());

  test('the sign-in page renders with a CSRF token and security headers', async () => {
    const agent = new Agent(t.app);
    const res = await agent.get('/sign-in');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Sign in<\/h1>/);
    assert.match(res.body, /name="_csrf"/);
    const csp = String(res.headers['content-security-policy']);
    // The one inline script (govuk-frontend's js-enabled line) is allowed by its hash, and only it.
    const [, hash] = /script-src 'self' 'sha256-([A-Za-z0-9+/=]+)'/.exec(csp) ?? [];
    const inline = [...res.body.matchAll(/<script>([^<]+)<\/script>/g)].map((m) => m[1]);
    assert.equal(inline.length, 1);
    assert.equal(createHash('sha256').update(inline[0]).digest('base64'), hash);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  test('empty fields get specific messages and a 400', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: '', password: '' }, { from: '/sign-in' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Enter your email address or username', 'Enter your password']);
    assert.match(res.body, /<title>Error: Sign in/);
  });

  test('a wrong password gets one generic message, keeps the identifier and never the password', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: account.email, password: 'not-the-password-at-all' }, { from: '/sign-in' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(errorSummary(res.body), ['Your email address or username and password do not match our records']);
    assert.match(res.body, new RegExp(`value="${account.email}"`));
    assert.doesNotMatch(res.body, /not-the-password-at-all/);
  });

  test('an unknown account gets exactly the same message', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: 'nobody@example.com', password: 'whatever-password-1' }, { from: '/sign-in' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(errorSummary(res.body), ['Your email address or username and password do not match our records']);
  });

  test('a post without the CSRF token is refused', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', { identifier: account.email, password: account.password }, { csrf: null });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /This page has expired/);
  });

  test('a wrong token, another browser’s token or a malformed cookie is refused; the page’s own token works', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const own = /name="_csrf" value="([^"]+)"/.exec(agent.last!.body)![1];
    const otherBrowser = new Agent(t.app);
    await otherBrowser.get('/sign-in');
    const theirs = /name="_csrf" value="([^"]+)"/.exec(otherBrowser.last!.body)![1];
    const form = { identifier: account.email, password: 'not-the-password' };
    assert.equal((await agent.post('/sign-in', form, { csrf: 'x'.repeat(43) })).statusCode, 403);
    assert.equal((await agent.post('/sign-in', form, { csrf: theirs })).statusCode, 403);
    // A cookie of another shape is not kept, and still checked: the token made for it is accepted, any other refused.
    const oddSecret = 'short-secret';
    const cookieName = 'doorstep-csrf';
    const kept = agent.cookie(cookieName)!;
    agent.setCookie(cookieName, oddSecret);
    assert.equal((await agent.post('/sign-in', form, { csrf: own })).statusCode, 403);
    // The refusal's page gave this browser a well-formed secret; the odd one is put back.
    agent.setCookie(cookieName, oddSecret);
    assert.equal((await agent.post('/sign-in', form, { csrf: hmac(t.config.appSecret, oddSecret) })).statusCode, 401, 'checked, then read: a wrong password');
    agent.setCookie(cookieName, kept);
    assert.equal((await agent.post('/sign-in', form, { csrf: own })).statusCode, 401, 'the form is read: a wrong password, not a CSRF refusal');
  });

  test('signing in by email or username regenerates the session; signing out ends it on the server', async () => {
    const anonymous = new Agent(t.app);
    const agent = new Agent(t.app);
    const res = await agent.post('/sign-in', { identifier: account.username.toUpperCase(), password: account.password }, { from: '/sign-in' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/dashboard');
    const sid = agent.cookie('doorstep');
    assert.ok(sid);
    const dashboard = await agent.get('/dashboard');
    assert.equal(dashboard.statusCode, 200);
    assert.equal(dashboard.headers['cache-control'], 'no-store');

    await agent.post('/sign-out', {}, { from: '/dashboard' });
    anonymous.setCookie('doorstep', sid);
    const reused = await anonymous.get('/dashboard');
    assert.equal(reused.statusCode, 303, 'the old session id no longer works');
    assert.match(String(reused.headers.location), /^\/sign-in/);
    const rows = await t.app.deps.db.selectFrom('sessions').select('id_hash').where('account_id', '=', account.accountId).execute();
    assert.equal(rows.length, 0);
  });

  test('each page reads the account with the session: a new name shows at once, a disabled account is signed out', async () => {
    const household = await createHousehold(t.app.deps);
    const other = await createAccount(t.app.deps, household.people[0].personId);
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: other.username, password: other.password }, { from: '/sign-in' });
    assert.equal((await agent.get('/dashboard')).statusCode, 200);

    await t.app.deps.db.updateTable('people').set({ forenames: 'Renamed' }).where('id', '=', household.people[0].personId).execute();
    assert.match((await agent.get('/dashboard')).body, /Renamed/);

    await t.app.deps.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', other.accountId).execute();
    const refused = await agent.get('/dashboard');
    assert.equal(refused.statusCode, 303);
    assert.match(String(refused.headers.location), /^\/sign-in/);
  });

  test('a session id planted before sign-in is destroyed at sign-in', async () => {
    const agent = new Agent(t.app);
    // The registration flow stores data in an anonymous session; make one, then sign in.
    await agent.post('/sign-in', { identifier: account.email, password: 'wrong-password-here' }, { from: '/sign-in' });
    const before = await t.app.deps.db.selectFrom('sessions').select(['id_hash']).execute();
    await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    const afterRows = await t.app.deps.db.selectFrom('sessions').select(['id_hash', 'account_id']).execute();
    for (const row of before) assert.ok(!afterRows.some((r) => r.id_hash === row.id_hash && r.account_id === account.accountId));
  });

  test('idle for more than 30 minutes ends the session; remember me lasts', async () => {
    const plain = new Agent(t.app);
    await plain.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    const remembered = new Agent(t.app);
    const r = await remembered.post('/sign-in', { identifier: account.email, password: account.password, remember: 'yes' }, { from: '/sign-in' });
    const cookie = r.cookies.find((c) => c.name === 'doorstep');
    assert.ok(cookie?.maxAge && cookie.maxAge >= 29 * 86400, 'remembered cookie persists for about 30 days');
    t.clock.advance(31 * 60_000);
    assert.equal((await plain.get('/dashboard')).statusCode, 303);
    assert.equal((await remembered.get('/dashboard')).statusCode, 200);
  });

  test('repeated failures are throttled with 429 and Retry-After, and the delay ends', async () => {
    const agent = new Agent(t.app);
    const target = 'throttle-target@example.com';
    for (let i = 0; i < 6; i++) await agent.post('/sign-in', { identifier: target, password: 'wrong-password-xx' }, { from: '/sign-in' });
    let res = await agent.post('/sign-in', { identifier: target, password: 'wrong-password-xx' }, { from: '/sign-in' });
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(errorSummary(res.body)[0], /too many attempts/i);
    t.clock.advance(16 * 60_000);
    await t.app.deps.throttle.reset([`signin:ip:127.0.0.1`]);
    res = await agent.post('/sign-in', { identifier: target, password: 'wrong-password-xx' }, { from: '/sign-in' });
    assert.equal(res.statusCode, 401, 'no permanent lock-out');
  });

  test('unknown pages get the branded 404 and oversized bodies 413', async () => {
    const agent = new Agent(t.app);
    const missing = await agent.get('/no-such-page');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Page not found/);
    assert.match(missing.body, /Brookvale Homes/);
    const big = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'identifier=' + 'a'.repeat(200_000) });
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /too large/i);
  });
});
