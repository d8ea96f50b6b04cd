import type { Page } from 'playwright-core';
import { fillDate } from './forms.ts';

export interface NewTenant {
  dateOfBirth: string;
  agreementReference: string;
  code: string;
  email: string;
  password: string;
}

/** Registers through both pages of "register with the activation code we posted to you". */
export async function registerWithCode(page: Page, base: string, tenant: NewTenant): Promise<void> {
  await page.goto(`${base}/register`);
  await page.click('a:has-text("Register with my activation code")');
  await page.waitForURL(/\/register\/code$/);
  await fillDate(page, 'dob', tenant.dateOfBirth);
  await page.fill('#reference', tenant.agreementReference);
  await page.fill('#code', tenant.code);
  await page.click('button:has-text("Continue")');
  await page.waitForURL(/\/register\/account$/);
  await page.fill('#email', tenant.email);
  await page.fill('#password', tenant.password);
  await page.fill('#confirm', tenant.password);
  await page.selectOption('#secretQuestion', { index: 1 });
  await page.fill('#secretAnswer', 'Harbour Street');
  await page.fill('#securityPassword', 'blue teapot');
  await page.click('button:has-text("Create account")');
  await page.waitForURL(/\/dashboard$/);
}
