import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normaliseAnswer } from '../../src/lib/passwords.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function signIn(t: TestApp, identifier: string, password: string): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier, password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303, `sign in as ${identifier}`);
  return agent;
}

const NEW_PASSWORD = 'amber-quarry-violin-58';

describe('My Profile: secret question, login password and security password', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let account: TestAccount;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
    const household = await createHousehold(t.app.deps, { members: [{ forenames: 'Morwenna', surname: 'Tregarthen' }] });
    account = await createAccount(t.app.deps, household.people[0].personId, { email: 'morwenna@example.com' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const accountRow = () => t.app.deps.db.selectFrom('accounts').selectAll().where('id', '=', account.accountId).executeTakeFirstOrThrow();
  const audits = (action: string) => t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('actor_id', '=', account.accountId).execute();
  const mailTo = async (to: string, subject: RegExp) => {
    await t.app.deps.mail.flush();
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      const found = smtp.messages.find((m) => m.to === to && subject.test(m.subject));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`no email to ${to} about ${subject}`);
  };

  test('the secret question page shows the current question selected and never the answer', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.get('/profile/secret-question');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /<option value="What was the name of your first pet\?" selected>/);
    assert.doesNotMatch(res.body, /rover/);
  });

  test('secret question: missing or wrong input gets specific messages and 400; the password is never echoed', async () => {
    const agent = await signIn(t, account.username, account.password);
    let res = await agent.post('/profile/secret-question', { question: '', answer: '', currentPassword: '' }, { from: '/profile/secret-question' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select a secret question', 'Enter the answer to your secret question', 'Enter your current password']);
    res = await agent.post('/profile/secret-question', { question: 'What is your favourite colour?', answer: 'ab', currentPassword: 'wrong-password-typed' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select a secret question', 'Answer must be 3 characters or more', 'Your current password is not correct']);
    assert.doesNotMatch(res.body, /wrong-password-typed/);
    const before = await accountRow();
    assert.ok(await t.app.deps.hasher.verify(before.secret_answer_hash, 'rover'), 'nothing changed');
  });

  test('secret question: a new question and answer are saved, the answer hashed without regard to case, audited and notified', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/secret-question', { question: 'What was the make of your first car?', answer: '  The   Hobbit ', currentPassword: account.password }, { from: '/profile/secret-question' });
    assert.equal(res.statusCode, 303);
    const row = await accountRow();
    assert.equal(row.secret_question, 'What was the make of your first car?');
    assert.notEqual(row.secret_answer_hash, 'the hobbit');
    assert.ok(await t.app.deps.hasher.verify(row.secret_answer_hash, normaliseAnswer('THE HOBBIT')));
    const page = await agent.get('/profile/secret-question');
    assert.match(page.body, /Your secret question has been changed/);
    assert.equal((await audits('secret_question_changed')).length, 1);
    const mail = await mailTo(account.email, /secret question was changed/);
    assert.doesNotMatch(mail.text, /hobbit/i);
  });

  test('security password: rules, confirmation and the current login password are checked', async () => {
    const agent = await signIn(t, account.username, account.password);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ securityPassword: '', securityConfirm: '', currentPassword: '' }, ['Enter a new security password', 'Enter your current password']],
      [{ securityPassword: 'abc', securityConfirm: 'abc', currentPassword: account.password }, ['Security password must be 6 characters or more']],
      [{ securityPassword: 'primrose', securityConfirm: 'primrise', currentPassword: account.password }, ['The security passwords do not match']],
      [{ securityPassword: account.password, securityConfirm: account.password, currentPassword: account.password }, ['Security password must be different from your login password']],
      [{ securityPassword: 'primrose', securityConfirm: 'primrose', currentPassword: 'not-my-password-1' }, ['Your current password is not correct']],
    ];
    await agent.get('/profile/security-password');
    for (const [form, messages] of cases) {
      const res = await agent.post('/profile/security-password', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), messages, JSON.stringify(form));
      assert.doesNotMatch(res.body, /primrose|primrise|not-my-password-1/);
    }
    assert.ok(await t.app.deps.hasher.verify((await accountRow()).security_password_hash, 'bluebell'), 'unchanged');
  });

  test('security password: saved hashed, audited and notified', async () => {
    const agent = await signIn(t, account.username, account.password);
    const res = await agent.post('/profile/security-password', { securityPassword: 'Primrose Lane', securityConfirm: 'primrose lane', currentPassword: account.password }, { from: '/profile/security-password' });
    assert.equal(res.statusCode, 303);
    const row = await accountRow();
    assert.ok(await t.app.deps.hasher.verify(row.security_password_hash, 'primrose lane'));
    assert.equal((await audits('security_password_changed')).length, 1);
    await mailTo(account.email, /security password was changed/);
  });

  test('login password: current password, strength and confirmation are checked; nothing changes on error', async () => {
    const agent = await signIn(t, account.username, account.password);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ currentPassword: '', password: '', confirm: '' }, ['Enter your current password', 'Enter a new password']],
      [{ currentPassword: 'wrong-one-entirely', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, ['Your current password is not correct']],
      [{ currentPassword: account.password, password: 'short', confirm: 'short' }, ['Password must be 12 characters or more']],
      [{ currentPassword: account.password, password: 'password1234', confirm: 'password1234' }, ['Password is too easy to guess because it is a commonly used password. Choose a different one']],
      [{ currentPassword: account.password, password: 'morwenna-tregarthen', confirm: 'morwenna-tregarthen' }, ['Password is too easy to guess because it is mostly your name, email or words about this service. Choose a different one']],
      [{ currentPassword: account.password, password: account.password, confirm: account.password }, ['Your new password must be different from your current password']],
      [{ currentPassword: account.password, password: NEW_PASSWORD, confirm: 'amber-quarry-violin-59' }, ['The passwords do not match']],
      [{ currentPassword: account.password, password: NEW_PASSWORD, confirm: '' }, ['Confirm your new password']],
    ];
    await agent.get('/profile/password');
    const hashBefore = (await accountRow()).password_hash;
    for (const [form, messages] of cases) {
      const res = await agent.post('/profile/password', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.deepEqual(errorSummary(res.body), messages, JSON.stringify(form));
      for (const secret of Object.values(form).filter((v) => v.length > 4)) assert.doesNotMatch(res.body, new RegExp(`value="${secret}"`));
    }
    assert.equal((await accountRow()).password_hash, hashBefore);
  });

  test('login password: changing it ends other sessions, keeps this one under a new id, emails and audits', async () => {
    const here = await signIn(t, account.username, account.password);
    const elsewhere = await signIn(t, account.email, account.password);
    const oldCookie = here.cookie('doorstep')!;
    assert.equal((await elsewhere.get('/profile')).statusCode, 200);

    const res = await here.post('/profile/password', { currentPassword: account.password, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/profile/password' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/profile/password');
    assert.notEqual(here.cookie('doorstep'), oldCookie, 'this session has a new id');
    const done = await here.get('/profile/password');
    assert.equal(done.statusCode, 200, 'this browser stays signed in');
    assert.match(done.body, /Your password has been changed/);

    const other = await elsewhere.get('/profile');
    assert.equal(other.statusCode, 303, 'the other session has ended');
    assert.match(String(other.headers.location), /^\/sign-in/);
    const stale = new Agent(t.app);
    stale.setCookie('doorstep', oldCookie);
    assert.equal((await stale.get('/profile')).statusCode, 303, 'the old session id no longer works');
    const sessions = await t.app.deps.db.selectFrom('sessions').select('id_hash').where('account_id', '=', account.accountId).execute();
    assert.equal(sessions.length, 1);

    const fail = new Agent(t.app);
    const oldSignIn = await fail.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
    assert.equal(oldSignIn.statusCode, 401);
    await signIn(t, account.username, NEW_PASSWORD);

    assert.equal((await audits('password_changed')).length, 1);
    const mail = await mailTo(account.email, /login password was changed/);
    assert.match(mail.text, /signed out everywhere else/);
    assert.doesNotMatch(mail.text, new RegExp(NEW_PASSWORD));
    account.password = NEW_PASSWORD;
  });

  test('too many wrong current passwords are throttled with Retry-After, even with the right one', async () => {
    const agent = await signIn(t, account.username, account.password);
    await agent.get('/profile/security-password');
    for (let i = 0; i < 6; i++) await agent.post('/profile/security-password', { securityPassword: 'snowdrop', securityConfirm: 'snowdrop', currentPassword: `guess-number-${i}` });
    const res = await agent.post('/profile/security-password', { securityPassword: 'snowdrop', securityConfirm: 'snowdrop', currentPassword: account.password });
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(errorSummary(res.body)[0], /^You have entered the wrong password too many times\. Wait \d+ minutes? and try again$/);
    assert.ok((await audits('reauthentication_failed')).length >= 6);
    t.clock.advance(60 * 60_000);
  });
});
