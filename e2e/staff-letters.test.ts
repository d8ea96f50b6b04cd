import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { pdfText } from '../test/helpers/pdf.ts';
import { registerWithCode } from './support/registration.ts';
import { usePortalAndBrowser } from './support/server.ts';
import { staffSignIn } from './support/staff.ts';

describe('journey: staff post an activation code, and the tenant registers with the code from the letter', () => {
  const running = usePortalAndBrowser();

  test('sign in with a one-time code, find the customer, issue a code, print the letter, register', async () => {
    const portal = running.portal();
    const person = portal.demo.withoutCode;
    const staff = await running.browser().newContext({ acceptDownloads: true });
    const page = await staff.newPage();
    await staffSignIn(page, portal.url, 'customer.services@brookvale.example', portal.demoStaffPassword);

    await page.click('a:has-text("Customers")');
    await page.fill('#q', person.agreementReference);
    await page.fill('#reason', 'Tenant asked for a code by phone');
    await page.click('button:has-text("Search")');
    await page.click(`main table a:has-text("${person.name.split(' ').at(-1)}")`);
    await page.click(`button:has-text("Post an activation code for agreement ${person.agreementReference}")`);
    await page.waitForLoadState('load');

    await page.goto(`${portal.url}/staff/letters`);
    const letter = page.locator('.govuk-checkboxes__item', { hasText: 'Your activation code' }).filter({ hasText: person.name.split(' ').at(-1)! });
    await letter.locator('input').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download selected as one PDF")')]);
    const { text } = await pdfText(readFileSync((await download.path())!));
    assert.match(text, new RegExp(person.agreementReference));
    const code = /Your activation code\s+([A-Z0-9]{4}(?:[- ][A-Z0-9]{4}){2})/.exec(text)?.[1];
    assert.ok(code, `the letter shows a code:\n${text}`);

    await letter.locator('input').check();
    await page.click('button:has-text("Mark selected as posted")');
    assert.match(await page.locator('main').innerText(), /1 letter marked as posted/);
    await staff.close();

    const tenant = await running.browser().newContext();
    const tenantPage = await tenant.newPage();
    await registerWithCode(tenantPage, portal.url, { ...person, code, email: 'new.tenant@example.com', password: 'quiet-meadow-river-2048' });
    assert.match(await tenantPage.locator('main').innerText(), /Registration successful/);
    await tenant.close();
  });
});
