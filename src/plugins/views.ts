import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { Config } from '../config.ts';
import { dateTimeText, longDateText } from '../lib/date-text.ts';
import { govukBodyScript } from './inline-script-hash.ts';
import { keepFrameNameParts } from './nunjucks-frame.ts';
import type { BuiltAssets } from './assets.ts';
import { addFragments, addGlobalMacros } from './view-macros.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template with the layout's shared context. */
    page(template: string, model?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyRequest {
    /** Filled in by scopes so the layout can draw the signed-in menu. */
    viewContext: Record<string, unknown>;
  }
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
  app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
    const request = this.request;
    const context = {
      csrfToken: opts.csrfToken(request, this),
      currentPath: request.url.split('?')[0],
      ...request.viewContext,
      ...model,
    };
    const html = env.render(template, context);
    return this.type('text/html; charset=utf-8').send(html);
  });
});
