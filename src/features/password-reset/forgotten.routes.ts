import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, isEmail, type FormBody } from '../../lib/forms.ts';
import { requestContext } from '../../plugins/auth.ts';
import { SEND_POLICY, type ThrottlePolicy } from '../../plugins/throttle.ts';
import type { AltchaService } from './altcha.service.ts';
import type { PasswordResetService } from './password-reset.service.ts';
import { RESET_LIFETIME_MINUTES } from './password-reset.service.ts';

export const ROBOT_CHECK_FAILED = 'We could not check that you are not a robot. Try again';
const VIEW = 'password-reset/views/forgotten.njk';

/**
 * Requests an hour per address, whether or not it has an account, and per IP without a proof of
 * work; with one, more per IP, since each cost the sender real work and a housing office or a
 * library puts many tenants behind one address. A request is let through when the count is under
 * the limit and then counted, so `free` is one less than the number let through.
 */
export const REQUESTS_PER_HOUR = 5;
export const PROVED_REQUESTS_PER_HOUR = 20;
const LIMIT: ThrottlePolicy = { ...SEND_POLICY, free: REQUESTS_PER_HOUR - 1 };
const PROVED_LIMIT: ThrottlePolicy = { ...SEND_POLICY, free: PROVED_REQUESTS_PER_HOUR - 1 };

/** Settings for the widget: no interaction tracking, no link or logo of its maker, no image or audio puzzle. */
const WIDGET_CONFIGURATION = JSON.stringify({ humanInteractionSignature: false, hideFooter: true, hideLogo: true, minDuration: 300 });

/** Step 1: the email address, with a proof of work when the browser runs JavaScript. */
export async function forgottenRoutes(app: FastifyInstance, opts: { deps: Deps; resets: PasswordResetService; altcha: AltchaService }): Promise<void> {
  const { deps, resets, altcha } = opts;

  const render = (reply: FastifyReply, model: { values?: FormBody; errors?: FormErrors } = {}) =>
    reply.page(VIEW, {
      title: 'Reset your password',
      backLink: '/sign-in',
      values: model.values ?? {},
      errors: model.errors?.view(),
      widgetConfiguration: WIDGET_CONFIGURATION,
    });

  app.get('/password/forgotten', async (_request, reply) => render(reply));

  // The widget fetches a fresh challenge each time it starts, so a page left open does not go stale.
  app.get('/password/forgotten/challenge', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.send(await altcha.challenge());
  });

  app.post('/password/forgotten', async (request, reply) => {
    const body = formBody(request.body);
    const email = (body.email ?? '').trim();
    const values: FormBody = { email };
    const errors = new FormErrors();
    if (!email) errors.add('email', 'Enter your email address');
    else if (!isEmail(email)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');
    if (!errors.empty) return render(reply.code(400), { values, errors });

    // A solution, when sent, must check out. No solution (JavaScript off, or the widget could not
    // run) is let through: the tighter rate limit below then carries the load on its own.
    const solution = body.altcha ?? '';
    const proved = solution !== '';
    if (proved && (await altcha.verify(solution)) !== 'verified') {
      errors.add('altcha', ROBOT_CHECK_FAILED);
      return render(reply.code(400), { values, errors });
    }

    // Counted whether or not the account exists, so a 429 says nothing about it either.
    const emailKey = `reset:email:${email.toLowerCase()}`;
    const ipKey = proved ? `reset:ip-proved:${request.ip}` : `reset:ip:${request.ip}`;
    const state = await deps.throttle.check([ipKey, emailKey]);
    if (state.blocked) {
      const minutes = Math.max(1, Math.ceil(state.retryAfterSeconds / 60));
      reply.header('retry-after', String(state.retryAfterSeconds));
      errors.add('email', `There have been too many requests to reset a password. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`);
      return render(reply.code(429), { values, errors });
    }
    await deps.throttle.fail([emailKey], LIMIT);
    await deps.throttle.fail([ipKey], proved ? PROVED_LIMIT : LIMIT);
    await resets.request(email, requestContext(request));
    request.session.set('resetRequestedFor', email);
    return reply.redirect('/password/forgotten/sent', 303);
  });

  app.get('/password/forgotten/sent', async (request, reply) => {
    const email = request.session.get<string>('resetRequestedFor');
    return reply.page('password-reset/views/sent.njk', { title: 'Check your email', email: email ?? null, minutes: RESET_LIFETIME_MINUTES });
  });
}
