import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { WIDTHS } from './support/browser.ts';
import { addHome } from '../test/helpers/factories.ts';
import { signIn } from './support/forms.ts';
import { usePortalAndBrowser } from './support/server.ts';

process.env.UPLOADS_DIR = mkdtempSync(join(tmpdir(), 'doorstep-e2e-uploads-'));


async function continueOn(page: Page): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator('main button:text-is("Continue")').click()]);
}

/** The demo tenant also has a second home: the pages that ask or show which home, in a real browser. */
describe('a tenant with two homes: repairs pages at 390 px and 1280 px', () => {
  const running = usePortalAndBrowser();
  /** The second home's address, as the pages show it. */
  let second = '';
  before(async () => {
    const portal = running.portal();
    const { person_id: personId } = await portal.app.deps.db.selectFrom('accounts').select('person_id').where('username', '=', portal.demo.signIn.username).executeTakeFirstOrThrow();
    second = (await addHome(portal.app.deps, [personId], { startDate: '2024-05-01' })).address;
  });

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    test(`at ${viewport.width} px: both addresses shown, the journey asks which, and axe finds nothing`, async () => {
      const [portal, browser] = [running.portal(), running.browser()];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, portal.url, portal.demo.signIn.email, portal.demo.signIn.password);
      await page.waitForURL(/\/dashboard$/);
      const problems: string[] = [];
      const check = async (label: string) => problems.push(...(await axeViolations(page)).map((v) => `${name} ${label}: ${v}`));

      await page.goto(`${portal.url}/repairs`);
      assert.match(await page.locator('.govuk-summary-list').innerText(), new RegExp(`Addresses[\\s\\S]*${second}`));
      await check('/repairs');
      for (const path of ['/repairs/address', '/repairs/communal']) {
        await page.goto(portal.url + path);
        assert.equal(await page.getByRole('link', { name: second }).count(), 1, `${path} offers the second home`);
        await check(path);
      }

      await page.goto(`${portal.url}/repairs/new`);
      await page.getByLabel('No, it is none of these').check();
      await continueOn(page);
      assert.match(page.url(), /\/repairs\/new\/home$/);
      await check('which address');
      await continueOn(page);
      assert.deepEqual(await page.locator('.govuk-error-summary__list a').allInnerTexts(), ['Select the address the repair is for']);
      await check('which address, nothing chosen');
      await page.getByLabel(second).check();
      await continueOn(page);
      assert.match(page.url(), /\/repairs\/new\/where$/);

      await context.close();
      assert.deepEqual(problems, []);
    });
  }
});
