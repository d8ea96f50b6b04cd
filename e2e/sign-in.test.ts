import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn, signOut } from './support/forms.ts';
import { usePortalAndBrowser } from './support/server.ts';

describe('journey: sign in and out', () => {
  const running = usePortalAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const portal = running.portal();
      const context = await running.browser().newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await signIn(page, portal.url, portal.demo.signIn.email, 'not the password at all');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /do not match our records/);
      await signIn(page, portal.url, portal.demo.signIn.username, portal.demo.signIn.password);
      await page.waitForURL(/\/dashboard$/);
      assert.match(await page.locator('h1').innerText(), /Hello/);
      await signOut(page);
      await page.waitForURL(/\/signed-out$/);
      await page.goto(`${portal.url}/dashboard`);
      assert.match(page.url(), /\/sign-in\?returnTo=%2Fdashboard$/);
      await context.close();
    });
  }
});
