import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household } from '../helpers/factories.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff: requests inbox', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let cs: SignedInStaff;
  let household: Household;
  let requestId: number;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
    cs = await signedInStaff(t, 'customer_services');
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Iris', surname: 'Vale' }] });
    await createAccount(t.app.deps, household.people[0].personId, { email: 'iris.vale@example.com' });
    const row = await t.app.deps.db
      .insertInto('requests')
      .values({ person_id: household.people[0].personId, kind: 'change_of_details', summary: 'Surname change after marriage', detail: 'My surname is now Vale-Okoro.\n<b>not html</b>', status: 'open', created_at: t.clock.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    requestId = row.id;
    await t.app.deps.db.insertInto('requests').values({ person_id: null, kind: 'unmatched_registration', summary: 'No match for agreement 12345678', detail: '{}', status: 'open', created_at: t.clock.now().toISOString() }).execute();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the inbox lists open requests oldest first, including unmatched ones', async () => {
    const res = await cs.agent.get('/staff/requests');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Surname change after marriage/);
    assert.match(res.body, /Not matched to a customer/);
    assert.match(res.body, /Registration that did not match our records/);
  });

  test('assign, note (escaped), then resolve with a message that reaches My Communications and email', async () => {
    const url = `/staff/requests/${requestId}`;
    await cs.agent.post(`${url}/assign`, { action: 'take' }, { from: url });
    const page = await cs.agent.get(url);
    assert.match(page.body, new RegExp(`Assigned to[\\s\\S]*?Staff \\d+`));
    assert.match(page.body, /&lt;b&gt;not html&lt;\/b&gt;/);
    assert.match((await cs.agent.get('/staff/requests?mine=yes')).body, /Surname change after marriage/);
    await cs.agent.post(`${url}/notes`, { note: 'Asked for the marriage certificate.' }, { from: url });
    assert.match((await cs.agent.get(url)).body, /Asked for the marriage certificate/);
    const resolved = await cs.agent.post(`${url}/resolve`, { message: 'We have updated your surname to Vale-Okoro.' }, { from: url });
    assert.equal(resolved.statusCode, 303);
    const comms = await t.app.deps.db.selectFrom('communications').selectAll().where('person_id', '=', household.people[0].personId).execute();
    assert.equal(comms.length, 1);
    assert.equal(comms[0].kind, 'message');
    assert.match(String(comms[0].body), /Vale-Okoro/);
    await t.app.deps.mail.flush();
    const mail = (await smtp.waitFor(1)).find((m) => m.to === 'iris.vale@example.com');
    assert.ok(mail);
    assert.match(mail.text, /updated your surname/);
  });

  test('resolving twice is refused clearly and sends nothing more', async () => {
    const url = `/staff/requests/${requestId}`;
    const again = await cs.agent.post(`${url}/resolve`, { message: 'Again' }, { from: url });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(errorSummary(again.body), ['This request has already been resolved']);
    const comms = await t.app.deps.db.selectFrom('communications').select('id').where('person_id', '=', household.people[0].personId).execute();
    assert.equal(comms.length, 1);
  });

  test('empty and oversized notes and messages get specific messages', async () => {
    const open = await t.app.deps.db.selectFrom('requests').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    const url = `/staff/requests/${open.id}`;
    assert.deepEqual(errorSummary((await cs.agent.post(`${url}/notes`, { note: '  ' }, { from: url })).body), ['Enter a note']);
    const long = await cs.agent.post(`${url}/resolve`, { message: 'x'.repeat(2001) }, { from: url });
    assert.equal(long.statusCode, 400);
    assert.deepEqual(errorSummary(long.body), ['Message must be 2000 characters or fewer']);
  });

  test('unknown requests are 404; other roles 403', async () => {
    assert.equal((await cs.agent.get('/staff/requests/99999')).statusCode, 404);
    assert.equal((await cs.agent.post('/staff/requests/99999/notes', { note: 'x' }, { from: '/staff/requests' })).statusCode, 404);
    const repairs = await signedInStaff(t, 'repairs');
    assert.equal((await repairs.agent.get('/staff/requests')).statusCode, 403);
  });
});
