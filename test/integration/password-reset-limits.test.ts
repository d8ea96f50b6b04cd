import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ROBOT_CHECK_FAILED } from '../../src/features/password-reset/forgotten.routes.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type TestAccount } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('forgotten password: proof of work and rate limits', { skip }, () => {
  let t: TestApp;
  let account: TestAccount;
  before(async () => {
    t = await createTestApp();
    const household = await createHousehold(t.app.deps);
    account = await createAccount(t.app.deps, household.people[0].personId);
  });
  after(() => t.close());
  beforeEach(() => t.app.deps.db.deleteFrom('throttles').execute());

  /** What the widget does in the browser: fetch a challenge, find the counter, send both back. */
  async function solved(agent: Agent): Promise<{ challenge: Challenge; solution: { counter: number; derivedKey: string } }> {
    const res = await agent.get('/password/forgotten/challenge');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const challenge = JSON.parse(res.body) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    assert.ok(solution, 'the challenge can be solved');
    return { challenge, solution };
  }

  const resetsFor = async (accountId: number) => (await t.app.deps.db.selectFrom('password_resets').select('id').where('account_id', '=', accountId).execute()).length;

  async function post(agent: Agent, email: string, altcha?: string) {
    return agent.post('/password/forgotten', altcha === undefined ? { email } : { email, altcha }, { from: '/password/forgotten' });
  }

  test('the page loads the widget from this site under a CSP without unsafe-inline', async () => {
    const agent = new Agent(t.app);
    const page = await agent.get('/password/forgotten');
    assert.match(page.body, /<altcha-widget challenge="\/password\/forgotten\/challenge" name="altcha" auto="onsubmit"/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self' 'sha256-/);
    assert.match(page.body, /<script type="module" src="\/assets\/altcha-setup.js"><\/script>/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
    for (const [path, type] of [
      ['/assets/altcha/altcha.js', /javascript/],
      ['/assets/altcha/altcha.css', /css/],
      ['/assets/altcha/pbkdf2-worker.js', /javascript/],
      ['/assets/altcha-setup.js', /javascript/],
      ['/assets/altcha-theme.css', /css/],
    ] as const) {
      const res = await agent.get(path);
      assert.equal(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), type, path);
    }
  });

  test('a real solution is accepted, once', async () => {
    const agent = new Agent(t.app);
    const payload = encode(await solved(agent));
    const res = await post(agent, account.email, payload);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/password/forgotten/sent');
    assert.equal(await resetsFor(account.accountId), 1);

    const replay = await post(agent, account.email, payload);
    assert.equal(replay.statusCode, 400, 'the same solution cannot be sent twice');
    assert.deepEqual(errorSummary(replay.body), [ROBOT_CHECK_FAILED]);
    assert.match(replay.body, new RegExp(`value="${account.email}"`), 'the address typed is kept');
    assert.equal(await resetsFor(account.accountId), 1);
  });

  test('forged, tampered, stale or foreign solutions are refused and send nothing', async () => {
    const agent = new Agent(t.app);
    const before = await resetsFor(account.accountId);
    const real = await solved(agent);
    const wrongKey = { ...real, solution: { ...real.solution, derivedKey: real.solution.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0')) } };
    const easier = { ...real, challenge: { ...real.challenge, parameters: { ...real.challenge.parameters, keyPrefix: '00' } } };
    const unsigned = { ...real, challenge: { parameters: real.challenge.parameters } };
    // Signed with someone else's secret, and solved properly: still not ours.
    const foreignChallenge = await createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 1, counter: 50, deriveKey, hmacSignatureSecret: 'not-our-secret', data: { expires: Math.floor(t.clock.now().getTime() / 1000) + 600 } });
    const foreign = { challenge: foreignChallenge, solution: await solveChallenge({ challenge: foreignChallenge, deriveKey }) };
    const forged = [
      ['not base64 JSON', 'definitely-not-a-payload'],
      ['the widget test mode', encode({ challenge: null, solution: null, test: true })],
      ['a wrong derived key', encode(wrongKey)],
      ['changed parameters', encode(easier)],
      ['no signature', encode(unsigned)],
      ['another site’s challenge', encode(foreign)],
      ['an oversized payload', 'A'.repeat(5000)],
    ] as const;
    for (const [what, payload] of forged) {
      const res = await post(agent, account.email, payload);
      assert.equal(res.statusCode, 400, what);
      assert.deepEqual(errorSummary(res.body), [ROBOT_CHECK_FAILED], what);
    }

    assert.equal(await resetsFor(account.accountId), before);
    assert.equal((await post(agent, account.email, encode(real))).statusCode, 303, 'the untouched solution works');

    const stale = await solved(agent);
    t.clock.advance(11 * 60_000);
    const late = await post(agent, account.email, encode(stale));
    assert.equal(late.statusCode, 400, 'a challenge lasts 10 minutes');
    assert.deepEqual(errorSummary(late.body), [ROBOT_CHECK_FAILED]);
    assert.equal(await resetsFor(account.accountId), before + 1);
  });

  test('without a proof of work the form still works; five requests an hour per IP', async () => {
    const agent = new Agent(t.app);
    for (let i = 1; i <= 5; i++) {
      const res = await post(agent, `someone${i}@example.com`);
      assert.equal(res.statusCode, 303, `request ${i}`);
    }
    const sixth = await post(agent, 'someone6@example.com');
    assert.equal(sixth.statusCode, 429);
    assert.ok(Number(sixth.headers['retry-after']) > 0);
    assert.deepEqual(errorSummary(sixth.body), ['There have been too many requests to reset a password. Wait 1 minute and try again']);

    // The same browser with JavaScript, whose work vouches for it, gets on.
    const proved = await post(agent, account.email, encode(await solved(agent)));
    assert.equal(proved.statusCode, 303);

    t.clock.advance(61 * 60_000);
    assert.equal((await post(agent, 'someone7@example.com')).statusCode, 303, 'the limit lifts');
  });

  test('five requests an hour per address, the same whether or not it has an account', async () => {
    const before = await resetsFor(account.accountId);
    for (const email of [account.email, 'no-account-here@example.com']) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        // A fresh IP allowance each time, so only the address is counted.
        await t.app.deps.db.deleteFrom('throttles').where('key', 'like', 'reset:ip%').execute();
        statuses.push((await post(new Agent(t.app), email.toUpperCase())).statusCode);
      }
      assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429, 429], email);
    }
    assert.equal(await resetsFor(account.accountId), before + 5, 'no link is made while the address waits');
  });
});
