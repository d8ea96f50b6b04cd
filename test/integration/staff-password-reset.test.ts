import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff: send a password reset from the customer page', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let cs: SignedInStaff;
  let admin: SignedInStaff;
  let household: Household;
  let account: TestAccount;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
    cs = await signedInStaff(t, 'customer_services');
    admin = await signedInStaff(t, 'administrator');
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Ottoline', surname: 'Bramwell' }, { forenames: 'Kit', surname: 'Bramwell' }] });
    account = await createAccount(t.app.deps, household.people[0].personId, { email: 'ottoline@example.com' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const page = (personId: number) => `/staff/customers/${personId}`;

  async function linkSentTo(to: string): Promise<string> {
    const until = Date.now() + 5000;
    let mail = smtp.messages.find((m) => m.to === to);
    while (!mail && Date.now() < until) {
      await t.app.deps.mail.flush();
      await new Promise((r) => setTimeout(r, 20));
      mail = smtp.messages.find((m) => m.to === to);
    }
    assert.ok(mail, `an email reached ${to}`);
    const link = new RegExp(`${t.config.publicUrl}(/password/reset/[A-Za-z0-9_-]+)`).exec(mail.text);
    assert.ok(link);
    return link[1];
  }

  test('customer services send a link to the account email, with a confirmation and an audit event', async () => {
    const url = page(household.people[0].personId);
    const shown = await cs.agent.get(url);
    assert.match(shown.body, /action="\/staff\/customers\/\d+\/password-reset"/);
    assert.match(shown.body, /Send a password reset/);

    const res = await cs.agent.post(`${url}/password-reset`, {}, { from: url });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, url);
    assert.match((await cs.agent.get(url)).body, /Password reset link sent to ottoline@example.com/);

    const event = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'staff_account_password_reset').executeTakeFirstOrThrow();
    assert.equal(event.actor_type, 'staff');
    assert.equal(event.actor_id, cs.staffId);
    assert.equal(event.person_id, household.people[0].personId);

    // The tenant's own journey from there on is the forgotten-password one.
    const tenant = new Agent(t.app);
    assert.equal((await tenant.get(await linkSentTo('ottoline@example.com'))).headers.location, '/password/reset/question');
  });

  test('an administrator may too, and a second link replaces the first', async () => {
    const url = page(household.people[0].personId);
    const res = await admin.agent.post(`${url}/password-reset`, {}, { from: url });
    assert.equal(res.statusCode, 303);
    const open = await t.app.deps.db.selectFrom('password_resets').select(['expires_at', 'used_at']).where('account_id', '=', account.accountId).execute();
    assert.equal(open.filter((r) => r.expires_at > t.clock.now().toISOString()).length, 1, 'one live link at a time');
  });

  test('a disabled account or one without an email gets a clear message and nothing is sent', async () => {
    const url = page(household.people[0].personId);
    await cs.agent.post(`${url}/account`, { action: 'disable' }, { from: url });
    const before = await t.app.deps.db.selectFrom('password_resets').select('id').execute();
    const disabled = await cs.agent.post(`${url}/password-reset`, {}, { from: url });
    assert.equal(disabled.statusCode, 400);
    assert.deepEqual(errorSummary(disabled.body), ['This portal account is disabled. Enable it before sending a password reset']);
    assert.doesNotMatch(disabled.body, /Send a password reset/, 'the button is not offered');
    await cs.agent.post(`${url}/account`, { action: 'enable' }, { from: url });

    const other = await createAccount(t.app.deps, household.people[1].personId);
    await t.app.deps.db.updateTable('accounts').set({ email: null }).where('id', '=', other.accountId).execute();
    const otherUrl = page(household.people[1].personId);
    const shown = await cs.agent.get(otherUrl);
    assert.doesNotMatch(shown.body, /Send a password reset/);
    assert.match(shown.body, /no email address, so a password reset cannot be sent/);
    const noEmail = await cs.agent.post(`${otherUrl}/password-reset`, {}, { from: otherUrl });
    assert.equal(noEmail.statusCode, 400);
    assert.deepEqual(errorSummary(noEmail.body), ['This portal account has no email address, so a password reset cannot be sent to it']);
    const afterwards = await t.app.deps.db.selectFrom('password_resets').select('id').execute();
    assert.equal(afterwards.length, before.length);
  });

  test('someone without an account, or no one at all, is 404; the form needs its CSRF token', async () => {
    const lone = await createHousehold(t.app.deps);
    const url = page(lone.people[0].personId);
    assert.equal((await cs.agent.post(`${url}/password-reset`, {}, { from: url })).statusCode, 404);
    assert.equal((await cs.agent.post('/staff/customers/987654/password-reset', {}, { from: '/staff' })).statusCode, 404);
    assert.equal((await cs.agent.post('/staff/customers/12ab/password-reset', {}, { from: '/staff' })).statusCode, 404);
    const target = page(household.people[0].personId);
    const forged = await cs.agent.post(`${target}/password-reset`, {}, { from: target, csrf: null });
    assert.equal(forged.statusCode, 403);
  });

  test('repairs and income staff may not send one', async () => {
    const url = page(household.people[0].personId);
    for (const role of ['repairs', 'income'] as const) {
      const staff = await signedInStaff(t, role);
      const res = await staff.agent.post(`${url}/password-reset`, {}, { from: url });
      assert.equal(res.statusCode, 403, role);
      assert.doesNotMatch((await staff.agent.get(url)).body, /Send a password reset/, `${role} is not shown the button`);
    }
  });
});
