import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, TEST_ENGINE, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

// On PostgreSQL the sessions of requests that arrive together are read in one statement
// (BatchedReads, tenantSessionQuery); each request must still get its own session, as it stands.
// The three requests below do share a statement there: with BatchedReads answering each read with
// the batch's first row, this test fails on PostgreSQL.
describe(`sessions read together answer each request for itself (${TEST_ENGINE})`, { skip }, () => {
  let t: TestApp;
  const people: Array<{ account: TestAccount; agent: Agent; name: string }> = [];

  before(async () => {
    t = await createTestApp();
    for (const forenames of ['Amara', 'Birgit', 'Claude']) {
      const home = await createHousehold(t.app.deps, { members: [{ forenames }] });
      const account = await createAccount(t.app.deps, home.people[0].personId);
      const agent = new Agent(t.app);
      const res = await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
      assert.equal(res.statusCode, 303);
      people.push({ account, agent, name: `Hello, ${forenames}` });
    }
  });
  after(() => t.close());

  test('requests sent at once each see their own account, and an ended session among them is signed out', async () => {
    const [first, second, third] = people;
    const together = () => Promise.all(people.map((p) => p.agent.get('/dashboard')));
    for (const [i, res] of (await together()).entries()) {
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes(people[i].name), `${people[i].name}: their own dashboard`);
      for (const other of people.filter((_, j) => j !== i)) assert.ok(!res.body.includes(other.name), `${people[i].name} does not see ${other.name}`);
    }

    // The second person's session ends (as signing out elsewhere, or a member of staff, would end it).
    await t.app.deps.db.deleteFrom('sessions').where('account_id', '=', second.account.accountId).execute();
    const [a, b, c] = await together();
    assert.equal(a.statusCode, 200);
    assert.ok(a.body.includes(first.name));
    assert.equal(b.statusCode, 303, 'the ended session is signed out at once');
    assert.match(String(b.headers.location), /^\/sign-in/);
    assert.equal(c.statusCode, 200);
    assert.ok(c.body.includes(third.name));
  });
});
