import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillDate, linkIn, signIn, signOut } from './support/forms.ts';
import { mailTo } from './support/mail.ts';
import { registerWithCode } from './support/registration.ts';
import { usePortalAndBrowser } from './support/server.ts';

const FIRST_PASSWORD = 'copper-lantern-orchard-17';
const SECOND_PASSWORD = 'velvet-canal-thistle-58';

for (const javaScriptEnabled of [true, false]) {
  describe(`journeys of a tenant's account, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    const running = usePortalAndBrowser();

    test('register with a code, sign out, sign in, forget the password and reset it, change contact details', async () => {
      const portal = running.portal();
      const person = portal.demo.activation;
      const email = `tenant.${javaScriptEnabled ? 'js' : 'nojs'}@example.com`;
      const context = await running.browser().newContext({ javaScriptEnabled });
      const page = await context.newPage();

      await registerWithCode(page, portal.url, { ...person, email, password: FIRST_PASSWORD });
      assert.match(await page.locator('main').innerText(), /Registration successful/);
      await signOut(page);
      await page.waitForURL(/\/signed-out$/);

      await signIn(page, portal.url, email, FIRST_PASSWORD);
      await page.waitForURL(/\/dashboard$/);
      await signOut(page);

      await page.goto(`${portal.url}/sign-in`);
      await page.click('a:has-text("Forgotten your password")');
      await page.waitForURL(/\/password\/forgotten$/);
      await page.fill('#email', email);
      await page.click('button:has-text("Continue")');
      await page.waitForSelector('h1:has-text("Check your email")', { timeout: 30_000 });
      const resetMail = await mailTo(portal, email, /Reset your/);
      await page.goto(linkIn(resetMail.text, `${portal.url}/password/reset/`));
      await page.fill('#answer', 'harbour street');
      await page.click('button:has-text("Continue")');
      await page.fill('#password', SECOND_PASSWORD);
      await page.fill('#confirm', SECOND_PASSWORD);
      await page.click('button:has-text("Save new password")');
      await page.waitForSelector('h1:has-text("Your password has been reset")');

      await signIn(page, portal.url, email, FIRST_PASSWORD);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /do not match our records/, 'the old password no longer works');
      await signIn(page, portal.url, email, SECOND_PASSWORD);
      await page.waitForURL(/\/dashboard$/);

      await page.click('nav a:has-text("Contact Details")');
      await page.waitForURL(/\/profile\/contact-details$/);
      await page.click('a:has-text("Add contact details")');
      await page.selectOption('#method', 'mobile_phone');
      await page.fill('#value', '07700 900 123');
      await fillDate(page, 'startDate', '2020-01-01');
      await page.click('main button[type=submit]');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Start date must be today or in the future/);
      assert.equal(await page.inputValue('#value'), '07700 900 123', 'what was typed stays');
      await fillDate(page, 'startDate', new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/profile\/contact-details$/);
      assert.match(await page.locator('main').innerText(), /07700 ?900 ?123/);
      await context.close();
    });

    test('register without a code: details by email to the address on record, then a new password', async () => {
      const portal = running.portal();
      const person = portal.demo.withoutCode;
      const [forenames, surname] = [person.name.split(' ').slice(0, -1).join(' '), person.name.split(' ').at(-1)!];
      const context = await running.browser().newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${portal.url}/register`);
      await page.click('a:has-text("Register without a code")');
      await page.fill('#forenames', forenames);
      await page.fill('#surname', surname);
      await fillDate(page, 'dob', person.dateOfBirth);
      await page.fill('#reference', person.agreementReference);
      await page.check('input[name=contact][value=email]');
      await page.click('button:has-text("Continue")');
      await page.waitForURL(/\/register\/without-code\/sent$/);

      const usernameMail = await mailTo(portal, person.emailOnRecord, /Your username/);
      const passwordMail = await mailTo(portal, person.emailOnRecord, /Your temporary password/);
      const username = /username has been set to:\s*(\S+)/i.exec(usernameMail.text)?.[1]?.replace(/\.$/, '');
      const temporary = /temporary password is:?\s*([A-Z0-9-]+)/i.exec(passwordMail.text)?.[1];
      assert.ok(username && temporary, `${usernameMail.text}\n${passwordMail.text}`);

      await signIn(page, portal.url, username, temporary);
      await page.waitForURL(/\/password\/new$/);
      await page.goto(`${portal.url}/dashboard`);
      assert.match(page.url(), /\/password\/new$/, 'nothing else opens until the password is changed');
      await page.fill('#password', FIRST_PASSWORD);
      await page.fill('#confirm', FIRST_PASSWORD);
      await page.fill('#username', `${surname.toLowerCase()}.home`);
      await page.click('button:has-text("Save and continue")');
      await page.waitForURL(/\/dashboard$/);
      await signOut(page);
      await signIn(page, portal.url, `${surname.toLowerCase()}.home`, FIRST_PASSWORD);
      await page.waitForURL(/\/dashboard$/);
      await context.close();
    });
  });
}
