import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The CSP source for the one inline script on every page: the GOV.UK template's line that marks
 * the body `js-enabled`. Allowing it by its hash, read from the installed template, keeps the
 * policy the same on every response (a nonce needed random bytes and a new header per request)
 * and follows govuk-frontend when it changes the line.
 */
export function govukInlineScriptHash(): string {
  const template = readFileSync(resolve('node_modules/govuk-frontend/dist/govuk/template.njk'), 'utf8');
  const scripts = [...template.matchAll(/<script[^>]*>([^<]+)<\/script>/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`Expected one inline script in govuk-frontend's template, found ${scripts.length}`);
  return `'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`;
}
