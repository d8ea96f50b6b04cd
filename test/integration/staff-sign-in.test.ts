import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StaffAuthService } from '../../src/features/staff/staff-auth.service.ts';
import { totpCode } from '../../src/lib/totp.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold } from '../helpers/factories.ts';
import { STAFF_PASSWORD, signedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff two-step sign-in', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('first sign-in sets up TOTP by QR code and shows ten recovery codes once', async () => {
    const staff = await signedInStaff(t, 'customer_services');
    assert.equal(staff.recoveryCodes.length, 10);
    const home = await staff.agent.get('/staff');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Back office/);
    assert.equal(home.headers['cache-control'], 'no-store');
    const again = await staff.agent.get('/staff/recovery-codes');
    assert.equal(again.statusCode, 303, 'recovery codes are not shown twice');
    const row = await t.app.deps.db.selectFrom('staff_users').select(['totp_secret']).where('id', '=', staff.staffId).executeTakeFirstOrThrow();
    assert.ok(row.totp_secret && !row.totp_secret.includes(staff.secret), 'the key is stored sealed');
  });

  test('a wrong set-up code is refused with a clear message', async () => {
    const email = 'setup-wrong@brookvale.example';
    await new StaffAuthService(t.app.deps).createStaff({ email, name: 'Set Up', role: 'income', password: STAFF_PASSWORD });
    const agent = new Agent(t.app);
    await agent.post('/staff/sign-in', { email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
    await agent.get('/staff/sign-in/set-up');
    const res = await agent.post('/staff/sign-in/set-up', { code: '000000' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['The code is not correct. Enter the 6-digit code your app shows now']);
    assert.equal((await agent.get('/staff')).statusCode, 303, 'not signed in');
  });

  test('no access without the second step', async () => {
    const staff = await signedInStaff(t, 'repairs');
    const agent = new Agent(t.app);
    const res = await agent.post('/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
    assert.equal(res.headers.location, '/staff/sign-in/code');
    assert.equal((await agent.get('/staff')).headers.location, '/staff/sign-in');
    const wrong = await agent.post('/staff/sign-in/code', { code: '123456' });
    assert.equal(wrong.statusCode, 401);
    assert.match(errorSummary(wrong.body)[0], /not correct/);
    const empty = await agent.post('/staff/sign-in/code', { code: '' });
    assert.equal(empty.statusCode, 400);
  });

  test('a code is accepted once; the next time step’s code works; replay is refused', async () => {
    const staff = await signedInStaff(t, 'income');
    t.clock.advance(30_000);
    const code = totpCode(staff.secret, t.clock.now());
    const a = new Agent(t.app);
    await a.post('/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
    assert.equal((await a.post('/staff/sign-in/code', { code })).headers.location, '/staff');
    const b = new Agent(t.app);
    await b.post('/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
    assert.equal((await b.post('/staff/sign-in/code', { code })).statusCode, 401, 'the same code again is refused');
  });

  test('a recovery code signs in once', async () => {
    const staff = await signedInStaff(t, 'customer_services');
    const use = async () => {
      const agent = new Agent(t.app);
      await agent.post('/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
      return agent.post('/staff/sign-in/code', { code: staff.recoveryCodes[3].toLowerCase() });
    };
    assert.equal((await use()).headers.location, '/staff');
    assert.equal((await use()).statusCode, 401);
  });

  test('wrong password: one generic message; sign-in page keeps the email, never the password', async () => {
    const agent = new Agent(t.app);
    const res = await agent.post('/staff/sign-in', { email: 'nobody@brookvale.example', password: 'guessing-password-1' }, { from: '/staff/sign-in' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(errorSummary(res.body), ['Your email address and password do not match our records']);
    assert.match(res.body, /value="nobody@brookvale.example"/);
    assert.doesNotMatch(res.body, /guessing-password-1/);
    const empty = await agent.post('/staff/sign-in', { email: '', password: '' }, { from: '/staff/sign-in' });
    assert.deepEqual(errorSummary(empty.body), ['Enter your work email address', 'Enter your password']);
  });

  test('tenant and staff sessions never cross', async () => {
    const staff = await signedInStaff(t, 'administrator');
    const household = await createHousehold(t.app.deps);
    const account = await createAccount(t.app.deps, household.people[0].personId);
    const tenant = new Agent(t.app);
    await tenant.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    assert.equal((await tenant.get('/staff')).statusCode, 303, 'a tenant is sent to the staff sign-in');
    // A tenant's session id placed in the staff cookie does not sign anyone in, and the reverse.
    const forged = new Agent(t.app);
    forged.setCookie('doorstep-staff', tenant.cookie('doorstep')!);
    assert.equal((await forged.get('/staff')).statusCode, 303);
    const reverse = new Agent(t.app);
    reverse.setCookie('doorstep', staff.agent.cookie('doorstep-staff')!);
    assert.equal((await reverse.get('/dashboard')).statusCode, 303);
  });

  test('a disabled member of staff is out at once', async () => {
    const staff = await signedInStaff(t, 'repairs');
    assert.equal((await staff.agent.get('/staff')).statusCode, 200);
    await t.app.deps.db.updateTable('staff_users').set({ status: 'disabled' }).where('id', '=', staff.staffId).execute();
    assert.equal((await staff.agent.get('/staff')).statusCode, 303);
  });

  test('sign-out ends the staff session on the server', async () => {
    const staff = await signedInStaff(t, 'income');
    const cookie = staff.agent.cookie('doorstep-staff')!;
    await staff.agent.post('/staff/sign-out', {}, { from: '/staff' });
    const replay = new Agent(t.app);
    replay.setCookie('doorstep-staff', cookie);
    assert.equal((await replay.get('/staff')).statusCode, 303);
  });
});
