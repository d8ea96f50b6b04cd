import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold } from '../helpers/factories.ts';
import { signedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

/** Refusals thrown inside the portals come back as the branded GOV.UK error page, not bare JSON. */
describe('error pages inside the portals', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("another tenant's agreement answers the branded 404 page", async () => {
    const mine = await createHousehold(t.app.deps);
    const theirs = await createHousehold(t.app.deps);
    const account = await createAccount(t.app.deps, mine.people[0].personId);
    const agent = new Agent(t.app);
    await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    const res = await agent.get(`/agreements/${theirs.agreementReference}`);
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /<h1[^>]*>Page not found<\/h1>/);
    assert.match(res.body, /Brookvale Homes/);
  });

  test('a member of staff without the role gets the 403 page', async () => {
    const staff = await signedInStaff(t, 'income');
    const res = await staff.agent.get('/staff/users');
    assert.equal(res.statusCode, 403);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /You cannot do that/);
  });
});
