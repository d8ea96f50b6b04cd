import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { codeRoutes } from './code.routes.ts';
import { newPasswordRoutes } from './new-password.routes.ts';
import { withoutCodeRoutes } from './without-code.routes.ts';

/** Registration both ways (with a posted code, or without one) and the first-sign-in password change. */
export async function registrationRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  // These pages carry names, references and codes: never keep them in a shared or back-button cache.
  app.addHook('preHandler', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/register', async (request, reply) => {
    if (request.account) return reply.redirect('/dashboard', 303);
    return reply.page('registration/views/start.njk', { title: 'Register for an account', postingDays: deps.config.landlord.letterPostingWorkingDays, backLink: '/sign-in' });
  });

  app.get('/register/already-registered', async (_request, reply) => reply.page('registration/views/already-registered.njk', { title: 'You have already registered' }));

  await app.register(codeRoutes, { deps });
  await app.register(withoutCodeRoutes, { deps });
  await app.register(newPasswordRoutes, { deps });
}
