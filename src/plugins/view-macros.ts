import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import nunjucks from 'nunjucks';

type Macro = (...args: unknown[]) => unknown;

/** Drawn outputs kept per macro; the oldest goes first when full. */
const KEPT_PER_MACRO = 300;
/**
 * Parameters longer than this (a table of someone's records, a long list) rarely come again and
 * would hold much memory: they are drawn each time. Bounds a macro's keep at about 300 × 4 KB of
 * keys and their HTML.
 */
const LONGEST_KEY = 4000;

/**
 * Every govuk-frontend component macro, and our own shared ones, as globals. A `{% from … import %}`
 * runs the macro file again on every render (a layout importing twenty components paid for twenty
 * template runs per page); the macros capture nothing from the page that imports them, so one copy
 * made at start serves every page.
 */
export function addGlobalMacros(env: nunjucks.Environment): void {
  const components = resolve('node_modules/govuk-frontend/dist/govuk/components');
  const files = readdirSync(components)
    .filter((name) => existsSync(resolve(components, name, 'macro.njk')))
    .map((name) => `govuk/components/${name}/macro.njk`);
  for (const file of [...files, 'partials/csrf.njk']) {
    // getExported is public in Nunjucks but missing from its type definitions.
    const template = env.getTemplate(file) as nunjucks.Template & { getExported(cb: (error: Error | null, exported: Record<string, Macro>) => void): void };
    template.getExported((error, exported) => {
      if (error) throw error;
      for (const [name, macro] of Object.entries(exported)) env.addGlobal(name, file.startsWith('govuk/') ? remembered(macro) : macro);
    });
  }
}

/**
 * `fragment(template, params)`: a partial drawn from `params` alone (and the globals), kept like a
 * component's HTML. For the parts of the layout that are the same on most pages: the footer and
 * the signed-in menu, whose loops were a large share of every page's rendering.
 */
export function addFragments(env: nunjucks.Environment): void {
  const draw = remembered((template: unknown, params: unknown) => new nunjucks.runtime.SafeString(env.render(String(template), params as object)), 2);
  env.addGlobal('fragment', draw);
}

/**
 * A GOV.UK component's HTML depends on its parameters alone (its template sees nothing of the page),
 * so the same parameters draw the same HTML. The header, navigation, buttons and empty form fields
 * of every page are the same on every request, and drawing them through Nunjucks' include-per-call
 * was most of a page's rendering time; they are drawn once and kept, keyed by their parameters.
 * Calls with a `caller` block, or parameters that cannot be written out exactly, are drawn each time.
 */
export function remembered(macro: Macro, arity = 1): Macro {
  const kept = new Map<string, unknown>();
  return function (this: unknown, ...args: unknown[]) {
    const params = args[arity - 1];
    if (args.length !== arity || typeof params !== 'object' || params === null || '__keywords' in params) return macro.apply(this, args);
    const key = keyOf(args);
    if (key === null || key.length > LONGEST_KEY) return macro.apply(this, args);
    const found = kept.get(key);
    if (found !== undefined) return found;
    const html = macro.apply(this, args);
    if (kept.size >= KEPT_PER_MACRO) kept.delete(kept.keys().next().value!);
    kept.set(key, html);
    return html;
  };
}

class Unkeyable extends Error {}

const SafeString = nunjucks.runtime.SafeString;

/**
 * What the parameters hold, found by one walk: only plain values (the usual case), some safe
 * (already HTML) strings, or something with no exact written form (a function, a symbol, a bigint,
 * or nesting deeper than any component's parameters go).
 */
function contents(value: unknown, depth = 0): 'plain' | 'safe' | 'unkeyable' {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? 'unkeyable' : 'plain';
  }
  if (value instanceof SafeString) return 'safe';
  if (depth > 20) return 'unkeyable';
  let found: 'plain' | 'safe' = 'plain';
  for (const inner of Array.isArray(value) ? value : Object.values(value)) {
    const kind = contents(inner, depth + 1);
    if (kind === 'unkeyable') return kind;
    if (kind === 'safe') found = 'safe';
  }
  return found;
}

/**
 * The parameters as exact text: safe (already HTML) strings are told apart from text; a function
 * has no key. Plain parameters, most calls, are written by JSON.stringify alone, which is several
 * times faster than with a replacer.
 */
function keyOf(params: unknown[]): string | null {
  const kind = contents(params);
  if (kind === 'unkeyable') return null;
  if (kind === 'plain') return JSON.stringify(params);
  try {
    return JSON.stringify(params, (_key, value: unknown) => {
      if (value instanceof SafeString) return { html: value.toString() };
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Unkeyable();
      return value;
    });
  } catch (error) {
    if (error instanceof Unkeyable) return null;
    throw error;
  }
}
