import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { HttpError } from '../lib/http-error.ts';
import { sessionPlugin } from '../plugins/session/session-plugin.ts';
import { accountOfSession } from './accounts/accounts.repository.ts';
import { SignInService } from './accounts/sign-in.service.ts';
import { signInRoutes } from './accounts/tenant.routes.ts';
import { communicationsRoutes } from './communications/tenant.routes.ts';
import { dashboardRoutes } from './dashboard/tenant.routes.ts';
import { devRoutes } from './dev/dev.routes.ts';
import { moneyRoutes } from './money/tenant.routes.ts';
import { passwordResetRoutes } from './password-reset/tenant.routes.ts';
import { profileRoutes } from './profile/tenant.routes.ts';
import { publicRoutes } from './public/public.routes.ts';
import { registrationRoutes } from './registration/tenant.routes.ts';
import { repairsRoutes } from './repairs/tenant.routes.ts';

/** The tenant portal at `/`: sessions, CSRF and the signed-in person, then each feature's pages. */
export async function tenantPortal(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  await app.register(sessionPlugin, { manager: deps.sessions });

  const signIn = new SignInService(deps);
  app.decorateRequest('account', null);
  app.addHook('preHandler', async (request) => {
    if (request.session.accountId) {
      // Read with the session (sessionWithAccount): no query of its own.
      request.account = accountOfSession(request.session.joined) ?? null;
      if (request.account) request.viewContext.account = request.account;
      // The side menu (a global of the templates); a page may hide it with `sideNav: null`.
      if (request.account) request.viewContext.sideNav = true;
    }
    const flash = request.session.get<string>('flash');
    if (flash && request.method === 'GET') {
      request.viewContext.flash = flash;
      request.session.unset('flash');
    }
  });
  // Every state-changing request from a page must carry the form's CSRF token.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !deps.csrf.verify(request)) {
      throw new HttpError(403, 'csrf', 'This page has expired or was opened in another window. Go back, reload the page and try again.');
    }
  });

  await app.register(signInRoutes, { deps, signIn });
  await app.register(registrationRoutes, { deps });
  await app.register(passwordResetRoutes, { deps });
  await app.register(dashboardRoutes, { deps });
  await app.register(profileRoutes, { deps });
  await app.register(moneyRoutes, { deps });
  await app.register(communicationsRoutes, { deps });
  await app.register(repairsRoutes, { deps });
  await app.register(publicRoutes, { deps });
  if (deps.config.env !== 'production') await app.register(devRoutes, { deps });
}
