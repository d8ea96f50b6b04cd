import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FAILURE_POLICY, SEND_POLICY, Throttle } from '../../src/plugins/throttle.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('rising-delay throttle', { skip }, () => {
  let t: TestApp;
  let throttle: Throttle;
  before(async () => {
    t = await createTestApp();
    throttle = new Throttle(t.app.deps.db, t.clock);
  });
  after(() => t.close());

  test('five failures are free, then the delay doubles', async () => {
    const key = ['test:rising'];
    for (let i = 0; i < FAILURE_POLICY.free; i++) await throttle.fail(key);
    assert.equal((await throttle.check(key)).blocked, false);
    await throttle.fail(key);
    assert.deepEqual(await throttle.check(key), { blocked: true, retryAfterSeconds: 2 });
    await throttle.fail(key);
    assert.equal((await throttle.check(key)).retryAfterSeconds, 4);
    await throttle.fail(key);
    assert.equal((await throttle.check(key)).retryAfterSeconds, 8);
  });

  test('the delay is capped at 15 minutes and ends by itself: no permanent lock-out', async () => {
    const key = ['test:cap'];
    for (let i = 0; i < 40; i++) await throttle.fail(key);
    assert.equal((await throttle.check(key)).retryAfterSeconds, 15 * 60);
    t.clock.advance(15 * 60_000 + 1000);
    assert.equal((await throttle.check(key)).blocked, false);
  });

  test('a new window starts after an hour', async () => {
    const key = ['test:window'];
    for (let i = 0; i < 6; i++) await throttle.fail(key);
    assert.equal((await throttle.check(key)).blocked, true);
    t.clock.advance(61 * 60_000);
    await throttle.fail(key);
    assert.equal((await throttle.check(key)).blocked, false);
  });

  test('any blocked key blocks; reset clears', async () => {
    for (let i = 0; i < 6; i++) await throttle.fail(['test:a']);
    assert.equal((await throttle.check(['test:b', 'test:a'])).blocked, true);
    await throttle.reset(['test:a']);
    assert.equal((await throttle.check(['test:b', 'test:a'])).blocked, false);
  });

  test('the sending policy allows five an hour', async () => {
    const key = ['test:send'];
    for (let i = 0; i < 5; i++) await throttle.fail(key, SEND_POLICY);
    assert.equal((await throttle.check(key)).blocked, false);
    await throttle.fail(key, SEND_POLICY);
    assert.equal((await throttle.check(key)).retryAfterSeconds, 60);
  });
});
