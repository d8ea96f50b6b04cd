import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireTenant } from '../../plugins/auth.ts';
import { AccountSecurityService } from './account-security.service.ts';
import { contactDetailsRoutes } from './contact-details.routes.ts';
import { detailsRoutes } from './details.routes.ts';
import { EmailChangeService } from './email-change.service.ts';
import { emailRoutes } from './email.routes.ts';
import { preferencesRoutes } from './preferences.routes.ts';
import { ProfileService } from './profile.service.ts';
import { securityRoutes } from './security.routes.ts';

/** My Profile and Self Service Preferences: every page needs a signed-in tenant. */
export async function profileRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  app.addHook('preHandler', requireTenant);
  const profile = new ProfileService(deps);
  const security = new AccountSecurityService(deps);
  await app.register(detailsRoutes, { profile });
  await app.register(contactDetailsRoutes, { profile });
  await app.register(securityRoutes, { deps, security });
  await app.register(emailRoutes, { security, emailChanges: new EmailChangeService(deps) });
  await app.register(preferencesRoutes, { security });
}
