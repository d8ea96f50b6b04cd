import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpCode } from '../../src/lib/totp.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff administration', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let admin: SignedInStaff;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
    admin = await signedInStaff(t, 'administrator');
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('an administrator invites someone, who chooses a password and sets up TOTP from the emailed link', async () => {
    const res = await admin.agent.post('/staff/users/invite', { name: 'Nell Newcomer', email: 'Nell@Brookvale.example', role: 'repairs' }, { from: '/staff/users/invite' });
    assert.equal(res.statusCode, 303);
    await t.app.deps.mail.flush();
    const mail = (await smtp.waitFor(1)).find((m) => m.to === 'nell@brookvale.example');
    assert.ok(mail, 'invitation email delivered');
    const link = /http:\/\/\S+\/staff\/invitation\/\S+/.exec(mail.text)![0];
    const path = new URL(link).pathname;
    const invited = new Agent(t.app);
    const weak = await invited.post(path, { password: 'password1234', confirm: 'password1234' }, { from: path });
    assert.equal(weak.statusCode, 400);
    assert.match(errorSummary(weak.body)[0], /too easy to guess/);
    const mismatch = await invited.post(path, { password: 'willow-copper-lantern-8', confirm: 'willow-copper-lantern-9' }, { from: path });
    assert.deepEqual(errorSummary(mismatch.body), ['The passwords do not match']);
    const ok = await invited.post(path, { password: 'willow-copper-lantern-8', confirm: 'willow-copper-lantern-8' }, { from: path });
    assert.equal(ok.headers.location, '/staff/sign-in/set-up');
    const setUp = await invited.get('/staff/sign-in/set-up');
    const secret = /id="totp-key">([A-Z2-7 ]+)</.exec(setUp.body)![1].replace(/ /g, '');
    assert.equal((await invited.post('/staff/sign-in/set-up', { code: totpCode(secret, t.clock.now()) })).headers.location, '/staff/recovery-codes');
    assert.equal((await invited.get('/staff')).statusCode, 200);
    assert.equal((await new Agent(t.app).get(path)).statusCode, 404, 'the link works once');
  });

  test('invitation bad input: empty, bad email, no role, email already used', async () => {
    const empty = await admin.agent.post('/staff/users/invite', { name: '', email: '', role: '' }, { from: '/staff/users/invite' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['Enter their full name', 'Enter their work email address', 'Select a role']);
    const bad = await admin.agent.post('/staff/users/invite', { name: 'X', email: 'not-an-email', role: 'chief' }, { from: '/staff/users/invite' });
    assert.deepEqual(errorSummary(bad.body), ['Enter an email address in the correct format, like name@example.com', 'Select a role']);
    const taken = await admin.agent.post('/staff/users/invite', { name: 'Dup', email: admin.email, role: 'income' }, { from: '/staff/users/invite' });
    assert.deepEqual(errorSummary(taken.body), ['There is already a member of staff with that email address']);
  });

  test('an expired invitation link answers 404 with a clear page', async () => {
    const res = await new Agent(t.app).get('/staff/invitation/not-a-real-token');
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /This invitation has expired or has been used/);
  });

  test('role change and disabling; disabling ends that person’s sessions at once', async () => {
    const other = await signedInStaff(t, 'income');
    const role = await admin.agent.post(`/staff/users/${other.staffId}/role`, { role: 'customer_services' }, { from: `/staff/users/${other.staffId}` });
    assert.equal(role.statusCode, 303);
    const row = await t.app.deps.db.selectFrom('staff_users').select('role').where('id', '=', other.staffId).executeTakeFirstOrThrow();
    assert.equal(row.role, 'customer_services');
    assert.equal((await other.agent.get('/staff')).statusCode, 200);
    await admin.agent.post(`/staff/users/${other.staffId}/status`, { action: 'disable' }, { from: `/staff/users/${other.staffId}` });
    assert.equal((await other.agent.get('/staff')).statusCode, 303);
    const sessions = await t.app.deps.db.selectFrom('sessions').select('id_hash').where('staff_id', '=', other.staffId).execute();
    assert.equal(sessions.length, 0);
    const audit = await t.app.deps.db.selectFrom('audit_events').select('action').where('actor_id', '=', admin.staffId).where('actor_type', '=', 'staff').execute();
    assert.ok(audit.some((a) => a.action === 'staff_disabled'));
    assert.ok(audit.some((a) => a.action === 'staff_role_changed'));
  });

  test('an administrator cannot disable themself or change their own role', async () => {
    const res = await admin.agent.post(`/staff/users/${admin.staffId}/status`, { action: 'disable' }, { from: `/staff/users/${admin.staffId}` });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['You cannot disable your own account']);
  });

  test('unknown or malformed ids answer 404', async () => {
    assert.equal((await admin.agent.get('/staff/users/999999')).statusCode, 404);
    assert.equal((await admin.agent.get('/staff/users/abc')).statusCode, 404);
    assert.equal((await admin.agent.post('/staff/users/999999/role', { role: 'income' }, { from: '/staff/users' })).statusCode, 404);
  });

  test('other roles get 403 with a clear page', async () => {
    const cs = await signedInStaff(t, 'customer_services');
    const res = await cs.agent.get('/staff/users');
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Your role does not allow you to do this/);
    const post = await cs.agent.post('/staff/users/invite', { name: 'A', email: 'a@b.example', role: 'administrator' }, { from: '/staff' });
    assert.equal(post.statusCode, 403);
  });
});
