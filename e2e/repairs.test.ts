import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { axeViolations } from './support/axe.ts';
import { WIDTHS } from './support/browser.ts';
import { signIn } from './support/forms.ts';
import { usePortalAndBrowser } from './support/server.ts';

process.env.UPLOADS_DIR = mkdtempSync(join(tmpdir(), 'doorstep-e2e-uploads-'));

async function continueOn(page: Page, button = 'Continue'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator(`main button:text-is("${button}")`).click()]);
}

/**
 * Logs a repair in the browser, checking each page with axe (and each radio page first in its
 * error state); returns the problems found and the new repair's reference.
 */
async function logRepairWithPhoto(page: Page, base: string, label: string, axe = true): Promise<{ problems: string[]; reference: string }> {
  const problems: string[] = [];
  // axe runs in the page, so it is left out when the page has no JavaScript.
  const check = async (name: string) => {
    if (axe) problems.push(...(await axeViolations(page)).map((v) => `${label} ${name}: ${v}`));
  };
  await page.goto(`${base}/repairs/new`);
  await continueOn(page);
  assert.ok(await page.locator('.govuk-error-summary').count(), 'the emergency question says what is missing');
  await check('emergency-errors');
  await page.getByLabel('No, it is none of these').check();
  await continueOn(page);
  for (const [step, choice] of [
    ['where', 'In your home'],
    ['area', 'Bedroom or living room'],
    ['item', 'Walls or ceiling'],
    ['problem', 'Damp, mould or condensation'],
  ]) {
    await check(step);
    await continueOn(page);
    await check(`${step}-errors`);
    await page.getByLabel(choice, { exact: true }).check();
    await continueOn(page);
  }
  await check('damp');
  await continueOn(page);
  await check('damp-errors');
  await page.getByLabel('A large area in one room').check();
  await page.getByLabel('Between 1 and 6 months').check();
  await page.getByLabel('Yes', { exact: true }).check();
  await continueOn(page);
  await check('describe');
  await page.fill('#description', 'Black mould on the wall behind the bed.');
  await continueOn(page);
  await check('photos');
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 60, b: 50 } } }).jpeg().toBuffer();
  await page.setInputFiles('#photo', { name: 'mould.jpg', mimeType: 'image/jpeg', buffer: photo });
  await continueOn(page, 'Add photo');
  assert.match(await page.locator('main').innerText(), /Photo 1 added/);
  await check('photos-added');
  await continueOn(page);
  await check('access');
  await continueOn(page);
  await check('access-errors');
  await page.getByLabel('Tuesday').check();
  await page.getByLabel('Afternoon').check();
  await continueOn(page);
  await check('check');
  assert.match(await page.locator('main').innerText(), /1 photo/);
  await continueOn(page, 'Log repair');
  await page.waitForURL(/\/repairs\/R\d+\/confirmation$/);
  await check('confirmation');
  const reference = /\/repairs\/(R\d+)\/confirmation$/.exec(page.url())![1];
  assert.match(await page.locator('main').innerText(), /We will contact you to arrange an appointment/);
  return { problems, reference };
}

describe('repairs in a browser', () => {
  const running = usePortalAndBrowser();

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    test(`log a repair with a photo, follow it and cancel it, axe clean at ${viewport.width} px (JavaScript on)`, async () => {
      const [portal, browser] = [running.portal(), running.browser()];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, portal.url, portal.demo.signIn.email, portal.demo.signIn.password);
      await page.waitForURL(/\/dashboard$/);
      const { problems, reference } = await logRepairWithPhoto(page, portal.url, name);

      for (const path of ['/repairs', '/repairs/address', '/repairs/communal', `/repairs/${reference}`, '/repairs/new/gas', '/repairs/new/emergency?type=water', '/dashboard']) {
        const res = await page.goto(portal.url + path);
        assert.equal(res?.status(), 200, path);
        problems.push(...(await axeViolations(page)).map((v) => `${name} ${path}: ${v}`));
      }
      // The photo shows on the repair page.
      await page.goto(`${portal.url}/repairs/${reference}`);
      const img = page.locator('main img[alt="Photo 1 of the problem"]');
      assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 400));

      // View communal repairs and open one.
      await page.goto(`${portal.url}/repairs`);
      await page.getByText('View related repairs').click();
      await page.waitForURL(/\/repairs\/communal$/);
      const rows = await page.locator('main table tbody tr').count();
      assert.ok(rows >= 1, 'the block has communal repairs');
      await page.locator('main table tbody a').first().click();
      assert.match(await page.locator('h1').innerText(), /:/);
      assert.match(await page.locator('main').innerText(), /Communal repair/);

      // Cancel the new repair.
      await page.goto(`${portal.url}/repairs/${reference}`);
      await page.getByText('Cancel this repair').click();
      problems.push(...(await axeViolations(page)).map((v) => `${name} cancel: ${v}`));
      await continueOn(page, 'Yes, cancel this repair');
      assert.match(await page.locator('main').innerText(), new RegExp(`Repair ${reference} has been cancelled`));
      await context.close();
      assert.deepEqual(problems, []);
    });
  }

  test('log a repair with a photo with JavaScript off', async () => {
    const [portal, browser] = [running.portal(), running.browser()];
    const context = await browser.newContext({ viewport: WIDTHS.desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, portal.url, portal.demo.signIn.email, portal.demo.signIn.password);
    await page.waitForURL(/\/dashboard$/);
    const { reference } = await logRepairWithPhoto(page, portal.url, 'no-js', false);
    await page.goto(`${portal.url}/repairs`);
    assert.ok((await page.locator('main').innerText()).includes(reference));
    await context.close();
  });
});
