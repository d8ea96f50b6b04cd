import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from './support/forms.ts';
import { usePortalAndBrowser } from './support/server.ts';
import { staffSignIn } from './support/staff.ts';

describe('journey: staff triage a repair and the tenant sees the change', () => {
  const running = usePortalAndBrowser();

  test('change the status with a message, add a work order; the tenant reads both on the repair page', async () => {
    const portal = running.portal();
    const { db } = portal.app.deps;
    // The demo tenant's newest repair that no one has acted on yet.
    const repair = await db
      .selectFrom('repairs')
      .innerJoin('accounts', 'accounts.person_id', 'repairs.reported_by_person_id')
      .select(['repairs.id', 'repairs.reference'])
      .where('accounts.username', '=', portal.demo.signIn.username)
      .where('repairs.status', '=', 'reported')
      .orderBy('repairs.id', 'desc')
      .executeTakeFirstOrThrow();

    const staff = await running.browser().newContext();
    const page = await staff.newPage();
    await staffSignIn(page, portal.url, 'repairs@brookvale.example', portal.demoStaffPassword);
    await page.click('nav a:has-text("Repairs")');
    await page.waitForURL(/\/staff\/repairs$/);
    await page.click(`main a:has-text("${repair.reference}")`);
    await page.waitForURL(new RegExp(`/staff/repairs/${repair.id}$`));

    await page.click('main a[href$="/status"]');
    await page.check('input[name=status][value=assigned]');
    await page.fill('#message', 'A plumber from Northbridge Plumbing will phone you to book a visit.');
    await page.click('button:has-text("Change status")');
    await page.waitForURL(new RegExp(`/staff/repairs/${repair.id}$`));

    await page.click('a:has-text("Add a work order")');
    await page.fill('#contractorName', 'Northbridge Plumbing Ltd');
    await page.fill('#contractorPhone', '12345');
    await page.click('main button[type=submit]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /phone/i, 'a phone number that is not one is refused');
    await page.fill('#contractorPhone', '01632 960 410');
    const target = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const [y, m, d] = target.split('-');
    await page.fill('#target-day', String(Number(d)));
    await page.fill('#target-month', String(Number(m)));
    await page.fill('#target-year', y);
    await page.click('main button[type=submit]');
    await page.waitForURL(new RegExp(`/staff/repairs/${repair.id}$`));
    await staff.close();

    const tenant = await running.browser().newContext();
    const tenantPage = await tenant.newPage();
    await signIn(tenantPage, portal.url, portal.demo.signIn.username, portal.demo.signIn.password);
    await tenantPage.waitForURL(/\/dashboard$/);
    await tenantPage.goto(`${portal.url}/repairs/${repair.reference}`);
    const text = await tenantPage.locator('main').innerText();
    assert.match(text, /Passed to contractor/);
    assert.match(text, /A plumber from Northbridge Plumbing will phone you/);
    assert.match(text, /Northbridge Plumbing Ltd/);
    assert.match(text, /01632 960 ?410/);
    await tenant.close();
  });
});
