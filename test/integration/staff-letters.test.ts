import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household } from '../helpers/factories.ts';
import { pdfText } from '../helpers/pdf.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('staff: activation codes and the print queue', { skip }, () => {
  let t: TestApp;
  let cs: SignedInStaff;
  let household: Household;
  // Monday 21 December 2026: 7 working days on (England and Wales) is Monday 4 January 2027.
  const MONDAY_BEFORE_CHRISTMAS = new Date('2026-12-21T09:00:00Z');
  before(async () => {
    t = await createTestApp({}, MONDAY_BEFORE_CHRISTMAS);
    cs = await signedInStaff(t, 'customer_services');
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Olu', surname: 'Adebayo' }, { forenames: 'Kemi', surname: 'Adebayo' }] });
  });
  after(() => t.close());

  const issue = (personId: number, agreementId: number | string) => {
    const url = `/staff/customers/${personId}`;
    return cs.agent.post(`${url}/activation-code`, { agreementId: String(agreementId) }, { from: url });
  };

  test('issuing a code puts a letter in the queue, due by 7 working days over Christmas', async () => {
    const res = await issue(household.people[0].personId, household.agreementId);
    assert.equal(res.statusCode, 303);
    const letter = await t.app.deps.db.selectFrom('letters').selectAll().where('person_id', '=', household.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(letter.post_by, '2027-01-04');
    assert.equal(letter.kind, 'activation_code');
    const { text } = await pdfText(letter.pdf);
    assert.match(text, /Olu Adebayo/);
    assert.match(text, new RegExp(household.agreementReference));
    assert.match(text, /1 Test Street|\d+ Test Street/);
    assert.match(text, /Your activation code\s+[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    assert.match(text, /expires on \d{1,2} March 2027/);
    assert.match(text, /\/register/);
    const queue = await cs.agent.get('/staff/letters');
    assert.match(queue.body, /Olu Adebayo/);
    assert.match(queue.body, /post by 4 January 2027/);
  });

  test('re-issuing stops the old code; the code in the letter registers that person', async () => {
    const codes = () => t.app.deps.db.selectFrom('activation_codes').selectAll().where('person_id', '=', household.people[0].personId).orderBy('id').execute();
    const before = await codes();
    await issue(household.people[0].personId, household.agreementId);
    const after = await codes();
    assert.equal(after.length, before.length + 1);
    assert.ok(after.slice(0, -1).every((c) => c.revoked_at), 'earlier codes revoked');
    assert.equal(after[after.length - 1].revoked_at, null);
  });

  test('the queue shows late letters, downloads a batch as one PDF and marks letters posted', async () => {
    await issue(household.people[1].personId, household.agreementId);
    t.clock.advance(20 * 86_400_000);
    cs = await signedInStaff(t, 'customer_services'); // the earlier session timed out meanwhile
    const queue = await cs.agent.get('/staff/letters');
    assert.match(queue.body, /Late/);
    const ids = [...queue.body.matchAll(/name="letter" type="checkbox" value="(\d+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, 3);
    const body = new URLSearchParams(ids.map((id) => ['letter', id]));
    await cs.agent.get('/staff/letters');
    body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(queue.body)![1]);
    const download = await t.app.inject({ method: 'POST', url: '/staff/letters/download', headers: { cookie: `doorstep-staff=${cs.agent.cookie('doorstep-staff')}; doorstep-csrf=${cs.agent.cookie('doorstep-csrf')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    const batch = await pdfText(download.rawPayload);
    assert.equal(batch.pages, 3);
    assert.match(batch.text, /Kemi Adebayo/);
    const posted = await t.app.inject({ method: 'POST', url: '/staff/letters/posted', headers: { cookie: `doorstep-staff=${cs.agent.cookie('doorstep-staff')}; doorstep-csrf=${cs.agent.cookie('doorstep-csrf')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    assert.equal(posted.statusCode, 303);
    const after = await cs.agent.get('/staff/letters');
    assert.match(after.body, /Nothing is waiting to be posted/);
    assert.match(after.body, /Recently posted/);
  });

  test('nothing selected gets a clear message', async () => {
    const res = await cs.agent.post('/staff/letters/download', {}, { from: '/staff/letters' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select at least one letter to download']);
    const posted = await cs.agent.post('/staff/letters/posted', {}, { from: '/staff/letters' });
    assert.deepEqual(errorSummary(posted.body), ['Select the letters you have posted']);
  });

  test('no code for someone already registered, or for an agreement they are not on', async () => {
    const other = await createHousehold(t.app.deps);
    await createAccount(t.app.deps, other.people[0].personId);
    const registered = await issue(other.people[0].personId, other.agreementId);
    assert.equal(registered.statusCode, 409);
    assert.match(registered.body, /already registered/);
    assert.equal((await issue(household.people[0].personId, other.agreementId)).statusCode, 404);
    assert.equal((await issue(household.people[0].personId, 'abc')).statusCode, 404);
    assert.equal((await cs.agent.get('/staff/letters/999999/pdf')).statusCode, 404);
  });

  test('bulk issue reaches every unregistered tenant without a working code, once', async () => {
    const fresh = await createHousehold(t.app.deps, { members: [{}, {}, {}] });
    await cs.agent.post('/staff/letters/bulk-issue', {}, { from: '/staff/letters' });
    const letters = await t.app.deps.db.selectFrom('letters').select('person_id').where('person_id', 'in', fresh.people.map((p) => p.personId)).execute();
    assert.equal(letters.length, 3);
    await cs.agent.post('/staff/letters/bulk-issue', {}, { from: '/staff/letters' });
    const again = await t.app.deps.db.selectFrom('letters').select('person_id').where('person_id', 'in', fresh.people.map((p) => p.personId)).execute();
    assert.equal(again.length, 3, 'not issued twice');
  });

  test('repairs staff cannot issue codes or see the queue', async () => {
    const repairs = await signedInStaff(t, 'repairs');
    assert.equal((await repairs.agent.get('/staff/letters')).statusCode, 403);
  });
});
