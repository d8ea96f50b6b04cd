import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Deps } from '../../deps.ts';
import { MINUTE } from '../../lib/clock.ts';
import { FormErrors, formBody, keepValues } from '../../lib/forms.ts';
import { requestContext } from '../../plugins/auth.ts';
import type { SessionManager } from '../../plugins/session/session-plugin.ts';
import { totpUri } from '../../lib/totp.ts';
import type { StaffAuthService, StepResult } from './staff-auth.service.ts';

interface Pending {
  staffId: number;
  until: number;
  /** The sealed authenticator key being set up, until a code from it confirms it. */
  setup?: string;
}

const PENDING_FOR = 10 * MINUTE;
const V = 'staff/views/';

export async function staffAuthRoutes(app: FastifyInstance, opts: { deps: Deps; auth: StaffAuthService; sessions: SessionManager }): Promise<void> {
  const { deps, auth, sessions } = opts;

  const pending = (request: FastifyRequest): Pending | null => {
    const p = request.session.get<Pending>('staffPending');
    return p && p.until > deps.clock.now().getTime() ? p : null;
  };
  const throttled = (reply: FastifyReply, errors: FormErrors, field: string, result: Extract<StepResult, { reason: 'throttled' }>) => {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
    reply.header('retry-after', String(result.retryAfterSeconds));
    errors.add(field, `There have been too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`);
    return reply.code(429);
  };
  const setUpPage = async (reply: FastifyReply, email: string, secret: string, errors?: FormErrors) => {
    const qr = await QRCode.toString(totpUri(secret, deps.config.landlord.name, email), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return reply.page(`${V}set-up.njk`, { title: 'Set up two-step sign-in', qr, secret: secret.match(/.{1,4}/g)!.join(' '), backLink: '/staff/sign-in', errors: errors?.view() });
  };
  const finishSignIn = async (request: FastifyRequest, reply: FastifyReply, staffId: number) => {
    await sessions.signIn(request.session, staffId, false);
    deps.csrf.rotate(reply);
  };

  app.get('/sign-in', async (request, reply) => {
    if (request.staff) return reply.redirect('/staff', 303);
    return reply.page(`${V}sign-in.njk`, { title: 'Staff sign in', values: {} });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = formBody(request.body);
    const errors = new FormErrors();
    if (!body.email?.trim()) errors.add('email', 'Enter your work email address');
    if (!body.password) errors.add('password', 'Enter your password');
    const render = () => reply.page(`${V}sign-in.njk`, { title: 'Staff sign in', values: keepValues(body, ['password']), errors: errors.view() });
    if (!errors.empty) {
      reply.code(400);
      return render();
    }
    const result = await auth.checkPassword(body.email, body.password, requestContext(request));
    if (!result.ok && result.reason === 'throttled') {
      throttled(reply, errors, 'email', result);
      return render();
    }
    if (!result.ok) {
      errors.add('email', 'Your email address and password do not match our records');
      reply.code(401);
      return render();
    }
    request.session.set('staffPending', { staffId: result.staff.id, until: deps.clock.now().getTime() + PENDING_FOR } satisfies Pending);
    return reply.redirect(result.staff.totpConfirmed ? '/staff/sign-in/code' : '/staff/sign-in/set-up', 303);
  });

  app.get('/sign-in/code', async (request, reply) => {
    if (!pending(request)) return reply.redirect('/staff/sign-in', 303);
    return reply.page(`${V}sign-in-code.njk`, { title: 'Enter the code from your authenticator app', backLink: '/staff/sign-in' });
  });

  app.post('/sign-in/code', async (request, reply) => {
    const p = pending(request);
    if (!p) return reply.redirect('/staff/sign-in', 303);
    const code = (formBody(request.body).code ?? '').trim();
    const errors = new FormErrors();
    const render = () => reply.page(`${V}sign-in-code.njk`, { title: 'Enter the code from your authenticator app', backLink: '/staff/sign-in', errors: errors.view() });
    if (!code) {
      errors.add('code', 'Enter the 6-digit code from your authenticator app, or a recovery code');
      reply.code(400);
      return render();
    }
    const result = await auth.checkSecondStep(p.staffId, code, requestContext(request));
    if (!result.ok && result.reason === 'throttled') {
      throttled(reply, errors, 'code', result);
      return render();
    }
    if (!result.ok) {
      errors.add('code', 'The code is not correct or has already been used. Enter the code your app shows now');
      reply.code(401);
      return render();
    }
    await finishSignIn(request, reply, p.staffId);
    return reply.redirect('/staff', 303);
  });

  app.get('/sign-in/set-up', async (request, reply) => {
    const p = pending(request);
    if (!p) return reply.redirect('/staff/sign-in', 303);
    const staff = await auth.current(p.staffId);
    if (!staff) return reply.redirect('/staff/sign-in', 303);
    if (staff.totpConfirmed) return reply.redirect('/staff/sign-in/code', 303);
    let secret = p.setup ? auth.openSetup(p.setup) : null;
    if (!secret) {
      const setup = auth.newSetup();
      request.session.set('staffPending', { ...p, setup: setup.sealed });
      secret = setup.secret;
    }
    return setUpPage(reply, staff.email, secret);
  });

  app.post('/sign-in/set-up', async (request, reply) => {
    const p = pending(request);
    if (!p?.setup) return reply.redirect('/staff/sign-in', 303);
    const code = (formBody(request.body).code ?? '').trim();
    const codes = code ? await auth.confirmSetup(p.staffId, p.setup, code, requestContext(request)) : null;
    if (!codes) {
      const errors = new FormErrors().add('code', code ? 'The code is not correct. Enter the 6-digit code your app shows now' : 'Enter the 6-digit code from your authenticator app');
      const secret = auth.openSetup(p.setup);
      const staff = await auth.current(p.staffId);
      if (!secret || !staff) return reply.redirect('/staff/sign-in', 303);
      reply.code(400);
      return setUpPage(reply, staff.email, secret, errors);
    }
    await finishSignIn(request, reply, p.staffId);
    request.session.set('recoveryCodes', codes);
    return reply.redirect('/staff/recovery-codes', 303);
  });

  app.get('/recovery-codes', async (request, reply) => {
    const codes = request.session.get<string[]>('recoveryCodes');
    if (!request.staff || !codes) return reply.redirect('/staff', 303);
    request.session.unset('recoveryCodes');
    reply.header('cache-control', 'no-store');
    return reply.page(`${V}recovery-codes.njk`, { title: 'Your recovery codes', codes });
  });

  app.post('/sign-out', async (request, reply) => {
    await sessions.destroy(request.session);
    deps.csrf.rotate(reply);
    return reply.redirect('/staff/sign-in', 303);
  });
}
