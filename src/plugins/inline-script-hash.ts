import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The one inline script on every page: govuk-frontend's line that marks the body `js-enabled` (and
 * `govuk-frontend-supported`), which its components' styles and scripts look for. It is read from
 * the installed template, so the layout follows govuk-frontend when it changes the line.
 */
export function govukBodyScript(): string {
  const template = readFileSync(resolve('node_modules/govuk-frontend/dist/govuk/template.njk'), 'utf8');
  const scripts = [...template.matchAll(/<script[^>]*>([^<]+)<\/script>/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`Expected one inline script in govuk-frontend's template, found ${scripts.length}`);
  return scripts[0];
}

/**
 * The CSP source for that script. Allowing it by its hash keeps the policy the same on every
 * response (a nonce needed random bytes and a new header per request).
 */
export function govukInlineScriptHash(): string {
  return `'sha256-${createHash('sha256').update(govukBodyScript()).digest('base64')}'`;
}
