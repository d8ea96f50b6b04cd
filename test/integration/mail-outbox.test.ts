import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { queueEmail } from '../../src/lib/mail/outbox.ts';
import { Agent } from '../helpers/agent.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('outbox and mail worker', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('queued mail is delivered over SMTP once, and marked sent', async () => {
    await queueEmail(t.app.deps.db, t.clock.now(), { to: 'tenant@example.com', subject: 'Hello', text: 'First line\nSecond line' });
    assert.equal(await t.app.deps.mail.flush(), 1);
    const [mail] = await smtp.waitFor(1);
    assert.equal(mail.to, 'tenant@example.com');
    assert.equal(mail.subject, 'Hello');
    assert.match(mail.text, /Second line/);
    assert.equal(await t.app.deps.mail.flush(), 0, 'nothing is sent twice');
    const row = await t.app.deps.db.selectFrom('outbox').selectAll().where('subject', '=', 'Hello').executeTakeFirstOrThrow();
    assert.ok(row.sent_at);
  });

  test('when the mail server is down the message stays queued and is retried later', async () => {
    const down = await createTestApp({ smtpUrl: 'smtp://127.0.0.1:1' });
    try {
      await queueEmail(down.app.deps.db, down.clock.now(), { to: 'tenant@example.com', subject: 'Retry me', text: 'x' });
      assert.equal(await down.app.deps.mail.flush(), 0);
      const row = await down.app.deps.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.ok(row.last_error);
      assert.ok(row.next_attempt_at > down.clock.now().toISOString(), 'backs off before the next try');
    } finally {
      await down.close();
    }
  });

  test('/dev/outbox is for development only', async () => {
    const dev = await createTestApp({ env: 'development' });
    try {
      await queueEmail(dev.app.deps.db, dev.clock.now(), { to: 'tenant@example.com', subject: 'Shown in development', text: 'body <b>escaped</b>' });
      const res = await new Agent(dev.app).get('/dev/outbox');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Shown in development/);
      assert.match(res.body, /&lt;b&gt;escaped&lt;\/b&gt;/);
    } finally {
      await dev.close();
    }
    const prod = await createTestApp({ env: 'production' });
    try {
      assert.equal((await new Agent(prod.app).get('/dev/outbox')).statusCode, 404);
    } finally {
      await prod.close();
    }
  });

  test('production refuses to start without its secrets', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /APP_SECRET must be set[\s\S]*SMTP_URL must be set[\s\S]*PUBLIC_URL must be set/);
    assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://127.0.0.1:25', PUBLIC_URL: 'https://portal.example' }));
  });
});
