import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { HttpError } from '../../lib/http-error.ts';
import { sessionPlugin, type SessionManager } from '../../plugins/session/session-plugin.ts';
import { StaffAuthService } from './staff-auth.service.ts';
import { auditLogRoutes } from './audit-log.routes.ts';
import { customersRoutes } from './customers.routes.ts';
import { lettersRoutes } from './letters.routes.ts';
import { repairsTriageRoutes } from './repairs-triage.routes.ts';
import { requestsRoutes } from './requests.routes.ts';
import { staffAdminRoutes } from './staff-admin.routes.ts';
import { staffAuthRoutes } from './staff-auth.routes.ts';
import { staffHomeRoutes } from './staff-home.routes.ts';
import { staffMenu } from './staff-menu.ts';
import { roleName } from './staff-roles.ts';

/** The back office at `/staff`: its own session cookie and sign-in, sharing the services. */
export async function staffPortal(app: FastifyInstance, opts: { deps: Deps; sessions: SessionManager }): Promise<void> {
  const { deps } = opts;
  await app.register(sessionPlugin, { manager: opts.sessions });
  const auth = new StaffAuthService(deps);

  app.decorateRequest('staff', null);
  app.addHook('preHandler', async (request) => {
    request.viewContext.staffArea = true;
    if (request.session.staffId) {
      request.staff = (await auth.current(request.session.staffId)) ?? null;
      if (request.staff) {
        request.viewContext.staff = { name: request.staff.name, role: roleName(request.staff.role) };
        request.viewContext.staffNav = staffMenu(request.staff.role);
      }
    }
    const flash = request.session.get<string>('flash');
    if (flash && request.method === 'GET') {
      request.viewContext.flash = flash;
      request.session.unset('flash');
    }
  });
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !deps.csrf.verify(request)) {
      throw new HttpError(403, 'csrf', 'This page has expired or was opened in another window. Go back, reload the page and try again.');
    }
  });

  await app.register(staffAuthRoutes, { deps, auth, sessions: opts.sessions });
  await app.register(staffHomeRoutes, { deps });
  await app.register(staffAdminRoutes, { deps });
  await app.register(auditLogRoutes, { deps });
  await app.register(customersRoutes, { deps });
  await app.register(lettersRoutes, { deps });
  await app.register(requestsRoutes, { deps });
  await app.register(repairsTriageRoutes, { deps });
}
