import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Engine } from './db/dialect.ts';
import type { Deps } from './deps.ts';
import { tenantSessionQuery } from './features/accounts/accounts.repository.ts';
import { staffPortal } from './features/staff/staff-portal.ts';
import { tenantMenu } from './features/tenant-menu.ts';
import { tenantPortal } from './features/tenant-portal.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { MailWorker } from './lib/mail/mail-worker.ts';
import { Hasher } from './lib/passwords.ts';
import { buildAssets } from './plugins/assets.ts';
import { assetRoutes } from './plugins/asset-routes.ts';
import { Csrf } from './plugins/csrf.ts';
import { registerErrorHandlers } from './plugins/errors.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { govukInlineScriptHash } from './plugins/inline-script-hash.ts';
import { viewsPlugin } from './plugins/views.ts';
import { SessionManager } from './plugins/session/session-plugin.ts';
import { SessionRepository } from './plugins/session/session.repository.ts';
import { Throttle } from './plugins/throttle.ts';

export interface AppOptions {
  config: Config;
  db: Kysely<Database>;
  engine: Engine;
  clock?: Clock;
}

export type App = FastifyInstance & { deps: Deps; routeList: Array<{ method: string; url: string }> };

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, db, engine } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    requestTimeout: 30_000,
    return503OnClosing: true,
    genReqId: () => crypto.randomUUID(),
    // One line a request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Below info (the benchmark, quiet deployments) the line is not built at all.
  const logRequests = ['trace', 'debug', 'info'].includes(config.logLevel);
  app.addHook('onResponse', async (request, reply) => {
    if (!logRequests) return;
    // Links from emails carry secrets in their paths (reset, confirmation, invitation): never logged.
    const url = request.url.replace(/\/[A-Za-z0-9_-]{20,}/g, '/[token]');
    request.log.info({ method: request.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const mail = new MailWorker(db, clock, config.smtpUrl, config.mailFrom, app.log);
  const deps: Deps = {
    config,
    db,
    engine,
    clock,
    hasher: new Hasher(config.argon2),
    mail,
    throttle: new Throttle(db, clock),
    sessions: new SessionManager(new SessionRepository(db, tenantSessionQuery(engine, db)), clock, config.secureCookies, 'tenant'),
    staffSessions: new SessionManager(new SessionRepository(db), clock, config.secureCookies, 'staff'),
    csrf: new Csrf(config.appSecret, config.secureCookies),
  };
  app.decorate('deps', deps);
  // Every route, so access tests can prove they cover them all.
  const routeList: Array<{ method: string; url: string }> = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: route.url });
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  securityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'", govukInlineScriptHash()],
        workerSrc: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });

  const assets = buildAssets(config.landlord);
  await app.register(assetRoutes, { assets });
  app.get('/health', async () => ({ status: 'ok' }));

  await app.register(viewsPlugin, { config, layout: { assets, tenantMenu: tenantMenu() }, csrfToken: (req, reply) => deps.csrf.token(req, reply) });
  // Before the portals: Fastify gives a child scope the error handler its parent has when the child is registered.
  registerErrorHandlers(app);
  await app.register(tenantPortal, { deps });
  await app.register(staffPortal, { deps, sessions: deps.staffSessions, prefix: '/staff' });

  app.addHook('onClose', async () => {
    await mail.stop();
  });
  return app as unknown as App;
}
