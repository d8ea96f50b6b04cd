/*
 * Screenshots of pages at phone and desktop widths, for looking at what a change did:
 *   npx tsx scripts/screenshot.ts http://localhost:3000/ [more urls…]
 * Set COOKIE="name=value" to take them signed in. Files go to data/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { launchBrowser, WIDTHS } from '../e2e/support/browser.ts';

const urls = process.argv.slice(2);
mkdirSync('data/screenshots', { recursive: true });
const browser = await launchBrowser();
for (const [name, viewport] of Object.entries(WIDTHS)) {
  const context = await browser.newContext({ viewport });
  if (process.env.COOKIE) {
    const [k, v] = process.env.COOKIE.split('=');
    // Path / explicitly: given only a URL, the cookie would be scoped to that URL's directory.
    await context.addCookies([{ name: k, value: v, domain: new URL(urls[0]).hostname, path: '/' }]);
  }
  const page = await context.newPage();
  for (const url of urls) {
    await page.goto(url);
    const file = `data/screenshots/${new URL(url).pathname.replace(/\W+/g, '_') || 'root'}-${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await context.close();
}
await browser.close();
