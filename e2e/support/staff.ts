import type { Page } from 'playwright-core';
import { totpCode } from '../../src/lib/totp.ts';

/**
 * Signs a member of staff in through both steps in the browser. At first sign-in this sets up
 * the authenticator from the key shown on the page (as a person would type it into their app).
 * Returns the key, for later sign-ins.
 */
export async function staffSignIn(page: Page, base: string, email: string, password: string, secret?: string): Promise<string> {
  await page.goto(`${base}/staff/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button:has-text("Continue")');
  await page.waitForURL(/\/staff\/sign-in\/(set-up|code)$/);
  if (page.url().endsWith('/set-up')) {
    const key = (await page.locator('#totp-key').innerText()).replace(/\s/g, '');
    await page.fill('#code', totpCode(key, new Date()));
    await page.click('button:has-text("Continue")');
    await page.waitForURL(/\/staff\/recovery-codes$/);
    await page.click('a:has-text("Continue to the back office")');
    await page.waitForURL(/\/staff$/);
    return key;
  }
  if (!secret) throw new Error('two-step sign-in is set up already: pass the key');
  // A code is accepted once: wait for the next 30-second step if this one was used.
  await page.fill('#code', totpCode(secret, new Date(Date.now() + 30_000)));
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/staff$/);
  return secret;
}
