import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household, type TestAccount } from '../helpers/factories.ts';
import { signedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

async function signIn(t: TestApp, account: TestAccount): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { identifier: account.username, password: account.password }, { from: '/sign-in' });
  assert.equal(res.statusCode, 303);
  return agent;
}

describe('My Profile: overview, personal details and telling us about a change', { skip }, () => {
  let t: TestApp;
  let household: Household;
  let account: TestAccount;
  let other: TestAccount;
  before(async () => {
    t = await createTestApp();
    household = await createHousehold(t.app.deps, { members: [{ forenames: 'Rosa', surname: 'Quill', dateOfBirth: '1984-02-29' }] });
    account = await createAccount(t.app.deps, household.people[0].personId);
    const elsewhere = await createHousehold(t.app.deps);
    other = await createAccount(t.app.deps, elsewhere.people[0].personId);
  });
  after(() => t.close());

  test('every profile page needs a signed-in tenant', async () => {
    const anonymous = new Agent(t.app);
    for (const path of ['/profile', '/profile/personal-details', '/profile/change-request', '/profile/contact-details', '/profile/secret-question', '/profile/email', '/profile/password', '/profile/security-password', '/profile/preferences']) {
      const res = await anonymous.get(path);
      assert.equal(res.statusCode, 303, path);
      assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent(path)}`);
    }
  });

  test('the overview links to every section and is never cached', async () => {
    const agent = await signIn(t, account);
    const res = await agent.get('/profile');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    for (const href of ['/profile/personal-details', '/profile/contact-details', '/profile/secret-question', '/profile/email', '/profile/password', '/profile/security-password', '/profile/preferences']) {
      assert.match(res.body, new RegExp(`<h2 class="govuk-heading-s[^"]*"><a class="govuk-link" href="${href}">`), href);
    }
  });

  test('personal details show name, date of birth and address, read-only, with a way to tell us about a change', async () => {
    const agent = await signIn(t, account);
    const res = await agent.get('/profile/personal-details');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /Rosa/);
    assert.match(res.body, /Quill/);
    assert.match(res.body, /29 February 1984/);
    assert.match(res.body, /Test Street<br>Northbridge<br>NB1 1AA/);
    assert.doesNotMatch(res.body, /<form method="post" action="\/profile\/personal-details/);
    assert.match(res.body, /href="\/profile\/change-request"/);
  });

  test('a change request needs what changed and the details, keeps what was typed, and answers 400', async () => {
    const agent = await signIn(t, account);
    let res = await agent.post('/profile/change-request', { detail: '' }, { from: '/profile/change-request' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select what has changed', 'Enter the details of the change']);
    res = await agent.post('/profile/change-request', { changed: 'surname', detail: 'Now <Quill-Reed>' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select what has changed']);
    assert.match(res.body, /Now &lt;Quill-Reed&gt;<\/textarea>/);
    res = await agent.post('/profile/change-request', { changed: 'name', detail: 'x'.repeat(1001) });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Details must be 1,000 characters or fewer']);
    assert.match(res.body, /value="name" checked/);
    const count = await t.app.deps.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing is filed on bad input');
  });

  test('a change request reaches the staff inbox, is audited, and the tenant gets a reference; sending it twice files it once', async () => {
    const agent = await signIn(t, account);
    const form = { changed: 'name', detail: 'I married in October. My surname is now Quill-Reed.' };
    const res = await agent.post('/profile/change-request', form, { from: '/profile/change-request' });
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    const id = Number(/^\/profile\/change-request\/(\d+)$/.exec(location)?.[1]);
    assert.ok(id > 0);
    const page = await agent.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`Your reference number<br><strong>${id}</strong>`));

    const again = await agent.post('/profile/change-request', form, { from: '/profile/change-request' });
    assert.equal(again.headers.location, location, 'a resubmitted form leads to the same request');

    const rows = await t.app.deps.db.selectFrom('requests').selectAll().where('person_id', '=', account.personId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].kind, 'change_of_details');
    assert.equal(rows[0].summary, 'Name change');
    assert.equal(rows[0].status, 'open');
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'change_of_details_requested').where('person_id', '=', account.personId).execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0].detail).requestId, id);

    const staff = await signedInStaff(t, 'customer_services');
    const inbox = await staff.agent.get('/staff/requests');
    assert.match(inbox.body, new RegExp(`href="/staff/requests/${id}"`));
    assert.match(inbox.body, /Rosa Quill/);
    const item = await staff.agent.get(`/staff/requests/${id}`);
    assert.match(item.body, /My surname is now Quill-Reed/);
  });

  test("another tenant's change request, or a made-up id, is not found", async () => {
    const owner = await signIn(t, account);
    const res = await owner.post('/profile/change-request', { changed: 'address', detail: 'We moved to flat 2 in the same block.' }, { from: '/profile/change-request' });
    const location = String(res.headers.location);
    const stranger = await signIn(t, other);
    assert.equal((await stranger.get(location)).statusCode, 404);
    assert.equal((await owner.get(location)).statusCode, 200);
    assert.equal((await owner.get('/profile/change-request/999999')).statusCode, 404);
    assert.equal((await owner.get('/profile/change-request/abc')).statusCode, 404);
  });

  test('a change request without the CSRF token is refused', async () => {
    const agent = await signIn(t, account);
    await agent.get('/profile/change-request');
    const res = await agent.post('/profile/change-request', { changed: 'other', detail: 'Forged' }, { csrf: null });
    assert.equal(res.statusCode, 403);
  });
});
