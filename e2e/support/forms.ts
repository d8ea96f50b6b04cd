import type { Page } from 'playwright-core';

/** Fills a GOV.UK date input from an ISO date. */
export async function fillDate(page: Page, prefix: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${prefix}-day`, String(Number(d)));
  await page.fill(`#${prefix}-month`, String(Number(m)));
  await page.fill(`#${prefix}-year`, y);
}

export async function signIn(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.fill('#identifier', identifier);
  await page.fill('#password', password);
  await page.click('button:has-text("Sign in")');
}

export async function signOut(page: Page): Promise<void> {
  await page.click('button:has-text("Sign out")');
}

/** The link in a caught email that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S+`).exec(text);
  if (!match) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return match[0];
}
