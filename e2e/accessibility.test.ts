import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { WIDTHS } from './support/browser.ts';
import { signIn } from './support/forms.ts';
import { staffSignIn } from './support/staff.ts';
import { usePortalAndBrowser } from './support/server.ts';

/** Every page, as a visitor and signed in; forms also in their error state (submitted empty). */
const PUBLIC_PAGES = ['/', '/sign-in', '/signed-out', '/contact', '/no-such-page', '/register', '/register/code', '/register/without-code', '/password/forgotten'];
const PUBLIC_FORMS = ['/sign-in', '/register/code', '/register/without-code', '/password/forgotten'];
const SIGNED_IN_PAGES = [
  '/dashboard',
  '/activity',
  '/profile',
  '/profile/personal-details',
  '/profile/change-request',
  '/profile/contact-details',
  '/profile/contact-details/new',
  '/profile/secret-question',
  '/profile/email',
  '/profile/password',
  '/profile/security-password',
  '/profile/preferences',
  '/agreements',
  '/agreements/40010000',
  '/balance',
  '/agreements/40010000/transactions/print',
  '/ways-to-pay',
  '/statement',
  '/communications',
];
const SIGNED_IN_FORMS = ['/statement', '/profile/change-request', '/profile/contact-details/new', '/profile/password', '/profile/email'];
const STAFF_PAGES = ['/staff', '/staff/customers', '/staff/customers?q=morgan', '/staff/customers/1', '/staff/letters', '/staff/repairs', '/staff/repairs?damp=yes', '/staff/repairs/1', '/staff/requests', '/staff/users', '/staff/users/invite', '/staff/users/1', '/staff/audit'];
const STAFF_FORMS = ['/staff/users/invite'];

const screenshots = process.env.E2E_SCREENSHOTS ? 'e2e/screenshots' : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

async function check(page: Page, label: string): Promise<string[]> {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${label.replace(/\W+/g, '_')}.png`, fullPage: true });
  return (await axeViolations(page)).map((v) => `${label}: ${v}`);
}

async function submitEmpty(page: Page): Promise<void> {
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForLoadState('load');
}

describe('accessibility: axe finds no violation on any page at 390 px and 1280 px', () => {
  const running = usePortalAndBrowser();

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    test(`visitor pages at ${viewport.width} px`, async () => {
      const [portal, browser] = [running.portal(), running.browser()];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of PUBLIC_PAGES) {
        await page.goto(portal.url + path);
        problems.push(...(await check(page, `${name}${path}`)));
      }
      for (const path of PUBLIC_FORMS) {
        await page.goto(portal.url + path);
        await submitEmpty(page);
        // Waits, because a form with a proof-of-work check submits only once the check is solved.
        await page.locator('.govuk-error-summary').waitFor({ timeout: 20_000 });
        problems.push(...(await check(page, `${name}${path}-errors`)));
      }
      await context.close();
      assert.deepEqual(problems, []);
    });

    test(`signed-in pages at ${viewport.width} px`, async () => {
      const [portal, browser] = [running.portal(), running.browser()];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, portal.url, portal.demo.signIn.email, portal.demo.signIn.password);
      await page.waitForURL(/\/dashboard$/);
      const problems: string[] = [];
      for (const path of SIGNED_IN_PAGES) {
        const res = await page.goto(portal.url + path);
        assert.equal(res?.status(), 200, `${path} answers 200`);
        problems.push(...(await check(page, `${name}${path}`)));
      }
      for (const path of SIGNED_IN_FORMS) {
        await page.goto(portal.url + path);
        await submitEmpty(page);
        problems.push(...(await check(page, `${name}${path}-errors`)));
      }
      await context.close();
      assert.deepEqual(problems, []);
    });
  }

  let staffKey: string | undefined;
  for (const [name, viewport] of Object.entries(WIDTHS)) {
    test(`back-office pages at ${viewport.width} px`, async () => {
      const [portal, browser] = [running.portal(), running.browser()];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const problems: string[] = [];
      await page.goto(`${portal.url}/staff/sign-in`);
      problems.push(...(await check(page, `${name}/staff/sign-in`)));
      staffKey = await staffSignIn(page, portal.url, 'admin@brookvale.example', portal.demoStaffPassword, staffKey);
      for (const path of STAFF_PAGES) {
        const res = await page.goto(portal.url + path);
        assert.equal(res?.status(), 200, `${path} answers 200`);
        problems.push(...(await check(page, `${name}${path}`)));
      }
      for (const path of STAFF_FORMS) {
        await page.goto(portal.url + path);
        await submitEmpty(page);
        problems.push(...(await check(page, `${name}${path}-errors`)));
      }
      await context.close();
      assert.deepEqual(problems, []);
    });
  }
});
