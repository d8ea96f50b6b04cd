import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { issueActivationCode } from '../../src/features/registration/activation-codes.ts';
import { DAY } from '../../src/lib/clock.ts';
import { dateParts } from '../../src/lib/forms.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

const MISMATCH = 'The details you entered do not match our records. Check your date of birth, agreement reference and activation code, and try again';
const GOOD_PASSWORD = 'copper-kettle-orchard-51';

describe('registration with an activation code', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  // Every test starts with a clean per-IP throttle; the throttle itself has its own test.
  beforeEach(async () => {
    await t.app.deps.db.deleteFrom('throttles').execute();
  });

  const issue = (h: Household, member = 0, now = t.clock.now()) => issueActivationCode(t.app.deps.db, t.app.deps.hasher, now, h.people[member].personId, h.agreementId, t.config.landlord.activationCodeDays);

  const codeForm = (h: Household, code: string, member = 0) => ({ ...dateParts('dob', h.people[member].dateOfBirth), reference: h.agreementReference, code });

  const accountForm = (email: string, extra: Record<string, string> = {}) => ({
    email,
    password: GOOD_PASSWORD,
    confirm: GOOD_PASSWORD,
    secretQuestion: 'What was the name of your first pet?',
    secretAnswer: '  Rover ',
    securityPassword: 'bluebell hill',
    ...extra,
  });

  /** Step 1, leaving the agent on step 2. */
  async function verified(h: Household, code: string, member = 0): Promise<Agent> {
    const agent = new Agent(t.app);
    const res = await agent.post('/register/code', codeForm(h, code, member), { from: '/register/code' });
    assert.equal(res.statusCode, 303, errorSummary(res.body).join());
    assert.equal(res.headers.location, '/register/account');
    await agent.get('/register/account');
    return agent;
  }

  const accountOf = (personId: number) => t.app.deps.db.selectFrom('accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
  const actions = async (personId: number) => (await t.app.deps.db.selectFrom('audit_events').select('action').where('person_id', '=', personId).orderBy('id').execute()).map((r) => r.action);

  test('the start page offers both ways to register', async () => {
    const res = await new Agent(t.app).get('/register');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Register for an account<\/h1>/);
    assert.match(res.body, /href="\/register\/code"/);
    assert.match(res.body, /href="\/register\/without-code"/);
  });

  test('a tenant registers with their code, is signed in and sees "Registration successful"', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = new Agent(t.app);
    const page = await agent.get('/register/code');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="dob-day"/);
    const step1 = await agent.post('/register/code', { ...codeForm(h, code.toLowerCase().replace(/-/g, ' ')) });
    assert.equal(step1.statusCode, 303, 'case, spaces and dashes in the code do not matter');
    assert.equal(step1.headers.location, '/register/account');
    const step2 = await agent.get('/register/account');
    assert.equal(step2.statusCode, 200);
    assert.match(step2.body, new RegExp(`${h.people[0].forenames} ${h.people[0].surname}`));
    assert.match(step2.body, /What was the name of your first pet\?/);
    assert.equal(step2.headers['cache-control'], 'no-store');
    const sessionBefore = agent.cookie('doorstep');

    const done = await agent.post('/register/account', accountForm('New.Tenant@Example.com'));
    assert.equal(done.statusCode, 303, errorSummary(done.body).join());
    assert.equal(done.headers.location, '/dashboard');
    assert.notEqual(agent.cookie('doorstep'), sessionBefore, 'the session id is replaced at sign-in');
    const dashboard = await agent.get('/dashboard');
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Registration successful/);

    const account = await accountOf(h.people[0].personId);
    assert.ok(account);
    assert.equal(account.email, 'new.tenant@example.com');
    assert.equal(account.must_change_password, 0);
    assert.equal(account.secret_question, 'What was the name of your first pet?');
    assert.ok(await t.app.deps.hasher.verify(account.secret_answer_hash, 'rover'), 'the answer is kept normalised and hashed');
    assert.ok(await t.app.deps.hasher.verify(account.security_password_hash, 'bluebell hill'));
    assert.ok(account.password_hash.startsWith('$argon2id$'));
    const codeRow = await t.app.deps.db.selectFrom('activation_codes').selectAll().where('person_id', '=', h.people[0].personId).executeTakeFirstOrThrow();
    assert.ok(codeRow.used_at, 'the code is spent');
    assert.notEqual(codeRow.code_hash, code);
    assert.deepEqual(await actions(h.people[0].personId), ['registration_code_accepted', 'registered']);

    await agent.post('/sign-out', {});
    const again = await new Agent(t.app).post('/sign-in', { identifier: 'new.tenant@example.com', password: GOOD_PASSWORD }, { from: '/sign-in' });
    assert.equal(again.headers.location, '/dashboard', 'the new account signs in');
  });

  test('an empty form gets a specific message for each field and a 400', async () => {
    const res = await new Agent(t.app).post('/register/code', {}, { from: '/register/code' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Enter your date of birth', 'Enter your agreement reference, like 12345678', 'Enter your activation code']);
    assert.match(res.body, /<title>Error: /);
  });

  test('format errors say what is wrong and keep what was typed', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/register/code', { 'dob-day': '31', 'dob-month': '2', 'dob-year': '1980', reference: '12-AB', code: 'not a code!' }, { from: '/register/code' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Date of birth must be a real date', 'Enter your agreement reference, like 12345678', 'Enter the activation code exactly as it is in your letter, like K7PM-9QTX-R4WA']);
    assert.match(res.body, /name="dob-day" type="text" value="31"/);
    assert.match(res.body, /value="12-AB"/);
    const partial = await agent.post('/register/code', { 'dob-day': '3', 'dob-month': '', 'dob-year': '1980', reference: '1234 5678', code: 'ABCD-EFGH-JKMN' });
    assert.deepEqual(errorSummary(partial.body), ['Date of birth must include a month']);
    const future = await agent.post('/register/code', { 'dob-day': '3', 'dob-month': '3', 'dob-year': '2030', reference: '12345678', code: 'ABCD-EFGH-JKMN' });
    assert.deepEqual(errorSummary(future.body), ['Date of birth must be in the past']);
  });

  test('a wrong birth date, reference or code all get the same message, which names no field', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const other = await createHousehold(t.app.deps);
    const agent = new Agent(t.app);
    const attempts = [
      { ...codeForm(h, code), ...dateParts('dob', '1981-05-17') },
      { ...codeForm(h, code), reference: other.agreementReference },
      { ...codeForm(h, code), reference: '99999999' },
      codeForm(h, 'KKKK-KKKK-KKKK'),
    ];
    for (const form of attempts) {
      const res = await agent.post('/register/code', form, { from: '/register/code' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(errorSummary(res.body), [MISMATCH]);
      assert.doesNotMatch(res.body, /govuk-form-group--error/, 'no field is marked as the wrong one');
    }
    const failures = await t.app.deps.db.selectFrom('audit_events').select('detail').where('action', '=', 'registration_code_failed').execute();
    assert.ok(failures.length >= 4, 'every failure is audited');
  });

  test('a code stops working after it expires', async () => {
    const h = await createHousehold(t.app.deps);
    const days = t.config.landlord.activationCodeDays;
    assert.equal(days, 90, 'the default lifetime is 90 days');
    const { code } = await issue(h, 0, new Date(TEST_NOW.getTime() - (days + 1) * DAY));
    const res = await new Agent(t.app).post('/register/code', codeForm(h, code), { from: '/register/code' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), [MISMATCH]);

    const h2 = await createHousehold(t.app.deps);
    const fresh = await issue(h2, 0, new Date(TEST_NOW.getTime() - (days - 1) * DAY));
    const ok = await new Agent(t.app).post('/register/code', codeForm(h2, fresh.code), { from: '/register/code' });
    assert.equal(ok.headers.location, '/register/account', 'a code a day short of expiry still works');
  });

  test('the lifetime comes from the landlord settings', async () => {
    const short = await createTestApp({ landlord: { ...t.config.landlord, activationCodeDays: 10 } });
    try {
      const h = await createHousehold(short.app.deps);
      const { code } = await issueActivationCode(short.app.deps.db, short.app.deps.hasher, new Date(TEST_NOW.getTime() - 11 * DAY), h.people[0].personId, h.agreementId, 10);
      const res = await new Agent(short.app).post('/register/code', codeForm(h, code), { from: '/register/code' });
      assert.deepEqual(errorSummary(res.body), [MISMATCH]);
    } finally {
      await short.close();
    }
  });

  test('after 5 wrong tries the code stops working, even when the right one is typed next', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = new Agent(t.app);
    await agent.get('/register/code');
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/register/code', codeForm(h, 'KKKK-KKKK-KKKK'));
      assert.equal(res.statusCode, 400);
    }
    const row = await t.app.deps.db.selectFrom('activation_codes').select('failed_attempts').where('person_id', '=', h.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(row.failed_attempts, 5);
    await t.app.deps.db.deleteFrom('throttles').execute();
    const right = await agent.post('/register/code', codeForm(h, code));
    assert.equal(right.statusCode, 400);
    assert.deepEqual(errorSummary(right.body), [MISMATCH]);
  });

  test('four wrong tries leave the code working', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = new Agent(t.app);
    await agent.get('/register/code');
    for (let i = 0; i < 4; i++) await agent.post('/register/code', codeForm(h, 'KKKK-KKKK-KKKK'));
    const right = await agent.post('/register/code', codeForm(h, code));
    assert.equal(right.headers.location, '/register/account');
  });

  test('many failures from one address are slowed down with a 429 and Retry-After', async () => {
    const agent = new Agent(t.app);
    await agent.get('/register/code');
    let last = await agent.post('/register/code', { ...dateParts('dob', '1970-01-01'), reference: '99999999', code: 'KKKK-KKKK-KKKK' });
    for (let i = 0; i < 6 && last.statusCode !== 429; i++) last = await agent.post('/register/code', { ...dateParts('dob', '1970-01-01'), reference: '99999999', code: 'KKKK-KKKK-KKKK' });
    assert.equal(last.statusCode, 429);
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.match(errorSummary(last.body)[0], /too many attempts to register/);
  });

  test('a code works once: using it again says the person has already registered', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    assert.equal((await agent.post('/register/account', accountForm(`once${h.agreementId}@example.com`))).headers.location, '/dashboard');
    const again = await new Agent(t.app).post('/register/code', codeForm(h, code), { from: '/register/code' });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/register/already-registered');
    const page = await new Agent(t.app).get('/register/already-registered');
    assert.match(page.body, /You have already registered/);
    assert.match(page.body, /href="\/sign-in"/);
  });

  test('joint tenants each register with their own code, and one code does not work for the other', async () => {
    const h = await createHousehold(t.app.deps, { members: [{ dateOfBirth: '1975-02-03' }, { dateOfBirth: '1978-09-10' }] });
    const first = await issue(h, 0);
    const second = await issue(h, 1);
    const crossed = await new Agent(t.app).post('/register/code', codeForm(h, first.code, 1), { from: '/register/code' });
    assert.deepEqual(errorSummary(crossed.body), [MISMATCH]);

    const a = await verified(h, first.code, 0);
    assert.equal((await a.post('/register/account', accountForm(`lead${h.agreementId}@example.com`))).headers.location, '/dashboard');
    const b = await verified(h, second.code, 1);
    assert.equal((await b.post('/register/account', accountForm(`joint${h.agreementId}@example.com`))).headers.location, '/dashboard');
    const lead = await accountOf(h.people[0].personId);
    const joint = await accountOf(h.people[1].personId);
    assert.equal(lead?.email, `lead${h.agreementId}@example.com`);
    assert.equal(joint?.email, `joint${h.agreementId}@example.com`);
    assert.notEqual(lead?.username, joint?.username);
  });

  test('the account step checks every field and never echoes a password', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    const empty = await agent.post('/register/account', {});
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['Enter your email address', 'Enter a password', 'Confirm your password', 'Select a secret question', 'Enter the answer to your secret question', 'Enter a security password']);

    const bad = await agent.post('/register/account', accountForm('not-an-email', { password: 'short-one', confirm: 'short-one', secretQuestion: 'What is your PIN?', securityPassword: 'abc' }));
    assert.deepEqual(errorSummary(bad.body), [
      'Enter an email address in the correct format, like name@example.com',
      'Password must be 12 characters or more',
      'Select a secret question',
      'Security password must be 6 characters or more',
    ]);
    assert.match(bad.body, /value="not-an-email"/);
    assert.doesNotMatch(bad.body, /short-one/);

    const mismatch = await agent.post('/register/account', accountForm('ok@example.com', { confirm: 'something-else-entirely' }));
    assert.deepEqual(errorSummary(mismatch.body), ['The passwords you entered do not match']);
    const common = await agent.post('/register/account', accountForm('ok@example.com', { password: 'password12345', confirm: 'password12345' }));
    assert.match(errorSummary(common.body)[0], /too easy to guess/);
    const same = await agent.post('/register/account', accountForm('ok@example.com', { securityPassword: GOOD_PASSWORD }));
    assert.deepEqual(errorSummary(same.body), ['Security password must be different from your login password']);
    assert.doesNotMatch(same.body, new RegExp(GOOD_PASSWORD));
    assert.equal(await accountOf(h.people[0].personId), undefined, 'nothing was created');
  });

  test('an email address that another account uses is refused, and the code stays unspent', async () => {
    const other = await createHousehold(t.app.deps);
    const taken = await createAccount(t.app.deps, other.people[0].personId, { email: `taken${other.agreementId}@example.com` });
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    const res = await agent.post('/register/account', accountForm(taken.email.toUpperCase()));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['There is already an account with this email address. Enter a different email address']);
    const row = await t.app.deps.db.selectFrom('activation_codes').select('used_at').where('person_id', '=', h.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(row.used_at, null);
    const retry = await agent.post('/register/account', accountForm(`free${h.agreementId}@example.com`));
    assert.equal(retry.headers.location, '/dashboard');
  });

  test('the account step without the code step goes back to the code step', async () => {
    const agent = new Agent(t.app);
    assert.equal((await agent.get('/register/account')).headers.location, '/register/code');
    await agent.get('/register/code');
    const post = await agent.post('/register/account', accountForm('x@example.com'));
    assert.equal(post.headers.location, '/register/code');
  });

  test('a verified code goes stale after 30 minutes', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    t.clock.advance(31 * 60_000);
    try {
      assert.equal((await agent.get('/register/account')).headers.location, '/register/code');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  test('a double-submitted registration creates one account and signs in both times', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    const form = accountForm(`double${h.agreementId}@example.com`);
    const [one, two] = await Promise.all([agent.post('/register/account', form), agent.post('/register/account', form)]);
    assert.deepEqual([one.headers.location, two.headers.location], ['/dashboard', '/dashboard'], `${one.statusCode} ${two.statusCode} ${errorSummary(one.body).join()} | ${errorSummary(two.body).join()}`);
    const rows = await t.app.deps.db.selectFrom('accounts').select('id').where('person_id', '=', h.people[0].personId).execute();
    assert.equal(rows.length, 1);
    const audits = (await actions(h.people[0].personId)).filter((a) => a === 'registered');
    assert.equal(audits.length, 1);
  });

  test('the same form sent again after the first finished signs in rather than starting over', async () => {
    const h = await createHousehold(t.app.deps);
    const { code } = await issue(h);
    const agent = await verified(h, code);
    const oldCookies = { session: agent.cookie('doorstep')!, csrf: agent.cookie('doorstep-csrf')! };
    const form = accountForm(`again${h.agreementId}@example.com`);
    assert.equal((await agent.post('/register/account', form)).headers.location, '/dashboard');
    // As a browser that sends the second click with the cookies it had before the first answer.
    agent.setCookie('doorstep', oldCookies.session);
    agent.setCookie('doorstep-csrf', oldCookies.csrf);
    const second = await agent.post('/register/account', form);
    assert.equal(second.headers.location, '/dashboard');
    assert.match((await agent.get('/dashboard')).body, /Registration successful/);
    const wrong = new Agent(t.app);
    await wrong.get('/register/code');
    const guess = await wrong.post('/register/account', { ...form, password: 'not-the-right-password' });
    assert.equal(guess.headers.location, '/register/code', 'without the password it is not a second submission');
  });

  test('a post without the CSRF token is refused', async () => {
    const agent = new Agent(t.app);
    await agent.get('/register/code');
    const res = await agent.post('/register/code', { reference: '12345678' }, { csrf: null });
    assert.equal(res.statusCode, 403);
  });

  test('a signed-in tenant is sent from the registration pages to the dashboard', async () => {
    const h = await createHousehold(t.app.deps);
    const acc = await createAccount(t.app.deps, h.people[0].personId);
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: acc.email, password: acc.password }, { from: '/sign-in' });
    for (const path of ['/register', '/register/code', '/register/without-code']) assert.equal((await agent.get(path)).headers.location, '/dashboard', path);
  });
});
