import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();
const NEW_PASSWORD = 'copper-thistle-harbour-58';

describe('forgotten password: the emailed link, the secret question and the new password', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });
  // Each test asks for links freely; the limits have their own test.
  beforeEach(() => t.app.deps.db.deleteFrom('throttles').execute());

  async function newAccount(options: Parameters<typeof createAccount>[2] = {}): Promise<TestAccount> {
    const household = await createHousehold(t.app.deps, { members: [{ forenames: 'Rosalind', surname: 'Featherstonehaugh' }] });
    return createAccount(t.app.deps, household.people[0].personId, options);
  }

  /** Asks for a link as a browser without JavaScript would, and returns the page it lands on. */
  async function ask(agent: Agent, email: string) {
    const res = await agent.post('/password/forgotten', { email }, { from: '/password/forgotten' });
    return { res, page: res.statusCode === 303 ? await agent.get(String(res.headers.location)) : res };
  }

  /** The mail worker's delivery to the SMTP server, then the path of the link in the newest email to `to`. */
  async function linkSentTo(to: string): Promise<string> {
    const before = smtp.messages.filter((m) => m.to === to).length;
    const until = Date.now() + 5000;
    // A run already under way when the message was queued misses it, so flush until it is out.
    while (smtp.messages.filter((m) => m.to === to).length <= before && Date.now() < until) {
      await t.app.deps.mail.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    const mail = smtp.messages.filter((m) => m.to === to).at(-1);
    assert.ok(mail, `an email reached ${to}`);
    assert.match(mail.subject, /Reset your .* password/);
    const link = new RegExp(`${t.config.publicUrl}(/password/reset/[A-Za-z0-9_-]+)`).exec(mail.text);
    assert.ok(link, 'the email holds a reset link');
    return link[1];
  }

  async function openLink(agent: Agent, path: string) {
    return agent.get(path);
  }

  test('the whole journey: link by email, question, new password; every session of the account ends', async () => {
    const account = await newAccount({ email: 'rosalind@example.com' });
    const phone = new Agent(t.app);
    await phone.post('/sign-in', { identifier: account.email, password: account.password, remember: 'yes' }, { from: '/sign-in' });
    const laptop = new Agent(t.app);
    await laptop.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
    assert.equal((await phone.get('/dashboard')).statusCode, 200);

    const browser = new Agent(t.app);
    const { res, page } = await ask(browser, 'Rosalind@Example.com ');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/password/forgotten/sent');
    assert.match(page.body, /If an account exists for <strong>Rosalind@Example.com<\/strong>, we have sent a link/);

    const path = await linkSentTo('rosalind@example.com');
    assert.ok(path.length > '/password/reset/'.length + 21, 'the token carries at least 128 bits');
    const stored = await t.app.deps.db.selectFrom('password_resets').select(['token_hash', 'expires_at', 'created_at']).where('account_id', '=', account.accountId).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, path.split('/').pop(), 'only a hash of the token is stored');
    assert.equal(Date.parse(stored.expires_at) - Date.parse(stored.created_at), 60 * 60_000);

    const opened = await openLink(browser, path);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, '/password/reset/question', 'the token leaves the address bar at once');
    const question = await browser.get('/password/reset/question');
    assert.match(question.body, /What was the name of your first pet\?/);

    const answered = await browser.post('/password/reset/question', { answer: '  ROVER ' });
    assert.equal(answered.headers.location, '/password/reset/new');
    const form = await browser.get('/password/reset/new');
    assert.match(form.body, /Choose a new password/);
    const saved = await browser.post('/password/reset/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/password/reset/done');
    assert.match((await browser.get('/password/reset/done')).body, /Your password has been reset/);

    assert.equal((await phone.get('/dashboard')).statusCode, 303, 'the remembered session ended');
    assert.equal((await laptop.get('/dashboard')).statusCode, 303, 'the other session ended');
    const left = await t.app.deps.db.selectFrom('sessions').select('id_hash').where('account_id', '=', account.accountId).execute();
    assert.equal(left.length, 0);

    const oldPassword = await new Agent(t.app).post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal(oldPassword.statusCode, 401);
    const newPassword = await new Agent(t.app).post('/sign-in', { identifier: account.email, password: NEW_PASSWORD }, { from: '/sign-in' });
    assert.equal(newPassword.statusCode, 303);

    const notices = () => smtp.messages.filter((m) => m.to === 'rosalind@example.com' && /password was changed/.test(m.subject));
    for (let i = 0; i < 100 && notices().length === 0; i++) {
      await t.app.deps.mail.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(notices().length, 1, 'a notice of the change goes to the account email');
    const actions = await t.app.deps.db.selectFrom('audit_events').select('action').where('person_id', '=', account.personId).orderBy('id').execute();
    assert.deepEqual(
      actions.map((a) => a.action).filter((a) => a.startsWith('password_reset')),
      ['password_reset_requested', 'password_reset'],
    );
  });

  test('an unknown or disabled address gets exactly the same answer, and nothing is sent', async () => {
    const disabled = await newAccount({ email: 'disabled-reset@example.com' });
    await t.app.deps.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', disabled.accountId).execute();
    const known = await newAccount({ email: 'known-reset@example.com' });
    const pages: string[] = [];
    for (const email of ['nobody-here@example.com', disabled.email, known.email]) {
      const { res, page } = await ask(new Agent(t.app), email);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/password/forgotten/sent');
      pages.push(page.body.replace(email, 'EMAIL').replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, ''));
    }
    assert.equal(pages[0], pages[2], 'unknown and known read the same');
    assert.equal(pages[1], pages[2], 'disabled and known read the same');
    await t.app.deps.mail.flush();
    const outbox = await t.app.deps.db.selectFrom('outbox').select('to_address').execute();
    assert.ok(!outbox.some((m) => m.to_address === 'nobody-here@example.com' || m.to_address === disabled.email));
    assert.ok(outbox.some((m) => m.to_address === known.email));
  });

  test('the address is checked: empty and malformed answers are 400 and keep what was typed', async () => {
    const agent = new Agent(t.app);
    const empty = await agent.post('/password/forgotten', { email: '' }, { from: '/password/forgotten' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['Enter your email address']);
    const wrong = await agent.post('/password/forgotten', { email: 'not-an-address' }, { from: '/password/forgotten' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(errorSummary(wrong.body), ['Enter an email address in the correct format, like name@example.com']);
    assert.match(wrong.body, /value="not-an-address"/);
    const forged = await agent.post('/password/forgotten', { email: 'x@example.com' }, { csrf: null });
    assert.equal(forged.statusCode, 403, 'the form needs its CSRF token');
  });

  test('a link expires after 60 minutes, also part-way through', async () => {
    const account = await newAccount();
    await ask(new Agent(t.app), account.email);
    const late = await linkSentTo(account.email);
    t.clock.advance(61 * 60_000);
    const res = await new Agent(t.app).get(late);
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /This link has expired or has already been used/);

    await ask(new Agent(t.app), account.email);
    const path = await linkSentTo(account.email);
    const browser = new Agent(t.app);
    await openLink(browser, path);
    t.clock.advance(29 * 60_000);
    assert.equal((await browser.get('/password/reset/question')).statusCode, 200);
    t.clock.advance(29 * 60_000);
    assert.equal((await browser.get('/password/reset/question')).statusCode, 200);
    t.clock.advance(3 * 60_000);
    const expired = await browser.post('/password/reset/question', { answer: 'rover' });
    assert.equal(expired.statusCode, 404);
    assert.match(expired.body, /This link has expired/);
  });

  test('a link works once, and a newer link stops an older one', async () => {
    const account = await newAccount();
    await ask(new Agent(t.app), account.email);
    const older = await linkSentTo(account.email);
    await ask(new Agent(t.app), account.email);
    const newer = await linkSentTo(account.email);
    assert.notEqual(older, newer);
    assert.equal((await new Agent(t.app).get(older)).statusCode, 404, 'the older link no longer works');

    const first = new Agent(t.app);
    const second = new Agent(t.app);
    await openLink(first, newer);
    await openLink(second, newer);
    await first.post('/password/reset/question', { answer: 'rover' }, { from: '/password/reset/question' });
    await second.post('/password/reset/question', { answer: 'rover' }, { from: '/password/reset/question' });
    assert.equal((await first.post('/password/reset/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/password/reset/new' })).headers.location, '/password/reset/done');
    const twice = await second.post('/password/reset/new', { password: 'another-pebble-orchard-31', confirm: 'another-pebble-orchard-31' }, { from: '/password/reset/new' });
    assert.equal(twice.statusCode, 404, 'a second tab cannot use the spent link');
    const reopened = await new Agent(t.app).get(newer);
    assert.equal(reopened.statusCode, 404);
    assert.match(reopened.body, /has already been used/);
    assert.equal((await new Agent(t.app).post('/sign-in', { identifier: account.email, password: NEW_PASSWORD }, { from: '/sign-in' })).statusCode, 303);
  });

  test('five wrong answers spend the link; the tries left are shown', async () => {
    const account = await newAccount();
    await ask(new Agent(t.app), account.email);
    const path = await linkSentTo(account.email);
    const browser = new Agent(t.app);
    await openLink(browser, path);
    await browser.get('/password/reset/question');
    const blank = await browser.post('/password/reset/question', { answer: '  ' });
    assert.deepEqual(errorSummary(blank.body), ['Enter the answer to your secret question'], 'an empty answer is not a try');
    for (let i = 1; i <= 4; i++) {
      const res = await browser.post('/password/reset/question', { answer: `guess ${i}` });
      assert.equal(res.statusCode, 400);
      const left = 5 - i;
      assert.deepEqual(errorSummary(res.body), [`Your answer does not match the one you gave when you registered. You have ${left} more ${left === 1 ? 'try' : 'tries'}`]);
    }
    const fifth = await browser.post('/password/reset/question', { answer: 'guess 5' });
    assert.equal(fifth.statusCode, 400);
    assert.match(fifth.body, /You cannot use this link any more/);
    const right = await browser.post('/password/reset/question', { answer: 'rover' }, { from: '/password/forgotten' });
    assert.equal(right.statusCode, 404, 'not even the right answer works now');
    assert.equal((await new Agent(t.app).get(path)).statusCode, 404);
    const failures = await t.app.deps.db.selectFrom('audit_events').select('id').where('person_id', '=', account.personId).where('action', '=', 'password_reset_answer_failed').execute();
    assert.equal(failures.length, 5);
  });

  test('answers sent all at once cannot get past the limit', async () => {
    const account = await newAccount();
    await ask(new Agent(t.app), account.email);
    const path = await linkSentTo(account.email);
    const browsers = Array.from({ length: 8 }, () => new Agent(t.app));
    for (const b of browsers) {
      await openLink(b, path);
      await b.get('/password/reset/question');
    }
    await Promise.all(browsers.map((b, i) => b.post('/password/reset/question', { answer: `all at once ${i}` })));
    const checked = await t.app.deps.db.selectFrom('audit_events').select('id').where('person_id', '=', account.personId).where('action', '=', 'password_reset_answer_failed').execute();
    assert.equal(checked.length, 5, 'only five answers were checked');
    const reset = await t.app.deps.db.selectFrom('password_resets').select('used_at').where('account_id', '=', account.accountId).executeTakeFirstOrThrow();
    assert.ok(reset.used_at, 'the link is spent');
  });

  test('weak or mismatched new passwords are refused with specific messages and never echoed', async () => {
    const account = await newAccount({ email: 'featherstonehaugh@example.com', username: 'rosalindf' });
    await ask(new Agent(t.app), account.email);
    const browser = new Agent(t.app);
    await openLink(browser, await linkSentTo(account.email));
    await browser.post('/password/reset/question', { answer: 'rover' }, { from: '/password/reset/question' });
    await browser.get('/password/reset/new');
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ password: '', confirm: '' }, ['Enter a new password', 'Confirm your new password']],
      [{ password: 'copper-thistle-harbour-58', confirm: 'copper-thistle-harbour-59' }, ['The passwords you entered do not match']],
      [{ password: 'short-one', confirm: 'short-one' }, ['Password must be 12 characters or more']],
      [{ password: 'password1234', confirm: 'password1234' }, ['Password is too easy to guess because it is a commonly used password. Choose a different one']],
      [{ password: 'Featherstonehaugh!!', confirm: 'Featherstonehaugh!!' }, ['Password is too easy to guess because it is mostly your name, email or words about this service. Choose a different one']],
    ];
    for (const [form, messages] of cases) {
      const res = await browser.post('/password/reset/new', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), messages);
      if (form.password) assert.ok(!res.body.includes(`value="${form.password}"`), 'the password is not sent back');
    }
    const ok = await browser.post('/password/reset/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(ok.headers.location, '/password/reset/done', 'the link still works after refused passwords');
  });

  test('an account without a secret question goes straight to the new password; pages out of order are refused', async () => {
    const account = await newAccount();
    await t.app.deps.db.updateTable('accounts').set({ secret_question: null, secret_answer_hash: null }).where('id', '=', account.accountId).execute();
    await ask(new Agent(t.app), account.email);
    const browser = new Agent(t.app);
    assert.equal((await openLink(browser, await linkSentTo(account.email))).headers.location, '/password/reset/new');
    assert.equal((await browser.get('/password/reset/question')).headers.location, '/password/reset/new');

    const stranger = new Agent(t.app);
    assert.equal((await stranger.get('/password/reset/question')).statusCode, 404);
    assert.equal((await stranger.get('/password/reset/new')).statusCode, 404);
    assert.equal((await stranger.get('/password/reset/not-a-real-token-at-all-123456')).statusCode, 404);
    assert.equal((await stranger.get('/password/reset/x')).statusCode, 404);

    const halfway = await newAccount();
    await ask(new Agent(t.app), halfway.email);
    const skipper = new Agent(t.app);
    await openLink(skipper, await linkSentTo(halfway.email));
    assert.equal((await skipper.get('/password/reset/new')).headers.location, '/password/reset/question', 'the question cannot be skipped');
    const post = await skipper.post('/password/reset/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/password/reset/question' });
    assert.equal(post.headers.location, '/password/reset/question');
  });

  test('a reset clears the sign-in delays built up on the old password', async () => {
    const account = await newAccount();
    for (let i = 0; i < 8; i++) await t.app.deps.throttle.fail([`signin:id:${account.email}`]);
    const blocked = await new Agent(t.app).post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal(blocked.statusCode, 429);
    await ask(new Agent(t.app), account.email);
    const browser = new Agent(t.app);
    await openLink(browser, await linkSentTo(account.email));
    await browser.post('/password/reset/question', { answer: 'rover' }, { from: '/password/reset/question' });
    await browser.post('/password/reset/new', { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/password/reset/new' });
    const signedIn = await new Agent(t.app).post('/sign-in', { identifier: account.email, password: NEW_PASSWORD }, { from: '/sign-in' });
    assert.equal(signedIn.statusCode, 303);
  });
});
