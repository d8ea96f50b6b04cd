import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { pdfText } from '../test/helpers/pdf.ts';
import { fillDate, signIn } from './support/forms.ts';
import { usePortalAndBrowser } from './support/server.ts';

describe('journey: view the balance, filter it, download a statement and find it again', () => {
  const running = usePortalAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const portal = running.portal();
      const context = await running.browser().newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      await signIn(page, portal.url, portal.demo.signIn.username, portal.demo.signIn.password);
      await page.waitForURL(/\/dashboard$/);

      await page.click('a:has-text("My Balance")');
      await page.waitForURL(/\/agreements\/[^/]+\/transactions$/);
      const reference = /\/agreements\/([^/]+)\//.exec(page.url())![1];
      assert.ok((await page.locator('tbody tr').count()) > 5, 'the newest transactions are listed');

      // An end before the start is refused with a specific message, and what was typed stays.
      await fillDate(page, 'from', '2026-06-01');
      await fillDate(page, 'to', '2026-01-01');
      await page.click('button:has-text("Show transactions")');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /after|before/i);
      assert.equal(await page.inputValue('#from-year'), '2026');

      await fillDate(page, 'from', '2026-01-01');
      await fillDate(page, 'to', '2026-03-31');
      await page.click('button:has-text("Show transactions")');
      await page.waitForLoadState('load');
      const dates = await page.locator('tbody tr td:first-child').allInnerTexts();
      assert.ok(dates.length > 0, 'the range has transactions');
      for (const d of dates) assert.match(d, /(January|February|March) 2026|Jan 2026|Feb 2026|Mar 2026/, `${d} lies in the range`);

      await page.goto(`${portal.url}/statement`);
      await page.check('input[value="last-3-months"]');
      await page.click('button:has-text("Continue")');
      await page.waitForURL(/\/communications\/\d+$/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("(PDF)")')]);
      const { text } = await pdfText(readFileSync((await download.path())!));
      assert.match(text, new RegExp(reference));
      assert.match(text, /Closing balance/i);

      await page.goto(`${portal.url}/communications`);
      assert.match(await page.locator('main table').innerText(), /Statement/);
      await context.close();
    });
  }
});
