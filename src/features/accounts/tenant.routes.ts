import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, keepValues } from '../../lib/forms.ts';
import { requestContext, safeReturnPath } from '../../plugins/auth.ts';
import type { SignInService } from './sign-in.service.ts';

const MISMATCH = 'Your email address or username and password do not match our records';

export async function signInRoutes(app: FastifyInstance, opts: { deps: Deps; signIn: SignInService }): Promise<void> {
  const { deps, signIn } = opts;

  const showSignIn = (returnTo: string | null) => ({ title: 'Sign in', returnTo, values: {} });

  app.get('/', async (request, reply) => {
    if (request.account) return reply.redirect('/dashboard', 303);
    return reply.page('accounts/views/sign-in.njk', showSignIn(null));
  });

  app.get('/sign-in', async (request, reply) => {
    const returnTo = safeReturnPath((request.query as Record<string, unknown>).returnTo);
    if (request.account) return reply.redirect(returnTo ?? '/dashboard', 303);
    return reply.page('accounts/views/sign-in.njk', showSignIn(returnTo));
  });

  app.post('/sign-in', async (request, reply) => {
    const body = formBody(request.body);
    const returnTo = safeReturnPath(body.returnTo);
    const errors = new FormErrors();
    const identifier = (body.identifier ?? '').trim();
    const password = body.password ?? '';
    if (!identifier) errors.add('identifier', 'Enter your email address or username');
    if (!password) errors.add('password', 'Enter your password');
    const rerender = (status: number) =>
      reply.code(status).page('accounts/views/sign-in.njk', { title: 'Sign in', returnTo, values: keepValues(body, ['password']), errors: errors.view() });
    if (!errors.empty) return rerender(400);

    const result = await signIn.signIn(identifier, password, requestContext(request));
    if (!result.ok && result.reason === 'throttled') {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      reply.header('retry-after', String(result.retryAfterSeconds));
      errors.add('identifier', `There have been too many attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`);
      return rerender(429);
    }
    if (!result.ok) {
      errors.add('identifier', MISMATCH);
      return rerender(401);
    }
    await deps.sessions.signIn(request.session, result.account.id, body.remember === 'yes');
    deps.csrf.rotate(reply);
    if (result.account.mustChangePassword) return reply.redirect('/password/new', 303);
    return reply.redirect(returnTo ?? '/dashboard', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await deps.sessions.destroy(request.session);
    deps.csrf.rotate(reply);
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', async (_request, reply) => reply.page('accounts/views/signed-out.njk', { title: 'You have signed out' }));
}
