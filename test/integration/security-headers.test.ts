import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from '../helpers/agent.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('security headers and cookies', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('error pages carry the same headers as other pages', async () => {
    for (const url of ['/sign-in', '/no-such-page']) {
      const res = await new Agent(t.app).get(url);
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'.*base-uri 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
    }
  });

  test('CSRF cookie is HttpOnly and SameSite=Lax; without HTTPS it is not marked Secure', async () => {
    const res = await new Agent(t.app).get('/sign-in');
    const cookie = res.cookies.find((c) => c.name === 'doorstep-csrf');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.notEqual(cookie.secure, true);
  });

  test('behind HTTPS the cookies are __Host- prefixed and Secure, and HSTS is sent', async () => {
    const secure = await createTestApp({ secureCookies: true, publicUrl: 'https://portal.example' });
    try {
      const res = await new Agent(secure.app).get('/sign-in');
      const cookie = res.cookies.find((c) => c.name === '__Host-doorstep-csrf');
      assert.ok(cookie, 'the __Host- cookie is set');
      assert.equal(cookie.secure, true);
      assert.equal(cookie.path, '/');
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    } finally {
      await secure.close();
    }
  });

  test('the stylesheet is the landlord’s rebrand, never the GOV.UK typeface', async () => {
    const page = await new Agent(t.app).get('/sign-in');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)![1];
    const css = await t.app.inject({ method: 'GET', url: href });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['cache-control']), /immutable/);
    assert.doesNotMatch(css.body, /GDS Transport/);
    assert.match(css.body, /#00594f/i);
    assert.doesNotMatch(page.body, /govuk-crest|govuk-logo|crown/i);
  });
});
