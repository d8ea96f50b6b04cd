import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HOUR } from '../../src/lib/clock.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { startSmtp, type CaughtMail } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function signIn(t: TestApp, identifier: string, password: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier, password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303, `sign in as ${identifier}`);
  return agent;
}

describe('My Profile: update account email', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let account: TestAccount;
  let neighbour: TestAccount;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
    const household = await createHousehold(t.app.deps);
    account = await createAccount(t.app.deps, household.people[0].personId, { email: 'old.address@example.com' });
    const next = await createHousehold(t.app.deps);
    neighbour = await createAccount(t.app.deps, next.people[0].personId, { email: 'neighbour@example.com' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const accountEmail = async (id: number) => (await t.app.deps.db.selectFrom('accounts').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
  const mailTo = async (to: string, subject: RegExp): Promise<CaughtMail> => {
    await t.app.deps.mail.flush();
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      const found = smtp.messages.filter((m) => m.to === to && subject.test(m.subject)).at(-1);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`no email to ${to} about ${subject}`);
  };
  const linkIn = (mail: CaughtMail) => {
    const url = /http:\/\/\S+\/profile\/email\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    assert.ok(url, 'the email has a confirmation link');
    return new URL(url).pathname;
  };

  test('the page shows the current email; bad input gets specific messages, keeps the address, never the password', async () => {
    const agent = await signIn(t, account.username, account.password);
    const page = await agent.get('/profile/email');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /Your account email is <strong>old\.address@example\.com<\/strong>/);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ email: '', currentPassword: '' }, ['Enter your new email address', 'Enter your current password']],
      [{ email: 'not-an-email', currentPassword: account.password }, ['Enter an email address in the correct format, like name@example.com']],
      [{ email: 'OLD.address@example.com', currentPassword: account.password }, ['This is already your account email. Enter a different email address']],
      [{ email: 'new.address@example.com', currentPassword: 'wrong-password-typed' }, ['Your current password is not correct']],
    ];
    for (const [form, messages] of cases) {
      const res = await agent.post('/profile/email', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), messages);
      if (form.email) assert.match(res.body, new RegExp(`value="${form.email}"`));
      assert.doesNotMatch(res.body, /wrong-password-typed/);
    }
    assert.equal(await t.app.deps.db.selectFrom('email_changes').select('id').executeTakeFirst(), undefined);
  });

  test('the change happens only when the link sent to the new address is opened; the old address is told', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/email', { email: ' New.Address@Example.com ', currentPassword: account.password }, { from: '/profile/email' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/profile/email/sent');
    const sent = await agent.get('/profile/email/sent');
    assert.match(sent.body, /We have sent an email to <strong>new\.address@example\.com<\/strong>/);

    const confirm = await mailTo('new.address@example.com', /Confirm your new email address/);
    const notice = await mailTo('old.address@example.com', /change of email address was asked for/);
    assert.match(notice.text, /n\*\*\*@example\.com/);
    assert.doesNotMatch(notice.text, /confirm\//, 'the old address never gets the link');
    assert.equal(await accountEmail(account.accountId), 'old.address@example.com', 'nothing changes before the link is opened');

    const path = linkIn(confirm);
    const stored = await t.app.deps.db.selectFrom('email_changes').selectAll().where('account_id', '=', account.accountId).execute();
    assert.equal(stored.length, 1);
    assert.ok(!stored[0].token_hash.includes(path.split('/').pop()!), 'the token is stored hashed');

    // Opened in a browser that is not signed in: sign in first, then back to the link.
    const fresh = new Agent(t.app);
    const redirect = await fresh.get(path);
    assert.equal(redirect.statusCode, 303);
    assert.equal(redirect.headers.location, `/sign-in?returnTo=${encodeURIComponent(path)}`);
    const signedIn = await fresh.post('/sign-in', { identifier: account.username, password: account.password, returnTo: path }, { from: '/sign-in' });
    assert.equal(signedIn.headers.location, path);
    const done = await fresh.get(path);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Your account email has been changed/);
    assert.match(done.body, /new\.address@example\.com/);
    assert.equal(done.headers['referrer-policy'], 'no-referrer');
    assert.equal(await accountEmail(account.accountId), 'new.address@example.com');

    const changed = await mailTo('old.address@example.com', /account email was changed/);
    assert.match(changed.text, /new\.address@example\.com/);
    const actions = (await t.app.deps.db.selectFrom('audit_events').select('action').where('actor_id', '=', account.accountId).where('action', 'like', 'email_change%').execute()).map((a) => a.action);
    assert.deepEqual(actions.sort(), ['email_change_requested', 'email_changed']);

    const again = await fresh.get(path);
    assert.equal(again.statusCode, 410, 'the link works once');
    assert.match(again.body, /This link does not work/);
    await signIn(t, 'new.address@example.com', account.password);
    account.email = 'new.address@example.com';
  });

  test("a link opened by another signed-in account is not found, and changes nothing", async () => {
    const agent = await signIn(t, account.username, account.password);
    await agent.post('/profile/email', { email: 'third.address@example.com', currentPassword: account.password }, { from: '/profile/email' });
    const path = linkIn(await mailTo('third.address@example.com', /Confirm your new email address/));
    const stranger = await signIn(t, neighbour.username, neighbour.password);
    const res = await stranger.get(path);
    assert.equal(res.statusCode, 404);
    assert.equal(await accountEmail(neighbour.accountId), 'neighbour@example.com');
    assert.equal(await accountEmail(account.accountId), account.email);
    assert.equal((await agent.get('/profile/email/confirm/not-a-real-token-at-all-123')).statusCode, 404);
  });

  test('a newer link replaces an older one, and a link expires after 24 hours', async () => {
    const agent = await signIn(t, account.username, account.password);
    await agent.post('/profile/email', { email: 'fourth@example.com', currentPassword: account.password }, { from: '/profile/email' });
    const first = linkIn(await mailTo('fourth@example.com', /Confirm/));
    await agent.post('/profile/email', { email: 'fifth@example.com', currentPassword: account.password }, { from: '/profile/email' });
    const second = linkIn(await mailTo('fifth@example.com', /Confirm/));
    assert.equal((await agent.get(first)).statusCode, 410);
    t.clock.advance(24 * HOUR + 1000);
    const fresh = await signIn(t, account.username, account.password);
    assert.equal((await fresh.get(second)).statusCode, 410);
    assert.equal(await accountEmail(account.accountId), account.email);
  });

  test("an address another account uses gets the same answer on screen, and only that mailbox is told", async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/email', { email: 'neighbour@example.com', currentPassword: account.password }, { from: '/profile/email' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/profile/email/sent');
    const mail = await mailTo('neighbour@example.com', /already used/);
    assert.doesNotMatch(mail.text, /confirm\//);
    const open = await t.app.deps.db.selectFrom('email_changes').select('id').where('new_email', '=', 'neighbour@example.com').executeTakeFirst();
    assert.equal(open, undefined);
  });

  test('asking for many links in an hour is throttled with Retry-After', async () => {
    const agent = await signIn(t, account.username, account.password);
    await agent.get('/profile/email');
    let last = await agent.post('/profile/email', { email: 'spam0@example.com', currentPassword: account.password });
    for (let i = 1; i < 8 && last.statusCode !== 429; i++) last = await agent.post('/profile/email', { email: `spam${i}@example.com`, currentPassword: account.password }, { from: '/profile/email' });
    assert.equal(last.statusCode, 429);
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.match(errorSummary(last.body)[0], /^You have asked for too many emails\. Wait \d+ minutes? and try again$/);
  });
});
