import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { Config } from '../config.ts';
import { dateTimeText, longDateText } from '../lib/date-text.ts';
import { govukBodyScript } from './inline-script-hash.ts';
import { KeptPages } from './kept-pages.ts';
import { keepFrameNameParts } from './nunjucks-frame.ts';
import type { BuiltAssets } from './assets.ts';
import { addFragments, addGlobalMacros } from './view-macros.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template with the layout's shared context. */
    page(template: string, model?: Record<string, unknown>): FastifyReply;
    /**
     * As `page`, for a page drawn from data kept per person (KeptPerPerson): the template reads
     * `data` as `name`, and the HTML is kept with that object while the rest of the context is the
     * same (KeptPages, ADR 17). `model` and the request's view context must be plain data.
     */
    keptPage(template: string, name: string, data: object, model?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyRequest {
    /** Filled in by scopes so the layout can draw the signed-in menu. */
    viewContext: Record<string, unknown>;
  }
}

/** Whole pages kept in each process (KeptPages): about 1,500 dashboards. */
const KEPT_PAGE_BYTES = 16 * 1024 * 1024;

/**
 * A kept page's context must be written out in full by JSON.stringify, or two different contexts
 * could read the same: a function's output, or a Map's contents, would not show in the text.
 */
function plainDataOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error(`keptPage: the context must be plain data, not a ${typeof value}`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new Error('keptPage: the context must be plain data, not a class instance');
  }
  return value;
}

export function createTemplateEnvironment(config: Config): nunjucks.Environment {
  keepFrameNameParts();
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([resolve('src/views'), resolve('src/features'), resolve('node_modules/govuk-frontend/dist')], {
      noCache: config.env === 'development',
    }),
    // Block tags take the indentation and line break around them: pages come out 10-25 % smaller
    // and faster to draw, with the same text (test/unit/govuk-fixtures.test.ts).
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  // govuk-frontend's macros call `trim` on every component; Nunjucks' own uses /\s*$/, which takes
  // time in the square of a whitespace run's length and was a third of the CPU of a long table page.
  env.addFilter('trim', (value: unknown) => {
    const trimmed = String(value ?? '').trim();
    return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
  });
  addGlobalMacros(env);
  addFragments(env);
  // The same for every page; fragments such as the footer read it without taking it as a parameter.
  env.addGlobal('landlord', config.landlord);
  env.addGlobal('govukBodyScript', govukBodyScript());
  // Calendar dates (YYYY-MM-DD) read as "3 March 2026"; instants in UK time.
  env.addFilter('longDate', (iso: string | null | undefined) => (iso ? longDateText(iso) : ''));
  env.addFilter('dateTime', (iso: string | null | undefined) => (iso ? dateTimeText(iso) : ''));
  return env;
}

/** What the layout shows the same on every page of this process, given to every template. */
export interface LayoutGlobals {
  assets: BuiltAssets;
  /** The signed-in tenant's side menu (see src/features/tenant-menu.ts). */
  tenantMenu: unknown[];
}

export const viewsPlugin = fp(async (app: FastifyInstance, opts: { config: Config; layout: LayoutGlobals; csrfToken: (req: FastifyRequest, reply: FastifyReply) => string }) => {
  const env = createTemplateEnvironment(opts.config);
  env.addGlobal('cssPath', `/assets/${opts.layout.assets.cssFile}`);
  env.addGlobal('logoPath', `/assets/${opts.layout.assets.logoFile}`);
  env.addGlobal('tenantMenu', opts.layout.tenantMenu);
  app.decorateRequest('viewContext', null as unknown as Record<string, unknown>);
  app.addHook('onRequest', async (request) => {
    request.viewContext = {};
  });
  const contextOf = (reply: FastifyReply, model: Record<string, unknown>) => ({
    csrfToken: opts.csrfToken(reply.request, reply),
    currentPath: reply.request.url.split('?')[0],
    ...reply.request.viewContext,
    ...model,
  });
  app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
    const html = env.render(template, contextOf(this, model));
    return this.type('text/html; charset=utf-8').send(html);
  });
  // Templates are read afresh on each change in development; their kept pages would not be.
  const keptPages = new KeptPages(opts.config.keepPages && opts.config.env !== 'development' ? KEPT_PAGE_BYTES : 0);
  app.decorateReply('keptPage', function (this: FastifyReply, template: string, name: string, data: object, model: Record<string, unknown> = {}) {
    const context = contextOf(this, model);
    if (name in context) throw new Error(`keptPage: "${name}" is the kept data's name; the context already has it`);
    const vary = `${template}\n${JSON.stringify(context, plainDataOnly)}`;
    const body = keptPages.bodyFor(data, vary, () => env.render(template, { ...context, [name]: data }));
    return this.type('text/html; charset=utf-8').send(body);
  });
});
